#pragma once

#include "db/core/session_pool.h"
#include "db/kpi/report_repository.h"

namespace escala::db {

class SociReportRepository : public ReportRepository {
 public:
  // Days a recompute reads, compares and replaces per transaction. A day of 10,000 agents is
  // about 12,000 KPI rows and the facts of that day.
  static constexpr int kRecomputeChunkDays = 1;

  explicit SociReportRepository(SessionPool& pool, int recompute_chunk_days = kRecomputeChunkDays)
      : pool_(pool), recompute_chunk_days_(recompute_chunk_days < 1 ? 1 : recompute_chunk_days) {}

  absl::StatusOr<CountersByDay> KpiByDay(const std::string& scope, const std::string& scope_id,
                                         int from_day, int to_day) override;
  absl::StatusOr<CountersByDay> QaByDay(const std::string& scope, const std::string& scope_id,
                                        const std::string& scorecard_id, int from_day,
                                        int to_day) override;
  absl::StatusOr<std::vector<CriterionCounts>> QaByCriterion(const std::string& scope,
                                                             const std::string& scope_id,
                                                             const std::string& scorecard_id,
                                                             int from_day, int to_day) override;
  absl::StatusOr<std::map<std::string, std::vector<int64_t>>> KpiByAgent(
      const std::vector<std::string>& employee_ids, int from_day, int to_day,
      const std::vector<std::size_t>& counters) override;
  absl::StatusOr<std::map<std::string, AgentQaTotals>> QaByAgent(
      const std::vector<std::string>& employee_ids, const std::vector<std::string>& scorecard_ids,
      int from_day, int to_day) override;
  absl::StatusOr<RecomputeResult> Recompute(int from_day, int to_day, bool fix,
                                            const AuditStamp& stamp, absl::Time now) override;

 private:
  // One chunk of Recompute: the days [from_day, to_day) in one transaction, its differences
  // added to `result`.
  absl::Status RecomputeChunk(int from_day, int to_day, bool fix, const AuditStamp& stamp,
                              absl::Time now, RecomputeResult& result);

  SessionPool& pool_;
  int recompute_chunk_days_;
};

}  // namespace escala::db
