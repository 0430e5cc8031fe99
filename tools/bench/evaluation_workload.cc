#include "tools/bench/evaluation_workload.h"

#include <google/protobuf/util/json_util.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace escala::bench {
namespace {

v1::Criterion MakeCriterion(const std::string& key, const std::string& title, double weight,
                            v1::ScaleKind kind, int min, int max) {
  v1::Criterion criterion;
  criterion.set_key(key);
  criterion.set_title(title);
  criterion.set_guidance(absl::StrCat("What good looks like for ", title, "."));
  criterion.set_weight(weight);
  criterion.mutable_scale()->set_kind(kind);
  criterion.mutable_scale()->set_min(min);
  criterion.mutable_scale()->set_max(max);
  return criterion;
}

// Deterministic pseudo-random bits of (sequence, slot).
uint64_t Mix(int64_t sequence, int slot) {
  uint64_t x =
      static_cast<uint64_t>(sequence) * 0x9e3779b97f4a7c15ULL + static_cast<uint64_t>(slot);
  x ^= x >> 31;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 29;
  return x;
}

}  // namespace

v1::Scorecard BenchScorecard() {
  v1::Scorecard card;
  card.set_scorecard_id(kBenchScorecardId);
  card.set_title("Contact quality (benchmark)");
  card.set_description("Twelve criteria over four sections, as a typical contact-centre form.");
  struct Section {
    const char* key;
    const char* title;
  };
  const Section sections[] = {{"opening", "Opening"},
                              {"discovery", "Discovery"},
                              {"resolution", "Resolution"},
                              {"closing", "Closing"}};
  int n = 0;
  for (const Section& s : sections) {
    v1::ScorecardSection* section = card.add_sections();
    section->set_key(s.key);
    section->set_title(s.title);
    for (int i = 0; i < 3; ++i, ++n) {
      const std::string key = absl::StrCat(s.key, "-", i + 1);
      const std::string title = absl::StrCat(s.title, " criterion ", i + 1);
      v1::Criterion criterion =
          n % 3 == 0   ? MakeCriterion(key, title, 1.0, v1::SCALE_KIND_YES_NO, 0, 1)
          : n % 3 == 1 ? MakeCriterion(key, title, 2.0, v1::SCALE_KIND_RANGE, 1, 5)
                       : MakeCriterion(key, title, 1.5, v1::SCALE_KIND_POINTS, 0, 10);
      criterion.set_allow_na(n % 4 == 3);
      if (n == 0) {
        criterion.set_title("Verified the customer's identity");
        criterion.set_critical(true);
        criterion.set_critical_scope(v1::CRITICAL_SCOPE_EVALUATION);
      }
      *section->add_criteria() = std::move(criterion);
    }
  }
  return card;
}

void FillBenchAnswers(int64_t sequence, v1::Evaluation& evaluation) {
  // Built once: making requests is the load generator's cost, not the measured system's.
  static const v1::Scorecard* const kCard = new v1::Scorecard(BenchScorecard());
  const v1::Scorecard& card = *kCard;
  evaluation.clear_answers();
  int slot = 0;
  for (const v1::ScorecardSection& section : card.sections()) {
    for (const v1::Criterion& criterion : section.criteria()) {
      v1::CriterionAnswer* answer = evaluation.add_answers();
      answer->set_criterion_key(criterion.key());
      const uint64_t bits = Mix(sequence, slot);
      if (criterion.allow_na() && bits % 5 == 0) {
        answer->set_not_applicable(true);
      } else if (criterion.scale().kind() == v1::SCALE_KIND_YES_NO) {
        // The critical identity check passes in 49 of 50 calls.
        answer->set_value(slot == 0 ? (bits % 50 != 0) : static_cast<int>(bits % 4 != 0));
      } else {
        const int span = criterion.scale().max() - criterion.scale().min() + 1;
        answer->set_value(criterion.scale().min() +
                          static_cast<int>(bits % static_cast<uint64_t>(span)));
      }
      if (slot % 3 == 2)
        answer->set_comment("Clear and polite; could have summarised the next steps.");
      ++slot;
    }
  }
  evaluation.set_overall_comment("Solid contact overall; see the comments per criterion.");
  evaluation.set_coaching_notes("Practise summarising before closing.");
}

namespace {

constexpr char kEvaluationColumns[] =
    "interaction_id, agent_employee_id, team_id, evaluator_employee_id, scorecard_id, "
    "scorecard_version, state, score, band, request_id, detail_json, create_ms, update_ms, "
    "submit_ms, acknowledge_ms, dispute_deadline_ms, version";

// Appends the values of kEvaluationColumns for `row`, without parentheses.
void AppendEvaluationValues(MysqlConnection& connection, const RawEvaluationRow& row,
                            std::string& sql) {
  absl::StrAppend(&sql, row.interaction_id, ", ");
  connection.AppendQuoted(sql, row.agent_employee_id);
  sql += ", ";
  if (row.team_id.empty()) {
    sql += "NULL";
  } else {
    connection.AppendQuoted(sql, row.team_id);
  }
  sql += ", ";
  connection.AppendQuoted(sql, row.evaluator_employee_id);
  sql += ", ";
  connection.AppendQuoted(sql, kBenchScorecardId);
  absl::StrAppend(&sql, ", 1, ", static_cast<int>(v1::EVALUATION_STATE_SUBMITTED), ", ", row.score,
                  ", ", row.band, ", NULL, ");
  connection.AppendQuoted(sql, row.detail_json);
  const long long submit_ms = row.submit_ms != 0 ? row.submit_ms : row.now_ms;
  const long long deadline_ms = submit_ms + 7LL * 24 * 3600 * 1000;
  absl::StrAppend(&sql, ", ", row.now_ms, ", ", row.now_ms, ", ", submit_ms, ", NULL, ",
                  deadline_ms, ", 1");
}

}  // namespace

std::string RawEvaluationInsert(MysqlConnection& connection, const RawEvaluationRow& row) {
  std::string sql = absl::StrCat("INSERT INTO evaluations (", kEvaluationColumns, ") VALUES (");
  AppendEvaluationValues(connection, row, sql);
  sql += ")";
  return sql;
}

const std::string& RawEvaluationsWithIdsPrefix() {
  static const std::string* const kPrefix = new std::string(
      absl::StrCat("INSERT INTO evaluations (id, ", kEvaluationColumns, ") VALUES "));
  return *kPrefix;
}

void AppendRawEvaluationRow(MysqlConnection& connection, const RawEvaluationRow& row,
                            std::string& sql) {
  absl::StrAppend(&sql, "(", row.id, ", ");
  AppendEvaluationValues(connection, row, sql);
  sql += ")";
}

const std::string& RawEvaluationsLoadStatement() {
  static const std::string* const kStatement = new std::string(
      absl::StrCat("LOAD DATA LOCAL INFILE 'evaluations' INTO TABLE evaluations CHARACTER SET "
                   "utf8mb4 (id, ",
                   kEvaluationColumns, ")"));
  return *kStatement;
}

void AppendRawEvaluationLine(const RawEvaluationRow& row, std::string& data) {
  absl::StrAppend(&data, row.id, "\t", row.interaction_id, "\t");
  AppendLoadField(data, row.agent_employee_id);
  data += '\t';
  if (row.team_id.empty()) {
    data += "\\N";
  } else {
    AppendLoadField(data, row.team_id);
  }
  data += '\t';
  AppendLoadField(data, row.evaluator_employee_id);
  data += '\t';
  AppendLoadField(data, kBenchScorecardId);
  // The score in full precision: the summaries square it.
  absl::StrAppend(&data, "\t1\t", static_cast<int>(v1::EVALUATION_STATE_SUBMITTED), "\t",
                  absl::StrFormat("%.17g", row.score), "\t", row.band, "\t\\N\t");
  AppendLoadField(data, row.detail_json);
  const long long submit_ms = row.submit_ms != 0 ? row.submit_ms : row.now_ms;
  const long long deadline_ms = submit_ms + 7LL * 24 * 3600 * 1000;
  absl::StrAppend(&data, "\t", row.now_ms, "\t", row.now_ms, "\t", submit_ms, "\t\\N\t",
                  deadline_ms, "\t1\n");
}

std::string RawScorecardInsert(MysqlConnection& connection, const v1::Scorecard& scorecard,
                               long long now_ms) {
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(scorecard, &json);
  std::string sql =
      "INSERT INTO scorecard_versions (scorecard_id, version, title, state, content_json, "
      "created_by, create_ms, update_ms, publish_ms, retire_ms, row_version) VALUES (";
  connection.AppendQuoted(sql, scorecard.scorecard_id());
  sql += ", 1, ";
  connection.AppendQuoted(sql, scorecard.title());
  absl::StrAppend(&sql, ", ", static_cast<int>(v1::SCORECARD_STATE_PUBLISHED), ", ");
  connection.AppendQuoted(sql, json);
  sql += ", 'bench', ";
  absl::StrAppend(&sql, now_ms, ", ", now_ms, ", ", now_ms, ", NULL, 2)");
  return sql;
}

}  // namespace escala::bench
