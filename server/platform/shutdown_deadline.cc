#include "server/platform/shutdown_deadline.h"

#include <unistd.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "server/platform/logger.h"
#include "server/platform/worker_stats.h"

namespace escala::server {

ShutdownDeadline::ShutdownDeadline(absl::Duration grace, absl::Duration margin,
                                   std::function<int()> cancel_statements)
    : grace_(grace), margin_(margin), cancel_statements_(std::move(cancel_statements)) {}

ShutdownDeadline::~ShutdownDeadline() { Disarm(); }

void ShutdownDeadline::Start() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (disarmed_ || thread_.joinable()) return;
  const absl::Time grace_ends = absl::Now() + grace_;
  thread_ = std::thread([this, grace_ends] { Run(grace_ends); });
}

void ShutdownDeadline::Disarm() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    disarmed_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (cancel_thread_.joinable()) cancel_thread_.join();
}

void ShutdownDeadline::Run(absl::Time grace_ends) {
  std::unique_lock<std::mutex> lock(mutex_);
  auto wait_until = [&](absl::Time when) {
    return wake_.wait_for(lock, absl::ToChronoNanoseconds(when - absl::Now()),
                          [this] { return disarmed_; });
  };
  if (wait_until(grace_ends)) return;
  Log(LogLevel::kWarning,
      absl::StrCat("grace period over with ", WorkersBusy(),
                   " call(s) still running: cancelling their database statements"));
  // On a thread of its own: reaching a database that does not answer takes the client's
  // timeouts, and the exit below must not wait for them.
  cancel_thread_ = std::thread([this] {
    const int cancelled = cancel_statements_();
    if (cancelled > 0) Log(LogLevel::kInfo, absl::StrCat("cancelled ", cancelled, " statement(s)"));
  });
  if (wait_until(grace_ends + margin_)) return;
  Log(LogLevel::kWarning,
      absl::StrCat("shutdown not finished ", absl::FormatDuration(margin_),
                   " after the grace period (", WorkersBusy(),
                   " call(s) still waiting on the database): exiting now; nothing acknowledged "
                   "is lost, uncommitted work rolls back"));
  // Skips the destructors: the threads they would join are the ones stuck.
  _exit(0);
}

}  // namespace escala::server
