#include "server/platform/failure_log_limiter.h"

#include <algorithm>
#include <limits>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace escala::server {
namespace {

constexpr int64_t kNever = std::numeric_limits<int64_t>::max();
// Separates the parts of a key; gRPC's peer strings and method names do not contain it.
constexpr char kSeparator = '\x1f';
// The least time between two scans of the table for intervals that are over.
constexpr absl::Duration kSweepSpacing = absl::Seconds(1);

}  // namespace

FailureLogLimiter::FailureLogLimiter(Clock clock)
    : clock_(std::move(clock)), next_due_nanos_(kNever) {}

std::string FailureLogLimiter::PeerHost(std::string_view peer) {
  if (peer.rfind("ipv4:", 0) != 0 && peer.rfind("ipv6:", 0) != 0) return std::string(peer);
  const std::size_t colon = peer.rfind(':');
  const std::string_view port = peer.substr(colon + 1);
  if (colon < 5 || port.empty()) return std::string(peer);
  for (const char c : port) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return std::string(peer);
  }
  return std::string(peer.substr(0, colon));
}

FailureLogLimiter::Verdict FailureLogLimiter::Admit(std::string_view peer, std::string_view method,
                                                    std::string_view code) {
  const absl::Time now = clock_();
  std::string key = absl::StrCat(PeerHost(peer), std::string(1, kSeparator), std::string(method),
                                 std::string(1, kSeparator), std::string(code));
  Verdict verdict;
  absl::MutexLock lock(&mutex_);
  auto found = windows_.find(key);
  if (found == windows_.end() && windows_.size() >= kMaxKeys) {
    key = absl::StrCat("other", std::string(1, kSeparator), "other", std::string(1, kSeparator),
                       std::string(code));
    found = windows_.find(key);
  }
  if (found != windows_.end() && now - found->second.start < kInterval) {
    ++found->second.suppressed;
    return verdict;
  }
  if (found != windows_.end()) {
    // The key's interval is over: report it, and this failure opens the next one.
    if (found->second.suppressed > 0) verdict.summary = Summary(found->first, found->second, now);
    found->second = Window{.start = now};
  } else {
    windows_.emplace(std::move(key), Window{.start = now});
  }
  next_due_nanos_.store(
      std::min(next_due_nanos_.load(std::memory_order_relaxed), absl::ToUnixNanos(now + kInterval)),
      std::memory_order_relaxed);
  verdict.log = true;
  return verdict;
}

std::string FailureLogLimiter::Summary(const std::string& key, const Window& window,
                                       absl::Time now) const {
  const std::vector<std::string> parts = absl::StrSplit(key, kSeparator);
  const double seconds = std::max(0.0, absl::ToDoubleSeconds(now - window.start));
  return absl::StrCat("rpc failures repeated: method=", parts.size() > 1 ? parts[1] : std::string(),
                      " peer=", parts[0], " code=", parts.size() > 2 ? parts[2] : std::string(),
                      " suppressed=", window.suppressed, " (", window.suppressed,
                      " similar failures after the one logged ", static_cast<int64_t>(seconds),
                      " s ago were counted, not logged)");
}

std::vector<std::string> FailureLogLimiter::TakeDueSummaries() {
  if (absl::ToUnixNanos(clock_()) < next_due_nanos_.load(std::memory_order_relaxed)) return {};
  return Take(false);
}

std::vector<std::string> FailureLogLimiter::TakeAllSummaries() { return Take(true); }

std::vector<std::string> FailureLogLimiter::Take(bool everything) {
  const absl::Time now = clock_();
  std::vector<std::string> summaries;
  absl::MutexLock lock(&mutex_);
  int64_t next_due = kNever;
  for (auto it = windows_.begin(); it != windows_.end();) {
    const bool over = now - it->second.start >= kInterval;
    if (over || everything) {
      if (it->second.suppressed > 0) summaries.push_back(Summary(it->first, it->second, now));
      // A key whose interval is over is forgotten: its next failure is logged again.
      windows_.erase(it++);
      continue;
    }
    next_due = std::min(next_due, absl::ToUnixNanos(it->second.start + kInterval));
    ++it;
  }
  // Keys whose intervals end close together are swept together, not one scan of the table each.
  if (next_due != kNever) next_due = std::max(next_due, absl::ToUnixNanos(now + kSweepSpacing));
  next_due_nanos_.store(next_due, std::memory_order_relaxed);
  return summaries;
}

}  // namespace escala::server
