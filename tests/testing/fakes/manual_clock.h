#pragma once

// A clock that stands still until the test moves it, for code that takes a server::Clock.

#include "absl/time/time.h"
#include "server/platform/clock.h"

namespace escala::testing {

class ManualClock {
 public:
  explicit ManualClock(absl::Time start = absl::FromCivil(absl::CivilSecond(2024, 3, 1, 9, 0, 0),
                                                          absl::UTCTimeZone()))
      : now_(start) {}

  absl::Time Now() const { return now_; }
  void Advance(absl::Duration by) { now_ += by; }
  // A Clock reading this one; the ManualClock must outlive it.
  server::Clock AsClock() {
    return [this] { return now_; };
  }

 private:
  absl::Time now_;
};

}  // namespace escala::testing
