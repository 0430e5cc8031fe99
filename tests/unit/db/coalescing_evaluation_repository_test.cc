// CoalescingEvaluationRepository: concurrent creates are written together, each caller gets its
// own result, and no more writers run at once than allowed. The wrapped repository is a fake that
// holds its writers until the test lets them go.
#include "db/qa/coalescing_evaluation_repository.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"

namespace escala::db {
namespace {

// Answers every create with an evaluation whose id is its interaction id (or NOT_FOUND for
// interaction 0), and records the size of each batch. While `hold` is set, writers wait for it
// to be cleared, so creates pile up behind them.
class RecordingRepository : public EvaluationRepository {
 public:
  absl::StatusOr<v1::Evaluation> Create(const v1::Evaluation& evaluation, const std::string&,
                                        const AdmitOwner&, const AuditStamp&, absl::Time) override {
    return CreateMany({EvaluationCreate{evaluation, "", nullptr, {}, absl::Now()}})[0];
  }
  std::vector<absl::StatusOr<v1::Evaluation>> CreateMany(
      const std::vector<EvaluationCreate>& creates) override {
    absl::MutexLock lock(&mutex_);
    batches_.push_back(creates.size());
    ++writers_;
    most_writers_ = std::max(most_writers_, writers_);
    mutex_.Await(absl::Condition(
        +[](bool* hold) { return !*hold; }, &hold_));
    --writers_;
    std::vector<absl::StatusOr<v1::Evaluation>> results;
    for (const EvaluationCreate& create : creates) {
      if (create.evaluation.interaction_id() == 0) {
        results.push_back(absl::NotFoundError("interaction 0 not found"));
        continue;
      }
      v1::Evaluation stored = create.evaluation;
      stored.set_id(create.evaluation.interaction_id());
      results.push_back(stored);
    }
    return results;
  }
  absl::StatusOr<std::optional<v1::Evaluation>> FindByRequestId(const std::string&) override {
    return std::nullopt;
  }
  absl::StatusOr<v1::Evaluation> Get(int64_t) override { return absl::NotFoundError("none"); }
  absl::StatusOr<std::vector<v1::Evaluation>> List(const EvaluationFilter&, std::optional<int64_t>,
                                                   int) override {
    return std::vector<v1::Evaluation>{};
  }
  absl::StatusOr<v1::Evaluation> Change(int64_t, const EvaluationChange&, const AuditStamp&,
                                        absl::Time) override {
    return absl::NotFoundError("none");
  }

  void Hold(bool hold) {
    absl::MutexLock lock(&mutex_);
    hold_ = hold;
  }
  // Writers inside CreateMany right now.
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

v1::Evaluation ForInteraction(int64_t id) {
  v1::Evaluation evaluation;
  evaluation.set_interaction_id(id);
  return evaluation;
}

const AdmitOwner kAdmitAll = [](const InteractionOwner&) { return absl::OkStatus(); };

TEST(CoalescingEvaluationRepository, AQuietCreateIsWrittenAtOnceAlone) {
  RecordingRepository inner;
  CoalescingEvaluationRepository coalescing(inner);
  absl::StatusOr<v1::Evaluation> created =
      coalescing.Create(ForInteraction(7), "", kAdmitAll, {}, absl::Now());
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->id(), 7);
  EXPECT_THAT(inner.batches(), ::testing::ElementsAre(1u));
}

TEST(CoalescingEvaluationRepository, CreatesArrivingWhileWritersAreBusyShareABatch) {
  RecordingRepository inner;
  // One writer at a time makes the piling up deterministic.
  CoalescingEvaluationRepository coalescing(inner, /*max_batch=*/64, /*max_writers=*/1);
  inner.Hold(true);
  std::vector<absl::StatusOr<v1::Evaluation>> results(9, absl::UnknownError("not run"));
  std::vector<std::thread> threads;
  // The first create becomes the writer and is held inside the repository.
  threads.emplace_back(
      [&] { results[0] = coalescing.Create(ForInteraction(100), "", kAdmitAll, {}, absl::Now()); });
  while (inner.WritersNow() < 1) std::this_thread::yield();
  // Eight more arrive while it writes; interaction 0 fails on its own.
  for (int i = 1; i < 9; ++i) {
    threads.emplace_back([&, i] {
      results[i] =
          coalescing.Create(ForInteraction(i == 4 ? 0 : 100 + i), "", kAdmitAll, {}, absl::Now());
    });
  }
  // Give the eight time to queue up behind the held writer.
  absl::SleepFor(absl::Milliseconds(200));
  inner.Hold(false);
  for (std::thread& thread : threads) thread.join();

  EXPECT_THAT(inner.batches(), ::testing::ElementsAre(1u, 8u));
  EXPECT_EQ(inner.most_writers(), 1);
  for (int i = 0; i < 9; ++i) {
    if (i == 4) {
      EXPECT_TRUE(absl::IsNotFound(results[i].status())) << results[i].status();
    } else {
      ASSERT_TRUE(results[i].ok()) << i << ": " << results[i].status();
      EXPECT_EQ(results[i]->id(), 100 + i);
    }
  }
}

TEST(CoalescingEvaluationRepository, NoMoreWritersThanAllowedAndBatchesNoLargerThanTheLimit) {
  RecordingRepository inner;
  CoalescingEvaluationRepository coalescing(inner, /*max_batch=*/3, /*max_writers=*/2);
  inner.Hold(true);
  std::vector<std::thread> threads;
  std::vector<absl::StatusOr<v1::Evaluation>> results(20, absl::UnknownError("not run"));
  for (int i = 0; i < 20; ++i) {
    threads.emplace_back([&, i] {
      results[i] = coalescing.Create(ForInteraction(1 + i), "", kAdmitAll, {}, absl::Now());
    });
  }
  absl::SleepFor(absl::Milliseconds(200));
  EXPECT_LE(inner.WritersNow(), 2);
  inner.Hold(false);
  for (std::thread& thread : threads) thread.join();
  EXPECT_LE(inner.most_writers(), 2);
  std::size_t written = 0;
  for (std::size_t size : inner.batches()) {
    EXPECT_LE(size, 3u);
    written += size;
  }
  EXPECT_EQ(written, 20u);
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(results[i].ok()) << results[i].status();
    EXPECT_EQ(results[i]->id(), 1 + i);
  }
}

}  // namespace
}  // namespace escala::db
