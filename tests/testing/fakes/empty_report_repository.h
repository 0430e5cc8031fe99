#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "db/kpi/report_repository.h"

namespace escala::testing {

// A ReportRepository with no summaries at all: every read is empty, a recompute finds nothing.
// For tests of logic that reads summaries but whose cases need none (a promotion policy with no
// quality or KPI rule).
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
  absl::StatusOr<std::map<std::string, std::vector<int64_t>>> KpiByAgent(
      const std::vector<std::string>&, int, int, const std::vector<std::size_t>&) override {
    return std::map<std::string, std::vector<int64_t>>{};
  }
  absl::StatusOr<std::map<std::string, db::AgentQaTotals>> QaByAgent(
      const std::vector<std::string>&, const std::vector<std::string>&, int, int) override {
    return std::map<std::string, db::AgentQaTotals>{};
  }
  absl::StatusOr<db::RecomputeResult> Recompute(int, int, bool, const db::AuditStamp&,
                                                absl::Time) override {
    return db::RecomputeResult{};
  }
};

}  // namespace escala::testing
