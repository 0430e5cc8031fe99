#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace escala::bench {

// When a closed-loop measurement ends: after `duration`, or after `max_calls` calls if that is
// positive, whichever comes first.
struct LoadLimits {
  int in_flight = 16;
  absl::Duration duration = absl::Seconds(5);
  int64_t max_calls = 0;
};

// What a closed-loop measurement saw.
struct LoadResult {
  int64_t calls = 0;
  int64_t errors = 0;
  // The first error, for the report.
  std::string first_error;
  // From the first call started to the last one finished.
  double seconds = 0;
  // Of the successful calls, in nanoseconds, sorted.
  std::vector<int64_t> latencies_ns;

  double CallsPerSecond() const { return seconds > 0 ? static_cast<double>(calls) / seconds : 0; }
  // The q-quantile (0–1) of the latencies in milliseconds; 0 when there are none.
  double LatencyMs(double q) const;
};

// Starts one asynchronous call numbered `sequence` (0, 1, 2, … across all slots; unique) and
// arranges for `done` to be called exactly once, on any thread, when it has finished.
using StartCall = std::function<void(int64_t sequence, std::function<void(absl::Status)> done)>;

// Keeps `limits.in_flight` calls outstanding: each finished call starts the next, until the
// limits are reached; then waits for the calls in flight.
LoadResult RunClosedLoop(const LoadLimits& limits, const StartCall& start);

// Runs `limits.in_flight` threads, each making blocking calls of `call(thread, sequence)` one
// after the other until the limits are reached. `init(thread)` runs first on each thread (and
// its failure ends that thread before the clock starts); `sequence` is unique across threads.
LoadResult RunThreads(const LoadLimits& limits, const std::function<absl::Status(int)>& init,
                      const std::function<absl::Status(int thread, int64_t sequence)>& call);

}  // namespace escala::bench
