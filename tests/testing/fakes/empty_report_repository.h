#pragma once

// A ReportRepository with no summaries at all, for the tests of code that reads KPIs but whose
// case has no KPI rule (a promotion policy without a KPI criterion).

#include <string>
#include <vector>

#include "db/kpi/report_repository.h"

namespace escala::testing {

class EmptyReportRepository : public db::ReportRepository {
 public:
  absl::StatusOr<db::CountersByDay> KpiByDay(const std::string&, const std::string&, int,
                                             int) override {
    return db::CountersByDay{};
  }
  absl::StatusOr<db::CountersByDay> QaByDay(const std::string&, const std::string&,
                                            const std::string&, int, int) override {
    return db::CountersByDay{};
  }
  absl::StatusOr<std::vector<db::CriterionCounts>> QaByCriterion(const std::string&,
                                                                 const std::string&,
                                                                 const std::string&, int,
                                                                 int) override {
    return std::vector<db::CriterionCounts>{};
  }
  absl::StatusOr<db::RecomputeResult> Recompute(int, int, bool, const db::AuditStamp&,
                                                absl::Time) override {
    return db::RecomputeResult{};
  }
};

}  // namespace escala::testing
