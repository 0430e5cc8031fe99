#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "escala/v1/people.pb.h"
#include "escala/v1/promotion_eligibility.pb.h"
#include "escala/v1/promotion_policies.pb.h"
#include "escala/v1/reports.pb.h"

namespace escala::server {

// A submitted evaluation of one of the person's interactions, as eligibility reads it.
struct EvaluationFact {
  int64_t evaluation_id = 0;
  std::string scorecard_id;
  absl::Time submit_time;
  // Unset when every criterion was N/A: such an evaluation has no score to average.
  std::optional<double> score;
  // A critical criterion failed (at evaluation or section scope).
  bool critical_failure = false;
  // Set when a dispute of it was decided, and whether the agent lost it (every contested
  // criterion upheld).
  std::optional<absl::Time> dispute_resolve_time;
  bool dispute_lost = false;
};

// The person's submitted, scored evaluations over one criterion's window, summed (from the QA
// summaries): what the quality and critical-failure rules measure. Scores in thousandths of a
// point, so that the sums are exact.
struct EvaluationTotals {
  int64_t evaluations = 0;
  int64_t score_milli_sum = 0;
  int64_t score_milli_sq_sum = 0;
  int64_t critical_failures = 0;
  // The latest UTC day of the window with a critical failure.
  std::optional<absl::CivilDay> last_critical_failure_day;
};

// A course the person completed (and passed, where the course has a pass mark).
struct CompletionFact {
  std::string course_id;
  absl::Time completion_time;
};

// A certification the person holds at the as-of time: certified and not expired.
struct CertificationFact {
  std::string certification_id;
  // YYYY-MM-DD; empty for a certification that never expires.
  std::string expiry_date;
};

// A KPI of the person's own contacts over a window (whole UTC days before WindowEndDay), with
// the n it rests on (the definitions of escala.v1.KpiMetric).
struct KpiFigure {
  std::optional<double> value;
  int64_t n = 0;
};
using KpiLookup = std::function<KpiFigure(v1::KpiMetric metric, int window_days)>;

// Everything known about one person that a policy's criteria read, as of `as_of`. Facts after
// `as_of` must not be included: eligibility as of a past time reproduces what was known then.
struct PersonFacts {
  v1::Person person;
  // The level the person held at `as_of`.
  int32_t level = 0;
  // The UTC day the person reached that level; unset when unknown (no level history and no hire
  // date), which leaves tenure unmeasured.
  std::optional<absl::CivilDay> level_since;
  // Per criterion of the quality and no-critical-failure kinds (by its index in the policy): the
  // totals over its window. A criterion without an entry had no evaluations.
  std::map<int, EvaluationTotals> evaluation_totals;
  // Submitted evaluations of the widest evaluation window. With `evaluation_evidence`, all of
  // them: their ids are listed as the evidence behind the totals. Without, only those with a
  // decided dispute, which the lost-dispute rule reads.
  std::vector<EvaluationFact> evaluations;
  bool evaluation_evidence = false;
  std::vector<CompletionFact> completions;
  std::vector<CertificationFact> certifications;
  KpiLookup kpis;
};

// The first UTC day after every evidence window as of `as_of`. Windows are whole UTC days, as the
// summaries count them: the `window_days` days before this one. At a midnight (a date given as
// the as-of) it is that day, so only the days before it count; at any other time it is the day
// after, so that the as-of day's records count too ("now" includes today's evaluations so far;
// a past as-of inside a day counts that whole day).
absl::CivilDay WindowEndDay(absl::Time as_of);

// Evaluates every criterion of `policy` for one person as of `as_of` (a pure function: the
// facts are gathered by the caller). A rule's window is the `window_days` whole UTC days before
// WindowEndDay(as_of). The confidence interval is Student's t
// (server/stats/confidence_interval.h).
v1::PersonEligibility EvaluateEligibility(const v1::PromotionPolicy& policy,
                                          const PersonFacts& facts, absl::Time as_of);

}  // namespace escala::server
