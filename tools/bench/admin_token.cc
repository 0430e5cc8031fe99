#include "tools/bench/admin_token.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"

namespace escala::bench {
namespace {

std::string LogTail(const std::string& log_path) {
  std::ifstream in(log_path);
  std::deque<std::string> tail;
  for (std::string line; std::getline(in, line);) {
    tail.push_back(std::move(line));
    if (tail.size() > 20) tail.pop_front();
  }
  return absl::StrJoin(tail, "\n");
}

absl::Status Failed(absl::string_view what, const std::string& log_path) {
  return absl::UnavailableError(absl::StrCat("escala-server --bootstrap_admin ", what,
                                             "; its log ends with:\n", LogTail(log_path)));
}

}  // namespace

absl::StatusOr<std::string> BootstrapAdminToken(const std::string& binary,
                                                const std::vector<std::string>& db_flags,
                                                const std::string& log_path,
                                                absl::Duration timeout) {
  // As in ServerProcess::Start: everything is prepared before fork, since only async-signal-safe
  // calls are allowed between fork and exec once gRPC threads may be running.
  std::vector<std::string> args = {binary, absl::StrCat("--bootstrap_admin=", kBenchAdminAccount)};
  args.insert(args.end(), db_flags.begin(), db_flags.end());
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) {
    return absl::InternalError(absl::StrCat("pipe: ", std::strerror(errno)));
  }
  const int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (log_fd < 0) {
    ::close(out[0]);
    ::close(out[1]);
    return absl::InternalError(
        absl::StrCat("cannot create ", log_path, ": ", std::strerror(errno)));
  }
  const int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t parent = ::getpid();

  const pid_t pid = ::fork();
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) ::_exit(127);
    if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
    ::dup2(out[1], STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
    ::execv(argv[0], argv.data());
    static const char kExecFailed[] = "escala-bench: exec of the server binary failed\n";
    (void)!::write(STDERR_FILENO, kExecFailed, sizeof(kExecFailed) - 1);
    ::_exit(127);
  }
  ::close(out[1]);
  ::close(log_fd);
  if (null_fd >= 0) ::close(null_fd);
  if (pid < 0) {
    ::close(out[0]);
    return absl::InternalError(absl::StrCat("fork: ", std::strerror(errno)));
  }

  // Read stdout to its end (the child exits right after printing), within the deadline.
  std::string output;
  const absl::Time deadline = absl::Now() + timeout;
  bool timed_out = false;
  for (;;) {
    const int64_t left_ms = absl::ToInt64Milliseconds(deadline - absl::Now());
    if (left_ms <= 0) {
      timed_out = true;
      break;
    }
    pollfd ready{out[0], POLLIN, 0};
    const int polled = ::poll(&ready, 1, static_cast<int>(std::min<int64_t>(left_ms, 1000)));
    if (polled < 0 && errno != EINTR) break;
    if (polled <= 0) continue;
    char buffer[512];
    const ssize_t n = ::read(out[0], buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    output.append(buffer, static_cast<size_t>(n));
  }
  ::close(out[0]);
  if (timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out)
    return Failed(absl::StrCat("did not finish within ", absl::FormatDuration(timeout)), log_path);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return Failed(WIFEXITED(status) ? absl::StrCat("exited with status ", WEXITSTATUS(status))
                                    : absl::StrCat("was killed by signal ", WTERMSIG(status)),
                  log_path);
  }
  const std::string secret(absl::StripAsciiWhitespace(output));
  if (secret.empty() || secret.find_first_of(" \t\r\n") != std::string::npos) {
    return Failed("did not print a token as its only line of output", log_path);
  }
  return secret;
}

}  // namespace escala::bench
