#include "db/common/proto_time.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "db/common/timestamp_range.h"

namespace escala::db {
namespace {

google::protobuf::Timestamp MakeTimestamp(int64_t seconds, int32_t nanos) {
  google::protobuf::Timestamp timestamp;
  timestamp.set_seconds(seconds);
  timestamp.set_nanos(nanos);
  return timestamp;
}

google::protobuf::Duration MakeDuration(int64_t seconds, int32_t nanos) {
  google::protobuf::Duration duration;
  duration.set_seconds(seconds);
  duration.set_nanos(nanos);
  return duration;
}

TEST(TimestampToMillis, KeepsWholeMilliseconds) {
  EXPECT_EQ(TimestampToMillis(MakeTimestamp(0, 0)), 0);
  EXPECT_EQ(TimestampToMillis(MakeTimestamp(1, 500000000)), 1500);
  EXPECT_EQ(TimestampToMillis(MakeTimestamp(1700000000, 123000000)), 1700000000123);
}

TEST(TimestampToMillis, DropsSubMillisecondsTowardsThePast) {
  EXPECT_EQ(TimestampToMillis(MakeTimestamp(0, 999999)), 0);
  EXPECT_EQ(TimestampToMillis(MakeTimestamp(1, 1999999)), 1001);
  EXPECT_EQ(TimestampToMillis(MakeTimestamp(0, 999999999)), 999);
}

TEST(TimestampToMillis, FloorsTimesBefore1970) {
  // -0.5 s
  EXPECT_EQ(TimestampToMillis(MakeTimestamp(-1, 500000000)), -500);
  // One nanosecond before the epoch lies in the millisecond [-1, 0).
  EXPECT_EQ(TimestampToMillis(MakeTimestamp(-1, 999999999)), -1);
  // -1.9995 s lies in the millisecond [-2000, -1999).
  EXPECT_EQ(TimestampToMillis(MakeTimestamp(-2, 500000)), -2000);
}

// seconds * 1000 once overflowed for a request's time far outside protobuf's range.
TEST(TimestampToMillis, TakesTimesOutsideTheRangeAtItsNearestEnd) {
  const int64_t lowest = std::numeric_limits<int64_t>::min();
  const int64_t highest = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(TimestampToMillis(MakeTimestamp(lowest, 0)), kMinTimestampSeconds * 1000);
  EXPECT_EQ(TimestampToMillis(MakeTimestamp(highest, 999999999)),
            kMaxTimestampSeconds * 1000 + 999);
  EXPECT_EQ(TimestampToMillis(MakeTimestamp(10, -1)), 10000);
  EXPECT_EQ(TimestampToMillis(MakeTimestamp(10, 2000000000)), 10999);
  EXPECT_FALSE(IsValidTimestamp(MakeTimestamp(highest, 0)));
  EXPECT_FALSE(IsValidTimestamp(MakeTimestamp(0, -1)));
  EXPECT_TRUE(IsValidTimestamp(MakeTimestamp(kMaxTimestampSeconds, 999999999)));
}

TEST(DurationToMillis, TakesDurationsOutsideTheRangeAtItsNearestEnd) {
  EXPECT_EQ(DurationToMillis(MakeDuration(std::numeric_limits<int64_t>::min(), -999999999)),
            -kMaxDurationSeconds * 1000 - 999);
  EXPECT_EQ(DurationToMillis(MakeDuration(std::numeric_limits<int64_t>::max(), 0)),
            kMaxDurationSeconds * 1000);
  EXPECT_EQ(DurationToMillis(MakeDuration(-2, -1500000)), -2001);
}

TEST(MillisToTimestamp, NormalisesNanosIntoZeroToOneSecond) {
  google::protobuf::Timestamp positive = MillisToTimestamp(1500);
  EXPECT_EQ(positive.seconds(), 1);
  EXPECT_EQ(positive.nanos(), 500000000);

  google::protobuf::Timestamp minus_one = MillisToTimestamp(-1);
  EXPECT_EQ(minus_one.seconds(), -1);
  EXPECT_EQ(minus_one.nanos(), 999000000);

  google::protobuf::Timestamp whole = MillisToTimestamp(-1000);
  EXPECT_EQ(whole.seconds(), -1);
  EXPECT_EQ(whole.nanos(), 0);

  google::protobuf::Timestamp negative = MillisToTimestamp(-1500);
  EXPECT_EQ(negative.seconds(), -2);
  EXPECT_EQ(negative.nanos(), 500000000);
}

TEST(MillisToTimestamp, RoundTripsThroughTimestampToMillis) {
  for (int64_t millis :
       {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{999}, int64_t{-999}, int64_t{1000},
        int64_t{-1000}, int64_t{-1001}, int64_t{1700000000123}, int64_t{-62135596800000}}) {
    EXPECT_EQ(TimestampToMillis(MillisToTimestamp(millis)), millis) << millis;
  }
}

TEST(TimestampToMillis, NeverPutsAnEarlierTimeAfterALaterOne) {
  // Pairs of times less than a millisecond apart around and before the epoch.
  const google::protobuf::Timestamp ordered[] = {
      MakeTimestamp(-2, 999999000), MakeTimestamp(-1, 0), MakeTimestamp(-1, 500),
      MakeTimestamp(-1, 999999999), MakeTimestamp(0, 0),  MakeTimestamp(0, 999999),
      MakeTimestamp(0, 1000000)};
  for (std::size_t i = 1; i < sizeof(ordered) / sizeof(ordered[0]); ++i) {
    EXPECT_LE(TimestampToMillis(ordered[i - 1]), TimestampToMillis(ordered[i])) << i;
  }
}

TEST(DurationToMillis, KeepsWholeMillisecondsWithTheirSign) {
  EXPECT_EQ(DurationToMillis(MakeDuration(1, 500000000)), 1500);
  EXPECT_EQ(DurationToMillis(MakeDuration(-1, -500000000)), -1500);
  EXPECT_EQ(DurationToMillis(MakeDuration(0, -3000000)), -3);
  EXPECT_EQ(DurationToMillis(MakeDuration(3600, 0)), 3600000);
}

TEST(DurationToMillis, DropsSubMilliseconds) {
  EXPECT_EQ(DurationToMillis(MakeDuration(0, 999999)), 0);
  EXPECT_EQ(DurationToMillis(MakeDuration(0, 1999999)), 1);
  EXPECT_EQ(DurationToMillis(MakeDuration(0, -999999)), 0);
  EXPECT_EQ(DurationToMillis(MakeDuration(-1, -1999999)), -1001);
}

TEST(MillisToDuration, GivesSecondsAndNanosTheSameSign) {
  google::protobuf::Duration positive = MillisToDuration(1500);
  EXPECT_EQ(positive.seconds(), 1);
  EXPECT_EQ(positive.nanos(), 500000000);

  google::protobuf::Duration negative = MillisToDuration(-1500);
  EXPECT_EQ(negative.seconds(), -1);
  EXPECT_EQ(negative.nanos(), -500000000);

  google::protobuf::Duration small = MillisToDuration(-1);
  EXPECT_EQ(small.seconds(), 0);
  EXPECT_EQ(small.nanos(), -1000000);
}

TEST(MillisToDuration, RoundTripsThroughDurationToMillis) {
  for (int64_t millis : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{999}, int64_t{-999},
                         int64_t{1000}, int64_t{-1001}, int64_t{86400000}, int64_t{-86400001}}) {
    EXPECT_EQ(DurationToMillis(MillisToDuration(millis)), millis) << millis;
  }
}

TEST(TimeToTimestamp, DropsSubMillisecondsTowardsThePast) {
  google::protobuf::Timestamp later = TimeToTimestamp(absl::FromUnixMicros(1500));
  EXPECT_EQ(later.seconds(), 0);
  EXPECT_EQ(later.nanos(), 1000000);

  // -1.5 ms lies in the millisecond [-2, -1).
  google::protobuf::Timestamp earlier = TimeToTimestamp(absl::FromUnixMicros(-1500));
  EXPECT_EQ(earlier.seconds(), -1);
  EXPECT_EQ(earlier.nanos(), 998000000);

  google::protobuf::Timestamp exact = TimeToTimestamp(absl::FromUnixMillis(1700000000123));
  EXPECT_EQ(exact.seconds(), 1700000000);
  EXPECT_EQ(exact.nanos(), 123000000);
}

}  // namespace
}  // namespace escala::db
