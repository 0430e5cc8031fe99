#include "server/training/effectiveness_groups.h"

#include <algorithm>

#include "db/common/proto_time.h"

namespace escala::server {

std::map<std::string, absl::Time> FirstCompletions(
    const std::vector<v1::TrainingCompletion>& completions) {
  std::map<std::string, absl::Time> first;
  for (const v1::TrainingCompletion& completion : completions) {
    const absl::Time time =
        absl::FromUnixMillis(db::TimestampToMillis(completion.completion_time()));
    auto [entry, inserted] = first.emplace(completion.person_employee_id(), time);
    if (!inserted && time < entry->second) entry->second = time;
  }
  return first;
}

std::vector<GroupMember> SelectTrained(const std::map<std::string, absl::Time>& first_completions,
                                       absl::Time from, absl::Time to) {
  std::vector<GroupMember> trained;
  for (const auto& [employee_id, time] : first_completions) {
    if (time >= from && time < to) trained.push_back(GroupMember{employee_id, time});
  }
  return trained;
}

std::optional<absl::Time> ReferenceTime(const std::vector<GroupMember>& trained) {
  if (trained.empty()) return std::nullopt;
  std::vector<absl::Time> times;
  times.reserve(trained.size());
  for (const GroupMember& member : trained) times.push_back(member.split);
  std::sort(times.begin(), times.end());
  const std::size_t middle = times.size() / 2;
  if (times.size() % 2 == 1) return times[middle];
  // The midpoint of the two middle times, to the millisecond as times are kept.
  const int64_t low = absl::ToUnixMillis(times[middle - 1]);
  const int64_t high = absl::ToUnixMillis(times[middle]);
  return absl::FromUnixMillis(low + (high - low) / 2);
}

std::set<RoleLevel> ComparedRoleLevels(const std::vector<v1::Person>& trained_people) {
  std::set<RoleLevel> compared;
  for (const v1::Person& person : trained_people) {
    compared.emplace(person.role(), person.level());
  }
  return compared;
}

ComparisonGroup SelectComparison(const std::vector<v1::Person>& candidates,
                                 const std::vector<GroupMember>& trained,
                                 const std::map<std::string, absl::Time>& first_completions,
                                 absl::Time reference, absl::Duration after_window) {
  std::set<std::string> trained_ids;
  for (const GroupMember& member : trained) trained_ids.insert(member.employee_id);
  const absl::Time windows_end = reference + after_window;
  ComparisonGroup group;
  std::set<std::string> seen;
  for (const v1::Person& person : candidates) {
    const std::string& id = person.employee_id();
    if (trained_ids.contains(id) || !seen.insert(id).second) continue;
    auto completed = first_completions.find(id);
    if (completed != first_completions.end() && completed->second < windows_end) {
      ++group.left_out_completed;
      continue;
    }
    group.members.push_back(GroupMember{id, reference});
  }
  std::sort(
      group.members.begin(), group.members.end(),
      [](const GroupMember& a, const GroupMember& b) { return a.employee_id < b.employee_id; });
  return group;
}

}  // namespace escala::server
