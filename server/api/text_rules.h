#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace escala::server {

// Small reusable rules for string fields. Each returns OK or INVALID_ARGUMENT with one field
// violation naming `field` (server/api/violations.h): the first rule of the field it breaks.
// Lengths count Unicode code points (what a user sees), and the text must be valid UTF-8.

// Required: 1..max code points.
absl::Status RequireText(std::string_view field, const std::string& value, std::size_t max);
// Optional: 0..max code points.
absl::Status LimitText(std::string_view field, const std::string& value, std::size_t max);
// 1..max characters of [A-Za-z0-9._-]: identifiers from other systems (employee, team ids).
absl::Status RequireIdentifier(std::string_view field, const std::string& value, std::size_t max);
// Empty or one '@' with text on both sides and no spaces; at most 254 characters.
absl::Status CheckEmail(std::string_view field, const std::string& value);
// Empty or a real calendar date "YYYY-MM-DD".
absl::Status CheckDate(std::string_view field, const std::string& value);
// A database id: greater than zero.
absl::Status RequirePositiveId(std::string_view field, int64_t id);
// Empty, or at most 64 printable ASCII characters without spaces: a client's idempotency key.
absl::Status CheckRequestId(std::string_view field, const std::string& value);
// Valid UTF-8 without control characters other than tab and newline.
bool IsCleanUtf8(const std::string& value);
// Number of code points in valid UTF-8.
std::size_t CodePointCount(const std::string& value);

}  // namespace escala::server
