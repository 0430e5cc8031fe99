#pragma once

// Who is compared with whom when training effectiveness is computed
// (protos/escala/v1/training_effectiveness.proto has the rules as the API states them). Pure
// functions, no I/O: the handler reads completions and people and hands them here.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "escala/v1/completions.pb.h"
#include "escala/v1/people.pb.h"

namespace escala::server {

// A person of a group and the instant that splits their windows: their own completion for the
// trained group, the reference time for the comparison group.
struct GroupMember {
  std::string employee_id;
  absl::Time split;
};

// Each person's first completion of the course among `completions` (any version).
std::map<std::string, absl::Time> FirstCompletions(
    const std::vector<v1::TrainingCompletion>& completions);

// The trained group: people whose first completion falls in [from, to), by employee id. A
// person who took the course before `from` and again within the period is not trained in the
// period: their "before" window would already be after training.
std::vector<GroupMember> SelectTrained(const std::map<std::string, absl::Time>& first_completions,
                                       absl::Time from, absl::Time to);

// The median of the trained group's completion times (the mean of the middle two for an even
// count): where the comparison group's windows split, so that both groups' windows cover about
// the same weeks. Unset for an empty group.
std::optional<absl::Time> ReferenceTime(const std::vector<GroupMember>& trained);

// A role and level, as Person.role and Person.level.
using RoleLevel = std::pair<v1::Role, int>;

// The roles and levels of the trained people found in the directory (`trained_people`), in
// order: the comparison group is drawn from people with one of them.
std::set<RoleLevel> ComparedRoleLevels(const std::vector<v1::Person>& trained_people);

struct ComparisonGroup {
  // By employee id, each split at the reference time.
  std::vector<GroupMember> members;
  // Candidates left out for having completed the course before their after window ended.
  int left_out_completed = 0;
};

// The comparison group among `candidates` (people of the compared roles and levels): everyone
// not in `trained` whose first completion, if any, is at or after reference + after_window (they
// were untrained throughout their windows). Someone who completed the course earlier (before the
// period, or within the windows) is left out and counted.
ComparisonGroup SelectComparison(const std::vector<v1::Person>& candidates,
                                 const std::vector<GroupMember>& trained,
                                 const std::map<std::string, absl::Time>& first_completions,
                                 absl::Time reference, absl::Duration after_window);

}  // namespace escala::server
