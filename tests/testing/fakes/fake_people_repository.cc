#include "tests/testing/fakes/fake_people_repository.h"

#include <algorithm>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"
#include "google/protobuf/util/message_differencer.h"

namespace escala::testing {
namespace {

absl::Status UnknownTeam(const std::string& field, const std::string& team_id) {
  return absl::FailedPreconditionError(
      absl::StrCat(field, ": team '", team_id, "' does not exist"));
}

// The caller-controlled fields, as Upsert compares them.
v1::Person StoredFields(v1::Person person) {
  person.clear_create_time();
  person.clear_update_time();
  person.clear_etag();
  // A stored row always has an active column, so the field is always present when read back.
  person.set_active(person.active());
  return person;
}

absl::Status StaleUpsert(const v1::Person& person) {
  return absl::AbortedError(absl::StrCat("UpsertPeople: person '", person.employee_id(),
                                         "' was changed concurrently (etag mismatch)"));
}

}  // namespace

void FakePeopleRepository::Add(const v1::Person& person) {
  v1::Person stored = person;
  if (stored.etag().empty()) stored.set_etag("1");
  stored.set_active(stored.active());
  people_[stored.employee_id()] = stored;
}

bool FakePeopleRepository::KnownTeam(const std::string& team_id) const {
  return team_id.empty() || teams_ == nullptr || teams_->Contains(team_id);
}

absl::StatusOr<v1::Person> FakePeopleRepository::Create(const v1::Person& person,
                                                        const db::AuditStamp&, absl::Time now) {
  if (!failure.ok()) return failure;
  if (people_.contains(person.employee_id())) {
    return absl::AlreadyExistsError(
        absl::StrCat("person '", person.employee_id(), "' already exists"));
  }
  if (!KnownTeam(person.team_id())) return UnknownTeam("team_id", person.team_id());
  v1::Person stored = StoredFields(person);
  *stored.mutable_create_time() = db::TimeToTimestamp(now);
  *stored.mutable_update_time() = db::TimeToTimestamp(now);
  stored.set_etag("1");
  people_[stored.employee_id()] = stored;
  return stored;
}

absl::StatusOr<v1::Person> FakePeopleRepository::Get(const std::string& employee_id) {
  ++get_calls;
  if (!failure.ok()) return failure;
  auto found = people_.find(employee_id);
  if (found == people_.end()) {
    return absl::NotFoundError(absl::StrCat("person '", employee_id, "' not found"));
  }
  return found->second;
}

absl::StatusOr<std::vector<v1::Person>> FakePeopleRepository::List(
    const db::PeopleFilter& filter, const std::string& after_employee_id, int limit) {
  if (!failure.ok()) return failure;
  std::vector<v1::Person> page;
  for (auto it = people_.upper_bound(after_employee_id);
       it != people_.end() && static_cast<int>(page.size()) < limit; ++it) {
    const v1::Person& person = it->second;
    if (!filter.employee_id.empty() && person.employee_id() != filter.employee_id) continue;
    if (!filter.team_id.empty() && person.team_id() != filter.team_id) continue;
    if (filter.role != 0 && person.role() != filter.role) continue;
    if (filter.level != 0 && person.level() != filter.level) continue;
    if (filter.active.has_value() && person.active() != *filter.active) continue;
    page.push_back(person);
  }
  return page;
}

void FakePeopleRepository::RecordLevelChange(const v1::Person& before, const v1::Person& after,
                                             absl::Time now) {
  if (before.level() == after.level()) return;
  level_changes_[after.employee_id()].push_back({before.level(), after.level(), now});
}

absl::StatusOr<std::vector<db::LevelChange>> FakePeopleRepository::LevelChanges(
    const std::string& employee_id) {
  if (!failure.ok()) return failure;
  auto found = level_changes_.find(employee_id);
  if (found == level_changes_.end()) return std::vector<db::LevelChange>{};
  std::vector<db::LevelChange> changes = found->second;
  // Oldest first, ties in the order written.
  std::stable_sort(changes.begin(), changes.end(),
                   [](const db::LevelChange& a, const db::LevelChange& b) {
                     return a.change_time < b.change_time;
                   });
  return changes;
}

absl::StatusOr<std::map<std::string, std::vector<db::LevelChange>>>
FakePeopleRepository::LevelChangesOf(const std::vector<std::string>& employee_ids) {
  std::map<std::string, std::vector<db::LevelChange>> changes;
  for (const std::string& id : employee_ids) {
    absl::StatusOr<std::vector<db::LevelChange>> of_one = LevelChanges(id);
    if (!of_one.ok()) return of_one.status();
    if (!of_one->empty()) changes[id] = *std::move(of_one);
  }
  return changes;
}

absl::StatusOr<v1::Person> FakePeopleRepository::Update(const v1::Person& person,
                                                        int64_t expected_version,
                                                        const db::AuditStamp&, absl::Time now) {
  if (!failure.ok()) return failure;
  auto found = people_.find(person.employee_id());
  if (found == people_.end()) {
    return absl::NotFoundError(absl::StrCat("person '", person.employee_id(), "' not found"));
  }
  int64_t stored_version = 0;
  (void)absl::SimpleAtoi(found->second.etag(), &stored_version);
  if (stored_version != expected_version) {
    return absl::AbortedError(
        absl::StrCat("person '", person.employee_id(),
                     "' was changed concurrently (etag mismatch); re-read and retry"));
  }
  if (!KnownTeam(person.team_id())) return UnknownTeam("team_id", person.team_id());
  v1::Person stored = StoredFields(person);
  *stored.mutable_create_time() = found->second.create_time();
  *stored.mutable_update_time() = db::TimeToTimestamp(now);
  stored.set_etag(absl::StrCat(expected_version + 1));
  RecordLevelChange(found->second, stored, now);
  found->second = stored;
  return stored;
}

absl::StatusOr<db::UpsertCounts> FakePeopleRepository::Upsert(const std::vector<v1::Person>& people,
                                                              const db::AuditStamp&,
                                                              absl::Time now) {
  if (!failure.ok()) return failure;
  // Unknown teams are reported by index before anything is written.
  for (std::size_t i = 0; i < people.size(); ++i) {
    if (!KnownTeam(people[i].team_id())) {
      return UnknownTeam(absl::StrCat("people[", i, "].team_id"), people[i].team_id());
    }
  }
  // Stale edits are refused before anything is written.
  for (const v1::Person& person : people) {
    if (person.etag().empty()) continue;
    auto found = people_.find(person.employee_id());
    if (found == people_.end() || found->second.etag() != person.etag()) {
      return StaleUpsert(person);
    }
  }
  db::UpsertCounts counts;
  for (const v1::Person& person : people) {
    auto found = people_.find(person.employee_id());
    if (found == people_.end()) {
      counts.outcomes.push_back(db::UpsertOutcome::kCreated);
      v1::Person stored = StoredFields(person);
      *stored.mutable_create_time() = db::TimeToTimestamp(now);
      *stored.mutable_update_time() = db::TimeToTimestamp(now);
      stored.set_etag("1");
      people_[stored.employee_id()] = stored;
      ++counts.created;
    } else if (google::protobuf::util::MessageDifferencer::Equals(StoredFields(found->second),
                                                                  StoredFields(person))) {
      ++counts.unchanged;
      counts.outcomes.push_back(db::UpsertOutcome::kUnchanged);
    } else {
      counts.outcomes.push_back(db::UpsertOutcome::kUpdated);
      int64_t version = 0;
      (void)absl::SimpleAtoi(found->second.etag(), &version);
      v1::Person stored = StoredFields(person);
      *stored.mutable_create_time() = found->second.create_time();
      *stored.mutable_update_time() = db::TimeToTimestamp(now);
      stored.set_etag(absl::StrCat(version + 1));
      RecordLevelChange(found->second, stored, now);
      found->second = stored;
      ++counts.updated;
    }
  }
  return counts;
}

absl::StatusOr<std::vector<v1::Person>> FakePeopleRepository::GetMany(
    const std::vector<std::string>& employee_ids) {
  if (!failure.ok()) return failure;
  std::vector<v1::Person> found;
  std::set<std::string> seen;
  for (const std::string& id : employee_ids) {
    auto it = people_.find(id);
    if (it != people_.end() && seen.insert(id).second) found.push_back(it->second);
  }
  return found;
}

absl::StatusOr<std::vector<std::string>> FakePeopleRepository::FindExisting(
    const std::vector<std::string>& employee_ids) {
  if (!failure.ok()) return failure;
  std::vector<std::string> existing;
  std::set<std::string> seen;
  for (const std::string& id : employee_ids) {
    if (people_.contains(id) && seen.insert(id).second) existing.push_back(id);
  }
  return existing;
}

v1::Person MakePerson(const std::string& employee_id, v1::Role role, const std::string& team_id,
                      bool active) {
  v1::Person person;
  person.set_employee_id(employee_id);
  person.set_display_name(absl::StrCat("Person ", employee_id));
  person.set_role(role);
  person.set_team_id(team_id);
  person.set_active(active);
  return person;
}

}  // namespace escala::testing
