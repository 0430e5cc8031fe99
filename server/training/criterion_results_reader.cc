#include "server/training/criterion_results_reader.h"

#include "absl/status/status.h"
#include "server/training/criterion_results.h"

namespace escala::server {
namespace {

// Evaluations read per round trip.
constexpr int kReadPage = 500;

}  // namespace

absl::StatusOr<std::shared_ptr<const ScoringForm>> CriterionResultsReader::FormOf(
    const std::string& scorecard_id, int32_t version) {
  const std::pair<std::string, int32_t> key{scorecard_id, version};
  auto found = forms_.find(key);
  if (found != forms_.end()) return found->second;
  std::shared_ptr<const ScoringForm> form;
  absl::StatusOr<v1::Scorecard> card = scorecards_.Get(scorecard_id, version);
  if (!card.ok() && !absl::IsNotFound(card.status())) return card.status();
  if (card.ok()) {
    absl::StatusOr<ScoringForm> parsed = ToScoringForm(*card);
    if (parsed.ok()) form = std::make_shared<const ScoringForm>(*std::move(parsed));
  }
  forms_.emplace(key, form);
  return form;
}

absl::StatusOr<CriterionResultsByKey> CriterionResultsReader::ResultsOf(
    const std::string& employee_id, std::optional<absl::Time> from, absl::Time to) {
  CriterionResultsByKey results;
  db::EvaluationFilter filter;
  filter.agent_employee_id = employee_id;
  filter.exclude_drafts = true;
  if (from.has_value()) filter.submitted_from_ms = absl::ToUnixMillis(*from);
  filter.submitted_to_ms = absl::ToUnixMillis(to);
  std::optional<int64_t> before;
  while (true) {
    absl::StatusOr<std::vector<v1::Evaluation>> page = evaluations_.List(filter, before, kReadPage);
    if (!page.ok()) return page.status();
    for (const v1::Evaluation& evaluation : *page) {
      if (evaluation.state() == v1::EVALUATION_STATE_DRAFT || !evaluation.has_submit_time()) {
        continue;
      }
      absl::StatusOr<std::shared_ptr<const ScoringForm>> form =
          FormOf(evaluation.scorecard_id(), evaluation.scorecard_version());
      if (!form.ok()) return form.status();
      if (*form == nullptr) continue;
      AppendCriterionResults(evaluation, **form, results);
    }
    if (static_cast<int>(page->size()) < kReadPage) break;
    before = page->back().id();
  }
  return results;
}

}  // namespace escala::server
