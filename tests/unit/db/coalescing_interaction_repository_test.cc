// CoalescingInteractionRepository: creates from many threads go through the shared writer, each
// caller gets its own record or its own error, and the other methods reach the wrapped
// repository.
#include "db/interactions/coalescing_interaction_repository.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace escala::db {
namespace {

// Stores creates in memory with unique source keys and increasing ids; not for concurrent
// writers (the coalescing writer under test gets one).
class KeyedRepository : public InteractionRepository {
 public:
  absl::StatusOr<v1::Interaction> Create(const v1::Interaction& interaction, const std::string&,
                                         const AuditStamp&, absl::Time) override {
    if (!keys_.insert(interaction.source_id()).second) {
      return absl::AlreadyExistsError(absl::StrCat("source_id ", interaction.source_id()));
    }
    v1::Interaction stored = interaction;
    stored.set_id(static_cast<int64_t>(keys_.size()));
    stored_[stored.id()] = stored;
    return stored;
  }
  absl::StatusOr<std::optional<v1::Interaction>> FindByRequestId(const std::string&) override {
    return std::nullopt;
  }
  absl::StatusOr<v1::Interaction> Get(int64_t id) override {
    auto found = stored_.find(id);
    if (found == stored_.end()) return absl::NotFoundError("none");
    return found->second;
  }
  absl::StatusOr<std::vector<v1::Interaction>> List(const InteractionFilter&,
                                                    const std::optional<InteractionCursor>&,
                                                    int) override {
    return std::vector<v1::Interaction>{};
  }
  absl::StatusOr<v1::Interaction> Update(const v1::Interaction&, int64_t, const AuditStamp&,
                                         absl::Time) override {
    return absl::NotFoundError("none");
  }
  absl::StatusOr<std::unique_ptr<InteractionImportTransaction>> BeginImport(
      const AuditStamp&) override {
    return absl::UnimplementedError("no imports");
  }
  std::size_t size() const { return stored_.size(); }

 private:
  std::set<std::string> keys_;
  std::map<int64_t, v1::Interaction> stored_;
};

v1::Interaction Keyed(const std::string& source_id) {
  v1::Interaction interaction;
  interaction.set_agent_employee_id("A1");
  interaction.set_source_system("crm");
  interaction.set_source_id(source_id);
  return interaction;
}

TEST(CoalescingInteractionRepository, ConcurrentCreatesEachGetTheirOwnAnswer) {
  KeyedRepository inner;
  // One writer: the fake is not meant for concurrent writers.
  CoalescingInteractionRepository coalescing(inner, /*max_batch=*/8, /*max_writers=*/1);
  ASSERT_TRUE(coalescing.Create(Keyed("taken"), "", {}, absl::Now()).ok());
  constexpr int kThreads = 8, kPerThread = 25;
  std::vector<std::vector<absl::StatusOr<v1::Interaction>>> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < kPerThread; ++k) {
        // Every thread's fifth create reuses a key stored before.
        const std::string key = k == 4 ? "taken" : absl::StrCat(t, "-", k);
        results[t].push_back(coalescing.Create(Keyed(key), "", {}, absl::Now()));
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  std::set<int64_t> ids;
  for (int t = 0; t < kThreads; ++t) {
    for (int k = 0; k < kPerThread; ++k) {
      const absl::StatusOr<v1::Interaction>& result = results[t][k];
      if (k == 4) {
        EXPECT_TRUE(absl::IsAlreadyExists(result.status())) << t << "/" << k << result.status();
        continue;
      }
      ASSERT_TRUE(result.ok()) << t << "/" << k << ": " << result.status();
      EXPECT_EQ(result->source_id(), absl::StrCat(t, "-", k));
      ids.insert(result->id());
    }
  }
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kThreads * (kPerThread - 1)));
  EXPECT_EQ(inner.size(), ids.size() + 1);
  EXPECT_EQ(coalescing.stats().creates, kThreads * kPerThread + 1);

  absl::StatusOr<v1::Interaction> fetched = coalescing.Get(*ids.begin());
  ASSERT_TRUE(fetched.ok()) << fetched.status();
  EXPECT_EQ(fetched->id(), *ids.begin());
}

}  // namespace
}  // namespace escala::db
