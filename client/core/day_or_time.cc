#include "client/core/day_or_time.h"

#include "absl/strings/match.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "client/core/time_text.h"

namespace escala::client {

absl::StatusOr<google::protobuf::Timestamp> ParseDayOrTime(const std::string& text) {
  absl::CivilDay day;
  if (!absl::StrContains(text, 'T') && !absl::StrContains(text, ' ') &&
      absl::ParseCivilTime(text, &day)) {
    google::protobuf::Timestamp timestamp;
    timestamp.set_seconds(absl::ToUnixSeconds(absl::FromCivil(day, absl::UTCTimeZone())));
    return timestamp;
  }
  return ParseTimestamp(text);
}

}  // namespace escala::client
