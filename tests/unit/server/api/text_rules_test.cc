#include "server/api/text_rules.h"

#include "gtest/gtest.h"

namespace escala::server {
namespace {

TEST(TextRulesTest, Utf8AcceptsMultiByteAndEmoji) {
  EXPECT_TRUE(IsCleanUtf8("José 😀 Zürich \t line\nnext"));
  EXPECT_EQ(CodePointCount("😀ñ"), 2u);
}

TEST(TextRulesTest, Utf8RejectsBrokenAndOverlongSequences) {
  EXPECT_FALSE(IsCleanUtf8("\xff"));
  EXPECT_FALSE(IsCleanUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsCleanUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(IsCleanUtf8("abc\xe2\x82"));       // truncated
  EXPECT_FALSE(IsCleanUtf8(std::string("a\0b", 3)));
  EXPECT_FALSE(IsCleanUtf8("bell\x07"));
}

TEST(TextRulesTest, DatesAreRealCalendarDates) {
  EXPECT_EQ(CheckDate("d", "2000-02-29"), std::nullopt);
  EXPECT_TRUE(CheckDate("d", "1900-02-29").has_value());
  EXPECT_TRUE(CheckDate("d", "2025-04-31").has_value());
  EXPECT_TRUE(CheckDate("d", "2025-4-30").has_value());
  EXPECT_EQ(CheckDate("d", ""), std::nullopt);
}

TEST(TextRulesTest, RequestIdIsEmptyOrShortPrintableAscii) {
  EXPECT_EQ(CheckRequestId("request_id", ""), std::nullopt);
  EXPECT_EQ(CheckRequestId("request_id", "abc-1"), std::nullopt);
  EXPECT_EQ(CheckRequestId("request_id", std::string(64, 'a')), std::nullopt);
  Violation v = CheckRequestId("request_id", std::string(65, 'a'));
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->field, "request_id");
  EXPECT_EQ(v->reason, "must be at most 64 characters, got 65");
  v = CheckRequestId("request_id", "a b");
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->reason, "must be printable ASCII without spaces");
  EXPECT_TRUE(CheckRequestId("request_id", "caf\xc3\xa9").has_value());
}

TEST(TextRulesTest, PositiveIdNamesTheFieldAndTheValue) {
  EXPECT_EQ(RequirePositiveId("id", 1), std::nullopt);
  Violation v = RequirePositiveId("evaluation.id", 0);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->field, "evaluation.id");
  EXPECT_EQ(v->reason, "must be a positive id, got 0");
  EXPECT_EQ(RequirePositiveId("id", -4)->reason, "must be a positive id, got -4");
}

TEST(TextRulesTest, RequireTextNamesTheField) {
  Violation v = RequireText("display_name", "", 10);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->field, "display_name");
  EXPECT_EQ(v->reason, "is required");
  EXPECT_EQ(ViolationToStatus(*v, "person.").message(), "person.display_name: is required");
}

}  // namespace
}  // namespace escala::server
