#include "server/api/text_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/error_details.h"
#include "tests/testing/status_matchers.h"

namespace escala::server {
namespace {

using ::escala::testing::FieldViolations;
using ::escala::testing::IsOk;
using ::escala::testing::StatusIs;
using ::testing::ElementsAre;

TEST(TextRulesTest, Utf8AcceptsMultiByteAndEmoji) {
  EXPECT_TRUE(IsCleanUtf8("José 😀 Zürich \t line\nnext"));
  EXPECT_EQ(CodePointCount("😀ñ"), 2u);
}

TEST(TextRulesTest, Utf8RejectsBrokenAndOverlongSequences) {
  EXPECT_FALSE(IsCleanUtf8("\xff"));
  EXPECT_FALSE(IsCleanUtf8("\xc0\xaf"));      // overlong '/'
  EXPECT_FALSE(IsCleanUtf8("\xed\xa0\x80"));  // surrogate
  EXPECT_FALSE(IsCleanUtf8("abc\xe2\x82"));   // truncated
  EXPECT_FALSE(IsCleanUtf8(std::string("a\0b", 3)));
  EXPECT_FALSE(IsCleanUtf8("bell\x07"));
}

TEST(TextRulesTest, DatesAreRealCalendarDates) {
  EXPECT_THAT(CheckDate("d", "2000-02-29"), IsOk());
  EXPECT_THAT(CheckDate("d", "1900-02-29"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(CheckDate("d", "2025-04-31"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(CheckDate("d", "2025-4-30"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(CheckDate("d", ""), IsOk());
}

TEST(TextRulesTest, RequestIdIsEmptyOrShortPrintableAscii) {
  EXPECT_THAT(CheckRequestId("request_id", ""), IsOk());
  EXPECT_THAT(CheckRequestId("request_id", "abc-1"), IsOk());
  EXPECT_THAT(CheckRequestId("request_id", std::string(64, 'a')), IsOk());
  EXPECT_THAT(FieldViolations(CheckRequestId("request_id", std::string(65, 'a'))),
              ElementsAre("request_id: must be at most 64 characters, got 65"));
  EXPECT_THAT(FieldViolations(CheckRequestId("request_id", "a b")),
              ElementsAre("request_id: must be printable ASCII without spaces"));
  EXPECT_THAT(CheckRequestId("request_id", "caf\xc3\xa9"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(TextRulesTest, PositiveIdNamesTheFieldAndTheValue) {
  EXPECT_THAT(RequirePositiveId("id", 1), IsOk());
  EXPECT_THAT(
      RequirePositiveId("evaluation.id", 0),
      StatusIs(absl::StatusCode::kInvalidArgument, "evaluation.id: must be a positive id, got 0"));
  EXPECT_THAT(FieldViolations(RequirePositiveId("id", -4)),
              ElementsAre("id: must be a positive id, got -4"));
}

TEST(TextRulesTest, EachRuleIsOneViolationNamingTheField) {
  const absl::Status status = RequireText("display_name", "", 10);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument, "display_name: is required"));
  EXPECT_THAT(FieldViolations(status), ElementsAre("display_name: is required"));
  // The first broken rule of a field only: an over-long address is not also malformed.
  EXPECT_THAT(FieldViolations(CheckEmail("email", std::string(300, 'a'))),
              ElementsAre("email: must be at most 254 characters, got 300"));
}

}  // namespace
}  // namespace escala::server
