#pragma once

#include <utility>

#include "absl/status/statusor.h"
#include "db/directory/people_repository.h"
#include "db/qa/evaluation_repository.h"
#include "db/qa/scorecard_repository.h"
#include "db/training/completion_repository.h"
#include "db/training/course_repository.h"
#include "escala/v1/training_effectiveness.pb.h"
#include "server/platform/call_context.h"
#include "server/platform/clock.h"

namespace escala::server {

// What TrainingEffectivenessHandler reads. It writes nothing.
struct EffectivenessStores {
  db::CompletionRepository& completions;
  db::CourseRepository& courses;
  db::PeopleRepository& people;
  db::EvaluationRepository& evaluations;
  db::ScorecardRepository& scorecards;
};

// The logic of TrainingEffectivenessService, free of gRPC: picks the trained and comparison
// groups from the course's completions and the directory (effectiveness_groups.h), reads each
// person's criterion results in their windows (CriterionResultsReader, as recommendations read
// them) and hands them to EstimateDifferenceInDifferences (server/stats). The access policy
// lets only callers who reach everyone in (trainers, managers, heads of support,
// administrators): the answer is group means, but of everyone who took the course.
class TrainingEffectivenessHandler {
 public:
  TrainingEffectivenessHandler(EffectivenessStores stores, Clock clock)
      : stores_(stores), clock_(std::move(clock)) {}

  absl::StatusOr<v1::ComputeCourseEffectivenessResponse> ComputeCourseEffectiveness(
      const CallContext& call, const v1::ComputeCourseEffectivenessRequest& request);

 private:
  EffectivenessStores stores_;
  Clock clock_;
};

}  // namespace escala::server
