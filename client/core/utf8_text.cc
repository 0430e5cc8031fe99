#include "client/core/utf8_text.h"

#include "absl/strings/str_format.h"

namespace escala::client {
namespace {

// Length of the sequence that starts at text[i] when it is well formed, else 0.
size_t SequenceLength(absl::string_view text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  size_t length = 0;
  unsigned char low = 0x80;   // Bounds of the second byte, which rule out overlong forms,
  unsigned char high = 0xBF;  // surrogates and code points above U+10FFFF.
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (size_t k = 2; k < length; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return length;
}

}  // namespace

std::optional<size_t> FindInvalidUtf8(absl::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const size_t length = SequenceLength(text, i);
    if (length == 0) return i;
    i += length;
  }
  return std::nullopt;
}

std::string DescribeInvalidUtf8(absl::string_view text) {
  const std::optional<size_t> offset = FindInvalidUtf8(text);
  if (!offset.has_value()) return "";
  // Count characters, not bytes: that is what an editor shows. Everything before the offset
  // is valid, so counting the bytes that start a sequence counts characters.
  size_t character = 1;
  for (size_t i = 0; i < *offset; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++character;
  }
  return absl::StrFormat("is not valid UTF-8 (byte 0x%02X at character %d); save the file as UTF-8",
                         static_cast<unsigned char>(text[*offset]), character);
}

}  // namespace escala::client
