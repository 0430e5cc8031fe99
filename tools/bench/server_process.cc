#include "tools/bench/server_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <fstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"

namespace escala::bench {
namespace {

std::string DescribeWaitStatus(int status) {
  if (WIFEXITED(status)) return absl::StrCat("exited with status ", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return absl::StrCat("killed by signal ", WTERMSIG(status));
  return absl::StrCat("wait status ", status);
}

}  // namespace

absl::StatusOr<std::unique_ptr<ServerProcess>> ServerProcess::Start(
    const std::string& binary, const std::vector<std::string>& flags, const std::string& work_dir,
    absl::Duration timeout) {
  const std::string port_file = work_dir + "/port";
  const std::string log_path = work_dir + "/server.log";
  ::unlink(port_file.c_str());

  // Everything the child needs is prepared before fork: between fork and exec only
  // async-signal-safe calls are allowed, and gRPC threads may already be running here.
  // --plaintext: the server refuses to run without TLS otherwise, and loopback allows it.
  std::vector<std::string> args = {binary, "--listen=127.0.0.1:0", "--plaintext",
                                   "--port_file=" + port_file};
  args.insert(args.end(), flags.begin(), flags.end());
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (log_fd < 0) {
    return absl::InternalError(
        absl::StrCat("cannot create ", log_path, ": ", std::strerror(errno)));
  }
  const int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t parent = ::getpid();

  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(log_fd);
    if (null_fd >= 0) ::close(null_fd);
    return absl::InternalError(absl::StrCat("fork: ", std::strerror(errno)));
  }
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    // The parent may have died before prctl took effect.
    if (::getppid() != parent) ::_exit(127);
    if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
    ::dup2(log_fd, STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
    // The parent blocks no signals, but be explicit: the server installs its own handling.
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execv(argv[0], argv.data());
    static const char kExecFailed[] = "escala-bench: exec of the server binary failed\n";
    (void)!::write(STDERR_FILENO, kExecFailed, sizeof(kExecFailed) - 1);
    ::_exit(127);
  }
  ::close(log_fd);
  if (null_fd >= 0) ::close(null_fd);

  std::unique_ptr<ServerProcess> server(new ServerProcess(pid, log_path));
  const absl::Time deadline = absl::Now() + timeout;
  for (;;) {
    std::ifstream in(port_file);
    std::string line;
    // The server writes the file under another name and renames it: a file seen is complete.
    if (in && std::getline(in, line) &&
        absl::SimpleAtoi(absl::StripAsciiWhitespace(line), &server->port_) && server->port_ > 0) {
      return server;
    }
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) {
      server->exited_ = true;
      return absl::UnavailableError(absl::StrCat("escala-server ", DescribeWaitStatus(status),
                                                 " during start-up; its log ends with:\n",
                                                 server->LogTail(20)));
    }
    if (absl::Now() > deadline) {
      return absl::UnavailableError(absl::StrCat("escala-server not ready within ",
                                                 absl::FormatDuration(timeout),
                                                 "; its log ends with:\n", server->LogTail(20)));
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
}

ServerProcess::~ServerProcess() {
  if (!exited_) (void)Stop(absl::Seconds(15));
}

std::string ServerProcess::address() const { return absl::StrCat("127.0.0.1:", port_); }

int ServerProcess::WaitUntil(absl::Time deadline) {
  for (;;) {
    int status = 0;
    const pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_ || (done < 0 && errno == ECHILD)) {
      exited_ = true;
      return done == pid_ ? status : 0;
    }
    if (absl::Now() > deadline) return -1;
    absl::SleepFor(absl::Milliseconds(10));
  }
}

absl::Status ServerProcess::Stop(absl::Duration grace) {
  if (exited_) return absl::OkStatus();
  ::kill(pid_, SIGTERM);
  int status = WaitUntil(absl::Now() + grace);
  if (status == -1) {
    ::kill(pid_, SIGKILL);
    WaitUntil(absl::InfiniteFuture());
    return absl::InternalError(absl::StrCat("escala-server did not stop within ",
                                            absl::FormatDuration(grace), " of SIGTERM; killed"));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return absl::InternalError(absl::StrCat("escala-server ", DescribeWaitStatus(status),
                                            " after SIGTERM; its log ends with:\n", LogTail(20)));
  }
  return absl::OkStatus();
}

std::string ServerProcess::LogTail(int lines) const {
  std::ifstream in(log_path_);
  std::deque<std::string> tail;
  for (std::string line; std::getline(in, line);) {
    tail.push_back(std::move(line));
    if (static_cast<int>(tail.size()) > lines) tail.pop_front();
  }
  return absl::StrJoin(tail, "\n");
}

}  // namespace escala::bench
