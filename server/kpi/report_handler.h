#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "db/directory/people_repository.h"
#include "db/directory/team_repository.h"
#include "db/kpi/report_repository.h"
#include "db/qa/scorecard_repository.h"
#include "db/training/certification_repository.h"
#include "db/training/completion_repository.h"
#include "db/training/learning_path_repository.h"
#include "escala/v1/reports.pb.h"
#include "server/platform/call_context.h"
#include "server/platform/clock.h"

namespace escala::server {

// ReportService's logic, free of gRPC: reports read the day rows of the report summaries and
// compute every ratio now; the recompute compares (and with fix replaces) them with the facts.
//
// Reach (the access policy's O and T): an agent reads only the agent scope of themselves; a team
// lead the team scope of their own team and the agent scope of its current members. Anything
// else is NOT_FOUND, as for a record out of reach. Trainers read every scope: they plan courses
// from the department's results, as course effectiveness already lets them.
class ReportHandler {
 public:
  // What the reports read beyond the summaries: the directory for reach and the training
  // coverage's people, scorecards for criterion titles, and the training definitions and
  // completion records for the coverage.
  struct Sources {
    db::ReportRepository& reports;
    db::PeopleRepository& people;
    db::TeamRepository& teams;
    db::ScorecardRepository& scorecards;
    db::LearningPathRepository& learning_paths;
    db::CertificationRepository& certifications;
    db::CompletionRepository& completions;
  };

  ReportHandler(Sources sources, Clock clock)
      : reports_(sources.reports),
        people_(sources.people),
        teams_(sources.teams),
        scorecards_(sources.scorecards),
        learning_paths_(sources.learning_paths),
        certifications_(sources.certifications),
        completions_(sources.completions),
        clock_(std::move(clock)) {}

  absl::StatusOr<v1::KpiReport> GetKpiReport(const CallContext& call,
                                             const v1::GetKpiReportRequest& request);
  absl::StatusOr<v1::QaReport> GetQaReport(const CallContext& call,
                                           const v1::GetQaReportRequest& request);
  absl::StatusOr<v1::RecomputeReportSummariesResponse> RecomputeReportSummaries(
      const CallContext& call, const v1::RecomputeReportSummariesRequest& request);

 private:
  // OK when the caller may read `scope`/`scope_id`; NOT_FOUND otherwise.
  absl::Status CheckReach(const CallContext& call, const std::string& scope,
                          const std::string& scope_id);

  // The titles of the criteria in `counts`: (scorecard_id, criterion_key) → the title in the
  // newest version of the scorecard that has the criterion.
  absl::StatusOr<std::map<std::pair<std::string, std::string>, std::string>> CriterionTitles(
      const std::vector<db::CriterionCounts>& counts);

  // The training coverage of the scope's people at `as_of` (the report's end).
  absl::StatusOr<v1::TrainingCoverage> TrainingCoverageOf(const CallContext& call,
                                                          const std::string& scope,
                                                          const std::string& scope_id,
                                                          absl::Time as_of);

  db::ReportRepository& reports_;
  db::PeopleRepository& people_;
  db::TeamRepository& teams_;
  db::ScorecardRepository& scorecards_;
  db::LearningPathRepository& learning_paths_;
  db::CertificationRepository& certifications_;
  db::CompletionRepository& completions_;
  Clock clock_;
};

}  // namespace escala::server
