#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "db/directory/people_repository.h"
#include "db/directory/team_repository.h"
#include "db/training/completion_repository.h"
#include "db/training/course_repository.h"
#include "db/training/learning_path_repository.h"
#include "escala/v1/learning_paths.pb.h"
#include "server/platform/call_context.h"
#include "server/platform/clock.h"

namespace escala::server {

// What LearningPathHandler reads and writes.
struct LearningPathStores {
  db::LearningPathRepository& paths;
  db::CourseRepository& courses;
  db::PeopleRepository& people;
  db::TeamRepository& teams;
  db::CompletionRepository& completions;
};

// The logic of LearningPathService, free of gRPC. Paths are plain records; progress is computed
// on every read from the person's completions (learning_path_progress.h). An own-scoped caller
// reaches their own progress, a team-scoped one their team's, others everyone's.
class LearningPathHandler {
 public:
  LearningPathHandler(LearningPathStores stores, Clock clock)
      : stores_(stores), clock_(std::move(clock)) {}

  absl::StatusOr<v1::LearningPath> CreateLearningPath(const CallContext& call,
                                                      const v1::CreateLearningPathRequest& request);
  absl::StatusOr<v1::LearningPath> GetLearningPath(const CallContext& call,
                                                   const v1::GetLearningPathRequest& request);
  absl::StatusOr<v1::ListLearningPathsResponse> ListLearningPaths(
      const CallContext& call, const v1::ListLearningPathsRequest& request);
  absl::StatusOr<v1::LearningPath> UpdateLearningPath(const CallContext& call,
                                                      const v1::UpdateLearningPathRequest& request);
  absl::StatusOr<v1::PersonLearningProgress> GetLearningPathProgress(
      const CallContext& call, const v1::GetLearningPathProgressRequest& request);
  absl::StatusOr<v1::ListLearningPathProgressResponse> ListLearningPathProgress(
      const CallContext& call, const v1::ListLearningPathProgressRequest& request);

 private:
  // FAILED_PRECONDITION naming learning_path.items[i].course_id for the first item course not in
  // `known` that does not exist or is retired.
  absl::Status CheckCourses(const v1::LearningPath& path, const std::vector<std::string>& known);
  // Every active path.
  absl::StatusOr<std::vector<v1::LearningPath>> ActivePaths();

  LearningPathStores stores_;
  Clock clock_;
};

}  // namespace escala::server
