#pragma once

#include <cstdint>
#include <functional>
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

// A KPI of the person's own contacts over [start, end), with the n it rests on (the definitions
// of escala.v1.KpiMetric).
struct KpiFigure {
  std::optional<double> value;
  int64_t n = 0;
};
using KpiLookup = std::function<KpiFigure(v1::KpiMetric metric, absl::Time start, absl::Time end)>;

// Everything known about one person that a policy's criteria read, as of `as_of`. Facts after
// `as_of` must not be included: eligibility as of a past time reproduces what was known then.
struct PersonFacts {
  v1::Person person;
  // The level the person held at `as_of`.
  int32_t level = 0;
  // The UTC day the person reached that level; unset when unknown (no level history and no hire
  // date), which leaves tenure unmeasured.
  std::optional<absl::CivilDay> level_since;
  std::vector<EvaluationFact> evaluations;
  std::vector<CompletionFact> completions;
  std::vector<CertificationFact> certifications;
  KpiLookup kpis;
};

// Evaluates every criterion of `policy` for one person as of `as_of` (a pure function: the
// facts are gathered by the caller). Windows are the `window_days` days up to `as_of`, start
// inclusive. The confidence interval is Student's t (server/stats/confidence_interval.h).
v1::PersonEligibility EvaluateEligibility(const v1::PromotionPolicy& policy,
                                          const PersonFacts& facts, absl::Time as_of);

}  // namespace escala::server
