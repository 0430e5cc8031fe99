#include "tools/demo/demo_flags.h"

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace escala::demo {
namespace {

using ::testing::HasSubstr;

std::string ErrorOf(const std::vector<std::string>& args) {
  const absl::StatusOr<DemoFlags> flags = ParseDemoFlags(args);
  EXPECT_FALSE(flags.ok());
  EXPECT_EQ(flags.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(flags.status().message());
}

TEST(DemoFlagsTest, DefaultsMatchTheDocumentedOnes) {
  const absl::StatusOr<DemoFlags> flags = ParseDemoFlags({});
  ASSERT_TRUE(flags.ok()) << flags.status();
  EXPECT_EQ(flags->server, "127.0.0.1:50051");
  EXPECT_EQ(flags->demo.seed, 1u);
  EXPECT_EQ(flags->demo.days, 30);
  EXPECT_EQ(flags->demo.interactions_per_day, 500);
  EXPECT_EQ(flags->demo.end, StartOfTodayUtc());
  EXPECT_FALSE(flags->dry_run);
  EXPECT_FALSE(flags->help);
  EXPECT_EQ(flags->token, "");
  EXPECT_EQ(flags->demo_tokens_file, "");
}

TEST(DemoFlagsTest, TakesTheTokenAndTheTokensFileSpelledEitherWay) {
  const absl::StatusOr<DemoFlags> dashed =
      ParseDemoFlags({"--token", "s3cr3t.tok", "--demo-tokens-file", "var/demo-tokens.txt"});
  ASSERT_TRUE(dashed.ok()) << dashed.status();
  EXPECT_EQ(dashed->token, "s3cr3t.tok");
  EXPECT_EQ(dashed->demo_tokens_file, "var/demo-tokens.txt");
  const absl::StatusOr<DemoFlags> underscored =
      ParseDemoFlags({"--token=abc", "--demo_tokens_file=t.txt", "--per_day", "9", "--dry_run"});
  ASSERT_TRUE(underscored.ok()) << underscored.status();
  EXPECT_EQ(underscored->token, "abc");
  EXPECT_EQ(underscored->demo_tokens_file, "t.txt");
  EXPECT_EQ(underscored->demo.interactions_per_day, 9);
  EXPECT_TRUE(underscored->dry_run);
}

TEST(DemoFlagsTest, TakesThePromotionsFileAndRefusesAnEmptyOne) {
  const absl::StatusOr<DemoFlags> flags =
      ParseDemoFlags({"--demo_promotions_file", "var/demo-promotions.txt"});
  ASSERT_TRUE(flags.ok()) << flags.status();
  EXPECT_EQ(flags->demo_promotions_file, "var/demo-promotions.txt");
  const absl::StatusOr<DemoFlags> empty = ParseDemoFlags({"--demo-promotions-file="});
  EXPECT_FALSE(empty.ok());
  EXPECT_THAT(std::string(empty.status().message()),
              ::testing::HasSubstr("--demo-promotions-file"));
}

TEST(DemoFlagsTest, AcceptsSeparateAndInlineValues) {
  const absl::StatusOr<DemoFlags> flags =
      ParseDemoFlags({"--server", "db.example:7000", "--seed=42", "--days", "7", "--per-day=80",
                      "--end", "2026-11-04", "--dry-run"});
  ASSERT_TRUE(flags.ok()) << flags.status();
  EXPECT_EQ(flags->server, "db.example:7000");
  EXPECT_EQ(flags->demo.seed, 42u);
  EXPECT_EQ(flags->demo.days, 7);
  EXPECT_EQ(flags->demo.interactions_per_day, 80);
  EXPECT_EQ(flags->demo.end, absl::FromCivil(absl::CivilDay(2026, 11, 4), absl::UTCTimeZone()));
  EXPECT_TRUE(flags->dry_run);
}

TEST(DemoFlagsTest, SeedTakesTheWholeUnsigned64BitRange) {
  const absl::StatusOr<DemoFlags> flags = ParseDemoFlags({"--seed", "18446744073709551615"});
  ASSERT_TRUE(flags.ok()) << flags.status();
  EXPECT_EQ(flags->demo.seed, 18446744073709551615u);
}

TEST(DemoFlagsTest, HelpIsRecognised) {
  EXPECT_TRUE(ParseDemoFlags({"--help"})->help);
  EXPECT_TRUE(ParseDemoFlags({"-h"})->help);
  EXPECT_THAT(DemoUsage(), HasSubstr("--per-day"));
}

TEST(DemoFlagsTest, ErrorsNameTheFlag) {
  EXPECT_THAT(ErrorOf({"--days", "-1"}), HasSubstr("--days"));
  EXPECT_THAT(ErrorOf({"--days", "lots"}), HasSubstr("--days"));
  EXPECT_THAT(ErrorOf({"--per-day=100001"}), HasSubstr("--per-day"));
  EXPECT_THAT(ErrorOf({"--seed", "-3"}), HasSubstr("--seed"));
  EXPECT_THAT(ErrorOf({"--server", "localhost"}), HasSubstr("--server"));
  EXPECT_THAT(ErrorOf({"--end", "04/11/2026"}), HasSubstr("--end"));
  EXPECT_THAT(ErrorOf({"--end", "1999-12-31"}), HasSubstr("--end"));
  EXPECT_THAT(ErrorOf({"--days"}), HasSubstr("--days needs a value"));
  EXPECT_THAT(ErrorOf({"--token", "two words"}), HasSubstr("--token"));
  EXPECT_THAT(ErrorOf({"--token="}), HasSubstr("--token"));
  EXPECT_THAT(ErrorOf({"--demo-tokens-file="}), HasSubstr("--demo-tokens-file"));
  EXPECT_THAT(ErrorOf({"--dry-run=yes"}), HasSubstr("--dry-run"));
  EXPECT_THAT(ErrorOf({"--colour", "red"}), HasSubstr("unknown flag --colour"));
  EXPECT_THAT(ErrorOf({"extra"}), HasSubstr("unexpected argument"));
}

}  // namespace
}  // namespace escala::demo
