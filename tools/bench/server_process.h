#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace escala::bench {

// An escala-server child process. It is started with --listen=127.0.0.1:0 and a --port_file in
// `work_dir`; its output goes to `work_dir`/server.log (one line per RPC would flood a terminal).
// Should the benchmark die, the kernel sends the child SIGTERM, so no server outlives it.
class ServerProcess {
 public:
  // Starts `binary` with `flags` (besides --listen and --port_file) and waits until it has written
  // its port. UNAVAILABLE, with the end of its log, if it exits first or is not ready in `timeout`.
  static absl::StatusOr<std::unique_ptr<ServerProcess>> Start(const std::string& binary,
                                                              const std::vector<std::string>& flags,
                                                              const std::string& work_dir,
                                                              absl::Duration timeout);
  // Stops the server if it is still running (SIGKILL after a grace period).
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // The port the server listens on, on 127.0.0.1.
  int port() const { return port_; }
  std::string address() const;

  // Sends SIGTERM and waits for the exit; SIGKILL after `grace`. INTERNAL when the server did not
  // exit cleanly with status 0.
  absl::Status Stop(absl::Duration grace);

  // The last `lines` lines of the server's log.
  std::string LogTail(int lines) const;

 private:
  ServerProcess(pid_t pid, std::string log_path) : pid_(pid), log_path_(std::move(log_path)) {}
  // Waits for the child; returns its wait status, or -1 if still running at `deadline`.
  int WaitUntil(absl::Time deadline);

  pid_t pid_;
  std::string log_path_;
  int port_ = 0;
  bool exited_ = false;
};

}  // namespace escala::bench
