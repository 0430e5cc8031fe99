// WorkerPool: tasks submitted from many threads each run once, on several threads at a time,
// and Stop() runs what was accepted before it, even while other threads are still submitting.
// Run under ThreadSanitizer (tools/test.sh --sanitize=thread), these are the pool's race checks.
#include "server/platform/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"

namespace escala::server {
namespace {

// Long enough never to end a correct run; it only turns a broken pool into a failure
// instead of a hang.
constexpr absl::Duration kGiveUp = absl::Seconds(60);

TEST(WorkerPool, TasksSubmittedFromManyThreadsEachRunOnce) {
  constexpr int kSubmitters = 4;
  constexpr int kTasksEach = 250;
  std::vector<std::atomic<int>> runs(kSubmitters * kTasksEach);
  {
    WorkerPool pool(3);
    std::vector<std::thread> submitters;
    for (int s = 0; s < kSubmitters; ++s) {
      submitters.emplace_back([&pool, &runs, s] {
        for (int i = 0; i < kTasksEach; ++i) {
          std::atomic<int>& run = runs[s * kTasksEach + i];
          EXPECT_TRUE(pool.Submit([&run] { run.fetch_add(1); }));
          pool.queued();  // read while the workers take tasks off the queue
        }
      });
    }
    for (std::thread& submitter : submitters) submitter.join();
  }  // the destructor stops the pool after running what is queued
  for (std::size_t i = 0; i < runs.size(); ++i) EXPECT_EQ(runs[i].load(), 1) << "task " << i;
}

TEST(WorkerPool, RunsTasksOnAllItsThreadsAtOnce) {
  constexpr int kThreads = 4;
  WorkerPool pool(kThreads);
  absl::Mutex mutex;
  int running = 0;
  int saw_all_running = 0;
  for (int i = 0; i < kThreads; ++i) {
    ASSERT_TRUE(pool.Submit([&] {
      absl::MutexLock lock(&mutex);
      ++running;
      // Each task waits for the others: only a pool running all of them at once lets them see
      // every one started.
      const absl::Condition all_started(
          +[](int* n) { return *n == kThreads; }, &running);
      if (mutex.AwaitWithTimeout(all_started, kGiveUp)) ++saw_all_running;
    }));
  }
  pool.Stop();
  absl::MutexLock lock(&mutex);
  EXPECT_EQ(saw_all_running, kThreads);
}

TEST(WorkerPool, StopRunsQueuedTasksThenRefusesNewOnes) {
  WorkerPool pool(1);
  absl::Notification release;
  std::atomic<int> ran{0};
  // The one worker is busy until `release`, so the next tasks wait in the queue.
  ASSERT_TRUE(pool.Submit([&] {
    release.WaitForNotificationWithTimeout(kGiveUp);
    ran.fetch_add(1);
  }));
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(pool.Submit([&] { ran.fetch_add(1); }));
  EXPECT_GE(pool.queued(), 5u);
  std::thread stopper([&pool] { pool.Stop(); });
  release.Notify();
  stopper.join();
  EXPECT_EQ(ran.load(), 6);
  EXPECT_EQ(pool.queued(), 0u);
  EXPECT_FALSE(pool.Submit([&] { ran.fetch_add(1); }));
  pool.Stop();  // a second Stop is harmless
  EXPECT_EQ(ran.load(), 6);
}

TEST(WorkerPool, EveryTaskAcceptedWhileStoppingRunsAndNoRefusedOneDoes) {
  constexpr int kSubmitters = 3;
  constexpr int kTasksEach = 300;
  std::atomic<int> accepted{0};
  std::atomic<int> ran{0};
  WorkerPool pool(2);
  std::vector<std::thread> submitters;
  absl::Notification go;
  for (int s = 0; s < kSubmitters; ++s) {
    submitters.emplace_back([&] {
      go.WaitForNotification();
      for (int i = 0; i < kTasksEach; ++i) {
        if (pool.Submit([&ran] { ran.fetch_add(1); })) accepted.fetch_add(1);
      }
    });
  }
  go.Notify();
  pool.Stop();  // races the submitters: some tasks get in before it, the rest are refused
  for (std::thread& submitter : submitters) submitter.join();
  EXPECT_EQ(ran.load(), accepted.load());
  EXPECT_FALSE(pool.Submit([] {}));
}

}  // namespace
}  // namespace escala::server
