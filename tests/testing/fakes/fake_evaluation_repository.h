#pragma once

// Evaluations in memory with the EvaluationRepository contract (tests/integration/
// evaluation_repository_contract_test.cc runs against it): rows stored as the database reads
// them back (column times cut to the millisecond), one evaluation per (interaction, evaluator),
// unique request ids, the etag as the row version, newest-first keyset listing, and changes that
// keep an evaluation's identity. No audit events. Thread-safe, so that concurrent changes of one
// evaluation take turns as the row lock makes them on SQL.
//
// Who an interaction belongs to is read, as the SQL join reads it, from `interactions` (its
// agent) and `people` (the agent's current team; none when the agent is not there) when the fake
// is given them; otherwise from `owners`, where an interaction without an entry does not exist.
// Scorecard versions are checked against `scorecards` when given; otherwise every one exists.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "db/directory/people_repository.h"
#include "db/interactions/interaction_repository.h"
#include "db/qa/evaluation_repository.h"
#include "db/qa/scorecard_repository.h"

namespace escala::testing {

class FakeEvaluationRepository : public db::EvaluationRepository {
 public:
  FakeEvaluationRepository() = default;
  FakeEvaluationRepository(db::InteractionRepository* interactions, db::PeopleRepository* people,
                           db::ScorecardRepository* scorecards)
      : interactions_(interactions), people_(people), scorecards_(scorecards) {}

  // Stores `evaluation` as given (its id included; etag "1" when it has none), bypassing every
  // check: an evaluation some other test step left behind.
  void Add(const v1::Evaluation& evaluation);
  // How many evaluations are stored.
  std::size_t size();

  absl::StatusOr<v1::Evaluation> Create(const v1::Evaluation& evaluation,
                                        const std::string& request_id, const db::AdmitOwner& admit,
                                        const db::AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<std::optional<v1::Evaluation>> FindByRequestId(
      const std::string& request_id) override;
  absl::StatusOr<v1::Evaluation> Get(int64_t id) override;
  absl::StatusOr<std::vector<v1::Evaluation>> List(const db::EvaluationFilter& filter,
                                                   std::optional<int64_t> before_id,
                                                   int limit) override;
  absl::StatusOr<v1::Evaluation> Change(int64_t id, const db::EvaluationChange& change,
                                        const db::AuditStamp& stamp, absl::Time now) override;

  // Owners of interactions when the fake reads no interactions repository. Set before use.
  std::map<int64_t, db::InteractionOwner> owners;

 private:
  // The owner of `interaction_id`, or nullopt when the interaction does not exist.
  std::optional<db::InteractionOwner> Owner(int64_t interaction_id);
  bool ScorecardVersionExists(const v1::Evaluation& evaluation);

  db::InteractionRepository* interactions_ = nullptr;
  db::PeopleRepository* people_ = nullptr;
  db::ScorecardRepository* scorecards_ = nullptr;

  absl::Mutex mutex_;
  std::map<int64_t, v1::Evaluation> rows_ ABSL_GUARDED_BY(mutex_);
  // request_id -> id of the evaluation created with it.
  std::map<std::string, int64_t> request_ids_ ABSL_GUARDED_BY(mutex_);
  int64_t last_id_ ABSL_GUARDED_BY(mutex_) = 0;
};

}  // namespace escala::testing
