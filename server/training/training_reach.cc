#include "server/training/training_reach.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "server/platform/record_scope.h"

namespace escala::server {
namespace {

constexpr int kReadPage = 500;

absl::StatusOr<std::vector<v1::Person>> ActivePeople(db::PeopleRepository& people,
                                                     const std::string& team_id) {
  db::PeopleFilter filter;
  filter.active = true;
  filter.team_id = team_id;
  std::vector<v1::Person> out;
  std::string after;
  while (true) {
    absl::StatusOr<std::vector<v1::Person>> page = people.List(filter, after, kReadPage);
    if (!page.ok()) return page.status();
    for (v1::Person& person : *page) out.push_back(std::move(person));
    if (static_cast<int>(page->size()) < kReadPage) break;
    after = out.back().employee_id();
  }
  return out;
}

}  // namespace

absl::StatusOr<std::vector<v1::Person>> PeopleInReach(const CallContext& call,
                                                      db::PeopleRepository& people,
                                                      db::TeamRepository& teams,
                                                      const std::string& employee_id,
                                                      const std::string& team_id) {
  if (!employee_id.empty()) {
    const absl::Status not_found =
        absl::NotFoundError(absl::StrCat("employee_id: person '", employee_id, "' not found"));
    absl::StatusOr<bool> in_scope = OwnerInScope(call, employee_id, people);
    if (!in_scope.ok()) return in_scope.status();
    if (!*in_scope) return not_found;
    absl::StatusOr<v1::Person> person = people.Get(employee_id);
    if (absl::IsNotFound(person.status())) return not_found;
    if (!person.ok()) return person.status();
    if (!team_id.empty() && person->team_id() != team_id) return std::vector<v1::Person>();
    return std::vector<v1::Person>{*std::move(person)};
  }
  if (!team_id.empty()) {
    const absl::Status not_found =
        absl::NotFoundError(absl::StrCat("team_id: team '", team_id, "' not found"));
    if (call.scope == Scope::kOwn || !TeamInScope(call, team_id)) return not_found;
    absl::StatusOr<v1::Team> team = teams.Get(team_id);
    if (absl::IsNotFound(team.status())) return not_found;
    if (!team.ok()) return team.status();
    return ActivePeople(people, team_id);
  }
  switch (call.scope) {
    case Scope::kAll:
      return ActivePeople(people, "");
    case Scope::kOwn: {
      if (call.caller.employee_id.empty()) return std::vector<v1::Person>();
      absl::StatusOr<v1::Person> self = people.Get(call.caller.employee_id);
      if (absl::IsNotFound(self.status())) return std::vector<v1::Person>();
      if (!self.ok()) return self.status();
      return std::vector<v1::Person>{*std::move(self)};
    }
    case Scope::kTeam: {
      std::vector<v1::Person> out;
      if (!call.caller.team_id.empty()) {
        absl::StatusOr<std::vector<v1::Person>> team = ActivePeople(people, call.caller.team_id);
        if (!team.ok()) return team.status();
        out = *std::move(team);
      }
      const bool self_listed = std::any_of(out.begin(), out.end(), [&](const v1::Person& p) {
        return p.employee_id() == call.caller.employee_id;
      });
      if (!self_listed && !call.caller.employee_id.empty()) {
        absl::StatusOr<v1::Person> self = people.Get(call.caller.employee_id);
        if (self.ok()) out.push_back(*std::move(self));
        std::sort(out.begin(), out.end(), [](const v1::Person& a, const v1::Person& b) {
          return a.employee_id() < b.employee_id();
        });
      }
      return out;
    }
  }
  return std::vector<v1::Person>();
}

absl::StatusOr<std::map<std::string, std::vector<v1::TrainingCompletion>>> CompletionsByPerson(
    db::CompletionRepository& completions, const std::vector<v1::Person>& people,
    absl::Time as_of) {
  std::map<std::string, std::vector<v1::TrainingCompletion>> by_person;
  for (std::size_t start = 0; start < people.size(); start += kReadPage) {
    std::vector<std::string> ids;
    for (std::size_t i = start; i < std::min(people.size(), start + kReadPage); ++i) {
      ids.push_back(people[i].employee_id());
    }
    absl::StatusOr<std::vector<v1::TrainingCompletion>> rows =
        completions.CompletionsOf(ids, as_of);
    if (!rows.ok()) return rows.status();
    for (v1::TrainingCompletion& row : *rows) {
      by_person[row.person_employee_id()].push_back(std::move(row));
    }
  }
  return by_person;
}

absl::Time AsOf(const google::protobuf::Timestamp* request_time, bool has, absl::Time now) {
  if (!has || request_time == nullptr) return now;
  return absl::FromUnixSeconds(request_time->seconds()) + absl::Nanoseconds(request_time->nanos());
}

}  // namespace escala::server
