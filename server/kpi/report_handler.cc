#include "server/kpi/report_handler.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"
#include "db/summaries/summary_rows.h"
#include "server/kpi/kpi_metrics.h"
#include "server/kpi/qa_report_maths.h"
#include "server/kpi/report_buckets.h"
#include "server/kpi/report_validation.h"
#include "server/kpi/training_coverage.h"
#include "server/training/training_reach.h"

namespace escala::server {
namespace {

// Definitions (learning paths, certifications) read per page.
constexpr int kDefinitionPage = 500;

absl::Status OutOfReach(const std::string& scope, const std::string& scope_id) {
  return absl::NotFoundError(absl::StrCat("no report of ", scope, " '", scope_id, "' found"));
}

// The counters of the days of `bucket`, summed.
std::vector<int64_t> SumBucket(const db::CountersByDay& by_day, const DayRange& bucket,
                               std::size_t width) {
  std::vector<int64_t> sum(width, 0);
  for (auto it = by_day.lower_bound(bucket.from_day);
       it != by_day.end() && it->first < bucket.to_day; ++it) {
    for (std::size_t i = 0; i < width && i < it->second.size(); ++i) sum[i] += it->second[i];
  }
  return sum;
}

template <typename Bucket>
void SetBucketTimes(Bucket* out, const DayRange& bucket) {
  *out->mutable_start_time() = db::MillisToTimestamp(db::UtcDayStartMs(bucket.from_day));
  *out->mutable_end_time() = db::MillisToTimestamp(db::UtcDayStartMs(bucket.to_day));
}

}  // namespace

absl::Status ReportHandler::CheckReach(const CallContext& call, const std::string& scope,
                                       const std::string& scope_id) {
  switch (call.scope) {
    case Scope::kAll:
      return absl::OkStatus();
    case Scope::kOwn:
      if (scope == "agent" && !call.caller.employee_id.empty() &&
          scope_id == call.caller.employee_id) {
        return absl::OkStatus();
      }
      return OutOfReach(scope, scope_id);
    case Scope::kTeam: {
      const std::string& team = call.caller.team_id;
      if (team.empty()) return OutOfReach(scope, scope_id);
      if (scope == "team" && scope_id == team) return absl::OkStatus();
      if (scope != "agent") return OutOfReach(scope, scope_id);
      if (scope_id == call.caller.employee_id) return absl::OkStatus();
      absl::StatusOr<v1::Person> person = people_.Get(scope_id);
      if (absl::IsNotFound(person.status())) return OutOfReach(scope, scope_id);
      if (!person.ok()) return person.status();
      if (person->team_id() != team) return OutOfReach(scope, scope_id);
      return absl::OkStatus();
    }
  }
  return OutOfReach(scope, scope_id);
}

absl::StatusOr<v1::KpiReport> ReportHandler::GetKpiReport(const CallContext& call,
                                                          const v1::GetKpiReportRequest& request) {
  absl::StatusOr<SummaryScope> scope = ValidateKpiRequest(request);
  if (!scope.ok()) return scope.status();
  absl::StatusOr<DayRange> range = ValidateDayRange(request);
  if (!range.ok()) return range.status();
  if (absl::Status s = CheckReach(call, scope->scope, scope->scope_id); !s.ok()) return s;
  absl::StatusOr<db::CountersByDay> by_day =
      reports_.KpiByDay(scope->scope, scope->scope_id, range->from_day, range->to_day);
  if (!by_day.ok()) return by_day.status();
  std::vector<v1::KpiMetric> metrics;
  for (int metric : request.metrics()) metrics.push_back(static_cast<v1::KpiMetric>(metric));
  if (metrics.empty()) metrics = PresetMetrics(request.preset());
  v1::KpiReport report;
  report.set_scope(request.scope());
  report.set_scope_id(scope->scope_id);
  report.set_period(request.period());
  report.set_low_sample_threshold(kLowSampleThreshold);
  const std::size_t width = db::KpiSummaryTable().counters.size();
  for (const DayRange& bucket : CutIntoBuckets(*range, request.period())) {
    const std::vector<int64_t> counters = SumBucket(*by_day, bucket, width);
    v1::KpiBucket* out = report.add_buckets();
    SetBucketTimes(out, bucket);
    out->set_contacts(counters[0]);
    for (v1::KpiMetric metric : metrics) *out->add_values() = ComputeKpi(metric, counters);
  }
  const bool wide = scope->scope == "queue" || scope->scope == "channel";
  if (request.include_training() || (request.preset() == v1::KPI_PRESET_TEAM_LEAD && !wide)) {
    // The last instant of the range: completions recorded by then count.
    const absl::Time as_of =
        absl::FromUnixMillis(db::UtcDayStartMs(range->to_day)) - absl::Milliseconds(1);
    absl::StatusOr<v1::TrainingCoverage> training =
        TrainingCoverageOf(call, scope->scope, scope->scope_id, as_of);
    if (!training.ok()) return training.status();
    *report.mutable_training() = *std::move(training);
  }
  return report;
}

absl::StatusOr<v1::QaReport> ReportHandler::GetQaReport(const CallContext& call,
                                                        const v1::GetQaReportRequest& request) {
  absl::StatusOr<SummaryScope> scope = ValidateQaRequest(request);
  if (!scope.ok()) return scope.status();
  absl::StatusOr<DayRange> range = ValidateDayRange(request);
  if (!range.ok()) return range.status();
  if (absl::Status s = CheckReach(call, scope->scope, scope->scope_id); !s.ok()) return s;
  absl::StatusOr<db::CountersByDay> by_day = reports_.QaByDay(
      scope->scope, scope->scope_id, request.scorecard_id(), range->from_day, range->to_day);
  if (!by_day.ok()) return by_day.status();
  v1::QaReport report;
  report.set_scope(request.scope());
  report.set_scope_id(scope->scope_id);
  report.set_period(request.period());
  report.set_scorecard_id(request.scorecard_id());
  report.set_low_sample_threshold(kLowSampleThreshold);
  const std::size_t width = db::QaSummaryTable().counters.size();
  for (const DayRange& bucket : CutIntoBuckets(*range, request.period())) {
    v1::QaBucket* out = report.add_buckets();
    *out = ComputeQaBucket(SumBucket(*by_day, bucket, width));
    SetBucketTimes(out, bucket);
  }
  absl::StatusOr<std::vector<db::CriterionCounts>> criteria = reports_.QaByCriterion(
      scope->scope, scope->scope_id, request.scorecard_id(), range->from_day, range->to_day);
  if (!criteria.ok()) return criteria.status();
  absl::StatusOr<std::map<std::pair<std::string, std::string>, std::string>> titles =
      CriterionTitles(*criteria);
  if (!titles.ok()) return titles.status();
  for (v1::CriterionFailureRate& rate : ComputeCriterionFailureRates(*criteria, *titles)) {
    *report.add_criteria() = std::move(rate);
  }
  return report;
}

absl::StatusOr<v1::TrainingCoverage> ReportHandler::TrainingCoverageOf(const CallContext& call,
                                                                       const std::string& scope,
                                                                       const std::string& scope_id,
                                                                       absl::Time as_of) {
  // The reach was checked already; PeopleInReach applies the same rules to pick the people.
  absl::StatusOr<std::vector<v1::Person>> people = PeopleInReach(
      call, people_, teams_, scope == "agent" ? scope_id : "", scope == "team" ? scope_id : "");
  if (!people.ok()) return people.status();
  absl::StatusOr<std::map<std::string, std::vector<v1::TrainingCompletion>>> completions =
      CompletionsByPerson(completions_, *people, as_of);
  if (!completions.ok()) return completions.status();
  std::vector<v1::LearningPath> paths;
  for (std::string after;;) {
    absl::StatusOr<std::vector<v1::LearningPath>> page =
        learning_paths_.List(db::LearningPathFilter{0, 0, true}, after, kDefinitionPage);
    if (!page.ok()) return page.status();
    for (v1::LearningPath& path : *page) paths.push_back(std::move(path));
    if (static_cast<int>(page->size()) < kDefinitionPage) break;
    after = paths.back().learning_path_id();
  }
  std::vector<v1::Certification> certifications;
  for (std::string after;;) {
    absl::StatusOr<std::vector<v1::Certification>> page =
        certifications_.List(db::CertificationFilter{"", true}, after, kDefinitionPage);
    if (!page.ok()) return page.status();
    for (v1::Certification& c : *page) certifications.push_back(std::move(c));
    if (static_cast<int>(page->size()) < kDefinitionPage) break;
    after = certifications.back().certification_id();
  }
  v1::TrainingCoverage coverage =
      ComputeTrainingCoverage(*people, paths, certifications, *completions,
                              absl::ToCivilDay(as_of, absl::UTCTimeZone()), kLowSampleThreshold);
  *coverage.mutable_as_of_time() = db::MillisToTimestamp(absl::ToUnixMillis(as_of));
  return coverage;
}

absl::StatusOr<std::map<std::pair<std::string, std::string>, std::string>>
ReportHandler::CriterionTitles(const std::vector<db::CriterionCounts>& counts) {
  std::map<std::string, std::set<std::string>> wanted;
  for (const db::CriterionCounts& c : counts) wanted[c.scorecard_id].insert(c.criterion_key);
  std::map<std::pair<std::string, std::string>, std::string> titles;
  for (auto& [scorecard_id, keys] : wanted) {
    // Newest first: a criterion renamed in a later version shows its current title. A scorecard
    // has few versions; 100 covers any real history.
    absl::StatusOr<std::vector<v1::Scorecard>> versions =
        scorecards_.ListVersions(scorecard_id, 0, 100);
    if (absl::IsNotFound(versions.status())) continue;
    if (!versions.ok()) return versions.status();
    for (const v1::Scorecard& version : *versions) {
      for (const v1::ScorecardSection& section : version.sections()) {
        for (const v1::Criterion& criterion : section.criteria()) {
          if (keys.erase(criterion.key()) > 0) {
            titles[{scorecard_id, criterion.key()}] = criterion.title();
          }
        }
      }
    }
  }
  return titles;
}

absl::StatusOr<v1::RecomputeReportSummariesResponse> ReportHandler::RecomputeReportSummaries(
    const CallContext& call, const v1::RecomputeReportSummariesRequest& request) {
  absl::StatusOr<DayRange> range = ValidateDayRange(request);
  if (!range.ok()) return range.status();
  absl::StatusOr<db::RecomputeResult> result =
      reports_.Recompute(range->from_day, range->to_day, request.fix(), call.Stamp(), clock_());
  if (!result.ok()) return result.status();
  v1::RecomputeReportSummariesResponse response;
  response.set_recomputed_rows(result->recomputed_rows);
  response.set_fixed(result->fixed);
  response.set_difference_count(result->difference_count);
  for (const db::SummaryDifference& d : result->differences) {
    v1::SummaryDifference* out = response.add_differences();
    out->set_table(d.table);
    out->set_scope(d.key.scope);
    out->set_scope_id(d.key.scope_id);
    out->set_day(DayText(d.key.day));
    out->set_shard(d.key.shard);
    out->set_scorecard_id(d.key.scorecard_id);
    out->set_criterion_key(d.key.criterion_key);
    out->set_column(d.column);
    out->set_stored(d.stored);
    out->set_recomputed(d.recomputed);
  }
  return response;
}

}  // namespace escala::server
