#pragma once

#include <chrono>
#include <cstdint>

// Units and sizes the workloads of escala-bench share.
namespace escala::bench {

// Milliseconds in a day: the workloads' times are epoch milliseconds, UTC.
inline constexpr int64_t kDayMs = 86'400'000;

// People per UpsertPeople call (the API takes up to 1000).
inline constexpr int kPeopleBatch = 500;

// Seconds since `start`, on the steady clock every measurement uses.
inline double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace escala::bench
