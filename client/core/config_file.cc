#include "client/core/config_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"

namespace escala::client {
namespace {

absl::Status ErrnoError(absl::string_view what, const std::string& path) {
  return absl::PermissionDeniedError(absl::StrCat(what, " '", path, "': ", std::strerror(errno)));
}

absl::Status EnsurePrivateDirectory(const std::filesystem::path& directory) {
  std::error_code error;
  if (std::filesystem::is_directory(directory, error)) return absl::OkStatus();
  if (directory.has_parent_path()) {
    std::filesystem::create_directories(directory.parent_path(), error);
    if (error) {
      return absl::PermissionDeniedError(absl::StrCat(
          "cannot create '", directory.parent_path().string(), "': ", error.message()));
    }
  }
  if (::mkdir(directory.c_str(), 0700) != 0 && errno != EEXIST) {
    return ErrnoError("cannot create", directory.string());
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::optional<std::string>> ReadConfigFile(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return ErrnoError("cannot read", path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

absl::Status WritePrivateConfigFile(const std::string& path, absl::string_view text) {
  std::filesystem::path target(path);
  std::error_code error;
  if (std::filesystem::is_symlink(target, error)) {
    target = std::filesystem::weakly_canonical(target, error);
    if (error) {
      return absl::PermissionDeniedError(
          absl::StrCat("cannot follow the link '", path, "': ", error.message()));
    }
  }
  if (absl::Status status = EnsurePrivateDirectory(target.parent_path()); !status.ok()) {
    return status;
  }
  // mkstemp creates the file 0600 before anything is written to it.
  std::string temporary = target.string() + ".XXXXXX";
  std::vector<char> pattern(temporary.begin(), temporary.end());
  pattern.push_back('\0');
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) return ErrnoError("cannot create a file next to", target.string());
  temporary = pattern.data();
  size_t written = 0;
  errno = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  bool ok = written == text.size() && ::fchmod(fd, 0600) == 0 && ::fsync(fd) == 0;
  int failure = ok ? 0 : (errno != 0 ? errno : EIO);
  if (::close(fd) != 0 && ok) {
    ok = false;
    failure = errno;
  }
  if (ok && ::rename(temporary.c_str(), target.c_str()) != 0) {
    ok = false;
    failure = errno;
  }
  if (!ok) {
    ::unlink(temporary.c_str());
    errno = failure;
    return ErrnoError("cannot write", target.string());
  }
  return absl::OkStatus();
}

}  // namespace escala::client
