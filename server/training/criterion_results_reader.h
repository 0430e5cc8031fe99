#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/qa/evaluation_repository.h"
#include "db/qa/scorecard_repository.h"
#include "server/qa/scoring/scorecard_mapping.h"
#include "server/training/criterion_gap.h"

namespace escala::server {

// A person's results per criterion key (see AppendCriterionResults).
using CriterionResultsByKey = std::map<std::string, std::vector<CriterionResult>>;

// Reads people's criterion results from their submitted evaluations (drafts never count): each
// evaluation's answers normalised on the scorecard version it was scored on. What training
// recommendations and training effectiveness both judge people by, read one way. One reader
// serves one call: it remembers the scorecard versions it has parsed, so many people scored on
// the same card cost one read of it.
class CriterionResultsReader {
 public:
  CriterionResultsReader(db::EvaluationRepository& evaluations, db::ScorecardRepository& scorecards)
      : evaluations_(evaluations), scorecards_(scorecards) {}

  // The results of `employee_id` from the evaluations submitted in [from, to) (from unset: any
  // time before `to`), newest evaluation first within each criterion.
  absl::StatusOr<CriterionResultsByKey> ResultsOf(const std::string& employee_id,
                                                  std::optional<absl::Time> from, absl::Time to);

 private:
  // The form of a scorecard version; null for one that cannot be read as a form (its answers
  // are then no evidence either way).
  absl::StatusOr<std::shared_ptr<const ScoringForm>> FormOf(const std::string& scorecard_id,
                                                            int32_t version);

  db::EvaluationRepository& evaluations_;
  db::ScorecardRepository& scorecards_;
  std::map<std::pair<std::string, int32_t>, std::shared_ptr<const ScoringForm>> forms_;
};

}  // namespace escala::server
