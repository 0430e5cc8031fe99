#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/common/audit_stamp.h"
#include "escala/v1/completions.pb.h"

namespace escala::db {

// Which completions ListCompletions returns; empty members select everything.
struct CompletionFilter {
  std::string employee_id;
  std::string team_id;
  std::string course_id;
};

// What ImportCompletions did with one record.
struct ImportedCompletion {
  // The stored record: the one written, or the one found.
  v1::TrainingCompletion completion;
  // Whether a record with the same person, course, version and completion_time was stored
  // already (or written earlier in the same import), so that nothing was written.
  bool already_present = false;
};

// The completion records (table training_completions). They are written by closing a session
// (TrainingSessionRepository::Close, in its transaction) and by the completion import; never
// updated or deleted.
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

  // The stored completion of this person, course version and completion_time (to the
  // millisecond), any source; nullopt when there is none. The import's identity of a record.
  virtual absl::StatusOr<std::optional<v1::TrainingCompletion>> FindCompletion(
      const std::string& employee_id, const std::string& course_id, int32_t course_version,
      absl::Time completion_time) = 0;

  // Imports `completions` (validated by the caller; source, id, created_by and create_time are
  // set here from `stamp` and `now`) in one transaction, in order: a record whose identity
  // (FindCompletion) is stored already, or was written by an earlier record of the list, is
  // answered with that record and already_present; every other is written with its audit event
  // ("trainingCompletions/<id>", stamped with `stamp`). One result per record, in order; on a
  // failure nothing is written.
  virtual absl::StatusOr<std::vector<ImportedCompletion>> ImportCompletions(
      const std::vector<v1::TrainingCompletion>& completions, const AuditStamp& stamp,
      absl::Time now) = 0;
};

}  // namespace escala::db
