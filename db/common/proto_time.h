#pragma once

#include <google/protobuf/duration.pb.h>
#include <google/protobuf/timestamp.pb.h>

#include <cstdint>

#include "absl/time/time.h"

namespace escala::db {

// Escala keeps times as epoch milliseconds (UTC): sub-millisecond parts are dropped, rounding
// towards the past so that a time never moves after a later one.
int64_t TimestampToMillis(const google::protobuf::Timestamp& timestamp);
google::protobuf::Timestamp MillisToTimestamp(int64_t millis);
int64_t DurationToMillis(const google::protobuf::Duration& duration);
google::protobuf::Duration MillisToDuration(int64_t millis);
google::protobuf::Timestamp TimeToTimestamp(absl::Time time);

}  // namespace escala::db
