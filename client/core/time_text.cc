#include "client/core/time_text.h"

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace escala::client {
namespace {

// Limits of google.protobuf.Timestamp and google.protobuf.Duration.
constexpr int64_t kMinTimestampSeconds = -62135596800;  // 0001-01-01T00:00:00Z
constexpr int64_t kMaxTimestampSeconds = 253402300799;  // 9999-12-31T23:59:59Z
constexpr int64_t kMaxDurationSeconds = 315576000000;

// Reads exactly `count` digits at *pos.
bool ReadDigits(absl::string_view text, size_t* pos, int count, int* value) {
  if (*pos + count > text.size()) return false;
  int result = 0;
  for (int i = 0; i < count; ++i) {
    const char c = text[*pos + i];
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
    result = result * 10 + (c - '0');
  }
  *pos += count;
  *value = result;
  return true;
}

bool ReadChar(absl::string_view text, size_t* pos, char expected) {
  if (*pos >= text.size() || text[*pos] != expected) return false;
  ++*pos;
  return true;
}

// Reads 1–9 fraction digits as nanoseconds.
bool ReadNanos(absl::string_view text, size_t* pos, int32_t* nanos) {
  int digits = 0;
  int64_t value = 0;
  while (*pos < text.size() && absl::ascii_isdigit(static_cast<unsigned char>(text[*pos]))) {
    if (++digits > 9) return false;
    value = value * 10 + (text[(*pos)++] - '0');
  }
  if (digits == 0) return false;
  for (int i = digits; i < 9; ++i) value *= 10;
  *nanos = static_cast<int32_t>(value);
  return true;
}

// |value| without overflow: the most negative value has no positive int64 (std::llabs of it is
// undefined), and a server's answer may carry any value.
uint64_t Magnitude(int64_t value) {
  return value < 0 ? uint64_t{0} - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
}

absl::Status NotRfc3339(absl::string_view text, absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("'", text, "' is not an RFC 3339 time like 2026-11-01T09:15:00Z",
                   why.empty() ? "" : ": ", why));
}

}  // namespace

absl::StatusOr<google::protobuf::Timestamp> ParseTimestamp(absl::string_view raw) {
  const absl::string_view text = absl::StripAsciiWhitespace(raw);
  size_t pos = 0;
  int year, month, day, hour, minute, second;
  if (!ReadDigits(text, &pos, 4, &year) || !ReadChar(text, &pos, '-') ||
      !ReadDigits(text, &pos, 2, &month) || !ReadChar(text, &pos, '-') ||
      !ReadDigits(text, &pos, 2, &day)) {
    return NotRfc3339(text, "");
  }
  if (pos >= text.size() || (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ')) {
    return NotRfc3339(text, "expected date, 'T', time and zone");
  }
  ++pos;
  if (!ReadDigits(text, &pos, 2, &hour) || !ReadChar(text, &pos, ':') ||
      !ReadDigits(text, &pos, 2, &minute) || !ReadChar(text, &pos, ':') ||
      !ReadDigits(text, &pos, 2, &second)) {
    return NotRfc3339(text, "");
  }
  int32_t nanos = 0;
  if (ReadChar(text, &pos, '.') && !ReadNanos(text, &pos, &nanos)) {
    return NotRfc3339(text, "the fraction of a second needs 1 to 9 digits");
  }
  int offset_seconds = 0;
  if (ReadChar(text, &pos, 'Z') || ReadChar(text, &pos, 'z')) {
    // UTC.
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos++] == '-' ? -1 : 1;
    int offset_hours, offset_minutes;
    if (!ReadDigits(text, &pos, 2, &offset_hours) || !ReadChar(text, &pos, ':') ||
        !ReadDigits(text, &pos, 2, &offset_minutes) || offset_hours > 23 || offset_minutes > 59) {
      return NotRfc3339(text, "the zone offset must be +hh:mm or -hh:mm");
    }
    offset_seconds = sign * (offset_hours * 3600 + offset_minutes * 60);
  } else {
    return NotRfc3339(text, "a zone is required (Z or an offset such as +01:00)");
  }
  if (pos != text.size()) return NotRfc3339(text, "unexpected text after the zone");

  // absl::CivilSecond would silently normalise 2026-02-30 to March; check the fields first.
  if (year < 1 || month < 1 || month > 12) return NotRfc3339(text, "month must be 01-12");
  const int64_t days_in_month = absl::CivilDay(year, month + 1, 1) - absl::CivilDay(year, month, 1);
  if (day < 1 || day > days_in_month) {
    return NotRfc3339(text, absl::StrCat("day must be 01-", days_in_month));
  }
  if (hour > 23) return NotRfc3339(text, "hour must be 00-23");
  if (minute > 59) return NotRfc3339(text, "minute must be 00-59");
  if (second == 60) return NotRfc3339(text, "leap seconds are not supported");
  if (second > 59) return NotRfc3339(text, "second must be 00-59");

  const absl::Time local = absl::FromCivil(
      absl::CivilSecond(year, month, day, hour, minute, second), absl::UTCTimeZone());
  const int64_t seconds = absl::ToUnixSeconds(local) - offset_seconds;
  if (seconds < kMinTimestampSeconds || seconds > kMaxTimestampSeconds) {
    return NotRfc3339(text, "outside years 0001-9999");
  }
  google::protobuf::Timestamp timestamp;
  timestamp.set_seconds(seconds);
  timestamp.set_nanos(nanos);
  return timestamp;
}

std::string FormatTimestamp(const google::protobuf::Timestamp& timestamp) {
  const absl::Time time = absl::FromUnixSeconds(timestamp.seconds());
  // %E4Y: four digits for every year, since %Y writes year 1 as "1", which ParseTimestamp (and
  // RFC 3339) refuse.
  return absl::StrCat(absl::FormatTime("%E4Y-%m-%dT%H:%M:%S", time, absl::UTCTimeZone()),
                      absl::StrFormat(".%03dZ", timestamp.nanos() / 1000000));
}

absl::StatusOr<google::protobuf::Duration> ParseSeconds(absl::string_view raw) {
  const absl::string_view text = absl::StripAsciiWhitespace(raw);
  auto invalid = [&text](absl::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", text, "' is not a number of seconds", why.empty() ? "" : ": ", why));
  };
  size_t pos = 0;
  int sign = 1;
  if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) {
    sign = text[pos++] == '-' ? -1 : 1;
  }
  int64_t seconds = 0;
  int whole_digits = 0;
  while (pos < text.size() && absl::ascii_isdigit(static_cast<unsigned char>(text[pos]))) {
    seconds = seconds * 10 + (text[pos++] - '0');
    if (seconds > kMaxDurationSeconds) return invalid("too large");
    ++whole_digits;
  }
  int32_t nanos = 0;
  if (ReadChar(text, &pos, '.')) {
    if (!ReadNanos(text, &pos, &nanos)) return invalid("the fraction needs 1 to 9 digits");
  } else if (whole_digits == 0) {
    return invalid("");
  }
  if (pos != text.size()) return invalid("");
  google::protobuf::Duration duration;
  duration.set_seconds(sign * seconds);
  duration.set_nanos(sign * nanos);
  return duration;
}

std::string FormatSeconds(const google::protobuf::Duration& duration) {
  const bool negative = duration.seconds() < 0 || duration.nanos() < 0;
  std::string text = absl::StrCat(negative ? "-" : "", Magnitude(duration.seconds()));
  if (duration.nanos() != 0) {
    std::string fraction = absl::StrFormat("%09d", Magnitude(duration.nanos()));
    fraction.erase(fraction.find_last_not_of('0') + 1);
    absl::StrAppend(&text, ".", fraction);
  }
  return text;
}

std::string FormatClock(int64_t seconds) {
  const char* sign = seconds < 0 ? "-" : "";
  const uint64_t total = Magnitude(seconds);
  if (total >= 3600) {
    return absl::StrFormat("%s%d:%02d:%02d", sign, total / 3600, total / 60 % 60, total % 60);
  }
  return absl::StrFormat("%s%d:%02d", sign, total / 60, total % 60);
}

}  // namespace escala::client
