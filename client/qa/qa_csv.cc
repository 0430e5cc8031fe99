#include "client/qa/qa_csv.h"

#include "absl/strings/str_cat.h"
#include "client/core/enum_names.h"
#include "client/core/time_text.h"
#include "client/qa/scorecard_view.h"

namespace escala::client {
namespace {

std::string TimeText(bool has, const google::protobuf::Timestamp& time) {
  return has ? FormatTimestamp(time) : "";
}

std::string OptionalNumber(bool has, double value) { return has ? absl::StrCat(value) : ""; }

std::string AnswerValue(const v1::CriterionAnswer& answer) {
  if (answer.not_applicable()) return "n/a";
  return answer.has_value() ? absl::StrCat(answer.value()) : "";
}

std::string Yes(bool value) { return value ? "true" : "false"; }

}  // namespace

Table EvaluationListCsv(const v1::ListEvaluationsResponse& response) {
  Table table;
  table.header = {"id",
                  "interaction_id",
                  "agent_employee_id",
                  "team_id",
                  "evaluator_employee_id",
                  "scorecard_id",
                  "scorecard_version",
                  "state",
                  "score",
                  "band",
                  "submit_time"};
  for (const v1::Evaluation& e : response.evaluations()) {
    table.rows.push_back({absl::StrCat(e.id()), absl::StrCat(e.interaction_id()),
                          e.agent_employee_id(), e.team_id(), e.evaluator_employee_id(),
                          e.scorecard_id(), absl::StrCat(e.scorecard_version()),
                          ShortEnumName(e.state()), OptionalNumber(e.has_score(), e.score()),
                          ShortEnumName(e.band()), TimeText(e.has_submit_time(), e.submit_time())});
  }
  return table;
}

Table EvaluationAnswersCsv(const v1::Evaluation& e, const CriterionTitles& titles) {
  Table table;
  table.header = {"evaluation_id",
                  "interaction_id",
                  "agent_employee_id",
                  "evaluator_employee_id",
                  "scorecard_id",
                  "scorecard_version",
                  "state",
                  "score",
                  "band",
                  "section_title",
                  "criterion_key",
                  "criterion_title",
                  "answer",
                  "comment"};
  for (const v1::CriterionAnswer& answer : e.answers()) {
    auto title = titles.find(answer.criterion_key());
    table.rows.push_back({absl::StrCat(e.id()), absl::StrCat(e.interaction_id()),
                          e.agent_employee_id(), e.evaluator_employee_id(), e.scorecard_id(),
                          absl::StrCat(e.scorecard_version()), ShortEnumName(e.state()),
                          OptionalNumber(e.has_score(), e.score()), ShortEnumName(e.band()),
                          title == titles.end() ? "" : title->second.first, answer.criterion_key(),
                          title == titles.end() ? "" : title->second.second, AnswerValue(answer),
                          answer.comment()});
  }
  return table;
}

Table DisputeListCsv(const v1::ListEvaluationsResponse& response) {
  Table table;
  table.header = {"evaluation_id", "agent_employee_id", "evaluator_employee_id", "score",
                  "open_time",     "opened_by",         "criterion_key",         "reason",
                  "outcome",       "resolution_reason"};
  for (const v1::Evaluation& e : response.evaluations()) {
    for (const v1::ContestedCriterion& item : e.dispute().items()) {
      table.rows.push_back({absl::StrCat(e.id()), e.agent_employee_id(), e.evaluator_employee_id(),
                            OptionalNumber(e.has_score(), e.score()),
                            TimeText(e.dispute().has_open_time(), e.dispute().open_time()),
                            e.dispute().opened_by(), item.criterion_key(), item.reason(),
                            ShortEnumName(item.outcome()), item.resolution_reason()});
    }
  }
  return table;
}

Table CalibrationResultsCsv(const v1::CalibrationResults& results) {
  Table table;
  table.header = {"row_type",
                  "session_id",
                  "evaluator_employee_id",
                  "interaction_id",
                  "criterion_key",
                  "expert",
                  "answer",
                  "score",
                  "interactions_scored",
                  "alignment_percent",
                  "mean_score_deviation",
                  "mean_absolute_deviation",
                  "krippendorff_alpha",
                  "fleiss_kappa",
                  "benchmark"};
  const std::string session = absl::StrCat(results.session().id());
  // Fills a row of the header's width; `set` names the cells by column.
  auto add = [&table](std::map<std::string, std::string> cells) {
    std::vector<std::string> row;
    for (const std::string& column : table.header) row.push_back(cells[column]);
    table.rows.push_back(std::move(row));
  };
  add({{"row_type", "session"},
       {"session_id", session},
       {"krippendorff_alpha", OptionalNumber(results.has_score_alpha(), results.score_alpha())},
       {"benchmark", results.benchmark()}});
  for (const v1::EvaluatorCalibration& e : results.evaluators()) {
    const bool measured = e.interactions_scored() > 0;
    add({{"row_type", "evaluator"},
         {"session_id", session},
         {"evaluator_employee_id", e.evaluator_employee_id()},
         {"interactions_scored", absl::StrCat(e.interactions_scored())},
         {"alignment_percent", OptionalNumber(measured, e.alignment_percent())},
         {"mean_score_deviation", OptionalNumber(measured, e.mean_score_deviation())},
         {"mean_absolute_deviation", OptionalNumber(measured, e.mean_absolute_score_deviation())}});
  }
  for (const v1::CriterionCalibration& c : results.criteria()) {
    add({{"row_type", "criterion"},
         {"session_id", session},
         {"criterion_key", c.criterion_key()},
         {"alignment_percent", absl::StrCat(c.alignment_percent())},
         {"mean_absolute_deviation", absl::StrCat(c.mean_absolute_deviation())},
         {"krippendorff_alpha", OptionalNumber(c.has_krippendorff_alpha(), c.krippendorff_alpha())},
         {"fleiss_kappa", OptionalNumber(c.has_fleiss_kappa(), c.fleiss_kappa())}});
  }
  for (const v1::CalibrationScore& score : results.scores()) {
    for (const v1::CriterionAnswer& answer : score.answers()) {
      add({{"row_type", "answer"},
           {"session_id", session},
           {"evaluator_employee_id", score.evaluator_employee_id()},
           {"interaction_id", absl::StrCat(score.interaction_id())},
           {"criterion_key", answer.criterion_key()},
           {"expert", Yes(score.expert())},
           {"answer", AnswerValue(answer)},
           {"score", OptionalNumber(score.has_score(), score.score())}});
    }
  }
  return table;
}

Table ScorecardCsv(const v1::Scorecard& scorecard) {
  Table table;
  table.header = {"scorecard_id", "version",       "state",         "title",
                  "section_key",  "section_title", "criterion_key", "criterion_title",
                  "weight",       "scale",         "allow_na",      "critical"};
  for (const v1::ScorecardSection& section : scorecard.sections()) {
    for (const v1::Criterion& criterion : section.criteria()) {
      table.rows.push_back({scorecard.scorecard_id(), absl::StrCat(scorecard.version()),
                            ShortEnumName(scorecard.state()), scorecard.title(), section.key(),
                            section.title(), criterion.key(), criterion.title(),
                            absl::StrCat(criterion.weight()), ScorecardScaleText(criterion.scale()),
                            Yes(criterion.allow_na()), CriterionCriticalText(criterion)});
    }
  }
  return table;
}

}  // namespace escala::client
