#include "client/core/enum_names.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "escala/v1/interactions.pb.h"
#include "escala/v1/people.pb.h"

namespace escala::client {
namespace {

using ::testing::HasSubstr;

TEST(EnumNamesTest, AcceptsShortNameInEveryCommonSpelling) {
  for (const char* text : {"web-form", "web_form", "WEB_FORM", "Web-Form", " web-form "}) {
    absl::StatusOr<escala::v1::Channel> channel = ParseEnum<escala::v1::Channel>(text);
    ASSERT_TRUE(channel.ok()) << text << ": " << channel.status();
    EXPECT_EQ(*channel, escala::v1::CHANNEL_WEB_FORM) << text;
  }
}

TEST(EnumNamesTest, AcceptsFullProtoName) {
  EXPECT_EQ(*ParseEnum<escala::v1::Role>("ROLE_TEAM_LEAD"), escala::v1::ROLE_TEAM_LEAD);
  EXPECT_EQ(*ParseEnum<escala::v1::Priority>("priority_urgent"), escala::v1::PRIORITY_URGENT);
}

TEST(EnumNamesTest, AcceptsExamplesFromEachEnum) {
  EXPECT_EQ(*ParseEnum<escala::v1::Channel>("phone"), escala::v1::CHANNEL_PHONE);
  EXPECT_EQ(*ParseEnum<escala::v1::Role>("agent"), escala::v1::ROLE_AGENT);
  EXPECT_EQ(*ParseEnum<escala::v1::Role>("qa-analyst"), escala::v1::ROLE_QA_ANALYST);
  EXPECT_EQ(*ParseEnum<escala::v1::Direction>("inbound"), escala::v1::DIRECTION_INBOUND);
  EXPECT_EQ(*ParseEnum<escala::v1::ImportMode>("all-or-nothing"),
            escala::v1::IMPORT_MODE_ALL_OR_NOTHING);
}

TEST(EnumNamesTest, RejectsUnknownNameAndListsTheAcceptedOnes) {
  absl::StatusOr<escala::v1::Channel> channel = ParseEnum<escala::v1::Channel>("fax");
  ASSERT_FALSE(channel.ok());
  EXPECT_EQ(channel.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(channel.status().message(), HasSubstr("'fax'"));
  EXPECT_THAT(channel.status().message(), HasSubstr("web-form"));
  EXPECT_THAT(channel.status().message(), ::testing::Not(HasSubstr("unspecified")));
}

TEST(EnumNamesTest, RejectsANameOfAnotherEnum) {
  EXPECT_FALSE(ParseEnum<escala::v1::Channel>("inbound").ok());
  EXPECT_FALSE(ParseEnum<escala::v1::Channel>("DIRECTION_INBOUND").ok());
}

TEST(EnumNamesTest, ShortNameIsLowerCaseAndHyphenated) {
  EXPECT_EQ(ShortEnumName(escala::v1::CHANNEL_WEB_FORM), "web-form");
  EXPECT_EQ(ShortEnumName(escala::v1::ROLE_HEAD_OF_SUPPORT), "head-of-support");
  EXPECT_EQ(ShortEnumName(escala::v1::CHANNEL_UNSPECIFIED), "");
}

TEST(EnumNamesTest, ShortNameOfUnknownNumberIsTheNumber) {
  EXPECT_EQ(ShortEnumName(*escala::v1::Channel_descriptor(), 42), "42");
}

TEST(EnumNamesTest, EveryShortNameParsesBack) {
  const google::protobuf::EnumDescriptor& type = *escala::v1::Role_descriptor();
  for (int i = 0; i < type.value_count(); ++i) {
    const int number = type.value(i)->number();
    if (number == 0) continue;
    absl::StatusOr<int> parsed = ParseEnumName(type, ShortEnumName(type, number));
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_EQ(*parsed, number);
  }
}

}  // namespace
}  // namespace escala::client
