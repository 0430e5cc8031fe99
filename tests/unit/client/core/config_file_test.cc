#include "client/core/config_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "client/core/config.h"

namespace escala::client {
namespace {

class ConfigFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/escala_config_file_test_XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static unsigned Mode(const std::string& path) {
    struct stat info {};
    EXPECT_EQ(stat(path.c_str(), &info), 0) << path;
    return info.st_mode & 0777;
  }

  std::string dir_;
};

TEST_F(ConfigFileTest, MissingFileIsNullopt) {
  absl::StatusOr<std::optional<std::string>> text = ReadConfigFile(dir_ + "/none");
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text, std::nullopt);
}

TEST_F(ConfigFileTest, CreatesDirectory0700AndFile0600) {
  const std::string path = dir_ + "/home/.config/escala/config";
  ASSERT_TRUE(WritePrivateConfigFile(path, "token = t\n").ok());
  EXPECT_EQ(Mode(dir_ + "/home/.config/escala"), 0700u);
  EXPECT_EQ(Mode(path), 0600u);
  EXPECT_EQ(ReadConfigFile(path).value(), "token = t\n");
}

TEST_F(ConfigFileTest, TokenLineRewriteKeepsOtherLinesAndTightensPermissions) {
  const std::string path = dir_ + "/config";
  std::ofstream(path) << "# my settings\nserver = s.example:443\ntoken = old\nca_cert = /ca.pem\n";
  ASSERT_EQ(chmod(path.c_str(), 0644), 0);

  const std::string text = ReadConfigFile(path).value().value();
  ASSERT_TRUE(WritePrivateConfigFile(path, ReplaceConfigLine(text, "token", "new")).ok());
  EXPECT_EQ(ReadConfigFile(path).value(),
            "# my settings\nserver = s.example:443\ntoken = new\nca_cert = /ca.pem\n");
  EXPECT_EQ(Mode(path), 0600u);
  // Nothing is left behind from the write.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir_),
                          std::filesystem::directory_iterator()),
            1);
}

TEST_F(ConfigFileTest, SymbolicLinkIsFollowed) {
  const std::string target = dir_ + "/real";
  const std::string link = dir_ + "/config";
  std::ofstream(target) << "server = s:1\n";
  std::filesystem::create_symlink(target, link);
  ASSERT_TRUE(WritePrivateConfigFile(link, "server = s:1\ntoken = t\n").ok());
  EXPECT_TRUE(std::filesystem::is_symlink(link));
  EXPECT_EQ(ReadConfigFile(target).value(), "server = s:1\ntoken = t\n");
  EXPECT_EQ(Mode(target), 0600u);
}

TEST_F(ConfigFileTest, UnwritableDirectoryIsAnError) {
  if (geteuid() == 0) GTEST_SKIP() << "root may write anywhere";
  ASSERT_EQ(chmod(dir_.c_str(), 0500), 0);
  absl::Status status = WritePrivateConfigFile(dir_ + "/config", "token = t\n");
  chmod(dir_.c_str(), 0700);
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(std::string(status.message()), ::testing::HasSubstr(dir_));
}

}  // namespace
}  // namespace escala::client
