#include "server/api/text_rules.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/api/violations.h"

namespace escala::server {
namespace {

absl::Status Make(std::string_view field, const std::string& rule) {
  return InvalidField(std::string(field), rule);
}

}  // namespace

bool IsCleanUtf8(const std::string& value) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(value.data());
  const std::size_t size = value.size();
  std::size_t i = 0;
  while (i < size) {
    const unsigned char c = bytes[i];
    std::size_t extra = 0;
    uint32_t code_point = 0;
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) return false;
      ++i;
      continue;
    } else if ((c & 0xe0) == 0xc0) {
      extra = 1;
      code_point = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      extra = 2;
      code_point = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      extra = 3;
      code_point = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= size) return false;  // truncated sequence
    for (std::size_t k = 1; k <= extra; ++k) {
      if ((bytes[i + k] & 0xc0) != 0x80) return false;
      code_point = (code_point << 6) | (bytes[i + k] & 0x3f);
    }
    // Reject overlong forms, surrogates and values beyond Unicode.
    if ((extra == 1 && code_point < 0x80) || (extra == 2 && code_point < 0x800) ||
        (extra == 3 && code_point < 0x10000) || code_point > 0x10ffff ||
        (code_point >= 0xd800 && code_point <= 0xdfff)) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

std::size_t CodePointCount(const std::string& value) {
  std::size_t count = 0;
  for (unsigned char c : value) {
    if ((c & 0xc0) != 0x80) ++count;
  }
  return count;
}

absl::Status LimitText(std::string_view field, const std::string& value, std::size_t max) {
  if (!IsCleanUtf8(value)) {
    return Make(field, "must be valid UTF-8 without control characters");
  }
  const std::size_t length = CodePointCount(value);
  if (length > max) {
    return Make(field, absl::StrCat("must be at most ", max, " characters, got ", length));
  }
  return absl::OkStatus();
}

absl::Status RequireText(std::string_view field, const std::string& value, std::size_t max) {
  if (value.empty()) return Make(field, "is required");
  return LimitText(field, value, max);
}

absl::Status RequireIdentifier(std::string_view field, const std::string& value, std::size_t max) {
  if (value.empty()) return Make(field, "is required");
  if (value.size() > max) {
    return Make(field, absl::StrCat("must be at most ", max, " characters, got ", value.size()));
  }
  for (char c : value) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') {
      return Make(field, "may contain only letters, digits, '.', '_' and '-'");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckEmail(std::string_view field, const std::string& value) {
  if (value.empty()) return absl::OkStatus();
  if (absl::Status s = LimitText(field, value, 254); !s.ok()) return s;
  const std::size_t at = value.find('@');
  if (at == std::string::npos || at == 0 || at + 1 == value.size() ||
      value.find('@', at + 1) != std::string::npos || value.find(' ') != std::string::npos) {
    return Make(field, "must be an address of the form name@domain");
  }
  return absl::OkStatus();
}

absl::Status RequirePositiveId(std::string_view field, int64_t id) {
  if (id > 0) return absl::OkStatus();
  return Make(field, absl::StrCat("must be a positive id, got ", id));
}

absl::Status CheckRequestId(std::string_view field, const std::string& value) {
  constexpr std::size_t kMaxRequestId = 64;
  if (value.size() > kMaxRequestId) {
    return Make(field,
                absl::StrCat("must be at most ", kMaxRequestId, " characters, got ", value.size()));
  }
  for (unsigned char c : value) {
    if (c <= ' ' || c >= 0x7f) {
      return Make(field, "must be printable ASCII without spaces");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckDate(std::string_view field, const std::string& value) {
  if (value.empty()) return absl::OkStatus();
  int year = 0, month = 0, day = 0;
  const bool shape = value.size() == 10 && value[4] == '-' && value[7] == '-' &&
                     absl::SimpleAtoi(value.substr(0, 4), &year) &&
                     absl::SimpleAtoi(value.substr(5, 2), &month) &&
                     absl::SimpleAtoi(value.substr(8, 2), &day);
  if (!shape || year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) {
    return Make(field, absl::StrCat("must be a date YYYY-MM-DD, got '", value, "'"));
  }
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int last = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  if (day > last) return Make(field, absl::StrCat("is not a calendar date: '", value, "'"));
  return absl::OkStatus();
}

}  // namespace escala::server
