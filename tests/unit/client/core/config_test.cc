#include "client/core/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace escala::client {
namespace {

constexpr char kConfig[] = "server = file:3\ntoken = file-token\nca_cert = /file/ca.pem\n";

SettingsSources Sources(GivenSettings flags, GivenSettings environment,
                        std::optional<std::string> config_text) {
  return SettingsSources{std::move(flags), std::move(environment), std::move(config_text)};
}

TEST(ConfigTest, FlagWinsOverEverything) {
  ResolvedSettings settings = ChooseSettings(Sources(
      {"flag:1", "flag-token", "/flag/ca.pem"}, {"env:2", "env-token", "/env/ca.pem"}, kConfig));
  EXPECT_EQ(settings.server, "flag:1");
  EXPECT_EQ(settings.token, "flag-token");
  EXPECT_EQ(settings.ca_cert, "/flag/ca.pem");
  EXPECT_EQ(settings.ca_cert_origin, "--ca-cert");
}

TEST(ConfigTest, EnvironmentWinsOverConfigFile) {
  ResolvedSettings settings =
      ChooseSettings(Sources({}, {"env:2", "env-token", "/env/ca.pem"}, kConfig));
  EXPECT_EQ(settings.server, "env:2");
  EXPECT_EQ(settings.token, "env-token");
  EXPECT_EQ(settings.ca_cert, "/env/ca.pem");
  EXPECT_EQ(settings.ca_cert_origin, "ESCALA_CA_CERT");
}

TEST(ConfigTest, ConfigFileWinsOverDefaults) {
  ResolvedSettings settings = ChooseSettings(Sources({}, {}, kConfig));
  EXPECT_EQ(settings.server, "file:3");
  EXPECT_EQ(settings.token, "file-token");
  EXPECT_EQ(settings.ca_cert, "/file/ca.pem");
  EXPECT_EQ(settings.ca_cert_origin, "the config file's ca_cert line");
}

TEST(ConfigTest, EachSettingIsResolvedOnItsOwn) {
  // A flag for one setting does not hide the other settings' environment or config values.
  ResolvedSettings settings = ChooseSettings(Sources(
      {"flag:1", std::nullopt, std::nullopt}, {std::nullopt, "env-token", std::nullopt}, kConfig));
  EXPECT_EQ(settings.server, "flag:1");
  EXPECT_EQ(settings.token, "env-token");
  EXPECT_EQ(settings.ca_cert, "/file/ca.pem");
}

TEST(ConfigTest, EmptyEnvironmentVariableIsIgnored) {
  ResolvedSettings settings = ChooseSettings(Sources({}, {"", "", ""}, kConfig));
  EXPECT_EQ(settings.server, "file:3");
  EXPECT_EQ(settings.token, "file-token");
  EXPECT_EQ(settings.ca_cert, "/file/ca.pem");
}

TEST(ConfigTest, DefaultsToLocalhostWithoutTokenOrCa) {
  ResolvedSettings settings = ChooseSettings({});
  EXPECT_EQ(settings.server, "127.0.0.1:50051");
  EXPECT_EQ(settings.token, "");
  EXPECT_EQ(settings.ca_cert, "");
  EXPECT_EQ(settings.ca_cert_origin, "");
  EXPECT_EQ(ChooseSettings(Sources({}, {}, "colour = blue\n")).server, "127.0.0.1:50051");
}

TEST(ConfigTest, ReadsLinesIgnoringCommentsBlanksAndOtherKeys) {
  EXPECT_EQ(ConfigValue("# escala\n  server=10.0.0.5:7000  # office\nother = x\n", "server"),
            "10.0.0.5:7000");
  EXPECT_EQ(ConfigValue("# server = commented:1\n", "server"), std::nullopt);
  EXPECT_EQ(ConfigValue("servers = a:1\n", "server"), std::nullopt);
  EXPECT_EQ(ConfigValue("token = a\ntoken = b\n", "token"), "b");
}

TEST(ConfigTest, HashInsideAValueIsNotAComment) {
  EXPECT_EQ(ConfigValue("token = ab#cd # mine\n", "token"), "ab#cd");
}

TEST(ConfigTest, ReplaceConfigLineKeepsOtherLinesAndReplacesInPlace) {
  const std::string text = "# mine\nserver = s:1\ntoken = old\nca_cert = /ca.pem\ntoken = older\n";
  EXPECT_EQ(ReplaceConfigLine(text, "token", "new"),
            "# mine\nserver = s:1\ntoken = new\nca_cert = /ca.pem\n");
}

TEST(ConfigTest, ReplaceConfigLineAppendsWhenMissing) {
  EXPECT_EQ(ReplaceConfigLine("server = s:1", "token", "t"), "server = s:1\ntoken = t\n");
  EXPECT_EQ(ReplaceConfigLine("", "token", "t"), "token = t\n");
  // A commented-out token line is the user's note, not a setting.
  EXPECT_EQ(ReplaceConfigLine("# token = x\n", "token", "t"), "# token = x\ntoken = t\n");
}

TEST(ConfigTest, ReplaceConfigLineWithNulloptRemovesTheLines) {
  EXPECT_EQ(ReplaceConfigLine("server = s:1\ntoken = a\n\n# end\n", "token", std::nullopt),
            "server = s:1\n\n# end\n");
  EXPECT_EQ(ReplaceConfigLine("token = a\n", "token", std::nullopt), "");
}

TEST(ConfigTest, ConfigPathPrefersXdgConfigHome) {
  EXPECT_EQ(ConfigFilePath("/x", "/home/u"), "/x/escala/config");
  EXPECT_EQ(ConfigFilePath("", "/home/u"), "/home/u/.config/escala/config");
  EXPECT_EQ(ConfigFilePath(nullptr, "/home/u"), "/home/u/.config/escala/config");
  EXPECT_EQ(ConfigFilePath(nullptr, nullptr), std::nullopt);
}

}  // namespace
}  // namespace escala::client
