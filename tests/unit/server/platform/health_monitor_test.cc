#include "server/platform/health_monitor.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>

#include "absl/time/time.h"

namespace escala::server {
namespace {

// A ping that hangs until released, as one to a stopped database does.
class HangingPing {
 public:
  absl::Status operator()() {
    std::unique_lock<std::mutex> lock(mutex_);
    ++started_;
    released_cv_.wait(lock, [this] { return released_; });
    return absl::OkStatus();
  }
  void Release() {
    std::lock_guard<std::mutex> lock(mutex_);
    released_ = true;
    released_cv_.notify_all();
  }
  int started() {
    std::lock_guard<std::mutex> lock(mutex_);
    return started_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable released_cv_;
  bool released_ = false;
  int started_ = 0;
};

TEST(HealthMonitor, ReportsADatabaseThatDoesNotAnswerAsDownWithoutWaitingForIt) {
  HangingPing ping;
  ServerState state;
  // A long interval: only the explicit checks below run.
  HealthMonitor monitor([&ping] { return ping(); }, nullptr, state, absl::Hours(1),
                        absl::Milliseconds(50));
  // Returns although the ping hangs, and says the database is down.
  EXPECT_FALSE(monitor.CheckNow());
  EXPECT_FALSE(monitor.CheckNow());
  // The hung ping is not started a second time.
  EXPECT_EQ(ping.started(), 1);
  ping.Release();
  // Once the database answers again, so does the check.
  bool serving = false;
  for (int i = 0; i < 100 && !serving; ++i) serving = monitor.CheckNow();
  EXPECT_TRUE(serving);
  monitor.Stop();
}

TEST(HealthMonitor, DrainingIsNotServingWithoutAskingTheDatabase) {
  std::atomic<int> pings{0};
  ServerState state;
  HealthMonitor monitor(
      [&pings] {
        ++pings;
        return absl::OkStatus();
      },
      nullptr, state, absl::Hours(1), absl::Seconds(10));
  EXPECT_TRUE(monitor.CheckNow());
  const int before = pings.load();
  state.draining = true;
  monitor.Drain();
  EXPECT_EQ(pings.load(), before);
  EXPECT_FALSE(monitor.CheckNow());
}

TEST(HealthMonitor, ReportsAFailedPingAsDown) {
  ServerState state;
  HealthMonitor monitor([] { return absl::UnavailableError("gone"); }, nullptr, state,
                        absl::Hours(1), absl::Seconds(10));
  EXPECT_FALSE(monitor.CheckNow());
}

}  // namespace
}  // namespace escala::server
