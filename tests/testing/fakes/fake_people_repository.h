#pragma once

// People in memory with the PeopleRepository contract (tests/integration/
// people_repository_contract_test.cc runs against it): ids compared byte for byte, the etag is
// the row version, unknown teams refused when the fake is given the teams to check against.
// No audit events.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "db/directory/people_repository.h"
#include "tests/testing/fakes/fake_team_repository.h"

namespace escala::testing {

class FakePeopleRepository : public db::PeopleRepository {
 public:
  // Without `teams`, any team_id is accepted (handler tests that need no team rows).
  explicit FakePeopleRepository(const FakeTeamRepository* teams = nullptr) : teams_(teams) {}

  // Stores `person` as given (etag "1" when it has none), bypassing checks and the audit stamp.
  void Add(const v1::Person& person);

  absl::StatusOr<v1::Person> Create(const v1::Person& person, const db::AuditStamp& stamp,
                                    absl::Time now) override;
  absl::StatusOr<v1::Person> Get(const std::string& employee_id) override;
  absl::StatusOr<std::vector<v1::Person>> List(const db::PeopleFilter& filter,
                                               const std::string& after_employee_id,
                                               int limit) override;
  absl::StatusOr<v1::Person> Update(const v1::Person& person, int64_t expected_version,
                                    const db::AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<db::UpsertCounts> Upsert(const std::vector<v1::Person>& people,
                                          const db::AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<std::vector<v1::Person>> GetMany(
      const std::vector<std::string>& employee_ids) override;
  absl::StatusOr<std::vector<std::string>> FindExisting(
      const std::vector<std::string>& employee_ids) override;
  absl::StatusOr<std::vector<db::LevelChange>> LevelChanges(
      const std::string& employee_id) override;
  absl::StatusOr<std::map<std::string, std::vector<db::LevelChange>>> LevelChangesOf(
      const std::vector<std::string>& employee_ids) override;

  // When not OK, what every call answers.
  absl::Status failure = absl::OkStatus();
  int get_calls = 0;

 private:
  bool KnownTeam(const std::string& team_id) const;
  // Records a change of level from `before` to `after` at `now`; nothing when the level stays.
  void RecordLevelChange(const v1::Person& before, const v1::Person& after, absl::Time now);

  const FakeTeamRepository* teams_;
  std::map<std::string, v1::Person> people_;
  std::map<std::string, std::vector<db::LevelChange>> level_changes_;
};

// A person with a display name derived from the id, for handler tests.
v1::Person MakePerson(const std::string& employee_id, v1::Role role, const std::string& team_id,
                      bool active = true);

}  // namespace escala::testing
