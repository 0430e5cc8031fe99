#pragma once

// A pseudo-terminal session with a real program (forkpty; link `util`), for tests of interactive
// commands: the program sees a terminal on stdin/stdout/stderr (isatty is true, Ctrl-C is turned
// into SIGINT by the terminal's line discipline), the test types and reads the screen.

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

extern char** environ;

namespace escala::testing {

class PtySession {
 public:
  // Starts `argv` on a new pseudo-terminal. `environment` entries ("NAME=value") replace the
  // variables of the same name; `unset` names are left out.
  PtySession(const std::vector<std::string>& argv, const std::vector<std::string>& environment,
             const std::vector<std::string>& unset = {}) {
    // Everything exec needs is built before fork: the test process runs gRPC threads, and only
    // async-signal-safe calls are allowed in the child.
    std::vector<std::string> env_strings;
    for (char** entry = environ; *entry != nullptr; ++entry) {
      const std::string text(*entry);
      const std::string name = text.substr(0, text.find('='));
      bool drop = false;
      for (const std::string& u : unset) drop = drop || name == u;
      for (const std::string& e : environment) drop = drop || e.substr(0, e.find('=')) == name;
      if (!drop) env_strings.push_back(text);
    }
    for (const std::string& e : environment) env_strings.push_back(e);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    std::vector<char*> envp;
    for (const std::string& e : env_strings) envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);
    winsize size{};
    size.ws_row = 50;
    size.ws_col = 120;
    pid_ = ::forkpty(&master_, nullptr, nullptr, &size);
    if (pid_ == 0) {
      ::execve(args[0], args.data(), envp.data());
      ::_exit(127);
    }
  }
  ~PtySession() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (master_ >= 0) ::close(master_);
  }
  PtySession(const PtySession&) = delete;
  PtySession& operator=(const PtySession&) = delete;

  bool started() const { return pid_ > 0 && master_ >= 0; }

  // Waits until `text` shows on the screen after what earlier waits matched, and moves past it.
  bool WaitFor(absl::string_view text, absl::Duration timeout = absl::Seconds(20)) {
    const absl::Time deadline = absl::Now() + timeout;
    while (true) {
      const size_t found = screen_.find(text.data(), cursor_, text.size());
      if (found != std::string::npos) {
        cursor_ = found + text.size();
        return true;
      }
      if (absl::Now() >= deadline || !ReadSome(deadline - absl::Now())) return false;
    }
  }

  // Types a line and Enter.
  void Type(absl::string_view line) { Send(absl::StrCat(line, "\r")); }
  void Send(absl::string_view bytes) {
    size_t sent = 0;
    while (sent < bytes.size()) {
      const ssize_t n = ::write(master_, bytes.data() + sent, bytes.size() - sent);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;
      sent += static_cast<size_t>(n);
    }
  }

  // Reads the rest of the output and waits for the exit; the exit status, or -1 when the
  // program was killed (also after `timeout`).
  int Wait(absl::Duration timeout = absl::Seconds(20)) {
    const absl::Time deadline = absl::Now() + timeout;
    while (absl::Now() < deadline && ReadSome(deadline - absl::Now())) {
    }
    int status = 0;
    while (true) {
      const pid_t done = ::waitpid(pid_, &status, WNOHANG);
      if (done == pid_) break;
      if (absl::Now() >= deadline) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        break;
      }
      absl::SleepFor(absl::Milliseconds(20));
    }
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  // Everything shown so far, with the terminal's carriage returns taken out.
  const std::string& screen() const { return screen_; }

 private:
  // Reads what is available within `timeout`; false once the program closed the terminal.
  bool ReadSome(absl::Duration timeout) {
    pollfd fd{master_, POLLIN, 0};
    const int ready = ::poll(&fd, 1, static_cast<int>(absl::ToInt64Milliseconds(timeout)) + 1);
    if (ready <= 0) return ready == 0 || errno == EINTR;
    char chunk[4096];
    const ssize_t n = ::read(master_, chunk, sizeof(chunk));
    if (n <= 0) return false;  // EIO: the program exited and closed its side
    for (ssize_t i = 0; i < n; ++i) {
      if (chunk[i] != '\r') screen_.push_back(chunk[i]);
    }
    return true;
  }

  pid_t pid_ = -1;
  int master_ = -1;
  std::string screen_;
  size_t cursor_ = 0;
};

// `argv` (a CLI command line) on a new pseudo-terminal with `home` as HOME and XDG_CONFIG_HOME
// and without the ESCALA_* variables of the test's own environment, so that no config file or
// token of the user running the tests is in reach.
inline std::unique_ptr<PtySession> StartIsolatedCli(const std::vector<std::string>& argv,
                                                    const std::string& home) {
  return std::make_unique<PtySession>(
      argv, std::vector<std::string>{"HOME=" + home, "XDG_CONFIG_HOME=" + home},
      std::vector<std::string>{"ESCALA_TOKEN", "ESCALA_SERVER", "ESCALA_CA_CERT"});
}

}  // namespace escala::testing
