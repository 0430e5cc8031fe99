#include "client/core/request_id.h"

#include <cstdint>
#include <random>

#include "absl/strings/str_format.h"

namespace escala::client {

std::string NewRequestId() {
  std::random_device device;
  std::uniform_int_distribution<uint32_t> random_word;
  uint8_t bytes[16];
  for (int i = 0; i < 16; i += 4) {
    const uint32_t word = random_word(device);
    for (int j = 0; j < 4; ++j) bytes[i + j] = static_cast<uint8_t>(word >> (8 * j));
  }
  bytes[6] = static_cast<uint8_t>((bytes[6] & 0x0F) | 0x40);  // version 4
  bytes[8] = static_cast<uint8_t>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
  std::string text;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
    text += absl::StrFormat("%02x", bytes[i]);
  }
  return text;
}

}  // namespace escala::client
