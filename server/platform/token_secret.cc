#include "server/platform/token_secret.h"

#include <openssl/rand.h>
#include <openssl/sha.h>

#include <array>
#include <cstdint>
#include <stdexcept>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace escala::server {
namespace {

template <std::size_t N>
std::array<unsigned char, N> RandomBytes() {
  std::array<unsigned char, N> bytes{};
  // RAND_bytes fails only when the OS generator cannot be seeded; a token must never be
  // minted from weak randomness, so that is fatal rather than an error to work around.
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    throw std::runtime_error("no secure random numbers available");
  }
  return bytes;
}

std::string AsString(const unsigned char* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

}  // namespace

MintedToken MintToken() {
  const auto id = RandomBytes<8>();
  const auto secret = RandomBytes<32>();
  return MintedToken{
      absl::BytesToHexString(AsString(id.data(), id.size())),
      absl::StrCat("esc_", absl::WebSafeBase64Escape(AsString(secret.data(), secret.size())))};
}

std::string HashTokenSecret(absl::string_view secret) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), digest.data());
  return absl::BytesToHexString(AsString(digest.data(), digest.size()));
}

}  // namespace escala::server
