#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <string>

#include "absl/status/statusor.h"

namespace escala::client {

// A report bound as people type it: a day ("2026-04-01", its UTC midnight) or an RFC 3339 time.
absl::StatusOr<google::protobuf::Timestamp> ParseDayOrTime(const std::string& text);

}  // namespace escala::client
