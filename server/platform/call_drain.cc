#include "server/platform/call_drain.h"

#include <algorithm>

#include "absl/time/clock.h"

namespace escala::server {
namespace {

// How often the count of calls in flight is looked at while draining.
constexpr absl::Duration kPollInterval = absl::Milliseconds(5);

}  // namespace

InFlightCall::InFlightCall(const ServerState* state) : state_(state) {
  if (state_ != nullptr) state_->calls_in_flight.fetch_add(1, std::memory_order_relaxed);
}

InFlightCall::~InFlightCall() {
  if (state_ != nullptr) state_->calls_in_flight.fetch_sub(1, std::memory_order_relaxed);
}

void DrainCalls(const ServerState& state, absl::Duration notice, absl::Time deadline) {
  absl::SleepFor(std::min(notice, std::max(absl::ZeroDuration(), deadline - absl::Now())));
  while (state.calls_in_flight.load(std::memory_order_relaxed) > 0 && absl::Now() < deadline) {
    absl::SleepFor(kPollInterval);
  }
}

}  // namespace escala::server
