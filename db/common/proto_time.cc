#include "db/common/proto_time.h"

#include <algorithm>

#include "db/common/timestamp_range.h"

namespace escala::db {

bool IsValidTimestamp(const google::protobuf::Timestamp& timestamp) {
  return timestamp.seconds() >= kMinTimestampSeconds &&
         timestamp.seconds() <= kMaxTimestampSeconds && timestamp.nanos() >= 0 &&
         timestamp.nanos() <= 999999999;
}

int64_t TimestampToMillis(const google::protobuf::Timestamp& timestamp) {
  // Any int64 arrives from the wire: a time outside protobuf's range is taken at its nearest
  // end, within which the product cannot overflow.
  const int64_t seconds =
      std::clamp(timestamp.seconds(), kMinTimestampSeconds, kMaxTimestampSeconds);
  // nanos is kept in [0, 1e9), so integer division floors for negative seconds too.
  const int32_t nanos = std::clamp(timestamp.nanos(), 0, 999999999);
  return seconds * 1000 + nanos / 1000000;
}

google::protobuf::Timestamp MillisToTimestamp(int64_t millis) {
  google::protobuf::Timestamp timestamp;
  int64_t seconds = millis / 1000;
  int64_t rest = millis % 1000;
  if (rest < 0) {
    rest += 1000;
    --seconds;
  }
  timestamp.set_seconds(seconds);
  timestamp.set_nanos(static_cast<int32_t>(rest * 1000000));
  return timestamp;
}

int64_t DurationToMillis(const google::protobuf::Duration& duration) {
  const int64_t seconds = std::clamp(duration.seconds(), -kMaxDurationSeconds, kMaxDurationSeconds);
  const int32_t nanos = std::clamp(duration.nanos(), -999999999, 999999999);
  // Duration's seconds and nanos share a sign, so truncation keeps it.
  return seconds * 1000 + nanos / 1000000;
}

google::protobuf::Duration MillisToDuration(int64_t millis) {
  google::protobuf::Duration duration;
  duration.set_seconds(millis / 1000);
  duration.set_nanos(static_cast<int32_t>((millis % 1000) * 1000000));
  return duration;
}

google::protobuf::Timestamp TimeToTimestamp(absl::Time time) {
  return MillisToTimestamp(absl::ToUnixMillis(time));
}

}  // namespace escala::db
