#include "server/api/time_rules.h"

#include <string>

#include "db/common/timestamp_range.h"
#include "server/api/violations.h"

namespace escala::server {

absl::Status CheckTimestamp(std::string_view field, const google::protobuf::Timestamp& timestamp) {
  if (db::IsValidTimestamp(timestamp)) return absl::OkStatus();
  return InvalidField(std::string(field),
                      "must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999999Z");
}

}  // namespace escala::server
