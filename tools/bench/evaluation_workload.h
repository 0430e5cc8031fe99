#pragma once

#include <cstdint>
#include <string>

#include "escala/v1/evaluations.pb.h"
#include "escala/v1/scorecards.pb.h"
#include "tools/bench/mysql_connection.h"

namespace escala::bench {

// The SubmitEvaluation workload: one realistic scorecard (four sections, twelve criteria of all
// three scales, one critical) and deterministic answers per call, so both sides of the comparison
// write the same evaluations.

// Id of the benchmark's scorecard.
inline constexpr char kBenchScorecardId[] = "bench-contact-quality";

// The scorecard, as a QA analyst would create it.
v1::Scorecard BenchScorecard();

// Answers (with a comment on every third criterion) and an overall comment for call `sequence`.
// Sets answers, overall_comment and coaching_notes of `evaluation`.
void FillBenchAnswers(int64_t sequence, v1::Evaluation& evaluation);

// One evaluation row as the raw baseline writes it: what the server stores for a submitted
// evaluation, with a precomputed score and detail, in a single-row INSERT.
struct RawEvaluationRow {
  int64_t interaction_id = 0;
  std::string agent_employee_id;
  std::string team_id;
  std::string evaluator_employee_id;
  double score = 0;
  int band = 0;
  std::string detail_json;
  long long now_ms = 0;
  // The row's id and submit time; 0: the table's next id, and now_ms.
  int64_t id = 0;
  long long submit_ms = 0;
};

// "INSERT INTO evaluations (...) VALUES (...)" for `row`, strings quoted for `connection`.
std::string RawEvaluationInsert(MysqlConnection& connection, const RawEvaluationRow& row);

// "INSERT INTO evaluations (id, ...) VALUES ": the prefix of a multi-row insert of rows with
// their ids, which AppendRawEvaluationRow continues.
const std::string& RawEvaluationsWithIdsPrefix();
// Appends "(id, ...)" for `row` (row.id set), for RawEvaluationsWithIdsPrefix.
void AppendRawEvaluationRow(MysqlConnection& connection, const RawEvaluationRow& row,
                            std::string& sql);

// "LOAD DATA LOCAL INFILE … INTO TABLE evaluations (id, …)": the rows of AppendRawEvaluationRow
// in LOAD DATA's format, which AppendRawEvaluationLine writes.
const std::string& RawEvaluationsLoadStatement();
void AppendRawEvaluationLine(const RawEvaluationRow& row, std::string& data);

// "INSERT INTO scorecard_versions (...) VALUES (...)": version 1 of `scorecard`, published.
std::string RawScorecardInsert(MysqlConnection& connection, const v1::Scorecard& scorecard,
                               long long now_ms);

}  // namespace escala::bench
