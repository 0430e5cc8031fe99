#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/platform/clock.h"

namespace escala::server {

// Keeps a client that fails the same way over and over (no token, a refused method, a broken
// request) from writing one log line per call, which would let anyone fill the disk. Failures
// are keyed by peer host (without the port: each connection of a client has a new one), method
// and status code. Per key, the first failure of an interval is logged in full, the others of the
// interval only counted; when the interval is over, one summary line gives their number. A key
// thus writes at most two lines per interval, however many calls fail. Every call is counted in
// the metrics regardless.
class FailureLogLimiter {
 public:
  // How long the repeats of a failure are aggregated. A minute holds a flood to two lines a
  // minute per key and still shows a new kind of failure at once and its volume within a minute.
  static constexpr absl::Duration kInterval = absl::Seconds(60);
  // Keys tracked at once. Past it, failures of new keys share one key per status code (peer and
  // method "other"), so that clients cannot grow the table without bound by varying the peer
  // address or the method name.
  static constexpr std::size_t kMaxKeys = 4096;

  explicit FailureLogLimiter(Clock clock);

  struct Verdict {
    // Whether this failure gets its own line.
    bool log = false;
    // The summary of this key's previous interval, to log first; empty when there is none.
    std::string summary;
  };
  // Decides about one failed call. `peer` is gRPC's ("ipv4:127.0.0.1:40112"), `code` the status
  // code's name.
  Verdict Admit(std::string_view peer, std::string_view method, std::string_view code);

  // The summaries of the intervals that are over, for keys that failed no more since; forgets
  // those keys. Cheap when nothing is due (a clock read and an atomic load), so it runs after
  // every call.
  std::vector<std::string> TakeDueSummaries();
  // Every pending summary, the intervals not over yet included: at shutdown.
  std::vector<std::string> TakeAllSummaries();

  // "ipv4:127.0.0.1:40112" → "ipv4:127.0.0.1", "ipv6:[::1]:40112" → "ipv6:[::1]"; other forms
  // as they are.
  static std::string PeerHost(std::string_view peer);

 private:
  struct Window {
    absl::Time start;
    int64_t suppressed = 0;
  };
  std::string Summary(const std::string& key, const Window& window, absl::Time now) const;
  std::vector<std::string> Take(bool everything);

  const Clock clock_;
  absl::Mutex mutex_;
  absl::flat_hash_map<std::string, Window> windows_ ABSL_GUARDED_BY(mutex_);
  // When TakeDueSummaries next has something to do, in Unix nanoseconds: the end of the oldest
  // interval (at least a second after the last scan), or "never" when no key is tracked.
  std::atomic<int64_t> next_due_nanos_;
};

}  // namespace escala::server
