#include "tools/bench/load.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

namespace escala::bench {
namespace {

using SteadyClock = std::chrono::steady_clock;

int64_t NanosBetween(SteadyClock::time_point from, SteadyClock::time_point to) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(to - from).count();
}

// What the slots of one measurement share: the limits, the sequence counter and the tallies.
class Tally {
 public:
  explicit Tally(const LoadLimits& limits)
      : limits_(limits),
        start_(SteadyClock::now()),
        deadline_(start_ + std::chrono::nanoseconds(absl::ToInt64Nanoseconds(limits.duration))) {}

  // The next sequence number, or -1 when no further call may start.
  int64_t Next() {
    if (SteadyClock::now() >= deadline_) return -1;
    const int64_t sequence = next_.fetch_add(1);
    if (limits_.max_calls > 0 && sequence >= limits_.max_calls) return -1;
    return sequence;
  }

  void Record(const absl::Status& status, SteadyClock::time_point started) {
    const SteadyClock::time_point now = SteadyClock::now();
    std::lock_guard<std::mutex> lock(mutex_);
    ++result_.calls;
    last_end_ = std::max(last_end_, now);
    if (status.ok()) {
      result_.latencies_ns.push_back(NanosBetween(started, now));
    } else if (result_.errors++ == 0) {
      result_.first_error = status.ToString();
    }
  }

  LoadResult Finish() {
    std::lock_guard<std::mutex> lock(mutex_);
    result_.seconds = static_cast<double>(NanosBetween(start_, std::max(last_end_, start_))) / 1e9;
    std::sort(result_.latencies_ns.begin(), result_.latencies_ns.end());
    return std::move(result_);
  }

 private:
  const LoadLimits limits_;
  const SteadyClock::time_point start_;
  const SteadyClock::time_point deadline_;
  std::atomic<int64_t> next_{0};
  std::mutex mutex_;
  LoadResult result_;
  SteadyClock::time_point last_end_{};
};

// One closed-loop slot: starts a call, and from its completion the next.
class Slot {
 public:
  Slot(Tally& tally, const StartCall& start, std::function<void()> on_idle)
      : tally_(tally), start_(start), on_idle_(std::move(on_idle)) {}

  void StartNext() {
    const int64_t sequence = tally_.Next();
    if (sequence < 0) {
      on_idle_();
      return;
    }
    const SteadyClock::time_point started = SteadyClock::now();
    start_(sequence, [this, started](absl::Status status) {
      tally_.Record(status, started);
      StartNext();
    });
  }

 private:
  Tally& tally_;
  const StartCall& start_;
  std::function<void()> on_idle_;
};

}  // namespace

double LoadResult::LatencyMs(double q) const {
  if (latencies_ns.empty()) return 0;
  // Nearest rank: the smallest latency at or above which a fraction q of the calls lie.
  const double rank = std::ceil(q * static_cast<double>(latencies_ns.size()));
  const std::size_t index =
      std::min(latencies_ns.size() - 1, static_cast<std::size_t>(std::max(1.0, rank)) - 1);
  return static_cast<double>(latencies_ns[index]) / 1e6;
}

LoadResult RunClosedLoop(const LoadLimits& limits, const StartCall& start) {
  std::mutex mutex;
  std::condition_variable all_idle;
  int idle = 0;
  auto on_idle = [&] {
    std::lock_guard<std::mutex> lock(mutex);
    if (++idle == limits.in_flight) all_idle.notify_one();
  };
  Tally tally(limits);
  std::vector<std::unique_ptr<Slot>> slots;
  for (int i = 0; i < limits.in_flight; ++i)
    slots.push_back(std::make_unique<Slot>(tally, start, on_idle));
  for (auto& slot : slots) slot->StartNext();
  std::unique_lock<std::mutex> lock(mutex);
  all_idle.wait(lock, [&] { return idle == limits.in_flight; });
  return tally.Finish();
}

LoadResult RunThreads(const LoadLimits& limits, const std::function<absl::Status(int)>& init,
                      const std::function<absl::Status(int thread, int64_t sequence)>& call) {
  // Threads connect first and then wait for one another, so that connecting is not measured.
  std::mutex mutex;
  std::condition_variable ready_changed;
  int ready = 0;
  bool go = false;
  std::vector<absl::Status> init_errors(static_cast<std::size_t>(limits.in_flight));
  std::unique_ptr<Tally> tally;
  std::vector<std::thread> threads;
  for (int t = 0; t < limits.in_flight; ++t) {
    threads.emplace_back([&, t] {
      absl::Status status = init(t);
      {
        std::unique_lock<std::mutex> lock(mutex);
        init_errors[static_cast<std::size_t>(t)] = status;
        ++ready;
        ready_changed.notify_all();
        ready_changed.wait(lock, [&] { return go; });
      }
      if (!status.ok()) return;
      for (int64_t sequence = tally->Next(); sequence >= 0; sequence = tally->Next()) {
        const SteadyClock::time_point started = SteadyClock::now();
        tally->Record(call(t, sequence), started);
      }
    });
  }
  {
    std::unique_lock<std::mutex> lock(mutex);
    ready_changed.wait(lock, [&] { return ready == limits.in_flight; });
    tally = std::make_unique<Tally>(limits);
    go = true;
    ready_changed.notify_all();
  }
  for (std::thread& thread : threads) thread.join();
  LoadResult result = tally->Finish();
  for (const absl::Status& status : init_errors) {
    if (!status.ok()) {
      ++result.errors;
      if (result.first_error.empty()) result.first_error = status.ToString();
    }
  }
  return result;
}

}  // namespace escala::bench
