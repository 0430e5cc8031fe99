#pragma once

#include <google/protobuf/duration.pb.h>
#include <google/protobuf/timestamp.pb.h>

#include <cstdint>

#include "absl/time/time.h"

namespace escala::db {

// Escala keeps times as epoch milliseconds (UTC): sub-millisecond parts are dropped, rounding
// towards the past so that a time never moves after a later one. A message outside the range
// protobuf defines (years 0001-9999, nanos 0..999,999,999) is taken at the nearest end of it, so
// that any request's time converts without overflow; validators refuse such times by name.
int64_t TimestampToMillis(const google::protobuf::Timestamp& timestamp);
google::protobuf::Timestamp MillisToTimestamp(int64_t millis);
// Truncated towards zero. Likewise taken within protobuf's range of ±10,000 years.
int64_t DurationToMillis(const google::protobuf::Duration& duration);
google::protobuf::Duration MillisToDuration(int64_t millis);
google::protobuf::Timestamp TimeToTimestamp(absl::Time time);

// The limits of google.protobuf.Timestamp: 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
inline constexpr int64_t kMinTimestampSeconds = -62135596800;
inline constexpr int64_t kMaxTimestampSeconds = 253402300799;
// The limit of google.protobuf.Duration: about 10,000 years either way.
inline constexpr int64_t kMaxDurationSeconds = 315576000000;

// Whether `timestamp` lies within protobuf's range with nanos in 0..999,999,999.
bool IsValidTimestamp(const google::protobuf::Timestamp& timestamp);

}  // namespace escala::db
