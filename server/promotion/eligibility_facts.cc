#include "server/promotion/eligibility_facts.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "db/common/proto_time.h"
#include "db/summaries/qa_summary_delta.h"
#include "server/kpi/kpi_metrics.h"
#include "server/training/certification_status.h"

namespace escala::server {
namespace {

// Evaluations read per page.
constexpr int kEvaluationPage = 500;

// People whose facts one chunk of a page reads: its reads name at most this many employee ids, so
// that a page of 1,000 is two chunks for two sessions. Below 1,000 values MariaDB also keeps an IN
// list as ranges of the summaries' primary key (scope, scope_id, day) and groups in key order;
// from 1,000 on it joins the values as a table and groups in a temporary table.
constexpr std::size_t kChunkPeople = 500;

// Chunks of a page read at the same time, each on a session of its own: the summary scans are
// the database's CPU work, and the database has more than one core to do it with.
constexpr std::size_t kParallelChunks = 2;

constexpr absl::CivilDay kUnixEpochDay(1970, 1, 1);

// WindowEndDay(as_of) as a summary day number (days since 1970-01-01): the windows are the days
// before it.
int WindowEndDayNumber(absl::Time as_of) {
  return static_cast<int>(WindowEndDay(as_of) - kUnixEpochDay);
}

// The widest window (days) of the rules that read evaluations; 0 when none does.
int EvaluationWindowDays(const v1::PromotionPolicy& policy) {
  int days = 0;
  for (const v1::PromotionCriterion& criterion : policy.criteria()) {
    switch (criterion.rule_case()) {
      case v1::PromotionCriterion::kQuality:
        days = std::max(days, criterion.quality().window_days());
        break;
      case v1::PromotionCriterion::kNoCriticalFailure:
        days = std::max(days, criterion.no_critical_failure().window_days());
        break;
      case v1::PromotionCriterion::kNoLostDisputes:
        days = std::max(days, criterion.no_lost_disputes().window_days());
        break;
      default:
        break;
    }
  }
  return days;
}

bool HasDisputeRule(const v1::PromotionPolicy& policy) {
  return std::any_of(policy.criteria().begin(), policy.criteria().end(),
                     [](const v1::PromotionCriterion& c) { return c.has_no_lost_disputes(); });
}

// A dispute is lost when the reviewer upheld every contested answer.
bool DisputeLost(const v1::Dispute& dispute) {
  if (dispute.items().empty()) return false;
  return std::all_of(
      dispute.items().begin(), dispute.items().end(),
      [](const v1::ContestedCriterion& c) { return c.outcome() == v1::DISPUTE_OUTCOME_UPHELD; });
}

EvaluationFact FactOf(const v1::Evaluation& evaluation, absl::Time as_of) {
  EvaluationFact fact;
  fact.evaluation_id = evaluation.id();
  fact.scorecard_id = evaluation.scorecard_id();
  fact.submit_time = absl::FromUnixMillis(db::TimestampToMillis(evaluation.submit_time()));
  if (evaluation.has_score()) fact.score = evaluation.score();
  fact.critical_failure =
      evaluation.zeroed_by_critical() || !evaluation.failed_critical_keys().empty();
  if (evaluation.dispute().has_resolve_time()) {
    const absl::Time resolved =
        absl::FromUnixMillis(db::TimestampToMillis(evaluation.dispute().resolve_time()));
    // A decision taken after the as-of time was not known then.
    if (resolved <= as_of) {
      fact.dispute_resolve_time = resolved;
      fact.dispute_lost = DisputeLost(evaluation.dispute());
    }
  }
  return fact;
}

std::optional<absl::CivilDay> HireDay(const v1::Person& person) {
  absl::CivilDay day;
  if (person.hire_date().empty() || !absl::ParseCivilTime(person.hire_date(), &day)) {
    return std::nullopt;
  }
  return day;
}

// The level held at `as_of` and since when, from the person's changes (oldest first).
void LevelAt(const std::vector<db::LevelChange>& changes, absl::Time as_of, PersonFacts& facts) {
  // The level then: walking back the changes made after the as-of time.
  int32_t level = facts.person.level();
  for (auto it = changes.rbegin(); it != changes.rend() && it->change_time > as_of; ++it) {
    level = it->from_level;
  }
  facts.level = level;
  facts.level_since = HireDay(facts.person);
  for (const db::LevelChange& change : changes) {
    if (change.change_time > as_of) break;
    if (change.to_level == level) {
      facts.level_since = absl::ToCivilDay(change.change_time, absl::UTCTimeZone());
    }
  }
}

EvaluationTotals TotalsOf(const db::AgentQaTotals& read) {
  EvaluationTotals totals;
  auto counter = [&read](int index) {
    return static_cast<std::size_t>(index) < read.counters.size() ? read.counters[index] : 0;
  };
  totals.evaluations = counter(db::kQaEvaluations);
  totals.score_milli_sum = counter(db::kQaScoreMilliSum);
  totals.score_milli_sq_sum = counter(db::kQaScoreMilliSqSum);
  totals.critical_failures = counter(db::kQaCriticalFailures);
  if (read.last_critical_failure_day) {
    totals.last_critical_failure_day = kUnixEpochDay + *read.last_critical_failure_day;
  }
  return totals;
}

// Where each person's facts are, by employee id.
std::map<std::string, PersonFacts*> ByEmployeeId(std::span<PersonFacts> facts) {
  std::map<std::string, PersonFacts*> by_id;
  for (PersonFacts& person : facts) by_id[person.person.employee_id()] = &person;
  return by_id;
}

}  // namespace

absl::Status EligibilityFactsReader::ReadLevels(const std::vector<std::string>& ids,
                                                absl::Time as_of, std::span<PersonFacts> facts) {
  absl::StatusOr<std::map<std::string, std::vector<db::LevelChange>>> changes =
      people_.LevelChangesOf(ids);
  if (!changes.ok()) return changes.status();
  static const std::vector<db::LevelChange> kNoChanges;
  for (PersonFacts& person : facts) {
    auto found = changes->find(person.person.employee_id());
    LevelAt(found == changes->end() ? kNoChanges : found->second, as_of, person);
  }
  return absl::OkStatus();
}

absl::Status EligibilityFactsReader::ReadEvaluationTotals(const v1::PromotionPolicy& policy,
                                                          const std::vector<std::string>& ids,
                                                          absl::Time as_of,
                                                          std::span<PersonFacts> facts) {
  const int as_of_day = WindowEndDayNumber(as_of);
  // Rules with the same window and scorecards share one read.
  std::map<std::pair<int, std::vector<std::string>>, std::map<std::string, db::AgentQaTotals>>
      reads;
  const std::map<std::string, PersonFacts*> by_id = ByEmployeeId(facts);
  for (int index = 0; index < policy.criteria_size(); ++index) {
    const v1::PromotionCriterion& criterion = policy.criteria(index);
    int window_days = 0;
    std::vector<std::string> scorecards;
    if (criterion.has_quality()) {
      window_days = criterion.quality().window_days();
      scorecards.assign(criterion.quality().scorecard_ids().begin(),
                        criterion.quality().scorecard_ids().end());
      std::sort(scorecards.begin(), scorecards.end());
    } else if (criterion.has_no_critical_failure()) {
      window_days = criterion.no_critical_failure().window_days();
    } else {
      continue;
    }
    auto key = std::make_pair(window_days, scorecards);
    auto read = reads.find(key);
    if (read == reads.end()) {
      absl::StatusOr<std::map<std::string, db::AgentQaTotals>> totals =
          reports_.QaByAgent(ids, scorecards, as_of_day - window_days, as_of_day);
      if (!totals.ok()) return totals.status();
      read = reads.emplace(std::move(key), *std::move(totals)).first;
    }
    for (const auto& [id, totals] : read->second) {
      auto person = by_id.find(id);
      if (person != by_id.end()) person->second->evaluation_totals[index] = TotalsOf(totals);
    }
  }
  return absl::OkStatus();
}

absl::Status EligibilityFactsReader::ReadEvaluations(const v1::PromotionPolicy& policy,
                                                     const std::vector<std::string>& ids,
                                                     absl::Time as_of, EvaluationEvidence evidence,
                                                     std::span<PersonFacts> facts) {
  const bool all = evidence == EvaluationEvidence::kEvaluations;
  for (PersonFacts& person : facts) person.evaluation_evidence = all;
  const int window_days = EvaluationWindowDays(policy);
  if (window_days == 0 || (!all && !HasDisputeRule(policy))) return absl::OkStatus();
  const absl::CivilDay as_of_day = WindowEndDay(as_of);
  db::EvaluationFilter filter;
  filter.agent_employee_ids = ids;
  if (all) {
    filter.exclude_drafts = true;
  } else {
    filter.state = v1::EVALUATION_STATE_DISPUTE_RESOLVED;
  }
  filter.submitted_from_ms =
      absl::ToUnixMillis(absl::FromCivil(as_of_day - window_days, absl::UTCTimeZone()));
  filter.submitted_to_ms = absl::ToUnixMillis(absl::FromCivil(as_of_day, absl::UTCTimeZone()));
  const std::map<std::string, PersonFacts*> by_id = ByEmployeeId(facts);
  std::optional<int64_t> before;
  while (true) {
    absl::StatusOr<std::vector<v1::Evaluation>> page =
        evaluations_.List(filter, before, kEvaluationPage);
    if (!page.ok()) return page.status();
    for (const v1::Evaluation& evaluation : *page) {
      auto person = by_id.find(evaluation.agent_employee_id());
      if (person != by_id.end()) {
        person->second->evaluations.push_back(FactOf(evaluation, as_of));
      }
    }
    if (static_cast<int>(page->size()) < kEvaluationPage) break;
    before = page->back().id();
  }
  // Oldest first, so that evidence reads in the order things happened.
  for (PersonFacts& person : facts) {
    std::sort(person.evaluations.begin(), person.evaluations.end(),
              [](const EvaluationFact& a, const EvaluationFact& b) {
                return a.evaluation_id < b.evaluation_id;
              });
  }
  return absl::OkStatus();
}

absl::Status EligibilityFactsReader::ReadTraining(const v1::PromotionPolicy& policy,
                                                  const std::vector<std::string>& ids,
                                                  absl::Time as_of, std::span<PersonFacts> facts) {
  absl::StatusOr<std::vector<v1::TrainingCompletion>> completions =
      completions_.CompletionsOf(ids, as_of);
  if (!completions.ok()) return completions.status();
  std::map<std::string, std::vector<v1::TrainingCompletion>> by_person;
  for (v1::TrainingCompletion& completion : *completions) {
    by_person[completion.person_employee_id()].push_back(std::move(completion));
  }
  std::set<std::string> named;
  for (const v1::PromotionCriterion& criterion : policy.criteria()) {
    if (criterion.has_certifications()) {
      named.insert(criterion.certifications().certification_ids().begin(),
                   criterion.certifications().certification_ids().end());
    }
  }
  // Each certification is read once for the page.
  std::vector<v1::Certification> certifications;
  for (const std::string& id : named) {
    absl::StatusOr<v1::Certification> certification = certifications_.Get(id);
    // A certification that does not exist is simply not held.
    if (absl::IsNotFound(certification.status())) continue;
    if (!certification.ok()) return certification.status();
    certifications.push_back(*std::move(certification));
  }
  const absl::CivilDay day = absl::ToCivilDay(as_of, absl::UTCTimeZone());
  static const std::vector<v1::TrainingCompletion> kNone;
  for (PersonFacts& person : facts) {
    auto found = by_person.find(person.person.employee_id());
    const std::vector<v1::TrainingCompletion>& own =
        found == by_person.end() ? kNone : found->second;
    for (const v1::TrainingCompletion& completion : own) {
      person.completions.push_back(
          {completion.course_id(),
           absl::FromUnixMillis(db::TimestampToMillis(completion.completion_time()))});
    }
    for (const v1::Certification& certification : certifications) {
      absl::StatusOr<CertificationWalk> walk = WalkCompletions(certification, own);
      if (!walk.ok()) return walk.status();
      const v1::CertificationStatus status = StatusOf(certification, person.person, *walk, day);
      if (status.state() == v1::CERTIFICATION_STATE_CERTIFIED ||
          status.state() == v1::CERTIFICATION_STATE_RENEWAL_OPEN) {
        person.certifications.push_back({certification.certification_id(), status.expiry_date()});
      }
    }
  }
  return absl::OkStatus();
}

absl::Status EligibilityFactsReader::ReadKpis(const v1::PromotionPolicy& policy,
                                              const std::vector<std::string>& ids, absl::Time as_of,
                                              std::span<PersonFacts> facts) {
  const int as_of_day = WindowEndDayNumber(as_of);
  // Counters per window, read once for the page (only those the window's metrics compute
  // with); the figures per (metric, window) per person.
  std::map<int, std::vector<std::size_t>> counters_by_window;
  for (const v1::PromotionCriterion& criterion : policy.criteria()) {
    if (!criterion.has_kpi()) continue;
    std::vector<std::size_t>& counters = counters_by_window[criterion.kpi().window_days()];
    for (std::size_t counter : KpiCountersOf(criterion.kpi().metric())) {
      if (std::find(counters.begin(), counters.end(), counter) == counters.end()) {
        counters.push_back(counter);
      }
    }
  }
  std::map<int, std::map<std::string, std::vector<int64_t>>> sums_by_window;
  for (const auto& [window_days, counters] : counters_by_window) {
    absl::StatusOr<std::map<std::string, std::vector<int64_t>>> read =
        reports_.KpiByAgent(ids, as_of_day - window_days, as_of_day, counters);
    if (!read.ok()) return read.status();
    sums_by_window[window_days] = *std::move(read);
  }
  std::map<std::string, std::map<std::pair<int, int>, KpiFigure>> figures;
  for (const v1::PromotionCriterion& criterion : policy.criteria()) {
    if (!criterion.has_kpi()) continue;
    const v1::KpiRule& rule = criterion.kpi();
    for (const auto& [id, counters] : sums_by_window[rule.window_days()]) {
      const v1::KpiValue value = ComputeKpi(rule.metric(), counters);
      KpiFigure figure;
      if (value.has_value()) figure.value = value.value();
      figure.n = value.n();
      figures[id][{rule.metric(), rule.window_days()}] = figure;
    }
  }
  for (PersonFacts& person : facts) {
    auto own = figures.find(person.person.employee_id());
    if (own == figures.end()) {
      person.kpis = [](v1::KpiMetric, int) { return KpiFigure{}; };
      continue;
    }
    person.kpis = [own = own->second](v1::KpiMetric metric, int window_days) -> KpiFigure {
      auto found = own.find({metric, window_days});
      return found == own.end() ? KpiFigure{} : found->second;
    };
  }
  return absl::OkStatus();
}

absl::Status EligibilityFactsReader::ReadChunk(const v1::PromotionPolicy& policy, absl::Time as_of,
                                               EvaluationEvidence evidence,
                                               std::span<PersonFacts> facts) {
  std::vector<std::string> ids;
  ids.reserve(facts.size());
  for (const PersonFacts& person : facts) ids.push_back(person.person.employee_id());
  if (absl::Status s = ReadLevels(ids, as_of, facts); !s.ok()) return s;
  if (absl::Status s = ReadEvaluationTotals(policy, ids, as_of, facts); !s.ok()) return s;
  if (absl::Status s = ReadEvaluations(policy, ids, as_of, evidence, facts); !s.ok()) return s;
  if (absl::Status s = ReadTraining(policy, ids, as_of, facts); !s.ok()) return s;
  return ReadKpis(policy, ids, as_of, facts);
}

absl::StatusOr<std::vector<PersonFacts>> EligibilityFactsReader::ReadPage(
    const v1::PromotionPolicy& policy, const std::vector<v1::Person>& people, absl::Time as_of,
    EvaluationEvidence evidence) {
  std::vector<PersonFacts> facts(people.size());
  for (std::size_t i = 0; i < people.size(); ++i) facts[i].person = people[i];
  if (facts.empty()) return facts;
  // Chunks of equal size, none larger than kChunkPeople.
  const std::size_t chunks = (facts.size() + kChunkPeople - 1) / kChunkPeople;
  const std::size_t chunk_size = (facts.size() + chunks - 1) / chunks;
  std::vector<absl::Status> statuses(chunks);
  std::atomic<std::size_t> next{0};
  // Each chunk writes only its own people's facts, and every read leases its own session.
  auto work = [&] {
    for (std::size_t chunk = next++; chunk < chunks; chunk = next++) {
      const std::size_t begin = chunk * chunk_size;
      const std::size_t size = std::min(chunk_size, facts.size() - begin);
      statuses[chunk] =
          ReadChunk(policy, as_of, evidence, std::span<PersonFacts>(facts).subspan(begin, size));
    }
  };
  std::vector<std::thread> helpers;
  for (std::size_t i = 1; i < std::min<std::size_t>(chunks, kParallelChunks); ++i) {
    helpers.emplace_back(work);
  }
  work();
  for (std::thread& helper : helpers) helper.join();
  for (absl::Status& status : statuses) {
    if (!status.ok()) return status;
  }
  return facts;
}

absl::StatusOr<PersonFacts> EligibilityFactsReader::Read(const v1::PromotionPolicy& policy,
                                                         const v1::Person& person,
                                                         absl::Time as_of) {
  absl::StatusOr<std::vector<PersonFacts>> facts =
      ReadPage(policy, {person}, as_of, EvaluationEvidence::kEvaluations);
  if (!facts.ok()) return facts.status();
  return std::move(facts->front());
}

}  // namespace escala::server
