#pragma once

#include <google/protobuf/duration.pb.h>
#include <google/protobuf/timestamp.pb.h>

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace escala::client {

// Parses an RFC 3339 time such as "2026-11-01T09:15:00.250Z" or "2026-11-01T10:15:00+01:00"
// ('T' or a space between date and time, up to nine fraction digits). Leap seconds and times
// outside years 0001–9999 are INVALID_ARGUMENT, as is anything that is not RFC 3339.
absl::StatusOr<google::protobuf::Timestamp> ParseTimestamp(absl::string_view text);

// UTC with milliseconds: "2026-11-01T09:15:00.250Z". Digits below the millisecond are dropped,
// since Escala keeps times to the millisecond.
std::string FormatTimestamp(const google::protobuf::Timestamp& timestamp);

// Parses decimal seconds ("90", "12.5", "-3") into a Duration, up to nine fraction digits. Sign
// is kept: whether a negative duration is allowed is for the server to say.
absl::StatusOr<google::protobuf::Duration> ParseSeconds(absl::string_view text);

// Decimal seconds with no trailing zeros: "90", "12.5", "-0.25". Inverse of ParseSeconds.
std::string FormatSeconds(const google::protobuf::Duration& duration);

// A length for people to read: "m:ss", or "h:mm:ss" from one hour on; fractions are dropped.
std::string FormatClock(int64_t seconds);

}  // namespace escala::client
