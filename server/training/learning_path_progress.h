#pragma once

// A person's progress on a learning path, computed from their completion records: which items
// are done (with the completion and the version taken), when each is due and what is overdue.

#include <vector>

#include "absl/time/civil_time.h"
#include "escala/v1/completions.pb.h"
#include "escala/v1/learning_paths.pb.h"
#include "escala/v1/people.pb.h"

namespace escala::server {

// What due dates count from: the person's hire_date, or without one the UTC date of their
// create_time. The directory keeps no date of a change of role or level.
absl::CivilDay StartDateOf(const v1::Person& person);

// Whether `path` is for `person`: their role, and their level or every level.
bool PathApplies(const v1::LearningPath& path, const v1::Person& person);

// The progress on `path` of a person who started on `start`, on `as_of`, from their
// `completions` (any order; every course, the path's are picked out). An item is completed by
// any completion of its course, whenever it happened; it is overdue when it is not completed
// and `as_of` is after its due date (the due date itself is still in time).
v1::LearningPathProgress ProgressOf(const v1::LearningPath& path, absl::CivilDay start,
                                    const std::vector<v1::TrainingCompletion>& completions,
                                    absl::CivilDay as_of);

}  // namespace escala::server
