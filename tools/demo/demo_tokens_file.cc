#include "tools/demo/demo_tokens_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace escala::demo {
namespace {

absl::Status Failed(const std::string& what, const std::string& path) {
  return absl::InternalError(absl::StrCat("cannot ", what, " ", path, ": ", std::strerror(errno)));
}

}  // namespace

std::string FormatDemoTokens(const std::vector<DemoToken>& tokens) {
  std::string out = "# role employee_id display_name token\n";
  for (const DemoToken& token : tokens) {
    absl::StrAppend(&out, token.holder.role, " ", token.holder.employee_id, " ",
                    token.holder.display_name, " ", token.secret, "\n");
  }
  return out;
}

absl::Status WriteDemoTokensFile(const std::string& path, const std::vector<DemoToken>& tokens) {
  // Created with 0600 so that the secrets are never readable by others, not even for a moment;
  // fchmod narrows a file that already existed with wider permissions.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Failed("create", path);
  if (::fchmod(fd, 0600) != 0) {
    const absl::Status status = Failed("restrict the permissions of", path);
    ::close(fd);
    return status;
  }
  const std::string text = FormatDemoTokens(tokens);
  size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const absl::Status status = Failed("write", path);
      ::close(fd);
      return status;
    }
    written += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) return Failed("write", path);
  return absl::OkStatus();
}

}  // namespace escala::demo
