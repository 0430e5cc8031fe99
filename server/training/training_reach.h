#pragma once

// The people a computed training view (certification statuses, learning path progress) covers,
// and their completions: shared by the certification and learning path handlers.

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/directory/people_repository.h"
#include "db/directory/team_repository.h"
#include "db/training/completion_repository.h"
#include "escala/v1/completions.pb.h"
#include "escala/v1/people.pb.h"
#include "server/platform/call_context.h"

namespace escala::server {

// One named person (`employee_id`, active or not; NOT_FOUND naming employee_id when unknown or
// out of reach), the active people of team `team_id` (NOT_FOUND naming team_id when unknown or
// out of reach), or, with neither, every active person the caller reaches: an own-scoped caller
// themself, a team-scoped one their team and themself, everyone else everyone. By employee_id.
absl::StatusOr<std::vector<v1::Person>> PeopleInReach(const CallContext& call,
                                                      db::PeopleRepository& people,
                                                      db::TeamRepository& teams,
                                                      const std::string& employee_id,
                                                      const std::string& team_id);

// Every completion of `people` known at `as_of`, by employee_id (oldest completion first).
absl::StatusOr<std::map<std::string, std::vector<v1::TrainingCompletion>>> CompletionsByPerson(
    db::CompletionRepository& completions, const std::vector<v1::Person>& people, absl::Time as_of);

// `request_time` (unset: `now`) as an absl::Time.
absl::Time AsOf(const google::protobuf::Timestamp* request_time, bool has, absl::Time now);

}  // namespace escala::server
