#include "server/api/page_token.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace escala::server {
namespace {

using ::testing::HasSubstr;

TEST(PageTokenTest, RoundTripsKindFingerprintAndKeys) {
  const uint64_t fp = Fingerprint({"team-1", "3"});
  const std::string encoded = EncodePageToken({"interactions", fp, {"1764000000000", "42"}});
  absl::StatusOr<PageToken> token = DecodePageToken(encoded, "interactions", fp, 2);
  ASSERT_TRUE(token.ok()) << token.status();
  EXPECT_THAT(token->keys, ::testing::ElementsAre("1764000000000", "42"));
}

TEST(PageTokenTest, RejectsATokenOfAnotherList) {
  const std::string encoded = EncodePageToken({"people", 7, {"E1"}});
  absl::StatusOr<PageToken> token = DecodePageToken(encoded, "teams", 7, 1);
  EXPECT_EQ(token.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(token.status().message(), HasSubstr("page_token"));
}

TEST(PageTokenTest, RejectsATokenIssuedForOtherFilters) {
  const std::string encoded = EncodePageToken({"people", Fingerprint({"a"}), {"E1"}});
  absl::StatusOr<PageToken> token = DecodePageToken(encoded, "people", Fingerprint({"b"}), 1);
  EXPECT_EQ(token.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(token.status().message(), HasSubstr("different filters"));
}

TEST(PageTokenTest, RejectsGarbage) {
  for (const std::string& garbage :
       {std::string("!!!"), std::string("Zm9v"), std::string(2000, 'A')}) {
    EXPECT_EQ(DecodePageToken(garbage, "people", 0, 1).status().code(),
              absl::StatusCode::kInvalidArgument)
        << garbage;
  }
}

TEST(PageTokenTest, FingerprintSeparatesParts) {
  EXPECT_NE(Fingerprint({"ab", "c"}), Fingerprint({"a", "bc"}));
}

TEST(PageSizeTest, ZeroMeansDefaultLargerIsCoercedNegativeIsRefused) {
  EXPECT_EQ(*EffectivePageSize(0, 50, 1000), 50);
  EXPECT_EQ(*EffectivePageSize(1000, 50, 1000), 1000);
  EXPECT_EQ(*EffectivePageSize(1001, 50, 1000), 1000);
  EXPECT_EQ(*EffectivePageSize(5000, 50, 1000), 1000);
  absl::StatusOr<int> negative = EffectivePageSize(-3, 50, 1000);
  EXPECT_EQ(negative.status().message(),
            "page_size: must not be negative (0 = the default), got -3");
}

}  // namespace
}  // namespace escala::server
