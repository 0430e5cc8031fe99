#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace escala::client {

// Byte offset of the first byte of `text` that does not start a well-formed UTF-8 sequence
// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF); nullopt when all of
// `text` is valid UTF-8. The API's string fields must hold UTF-8: a record with other bytes
// (e.g. a Latin-1 "é", 0xE9) cannot be sent at all, so it is caught while reading the file.
std::optional<size_t> FindInvalidUtf8(absl::string_view text);

// "is not valid UTF-8 (byte 0xE9 at character 4); save the file as UTF-8", for a problem
// report, or "" when `text` is valid UTF-8.
std::string DescribeInvalidUtf8(absl::string_view text);

}  // namespace escala::client
