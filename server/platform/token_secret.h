#pragma once

#include <string>

#include "absl/strings/string_view.h"

namespace escala::server {

// A freshly minted API token: its public id and its secret, which is shown to the user once.
struct MintedToken {
  // 16 lowercase hex digits (64 random bits).
  std::string token_id;
  // "esc_" followed by 256 random bits in unpadded base64url.
  std::string secret;
};

// Draws a token id and secret from the operating system's random generator.
MintedToken MintToken();

// The stored form of a secret: lowercase hex SHA-256. A secret carries 256 random bits, so an
// unsalted fast hash is enough: guessing a secret from its hash is as hard as guessing it.
std::string HashTokenSecret(absl::string_view secret);

}  // namespace escala::server
