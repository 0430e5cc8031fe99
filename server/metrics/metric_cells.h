#pragma once

// The cells that hold metric values. Updating one is a relaxed atomic operation, no lock: they sit
// on the path of every call.

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace escala::metrics {

// A count that only goes up.
class Counter {
 public:
  void Increment(uint64_t by = 1) { value_.fetch_add(by, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// A value that goes up and down.
class Gauge {
 public:
  void Set(int64_t value) { value_.store(value, std::memory_order_relaxed); }
  void Add(int64_t by) { value_.fetch_add(by, std::memory_order_relaxed); }
  int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> value_{0};
};

// Observations counted into buckets with fixed upper bounds. Each bucket holds only the
// observations above the previous bound; Read() adds them up, since Prometheus wants cumulative
// buckets, so that an observation costs one increment and one addition.
class Histogram {
 public:
  // `bounds`: the buckets' upper bounds, ascending, without the +Inf bucket every histogram has.
  explicit Histogram(std::vector<double> bounds);

  void Observe(double value);

  struct Snapshot {
    std::vector<double> bounds;
    // Per bound, the observations at or below it; one more entry for +Inf, which equals count.
    std::vector<uint64_t> cumulative;
    double sum = 0;
    uint64_t count = 0;
  };
  // Read while observations go on, the snapshot may miss an observation in one bucket that the sum
  // already has; count always equals the +Inf bucket.
  Snapshot Read() const;
  uint64_t count() const;

 private:
  const std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;  // bounds_.size() + 1, the last for +Inf
  std::atomic<double> sum_{0};
};

}  // namespace escala::metrics
