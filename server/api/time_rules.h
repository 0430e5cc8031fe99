#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <string_view>

#include "absl/status/status.h"

namespace escala::server {

// INVALID_ARGUMENT with one field violation naming `field` unless `timestamp` lies within the
// range google.protobuf.Timestamp defines: years 0001-9999, nanos 0..999,999,999. The wire
// carries any int64, and such a time would otherwise be stored as the nearest end of the range.
absl::Status CheckTimestamp(std::string_view field, const google::protobuf::Timestamp& timestamp);

}  // namespace escala::server
