#include "client/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace escala::client {
namespace {

TEST(ConfigTest, FlagWinsOverEverything) {
  AddressSources sources{"flag:1", "env:2", "server = file:3\n"};
  EXPECT_EQ(ChooseServerAddress(sources), "flag:1");
}

TEST(ConfigTest, EnvironmentWinsOverConfigFile) {
  AddressSources sources{std::nullopt, "env:2", "server = file:3\n"};
  EXPECT_EQ(ChooseServerAddress(sources), "env:2");
}

TEST(ConfigTest, EmptyEnvironmentVariableIsIgnored) {
  AddressSources sources{std::nullopt, "", "server = file:3\n"};
  EXPECT_EQ(ChooseServerAddress(sources), "file:3");
}

TEST(ConfigTest, DefaultsToLocalhost) {
  EXPECT_EQ(ChooseServerAddress({}), "127.0.0.1:50051");
  AddressSources no_server_line{std::nullopt, std::nullopt, "colour = blue\n"};
  EXPECT_EQ(ChooseServerAddress(no_server_line), "127.0.0.1:50051");
}

TEST(ConfigTest, ReadsServerLineIgnoringCommentsBlanksAndOtherKeys) {
  EXPECT_EQ(ServerFromConfigText("# escala\n  server=10.0.0.5:7000  # office\nother = x\n"),
            "10.0.0.5:7000");
  EXPECT_EQ(ServerFromConfigText("# server = commented:1\n"), std::nullopt);
  EXPECT_EQ(ServerFromConfigText("servers = a:1\n"), std::nullopt);
}

TEST(ConfigTest, ConfigPathPrefersXdgConfigHome) {
  EXPECT_EQ(ConfigFilePath("/x", "/home/u"), "/x/escala/config");
  EXPECT_EQ(ConfigFilePath("", "/home/u"), "/home/u/.config/escala/config");
  EXPECT_EQ(ConfigFilePath(nullptr, "/home/u"), "/home/u/.config/escala/config");
  EXPECT_EQ(ConfigFilePath(nullptr, nullptr), std::nullopt);
}

}  // namespace
}  // namespace escala::client
