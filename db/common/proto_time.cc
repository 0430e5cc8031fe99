#include "db/common/proto_time.h"

namespace escala::db {

int64_t TimestampToMillis(const google::protobuf::Timestamp& timestamp) {
  // nanos is always in [0, 1e9), so integer division floors for negative seconds too.
  return timestamp.seconds() * 1000 + timestamp.nanos() / 1000000;
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
  // Duration's seconds and nanos share a sign, so truncation keeps it.
  return duration.seconds() * 1000 + duration.nanos() / 1000000;
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
