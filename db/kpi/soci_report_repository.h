#pragma once

#include "db/core/session_pool.h"
#include "db/kpi/report_repository.h"

namespace escala::db {

class SociReportRepository : public ReportRepository {
 public:
  explicit SociReportRepository(SessionPool& pool) : pool_(pool) {}

  absl::StatusOr<CountersByDay> KpiByDay(const std::string& scope, const std::string& scope_id,
                                         int from_day, int to_day) override;
  absl::StatusOr<CountersByDay> QaByDay(const std::string& scope, const std::string& scope_id,
                                        const std::string& scorecard_id, int from_day,
                                        int to_day) override;
  absl::StatusOr<std::vector<CriterionCounts>> QaByCriterion(const std::string& scope,
                                                             const std::string& scope_id,
                                                             const std::string& scorecard_id,
                                                             int from_day, int to_day) override;
  absl::StatusOr<RecomputeResult> Recompute(int from_day, int to_day, bool fix,
                                            const AuditStamp& stamp, absl::Time now) override;

 private:
  SessionPool& pool_;
};

}  // namespace escala::db
