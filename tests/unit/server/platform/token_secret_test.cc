#include "server/platform/token_secret.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/strings/match.h"

namespace escala::server {
namespace {

using ::testing::MatchesRegex;
using ::testing::Not;
using ::testing::StartsWith;

TEST(MintToken, SecretIsThePrefixAndUnpaddedBase64urlOf256Bits) {
  const MintedToken minted = MintToken();
  EXPECT_THAT(minted.secret, StartsWith("esc_"));
  // 32 bytes in base64 are ceil(256 / 6) = 43 characters once the '=' padding is left off.
  const std::string encoded = minted.secret.substr(4);
  EXPECT_EQ(encoded.size(), 43u) << minted.secret;
  EXPECT_THAT(encoded, MatchesRegex("[A-Za-z0-9_-]+")) << minted.secret;
  EXPECT_FALSE(absl::StrContains(minted.secret, "=")) << minted.secret;
  EXPECT_FALSE(absl::StrContains(minted.secret, "+")) << minted.secret;
  EXPECT_FALSE(absl::StrContains(minted.secret, "/")) << minted.secret;
}

TEST(MintToken, TokenIdIsSixteenLowercaseHexDigits) {
  const MintedToken minted = MintToken();
  EXPECT_EQ(minted.token_id.size(), 16u) << minted.token_id;
  EXPECT_THAT(minted.token_id, MatchesRegex("[0-9a-f]+"));
}

TEST(MintToken, TwoMintsDiffer) {
  const MintedToken first = MintToken();
  const MintedToken second = MintToken();
  EXPECT_NE(first.token_id, second.token_id);
  EXPECT_NE(first.secret, second.secret);
}

TEST(HashTokenSecret, MatchesThePublishedSha256TestVector) {
  // FIPS 180-2, appendix B.1: SHA-256("abc").
  EXPECT_EQ(HashTokenSecret("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // SHA-256 of the empty string.
  EXPECT_EQ(HashTokenSecret(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(HashTokenSecret, IsLowercaseHexAndDiffersFromTheSecret) {
  const MintedToken minted = MintToken();
  const std::string hash = HashTokenSecret(minted.secret);
  EXPECT_THAT(hash, MatchesRegex("[0-9a-f]{64}"));
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_THAT(hash, Not(StartsWith("esc_")));
  EXPECT_EQ(HashTokenSecret(minted.secret), hash);
}

}  // namespace
}  // namespace escala::server
