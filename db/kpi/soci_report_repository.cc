#include "db/kpi/soci_report_repository.h"

#include <google/protobuf/util/json_util.h>
#include <soci/soci.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"
#include "db/core/audit_log.h"
#include "db/core/bound_query.h"
#include "db/core/transaction.h"
#include "db/core/with_session.h"
#include "db/interactions/interaction_columns.h"
#include "db/summaries/kpi_summary_delta.h"
#include "db/summaries/qa_criterion_delta.h"
#include "db/summaries/qa_summary_delta.h"
#include "db/summary_store/soci_summary_store.h"

namespace escala::db {
namespace {

// The KPI rows the interactions started in [from_day, to_day) make, by a consistent
// (non-locking) read: see RecomputeChunk for why that is safe.
SummaryRows KpiFromFacts(soci::session& session, int from_day, int to_day) {
  BoundQuery query;
  query.Sql("SELECT ")
      .Sql(InteractionSelectList())
      .Sql(", i.team_id FROM interactions i WHERE i.start_ms >= ")
      .Value(static_cast<long long>(UtcDayStartMs(from_day)))
      .Sql(" AND i.start_ms < ")
      .Value(static_cast<long long>(UtcDayStartMs(to_day)));
  InteractionRowReader row;
  std::string team;
  soci::indicator team_indicator = soci::i_null;
  soci::statement statement(session);
  row.BindInto(statement);
  statement.exchange(soci::into(team, team_indicator));
  PrepareAndExecute(session, statement, query);
  SummaryRows rows;
  while (statement.fetch()) {
    AddInteraction(rows, row.ToProto(), team_indicator == soci::i_ok ? team : std::string(), 1);
  }
  return rows;
}

// The QA rows the evaluations submitted in [from_day, to_day) make, and their per-criterion
// rows in `criteria`.
SummaryRows QaFromFacts(soci::session& session, int from_day, int to_day, SummaryRows& criteria) {
  BoundQuery query;
  query
      .Sql(
          "SELECT e.agent_employee_id, e.team_id, e.scorecard_id, e.state, e.score, e.band, "
          "e.submit_ms, e.detail_json FROM evaluations e WHERE e.submit_ms >= ")
      .Value(static_cast<long long>(UtcDayStartMs(from_day)))
      .Sql(" AND e.submit_ms < ")
      .Value(static_cast<long long>(UtcDayStartMs(to_day)));
  std::string agent, team, scorecard, detail;
  int state = 0, band = 0;
  double score = 0;
  long long submit_ms = 0;
  soci::indicator team_indicator = soci::i_null, score_indicator = soci::i_null;
  soci::statement statement(session);
  statement.exchange(soci::into(agent));
  statement.exchange(soci::into(team, team_indicator));
  statement.exchange(soci::into(scorecard));
  statement.exchange(soci::into(state));
  statement.exchange(soci::into(score, score_indicator));
  statement.exchange(soci::into(band));
  statement.exchange(soci::into(submit_ms));
  statement.exchange(soci::into(detail));
  PrepareAndExecute(session, statement, query);
  SummaryRows rows;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  while (statement.fetch()) {
    v1::Evaluation evaluation;
    // The detail holds the answers and the failures; a detail that does not parse leaves them out,
    // as reading the evaluation would.
    (void)google::protobuf::util::JsonStringToMessage(detail, &evaluation, options);
    evaluation.set_agent_employee_id(agent);
    if (team_indicator == soci::i_ok) evaluation.set_team_id(team);
    evaluation.set_scorecard_id(scorecard);
    evaluation.set_state(static_cast<v1::EvaluationState>(state));
    if (score_indicator == soci::i_ok) evaluation.set_score(score);
    evaluation.set_band(static_cast<v1::QualityBand>(band));
    *evaluation.mutable_submit_time() = MillisToTimestamp(submit_ms);
    AddEvaluation(rows, evaluation, 1);
    AddEvaluationCriteria(criteria, evaluation, 1);
  }
  return rows;
}

// Counts in `result` every counter of `table` that differs between `stored` and `recomputed`,
// and lists it while fewer than kListedSummaryDifferences are listed. Returns how many differ.
int64_t Compare(const SummaryTable& table, const SummaryRows& stored, const SummaryRows& recomputed,
                RecomputeResult& result) {
  int64_t count = 0;
  SummaryRows keys = stored;
  for (const auto& [key, counters] : recomputed) keys[key];
  for (const auto& [key, unused] : keys) {
    auto s = stored.find(key);
    auto r = recomputed.find(key);
    for (std::size_t i = 0; i < table.counters.size(); ++i) {
      const int64_t a = s == stored.end() || i >= s->second.size() ? 0 : s->second[i];
      const int64_t b = r == recomputed.end() || i >= r->second.size() ? 0 : r->second[i];
      if (a == b) continue;
      ++count;
      if (result.differences.size() < kListedSummaryDifferences) {
        result.differences.push_back(SummaryDifference{table.name, key, table.counters[i], a, b});
      }
    }
  }
  result.difference_count += count;
  return count;
}

}  // namespace

absl::StatusOr<CountersByDay> SociReportRepository::KpiByDay(const std::string& scope,
                                                             const std::string& scope_id,
                                                             int from_day, int to_day) {
  return WithSession(pool_, "ReadKpiSummaries",
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<CountersByDay> {
                       SummaryRowFilter filter{from_day, to_day, scope, scope_id, false, ""};
                       // Summed per day by the database: fewer rows on the wire.
                       return ReadDaySums(lease.session(), KpiSummaryTable(), filter);
                     });
}

absl::StatusOr<CountersByDay> SociReportRepository::QaByDay(const std::string& scope,
                                                            const std::string& scope_id,
                                                            const std::string& scorecard_id,
                                                            int from_day, int to_day) {
  return WithSession(
      pool_, "ReadQaSummaries", [&](SessionPool::Lease& lease) -> absl::StatusOr<CountersByDay> {
        SummaryRowFilter filter{from_day, to_day, scope, scope_id, false, scorecard_id};
        return ReadDaySums(lease.session(), QaSummaryTable(), filter);
      });
}

absl::StatusOr<std::vector<CriterionCounts>> SociReportRepository::QaByCriterion(
    const std::string& scope, const std::string& scope_id, const std::string& scorecard_id,
    int from_day, int to_day) {
  return WithSession(
      pool_, "ReadQaCriterionSummaries",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<CriterionCounts>> {
        SummaryRowFilter filter{from_day, to_day, scope, scope_id, false, scorecard_id};
        std::vector<CriterionCounts> counts;
        for (const auto& [key, sums] :
             ReadCriterionSums(lease.session(), QaCriterionSummaryTable(), filter)) {
          counts.push_back(CriterionCounts{key.first, key.second, sums[kQaCriterionScored],
                                           sums[kQaCriterionFailed]});
        }
        return counts;
      });
}

absl::StatusOr<std::map<std::string, std::vector<int64_t>>> SociReportRepository::KpiByAgent(
    const std::vector<std::string>& employee_ids, int from_day, int to_day,
    const std::vector<std::size_t>& counters) {
  return WithSession(
      pool_, "ReadKpiSummariesByAgent",
      [&](SessionPool::Lease& lease)
          -> absl::StatusOr<std::map<std::string, std::vector<int64_t>>> {
        std::map<std::string, std::vector<int64_t>> by_agent;
        if (employee_ids.empty()) return by_agent;
        ScopeSumsQuery query{"agent", employee_ids, {}, from_day, to_day, counters, std::nullopt};
        for (auto& [id, sums] : ReadScopeSums(lease.session(), KpiSummaryTable(), query)) {
          by_agent[id] = std::move(sums.counters);
        }
        return by_agent;
      });
}

absl::StatusOr<std::map<std::string, AgentQaTotals>> SociReportRepository::QaByAgent(
    const std::vector<std::string>& employee_ids, const std::vector<std::string>& scorecard_ids,
    int from_day, int to_day) {
  return WithSession(
      pool_, "ReadQaSummariesByAgent",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::map<std::string, AgentQaTotals>> {
        std::map<std::string, AgentQaTotals> totals;
        if (employee_ids.empty()) return totals;
        // What eligibility computes with: the scored evaluations, their sums and the failures.
        ScopeSumsQuery query{
            "agent",
            employee_ids,
            scorecard_ids,
            from_day,
            to_day,
            {kQaEvaluations, kQaScoreMilliSum, kQaScoreMilliSqSum, kQaCriticalFailures},
            kQaCriticalFailures};
        for (auto& [id, sums] : ReadScopeSums(lease.session(), QaSummaryTable(), query)) {
          totals[id] = AgentQaTotals{std::move(sums.counters), sums.latest_positive_day};
        }
        return totals;
      });
}

absl::StatusOr<RecomputeResult> SociReportRepository::Recompute(int from_day, int to_day, bool fix,
                                                                const AuditStamp& stamp,
                                                                absl::Time now) {
  RecomputeResult result;
  for (int start = from_day; start < to_day; start += recompute_chunk_days_) {
    const int end = std::min(to_day, start + recompute_chunk_days_);
    if (absl::Status s = RecomputeChunk(start, end, fix, stamp, now, result); !s.ok()) return s;
  }
  result.fixed = fix;
  return result;
}

absl::Status SociReportRepository::RecomputeChunk(int from_day, int to_day, bool fix,
                                                  const AuditStamp& stamp, absl::Time now,
                                                  RecomputeResult& result) {
  return WithSession(pool_, "RecomputeSummaries", [&](SessionPool::Lease& lease) -> absl::Status {
    Transaction transaction(lease.session(), lease.dialect());
    // Why the facts need no locks, also with `fix` beside concurrent writers: every write of a
    // fact updates the summary rows of the fact's day in the fact's own transaction (a record
    // moved to another day updates both days). With `fix` on MariaDB the summary rows of the
    // chunk are locked first (FOR UPDATE on the day index also locks the gaps, so a row that does
    // not exist yet cannot be inserted either), and only then are the facts read, by a consistent
    // read whose snapshot InnoDB takes at that first non-locking read, after the locks are held.
    // A writer that committed before is in the snapshot; a writer that has not committed yet
    // cannot commit before this transaction does (it still has to upsert a locked row), so its
    // fact is absent from the snapshot and its delta lands on top of the rebuilt rows once the
    // locks are released. Either way each fact is counted exactly once. The facts are never
    // locked, so writers of other days are not held up, and a chunk locks only its days' rows.
    // Without `fix` nothing is locked: the stored rows and the facts are read from one snapshot.
    // SQLite: the transaction holds the write lock throughout.
    const bool locking = fix && lease.dialect() == Dialect::kMysql;
    SummaryRowFilter range{from_day, to_day, "", "", true, "", locking};
    const SummaryRows stored_kpi = ReadSummaryRows(lease.session(), KpiSummaryTable(), range);
    const SummaryRows stored_qa = ReadSummaryRows(lease.session(), QaSummaryTable(), range);
    const SummaryRows stored_criteria =
        ReadSummaryRows(lease.session(), QaCriterionSummaryTable(), range);
    const SummaryRows kpi = KpiFromFacts(lease.session(), from_day, to_day);
    SummaryRows criteria;
    const SummaryRows qa = QaFromFacts(lease.session(), from_day, to_day, criteria);
    int64_t differences = Compare(KpiSummaryTable(), stored_kpi, kpi, result);
    differences += Compare(QaSummaryTable(), stored_qa, qa, result);
    differences += Compare(QaCriterionSummaryTable(), stored_criteria, criteria, result);
    result.recomputed_rows += static_cast<int64_t>(kpi.size() + qa.size() + criteria.size());
    // Rows equal to the facts need no rewrite, and an unchanged chunk is no change to audit.
    if (!fix || differences == 0) return absl::OkStatus();
    ReplaceSummaryRows(lease.session(), lease.dialect(), KpiSummaryTable(), from_day, to_day, kpi);
    ReplaceSummaryRows(lease.session(), lease.dialect(), QaSummaryTable(), from_day, to_day, qa);
    ReplaceSummaryRows(lease.session(), lease.dialect(), QaCriterionSummaryTable(), from_day,
                       to_day, criteria);
    AppendAuditEvent(lease.session(), stamp,
                     AuditChange{"report_summary", "report_summaries", "",
                                 absl::StrCat("{\"from_day\":", from_day, ",\"to_day\":", to_day,
                                              ",\"differences\":", differences, "}")},
                     now);
    transaction.Commit();
    return absl::OkStatus();
  });
}

}  // namespace escala::db
