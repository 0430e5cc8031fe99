#include "client/core/args.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace escala::client {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

std::vector<FlagSpec> Specs() {
  FlagSpec team = FieldFlag("team", "ID", "team_id", "Team.");
  team.aliases.push_back("team-id");
  return {team, ValueFlag("page-size", "N", "Page size."), SwitchFlag("all", "Every page.")};
}

TEST(ArgsTest, ReadsValueFromNextArgumentOrAfterEquals) {
  const std::vector<FlagSpec> specs = Specs();
  absl::StatusOr<ParsedArgs> parsed = ParseArgs({"--team", "t1", "--page-size=20"}, specs);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->Value("team"), "t1");
  EXPECT_EQ(parsed->Value("page-size"), "20");
  EXPECT_FALSE(parsed->Has("all"));
}

TEST(ArgsTest, EqualsFormAllowsEmptyValuesAndValuesWithEquals) {
  const std::vector<FlagSpec> specs = Specs();
  absl::StatusOr<ParsedArgs> parsed = ParseArgs({"--team=", "--page-size=a=b"}, specs);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->Value("team"), "");
  EXPECT_EQ(parsed->Value("page-size"), "a=b");
}

TEST(ArgsTest, AliasSetsTheCanonicalFlag) {
  const std::vector<FlagSpec> specs = Specs();
  absl::StatusOr<ParsedArgs> parsed = ParseArgs({"--team-id", "t1"}, specs);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->Value("team"), "t1");
  ASSERT_EQ(parsed->flags.size(), 1u);
  EXPECT_EQ(parsed->flags[0].spec->field_path, "team_id");
}

TEST(ArgsTest, KeepsPositionalArgumentsBetweenFlags) {
  const std::vector<FlagSpec> specs = Specs();
  absl::StatusOr<ParsedArgs> parsed = ParseArgs({"e1", "--all", "e2", "-5"}, specs);
  ASSERT_TRUE(parsed.ok());
  EXPECT_THAT(parsed->positional, ElementsAre("e1", "e2", "-5"));
  EXPECT_TRUE(parsed->Has("all"));
}

TEST(ArgsTest, DoubleDashEndsFlags) {
  const std::vector<FlagSpec> specs = Specs();
  absl::StatusOr<ParsedArgs> parsed = ParseArgs({"--", "--all"}, specs);
  ASSERT_TRUE(parsed.ok());
  EXPECT_THAT(parsed->positional, ElementsAre("--all"));
  EXPECT_FALSE(parsed->Has("all"));
}

TEST(ArgsTest, UnknownFlagIsAnError) {
  const std::vector<FlagSpec> specs = Specs();
  absl::StatusOr<ParsedArgs> parsed = ParseArgs({"--colour", "red"}, specs);
  ASSERT_FALSE(parsed.ok());
  EXPECT_THAT(parsed.status().message(), HasSubstr("unknown flag --colour"));
  EXPECT_FALSE(ParseArgs({"-x"}, specs).ok());
}

TEST(ArgsTest, MissingValueIsAnError) {
  const std::vector<FlagSpec> specs = Specs();
  EXPECT_THAT(ParseArgs({"--team"}, specs).status().message(), HasSubstr("needs a value"));
  // A flag where the value should be is a forgotten value.
  EXPECT_THAT(ParseArgs({"--team", "--all"}, specs).status().message(), HasSubstr("needs a value"));
}

TEST(ArgsTest, SwitchWithValueIsAnError) {
  const std::vector<FlagSpec> specs = Specs();
  EXPECT_THAT(ParseArgs({"--all=yes"}, specs).status().message(), HasSubstr("takes no value"));
}

TEST(ArgsTest, RepeatedFlagIsAnErrorEvenThroughAnAlias) {
  const std::vector<FlagSpec> specs = Specs();
  EXPECT_THAT(ParseArgs({"--team", "a", "--team-id", "b"}, specs).status().message(),
              HasSubstr("more than once"));
}

TEST(ArgsTest, RepeatableFlagKeepsEveryValueInOrder) {
  std::vector<FlagSpec> specs = Specs();
  FlagSpec criterion = Repeatable(ValueFlag("criterion", "KEY", "Criterion."));
  criterion.aliases.push_back("key");
  specs.push_back(criterion);
  specs.push_back(Repeatable(SwitchFlag("na", "N/A.")));
  absl::StatusOr<ParsedArgs> parsed = ParseArgs(
      {"--criterion", "k1", "--na", "--key=k2", "--team", "t", "--criterion", "k3", "--na"}, specs);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_THAT(parsed->Values("criterion"), ElementsAre("k1", "k2", "k3"));
  EXPECT_EQ(parsed->Value("criterion"), "k1");
  EXPECT_EQ(parsed->Count("criterion"), 3u);
  EXPECT_EQ(parsed->Count("na"), 2u);
  EXPECT_THAT(parsed->Values("team"), ElementsAre("t"));
  EXPECT_TRUE(parsed->Values("page-size").empty());
  EXPECT_EQ(parsed->Count("page-size"), 0u);
}

TEST(ArgsTest, RepeatableDoesNotLoosenTheOtherFlags) {
  std::vector<FlagSpec> specs = Specs();
  specs.push_back(Repeatable(ValueFlag("criterion", "KEY", "Criterion.")));
  EXPECT_THAT(
      ParseArgs({"--criterion", "a", "--criterion", "b", "--team", "x", "--team", "y"}, specs)
          .status()
          .message(),
      HasSubstr("--team given more than once"));
  // Every occurrence of a repeatable flag still needs its value.
  EXPECT_THAT(ParseArgs({"--criterion", "a", "--criterion"}, specs).status().message(),
              HasSubstr("--criterion needs a value"));
}

TEST(ArgsTest, HelpMarksRepeatableFlags) {
  const std::string help =
      FormatFlagHelp({Repeatable(ValueFlag("criterion", "KEY", "The criterion.")),
                      ValueFlag("reason", "TEXT", "Why.")});
  EXPECT_THAT(help, HasSubstr("The criterion. Repeatable."));
  EXPECT_THAT(help, Not(HasSubstr("Why. Repeatable.")));
}

TEST(ArgsTest, HelpWinsOverTheRest) {
  const std::vector<FlagSpec> specs = Specs();
  absl::StatusOr<ParsedArgs> parsed = ParseArgs({"--team", "t", "--help", "--bogus"}, specs);
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->help);
  EXPECT_TRUE(ParseArgs({"-h"}, specs)->help);
}

TEST(ArgsTest, StopAtPositionalLeavesTheRestUnparsed) {
  const std::vector<FlagSpec> specs = Specs();
  absl::StatusOr<ParsedArgs> parsed =
      ParseArgs({"--page-size", "5", "people", "list", "--unknown"}, specs, true);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->Value("page-size"), "5");
  EXPECT_THAT(parsed->positional, ElementsAre("people", "list", "--unknown"));
}

TEST(ArgsTest, HelpDocumentsEveryFlag) {
  FlagSpec required = ValueFlag("employee-id", "ID", "The id.");
  required.required = true;
  std::vector<FlagSpec> specs = Specs();
  specs.push_back(required);
  const std::string help = FormatFlagHelp(specs);
  EXPECT_THAT(help, HasSubstr("--team, --team-id ID"));
  EXPECT_THAT(help, HasSubstr("--page-size N"));
  EXPECT_THAT(help, HasSubstr("--all"));
  EXPECT_THAT(help, HasSubstr("Required. The id."));
  EXPECT_THAT(help, HasSubstr("--help"));
}

}  // namespace
}  // namespace escala::client
