#include "client/core/time_text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace escala::client {
namespace {

using ::testing::HasSubstr;

// 2026-11-01T09:15:00Z
constexpr int64_t kExampleSeconds = 1793524500;

TEST(TimeTextTest, ParsesUtcWithMilliseconds) {
  absl::StatusOr<google::protobuf::Timestamp> time = ParseTimestamp("2026-11-01T09:15:00.250Z");
  ASSERT_TRUE(time.ok()) << time.status();
  EXPECT_EQ(time->seconds(), kExampleSeconds);
  EXPECT_EQ(time->nanos(), 250000000);
}

TEST(TimeTextTest, AppliesZoneOffset) {
  absl::StatusOr<google::protobuf::Timestamp> plus = ParseTimestamp("2026-11-01T10:15:00+01:00");
  ASSERT_TRUE(plus.ok()) << plus.status();
  EXPECT_EQ(plus->seconds(), kExampleSeconds);
  absl::StatusOr<google::protobuf::Timestamp> minus = ParseTimestamp("2026-11-01T04:45:00-04:30");
  ASSERT_TRUE(minus.ok()) << minus.status();
  EXPECT_EQ(minus->seconds(), kExampleSeconds);
}

TEST(TimeTextTest, AcceptsLowerCaseAndSpaceSeparator) {
  EXPECT_EQ(ParseTimestamp("2026-11-01t09:15:00z")->seconds(), kExampleSeconds);
  EXPECT_EQ(ParseTimestamp("2026-11-01 09:15:00Z")->seconds(), kExampleSeconds);
}

TEST(TimeTextTest, KeepsNanosecondDigits) {
  EXPECT_EQ(ParseTimestamp("2026-11-01T09:15:00.123456789Z")->nanos(), 123456789);
  EXPECT_EQ(ParseTimestamp("2026-11-01T09:15:00.5Z")->nanos(), 500000000);
}

TEST(TimeTextTest, RejectsTimesThatAreNotRfc3339) {
  for (const char* text :
       {"", "2026-11-01", "2026-11-01T09:15:00", "2026-11-01T09:15Z", "01/11/2026 09:15:00Z",
        "2026-11-01T09:15:00.Z", "2026-11-01T09:15:00.1234567890Z", "2026-11-01T09:15:00+0100",
        "2026-11-01T09:15:00Z trailing", "yesterday"}) {
    EXPECT_FALSE(ParseTimestamp(text).ok()) << text;
  }
}

TEST(TimeTextTest, RejectsOutOfRangeFields) {
  EXPECT_THAT(ParseTimestamp("2026-13-01T00:00:00Z").status().message(), HasSubstr("month"));
  EXPECT_THAT(ParseTimestamp("2026-02-29T00:00:00Z").status().message(), HasSubstr("day"));
  EXPECT_TRUE(ParseTimestamp("2028-02-29T00:00:00Z").ok());
  EXPECT_THAT(ParseTimestamp("2026-11-01T24:00:00Z").status().message(), HasSubstr("hour"));
  EXPECT_THAT(ParseTimestamp("2026-11-01T23:60:00Z").status().message(), HasSubstr("minute"));
  EXPECT_THAT(ParseTimestamp("2026-12-31T23:59:60Z").status().message(), HasSubstr("leap"));
  EXPECT_FALSE(ParseTimestamp("0000-01-01T00:00:00Z").ok());
}

TEST(TimeTextTest, FormatsInUtcWithMilliseconds) {
  google::protobuf::Timestamp time;
  time.set_seconds(kExampleSeconds);
  time.set_nanos(250999999);
  EXPECT_EQ(FormatTimestamp(time), "2026-11-01T09:15:00.250Z");
  time.set_nanos(0);
  EXPECT_EQ(FormatTimestamp(time), "2026-11-01T09:15:00.000Z");
}

TEST(TimeTextTest, FormattedTimeParsesBack) {
  absl::StatusOr<google::protobuf::Timestamp> time =
      ParseTimestamp("1999-12-31T23:59:59.999+05:30");
  ASSERT_TRUE(time.ok());
  EXPECT_EQ(FormatTimestamp(*time), "1999-12-31T18:29:59.999Z");
  EXPECT_EQ(ParseTimestamp(FormatTimestamp(*time))->seconds(), time->seconds());
}

TEST(TimeTextTest, ParsesDecimalSeconds) {
  absl::StatusOr<google::protobuf::Duration> whole = ParseSeconds("90");
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(whole->seconds(), 90);
  EXPECT_EQ(whole->nanos(), 0);
  absl::StatusOr<google::protobuf::Duration> fraction = ParseSeconds("12.25");
  ASSERT_TRUE(fraction.ok());
  EXPECT_EQ(fraction->seconds(), 12);
  EXPECT_EQ(fraction->nanos(), 250000000);
}

TEST(TimeTextTest, NegativeSecondsParseSoTheServerCanJudgeThem) {
  absl::StatusOr<google::protobuf::Duration> negative = ParseSeconds("-1.5");
  ASSERT_TRUE(negative.ok());
  EXPECT_EQ(negative->seconds(), -1);
  EXPECT_EQ(negative->nanos(), -500000000);
}

TEST(TimeTextTest, RejectsTextThatIsNotSeconds) {
  for (const char* text : {"", "abc", "1.", "1.2.3", "1e3", "12s", "0.1234567891", "--1"}) {
    EXPECT_FALSE(ParseSeconds(text).ok()) << text;
  }
}

TEST(TimeTextTest, FormatsSecondsWithoutTrailingZeros) {
  google::protobuf::Duration duration;
  duration.set_seconds(90);
  EXPECT_EQ(FormatSeconds(duration), "90");
  duration.set_seconds(12);
  duration.set_nanos(500000000);
  EXPECT_EQ(FormatSeconds(duration), "12.5");
  duration.set_seconds(0);
  duration.set_nanos(-250000000);
  EXPECT_EQ(FormatSeconds(duration), "-0.25");
}

TEST(TimeTextTest, FormatsClockTime) {
  EXPECT_EQ(FormatClock(0), "0:00");
  EXPECT_EQ(FormatClock(455), "7:35");
  EXPECT_EQ(FormatClock(3723), "1:02:03");
}

// Year 1 once came out as "1-01-01T…", which ParseTimestamp refuses.
TEST(TimeTextTest, FormatsEarlyYearsWithFourDigitsThatParseBack) {
  absl::StatusOr<google::protobuf::Timestamp> first = ParseTimestamp("0001-01-01T00:00:00Z");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(FormatTimestamp(*first), "0001-01-01T00:00:00.000Z");
  absl::StatusOr<google::protobuf::Timestamp> again = ParseTimestamp(FormatTimestamp(*first));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->seconds(), first->seconds());
}

// A server's answer may carry any int64, and std::llabs of the most negative
// one is undefined.
TEST(TimeTextTest, FormatsTheMostNegativeLengths) {
  const int64_t lowest = std::numeric_limits<int64_t>::min();
  EXPECT_EQ(FormatClock(lowest), "-2562047788015215:30:08");
  google::protobuf::Duration duration;
  duration.set_seconds(lowest);
  duration.set_nanos(std::numeric_limits<int32_t>::min());
  EXPECT_EQ(FormatSeconds(duration), "-9223372036854775808.2147483648");
}

}  // namespace
}  // namespace escala::client
