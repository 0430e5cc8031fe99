#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <cstdint>

namespace escala::db {

// The range of google.protobuf.Timestamp and Duration. The wire carries any int64, so
// TimestampToMillis and DurationToMillis (proto_time.h) take a value outside it at its nearest
// end, without overflow, and validators refuse such a time by name (server/api/time_rules.h).

// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
inline constexpr int64_t kMinTimestampSeconds = -62135596800;
inline constexpr int64_t kMaxTimestampSeconds = 253402300799;
// About 10,000 years either way.
inline constexpr int64_t kMaxDurationSeconds = 315576000000;

// Whether `timestamp` lies within the range with nanos in 0..999,999,999.
bool IsValidTimestamp(const google::protobuf::Timestamp& timestamp);

}  // namespace escala::db
