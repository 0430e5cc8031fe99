// CoalescingWriter: concurrent writes are written together, each caller gets its own result, no
// more writers run at once than allowed, and every waiter is answered. The batch writer holds its
// batches until the test lets them go.
#include "db/common/coalescing_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"

namespace escala::db {
namespace {

// Answers each request n with n * 10, or NOT_FOUND for 0, and records the size of each batch.
// While `hold` is set, writers wait for it to be cleared, so requests pile up behind them.
class HeldBatches {
 public:
  std::vector<absl::StatusOr<int>> Write(std::vector<int>& batch) {
    absl::MutexLock lock(&mutex_);
    batches_.push_back(batch.size());
    ++writers_;
    most_writers_ = std::max(most_writers_, writers_);
    mutex_.Await(absl::Condition(
        +[](bool* hold) { return !*hold; }, &hold_));
    --writers_;
    std::vector<absl::StatusOr<int>> results;
    for (int n : batch) {
      results.push_back(n == 0 ? absl::StatusOr<int>(absl::NotFoundError("0 not found"))
                               : absl::StatusOr<int>(n * 10));
    }
    return results;
  }
  void Hold(bool hold) {
    absl::MutexLock lock(&mutex_);
    hold_ = hold;
  }
  int WritersNow() {
    absl::MutexLock lock(&mutex_);
    return writers_;
  }
  std::vector<std::size_t> batches() {
    absl::MutexLock lock(&mutex_);
    return batches_;
  }
  int most_writers() {
    absl::MutexLock lock(&mutex_);
    return most_writers_;
  }

 private:
  absl::Mutex mutex_;
  bool hold_ = false;
  int writers_ = 0;
  int most_writers_ = 0;
  std::vector<std::size_t> batches_;
};

using Writer = CoalescingWriter<int, int>;

Writer::WriteBatch To(HeldBatches& held) {
  return [&held](std::vector<int>& batch) { return held.Write(batch); };
}

TEST(CoalescingWriter, AQuietWriteIsWrittenAtOnceAlone) {
  HeldBatches held;
  Writer writer(To(held), 64, 2);
  absl::StatusOr<int> result = writer.Write(7);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(*result, 70);
  EXPECT_THAT(held.batches(), ::testing::ElementsAre(1u));
  EXPECT_EQ(writer.stats().creates, 1);
  EXPECT_EQ(writer.stats().writes, 1);
}

TEST(CoalescingWriter, WritesArrivingWhileTheWriterIsBusyShareABatchAndKeepTheirOwnResults) {
  HeldBatches held;
  // One writer at a time makes the piling up deterministic.
  Writer writer(To(held), 64, 1);
  held.Hold(true);
  std::vector<absl::StatusOr<int>> results(9, absl::UnknownError("not run"));
  std::vector<std::thread> threads;
  threads.emplace_back([&] { results[0] = writer.Write(100); });
  while (held.WritersNow() < 1) std::this_thread::yield();
  // Eight more arrive while it writes; request 0 fails on its own.
  for (int i = 1; i < 9; ++i) {
    threads.emplace_back([&, i] { results[i] = writer.Write(i == 4 ? 0 : 100 + i); });
  }
  // Give the eight time to queue up behind the held writer.
  absl::SleepFor(absl::Milliseconds(200));
  held.Hold(false);
  for (std::thread& thread : threads) thread.join();

  EXPECT_THAT(held.batches(), ::testing::ElementsAre(1u, 8u));
  EXPECT_EQ(writer.stats().creates, 9);
  EXPECT_EQ(writer.stats().writes, 2);
  for (int i = 0; i < 9; ++i) {
    if (i == 4) {
      EXPECT_TRUE(absl::IsNotFound(results[i].status())) << results[i].status();
    } else {
      ASSERT_TRUE(results[i].ok()) << i << ": " << results[i].status();
      EXPECT_EQ(*results[i], (100 + i) * 10);
    }
  }
}

TEST(CoalescingWriter, NoMoreWritersThanAllowedAndBatchesNoLargerThanTheLimit) {
  HeldBatches held;
  Writer writer(To(held), 3, 2);
  held.Hold(true);
  std::vector<std::thread> threads;
  std::vector<absl::StatusOr<int>> results(20, absl::UnknownError("not run"));
  for (int i = 0; i < 20; ++i) {
    threads.emplace_back([&, i] { results[i] = writer.Write(1 + i); });
  }
  absl::SleepFor(absl::Milliseconds(200));
  EXPECT_LE(held.WritersNow(), 2);
  held.Hold(false);
  for (std::thread& thread : threads) thread.join();
  EXPECT_LE(held.most_writers(), 2);
  std::size_t written = 0;
  for (std::size_t size : held.batches()) {
    EXPECT_LE(size, 3u);
    written += size;
  }
  EXPECT_EQ(written, 20u);
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(results[i].ok()) << results[i].status();
    EXPECT_EQ(*results[i], (1 + i) * 10);
  }
}

TEST(CoalescingWriter, ABatchAnsweringTooFewRequestsFailsTheRestRatherThanHangingThem) {
  Writer writer(
      [](std::vector<int>& batch) {
        return std::vector<absl::StatusOr<int>>{};  // answers none
      },
      64, 1);
  absl::StatusOr<int> result = writer.Write(5);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInternal);
}

TEST(CoalescingWriter, ManyWritersUnderContentionAllGetAnswered) {
  // No hold: batches form by chance; every one of the writes must come back with its own value.
  std::atomic<int> batches{0};
  Writer writer(
      [&batches](std::vector<int>& batch) {
        ++batches;
        std::vector<absl::StatusOr<int>> results;
        for (int n : batch) results.push_back(n + 1);
        return results;
      },
      4, 2);
  constexpr int kThreads = 16, kPerThread = 200;
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < kPerThread; ++k) {
        const int n = t * kPerThread + k;
        absl::StatusOr<int> result = writer.Write(n);
        if (!result.ok() || *result != n + 1) ++wrong;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(writer.stats().creates, kThreads * kPerThread);
  EXPECT_EQ(writer.stats().writes, batches.load());
}

}  // namespace
}  // namespace escala::db
