#include "tools/bench/eligibility_timing.h"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "db/common/proto_time.h"
#include "escala/v1/promotion_eligibility.grpc.pb.h"
#include "escala/v1/promotion_policies.grpc.pb.h"
#include "tools/bench/bench_units.h"

namespace escala::bench {
namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr char kPolicyId[] = "bench-l1-l2";
constexpr int kWindowDays = 90;

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

v1::PromotionCriterion* AddCriterion(v1::PromotionPolicy& policy, const std::string& key) {
  v1::PromotionCriterion* criterion = policy.add_criteria();
  criterion->set_key(key);
  return criterion;
}

absl::Status PublishBenchPolicy(v1::PromotionPolicyService::Stub& policies) {
  v1::CreatePromotionPolicyRequest create;
  v1::PromotionPolicy& policy = *create.mutable_promotion_policy();
  policy.set_promotion_policy_id(kPolicyId);
  policy.set_title("Bench L1 to L2");
  policy.set_from_level(1);
  policy.set_to_level(2);
  AddCriterion(policy, "tenure")->mutable_tenure()->set_min_months(6);
  v1::QualityRule* quality = AddCriterion(policy, "quality")->mutable_quality();
  quality->set_window_days(kWindowDays);
  quality->set_min_evaluations(10);
  quality->set_min_score(70);
  quality->set_judgement(v1::QUALITY_JUDGEMENT_LOWER_BOUND);
  AddCriterion(policy, "no-critical")->mutable_no_critical_failure()->set_window_days(kWindowDays);
  v1::KpiRule* fcr = AddCriterion(policy, "fcr")->mutable_kpi();
  fcr->set_metric(v1::KPI_METRIC_FCR);
  fcr->set_direction(v1::THRESHOLD_DIRECTION_AT_LEAST);
  fcr->set_threshold(60);
  fcr->set_window_days(kWindowDays);
  fcr->set_min_n(50);
  v1::KpiRule* csat = AddCriterion(policy, "csat")->mutable_kpi();
  csat->set_metric(v1::KPI_METRIC_CSAT);
  csat->set_direction(v1::THRESHOLD_DIRECTION_AT_LEAST);
  csat->set_threshold(70);
  csat->set_window_days(kWindowDays);
  csat->set_min_n(10);
  AddCriterion(policy, "disputes")->mutable_no_lost_disputes()->set_window_days(kWindowDays);
  grpc::ClientContext create_context;
  v1::PromotionPolicy draft;
  grpc::Status s = policies.CreatePromotionPolicy(&create_context, create, &draft);
  if (!s.ok()) {
    return absl::InternalError(absl::StrCat("CreatePromotionPolicy: ", s.error_message()));
  }
  v1::PublishPromotionPolicyRequest publish;
  publish.set_promotion_policy_id(kPolicyId);
  publish.set_etag(draft.etag());
  grpc::ClientContext publish_context;
  v1::PromotionPolicy published;
  s = policies.PublishPromotionPolicy(&publish_context, publish, &published);
  if (!s.ok()) {
    return absl::InternalError(absl::StrCat("PublishPromotionPolicy: ", s.error_message()));
  }
  return absl::OkStatus();
}

struct PopulationRun {
  double ms = 0;
  int64_t people = 0;
  int64_t eligible = 0;
  int64_t evaluations = 0;  // the quality rule's n, summed
};

absl::StatusOr<PopulationRun> ComputePopulation(v1::PromotionEligibilityService::Stub& stub,
                                                int64_t as_of_ms) {
  PopulationRun run;
  v1::ComputeEligibilityRequest request;
  request.set_promotion_policy_id(kPolicyId);
  // The version by number: it was published now, after the history's as-of time.
  request.set_version(1);
  request.set_page_size(1000);
  *request.mutable_as_of_time() = db::MillisToTimestamp(as_of_ms);
  const SteadyClock::time_point start = SteadyClock::now();
  do {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(5));
    v1::ComputeEligibilityResponse page;
    grpc::Status s = stub.ComputeEligibility(&context, request, &page);
    if (!s.ok()) {
      return absl::InternalError(absl::StrCat("ComputeEligibility: ", s.error_message()));
    }
    for (const v1::PersonEligibility& person : page.people()) {
      ++run.people;
      if (person.outcome() == v1::ELIGIBILITY_OUTCOME_ELIGIBLE) ++run.eligible;
      if (person.criteria_size() > 1) run.evaluations += person.criteria(1).n();
    }
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  run.ms = std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count();
  return run;
}

// The same figures from the facts: the population, level changes, the scored evaluations
// (count, sum, sum of squares; critical failures live in the evaluation's detail JSON, so the
// raw side does not even read them) and the contacts (FCR and CSAT counts) per agent over the
// window, and the decided disputes.
struct RawRun {
  double ms = 0;
  int64_t people = 0;
  int64_t evaluations = 0;
};

absl::StatusOr<RawRun> RawFigures(MysqlConnection& raw, int64_t as_of_ms) {
  // The server's windows (WindowEndDay): whole days, the as-of day included unless the as-of is
  // a midnight.
  const int64_t day_start = as_of_ms - as_of_ms % kDayMs;
  const int64_t end_ms = as_of_ms == day_start ? day_start : day_start + kDayMs;
  const int64_t from_ms = end_ms - kWindowDays * kDayMs;
  const SteadyClock::time_point start = SteadyClock::now();
  RawRun run;
  const std::vector<std::string> queries = {
      "SELECT employee_id, level, hire_date FROM people WHERE level = 1 AND active = 1 "
      "ORDER BY employee_id",
      "SELECT employee_id, from_level, to_level, change_ms FROM person_level_changes",
      absl::StrCat("SELECT agent_employee_id, COUNT(*), SUM(score), SUM(score * score) "
                   "FROM evaluations WHERE state <> 1 AND score IS NOT NULL AND submit_ms >= ",
                   from_ms, " AND submit_ms < ", end_ms, " GROUP BY agent_employee_id"),
      absl::StrCat("SELECT agent_employee_id, SUM(resolve_ms IS NOT NULL), "
                   "SUM(first_contact_resolution), SUM(csat IS NOT NULL), SUM(csat >= 4) "
                   "FROM interactions WHERE start_ms >= ",
                   from_ms, " AND start_ms < ", end_ms, " GROUP BY agent_employee_id"),
      absl::StrCat("SELECT id, agent_employee_id FROM evaluations WHERE state = 5 AND "
                   "submit_ms >= ",
                   from_ms, " AND submit_ms < ", end_ms)};
  for (std::size_t i = 0; i < queries.size(); ++i) {
    absl::StatusOr<std::vector<MysqlRow>> rows = raw.Query(queries[i]);
    if (!rows.ok()) return rows.status();
    if (i == 0) run.people = static_cast<int64_t>(rows->size());
    if (i == 2) {
      for (const MysqlRow& row : *rows) {
        if (row.size() > 1 && row[1]) run.evaluations += std::stoll(*row[1]);
      }
    }
  }
  run.ms = std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count();
  return run;
}

}  // namespace

absl::Status TimeEligibility(const EligibilitySetup& setup,
                             const std::shared_ptr<grpc::Channel>& channel, MysqlConnection& raw) {
  auto policies = v1::PromotionPolicyService::NewStub(channel);
  auto eligibility = v1::PromotionEligibilityService::NewStub(channel);
  if (absl::Status s = PublishBenchPolicy(*policies); !s.ok()) return s;
  std::vector<double> server_ms, raw_ms;
  PopulationRun last;
  RawRun raw_last;
  for (int run = 0; run < setup.runs; ++run) {
    absl::StatusOr<PopulationRun> computed = ComputePopulation(*eligibility, setup.as_of_ms);
    if (!computed.ok()) return computed.status();
    server_ms.push_back(computed->ms);
    last = *computed;
    absl::StatusOr<RawRun> figures = RawFigures(raw, setup.as_of_ms);
    if (!figures.ok()) return figures.status();
    raw_ms.push_back(figures->ms);
    raw_last = *figures;
  }
  // The population is the level-1 agents of the history and the few people of the other
  // workloads' directory.
  if (last.people != raw_last.people || last.people < setup.agents ||
      last.evaluations != raw_last.evaluations) {
    return absl::InternalError(
        absl::StrCat("eligibility disagrees with the facts: ", last.people,
                     " people (the facts have ", raw_last.people, "), ", last.evaluations,
                     " evaluations counted (the facts have ", raw_last.evaluations, ")"));
  }
  const double server = Median(server_ms), raw_median = Median(raw_ms);
  std::cout << absl::StrFormat(
                   "eligibility_population people=%d evaluations_in_window=%d eligible=%d "
                   "server_median_ms=%.1f raw_median_ms=%.1f raw_over_server=%.2f runs=%d",
                   last.people, last.evaluations, last.eligible, server, raw_median,
                   server > 0 ? raw_median / server : 0.0, setup.runs)
            << std::endl;
  return absl::OkStatus();
}

}  // namespace escala::bench
