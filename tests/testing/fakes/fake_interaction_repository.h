#pragma once

// Interactions in memory with the InteractionRepository contract (tests/integration/
// interaction_repository_contract_test.cc runs against it): records stored as the database
// would read them back (times and durations cut to the millisecond), unique source keys and
// request ids, the etag as the row version, newest-first keyset listing, and import
// transactions whose records only become visible to others on Commit. No audit events.
//
// Agents are checked against `people` when the fake is given it (a record whose agent is not
// there is FAILED_PRECONDITION, and the team filter follows each agent's current team); without
// it every agent is accepted and a team filter matches nothing.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "db/directory/people_repository.h"
#include "db/interactions/interaction_repository.h"

namespace escala::testing {

class FakeInteractionRepository : public db::InteractionRepository {
 public:
  explicit FakeInteractionRepository(db::PeopleRepository* people = nullptr) : people_(people) {}

  // Stores `interaction` as given (its id included), bypassing every check.
  void Add(const v1::Interaction& interaction) { interactions_[interaction.id()] = interaction; }
  // Adds interactions with ids first..last and no other field.
  void AddIds(int64_t first, int64_t last);
  // How many records are stored.
  std::size_t size() const { return interactions_.size(); }

  absl::StatusOr<v1::Interaction> Create(const v1::Interaction& interaction,
                                         const std::string& request_id, const db::AuditStamp& stamp,
                                         absl::Time now) override;
  absl::StatusOr<std::optional<v1::Interaction>> FindByRequestId(
      const std::string& request_id) override;
  absl::StatusOr<v1::Interaction> Get(int64_t id) override;
  absl::StatusOr<std::vector<v1::Interaction>> List(
      const db::InteractionFilter& filter, const std::optional<db::InteractionCursor>& after,
      int limit) override;
  absl::StatusOr<v1::Interaction> Update(const v1::Interaction& interaction,
                                         int64_t expected_version, const db::AuditStamp& stamp,
                                         absl::Time now) override;
  absl::StatusOr<std::unique_ptr<db::InteractionImportTransaction>> BeginImport(
      const db::AuditStamp& stamp) override;

 private:
  class ImportTransaction;

  // Whether `employee_id` is in the people directory (always true without one).
  bool KnownAgent(const std::string& employee_id);
  // The stored record with this source key, or nullptr; records without a source id have none.
  const v1::Interaction* FindSource(const db::SourceKey& key) const;
  // Stores `record` (in its stored form) under the next id; returns what was stored.
  const v1::Interaction& Store(const v1::Interaction& record, absl::Time now);

  db::PeopleRepository* people_;
  std::map<int64_t, v1::Interaction> interactions_;
  // request_id -> id of the record created with it.
  std::map<std::string, int64_t> request_ids_;
  int64_t last_id_ = 0;
};

}  // namespace escala::testing
