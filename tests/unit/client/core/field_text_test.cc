#include "client/core/field_text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "escala/v1/interactions.pb.h"
#include "escala/v1/people.pb.h"

namespace escala::client {
namespace {

using escala::v1::Interaction;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(FieldTextTest, SetsNestedFieldAndCreatesItsParent) {
  Interaction interaction;
  ASSERT_TRUE(SetFieldText(&interaction, "recording.uri", "s3://calls/1.ogg").ok());
  EXPECT_TRUE(interaction.has_recording());
  EXPECT_EQ(interaction.recording().uri(), "s3://calls/1.ogg");
  EXPECT_EQ(GetFieldText(interaction, "recording.uri"), "s3://calls/1.ogg");
}

TEST(FieldTextTest, EmptyTextDoesNotCreateAParent) {
  Interaction interaction;
  ASSERT_TRUE(SetFieldText(&interaction, "recording.size_bytes", "").ok());
  EXPECT_FALSE(interaction.has_recording());
  EXPECT_EQ(GetFieldText(interaction, "recording.size_bytes"), "");
}

TEST(FieldTextTest, EmptyTextUnsetsOptionalField) {
  Interaction interaction;
  interaction.set_csat(4);
  ASSERT_TRUE(SetFieldText(&interaction, "csat", "").ok());
  EXPECT_FALSE(interaction.has_csat());
  EXPECT_EQ(GetFieldText(interaction, "csat"), "");
  // Without presence, zero is a value and is written out.
  EXPECT_EQ(GetFieldText(interaction, "escalated_to_level"), "0");
}

TEST(FieldTextTest, ParsesBooleansInSeveralSpellings) {
  Interaction interaction;
  for (const char* yes : {"true", "TRUE", "1", "yes", "Yes"}) {
    interaction.set_escalated(false);
    ASSERT_TRUE(SetFieldText(&interaction, "escalated", yes).ok()) << yes;
    EXPECT_TRUE(interaction.escalated()) << yes;
  }
  for (const char* no : {"false", "0", "no", "NO"}) {
    interaction.set_escalated(true);
    ASSERT_TRUE(SetFieldText(&interaction, "escalated", no).ok()) << no;
    EXPECT_FALSE(interaction.escalated()) << no;
  }
  EXPECT_THAT(SetFieldText(&interaction, "escalated", "maybe").message(), HasSubstr("boolean"));
}

TEST(FieldTextTest, RejectsNonNumbersAndOutOfRangeNumbers) {
  Interaction interaction;
  EXPECT_THAT(SetFieldText(&interaction, "csat", "four").message(), HasSubstr("whole number"));
  EXPECT_FALSE(SetFieldText(&interaction, "csat", "3.5").ok());
  EXPECT_FALSE(SetFieldText(&interaction, "csat", "99999999999").ok());
  EXPECT_TRUE(SetFieldText(&interaction, "recording.size_bytes", "99999999999").ok());
}

TEST(FieldTextTest, KeepsStringsExactlyButTrimsOtherKinds) {
  Interaction interaction;
  ASSERT_TRUE(SetFieldText(&interaction, "queue", " billing ").ok());
  EXPECT_EQ(interaction.queue(), " billing ");
  ASSERT_TRUE(SetFieldText(&interaction, "nps", " 7 ").ok());
  EXPECT_EQ(interaction.nps(), 7);
}

TEST(FieldTextTest, SplitsTagsOnSemicolons) {
  Interaction interaction;
  ASSERT_TRUE(SetFieldText(&interaction, "tags", "vip; refund;;").ok());
  EXPECT_THAT(interaction.tags(), ElementsAre("vip", "refund"));
  EXPECT_EQ(GetFieldText(interaction, "tags"), "vip;refund");
}

TEST(FieldTextTest, SetsOptionalBoolOfARequest) {
  escala::v1::ListPeopleRequest request;
  ASSERT_TRUE(SetFieldText(&request, "active", "false").ok());
  EXPECT_TRUE(request.has_active());
  EXPECT_FALSE(request.active());
}

TEST(FieldTextTest, ReportsUnknownPathAsInternal) {
  Interaction interaction;
  EXPECT_EQ(SetFieldText(&interaction, "no_such_field", "x").code(), absl::StatusCode::kInternal);
  EXPECT_FALSE(CheckFieldPath(*Interaction::descriptor(), "queue.uri").ok());
  EXPECT_TRUE(CheckFieldPath(*Interaction::descriptor(), "transcript.retain_until").ok());
}

}  // namespace
}  // namespace escala::client
