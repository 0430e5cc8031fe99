#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "escala/v1/completions.pb.h"

namespace escala::db {

// Which completions ListCompletions returns; empty members select everything.
struct CompletionFilter {
  std::string employee_id;
  std::string team_id;
  std::string course_id;
};

// Read side of the completion records (table training_completions). They are written by closing
// a session (TrainingSessionRepository::Close, in its transaction) and by the completion import;
// never updated or deleted.
class CompletionRepository {
 public:
  virtual ~CompletionRepository() = default;

  // The completions `filter` selects, newest completion_time first (then id descending), after
  // the position (completion_time, id) of `after` when it is set, at most `limit`.
  virtual absl::StatusOr<std::vector<v1::TrainingCompletion>> ListCompletions(
      const CompletionFilter& filter, const v1::TrainingCompletion* after, int limit) = 0;

  // Every completion of the people `employee_ids` that was known at `as_of`: completion_time and
  // create_time both at or before `as_of` (so a past date reproduces what was known then), oldest
  // completion_time first. Unknown employee ids have none. What certifications, learning paths,
  // effectiveness and promotion read.
  virtual absl::StatusOr<std::vector<v1::TrainingCompletion>> CompletionsOf(
      const std::vector<std::string>& employee_ids, absl::Time as_of) = 0;

  // Every completion of the course `course_id` (any version) known at `as_of`, oldest first.
  virtual absl::StatusOr<std::vector<v1::TrainingCompletion>> CompletionsOfCourse(
      const std::string& course_id, absl::Time as_of) = 0;
};

}  // namespace escala::db
