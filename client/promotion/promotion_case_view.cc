#include "client/promotion/promotion_case_view.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/core/enum_names.h"
#include "client/core/time_text.h"
#include "client/promotion/eligibility_view.h"

namespace escala::client {
namespace {

std::string CaseStep(const v1::PromotionCase& promotion_case) {
  return absl::StrCat("L", promotion_case.from_level(), " -> L", promotion_case.to_level());
}

// "5/6 met" from a snapshot; "" when there is none.
std::string CriteriaMet(const v1::PersonEligibility& snapshot) {
  if (snapshot.criteria().empty()) return ShortEnumName(snapshot.outcome());
  int met = 0;
  for (const v1::CriterionResult& result : snapshot.criteria()) {
    if (result.outcome() == v1::CRITERION_OUTCOME_MET ||
        result.outcome() == v1::CRITERION_OUTCOME_TO_ATTEST) {
      ++met;
    }
  }
  return absl::StrCat(met, "/", snapshot.criteria_size(), " met");
}

// "workday applied 2027-01-01; sap pending-approval", or "" when no HR system reported.
std::string HrSummary(const v1::PromotionCase& promotion_case) {
  std::vector<std::string> parts;
  for (const v1::HrAcknowledgement& report : promotion_case.hr_acknowledgements()) {
    std::string part = absl::StrCat(report.hr_system(), " ", ShortEnumName(report.state()));
    if (!report.effective_date().empty()) absl::StrAppend(&part, " ", report.effective_date());
    parts.push_back(std::move(part));
  }
  return absl::StrJoin(parts, "; ");
}

std::string DayOf(const google::protobuf::Timestamp& time) {
  return FormatTimestamp(time).substr(0, 10);
}

}  // namespace

const ColumnTable& PromotionCaseColumns() {
  static const auto* const kColumns = new ColumnTable{OutputOnlyColumn("id"),
                                                      OutputOnlyColumn("employee_id"),
                                                      OutputOnlyColumn("team_id"),
                                                      OutputOnlyColumn("promotion_policy_id"),
                                                      OutputOnlyColumn("promotion_policy_version"),
                                                      OutputOnlyColumn("from_level"),
                                                      OutputOnlyColumn("to_level"),
                                                      OutputOnlyColumn("state"),
                                                      OutputOnlyColumn("nominated_by"),
                                                      OutputOnlyColumn("decided_by"),
                                                      OutputOnlyColumn("effective_date"),
                                                      OutputOnlyColumn("create_time"),
                                                      OutputOnlyColumn("etag")};
  return *kColumns;
}

Table PromotionCasesTable(const google::protobuf::RepeatedPtrField<v1::PromotionCase>& cases) {
  Table table;
  table.header = {"ID",        "EMPLOYEE_ID",   "TEAM",      "STEP", "STATE",
                  "NOMINATED", "AT NOMINATION", "EFFECTIVE", "HR"};
  for (const v1::PromotionCase& promotion_case : cases) {
    table.rows.push_back(
        {absl::StrCat(promotion_case.id()), promotion_case.employee_id(), promotion_case.team_id(),
         CaseStep(promotion_case), ShortEnumName(promotion_case.state()),
         DayOf(promotion_case.create_time()), CriteriaMet(promotion_case.nomination_eligibility()),
         promotion_case.effective_date(), HrSummary(promotion_case)});
  }
  return table;
}

std::string RenderPromotionCase(const v1::PromotionCase& promotion_case, int width) {
  std::string text = absl::StrCat(
      "Promotion case ", promotion_case.id(), " (", ShortEnumName(promotion_case.state()),
      ", etag ", promotion_case.etag(), "): ", promotion_case.employee_id(), " ",
      CaseStep(promotion_case), "\n", "Policy: ", promotion_case.promotion_policy_id(), " version ",
      promotion_case.promotion_policy_version(), "\n", "Nominated by ",
      promotion_case.nominated_by(), " on ", FormatTimestamp(promotion_case.create_time()), "\n");
  if (!promotion_case.nomination_reason().empty()) {
    absl::StrAppend(&text, "Reason: ", promotion_case.nomination_reason(), "\n");
  }
  if (!promotion_case.decided_by().empty()) {
    absl::StrAppend(&text, "Decided by ", promotion_case.decided_by(), " on ",
                    FormatTimestamp(promotion_case.decide_time()), "\n");
    for (const std::string& reason : promotion_case.decision_reasons()) {
      absl::StrAppend(&text, "  - ", reason, "\n");
    }
  }
  if (!promotion_case.effective_date().empty()) {
    absl::StrAppend(&text, "Effective: ", promotion_case.effective_date());
    if (promotion_case.has_apply_time()) {
      absl::StrAppend(&text, " (applied ", FormatTimestamp(promotion_case.apply_time()), ")");
    }
    absl::StrAppend(&text, "\n");
  }
  if (!promotion_case.withdrawn_by().empty()) {
    absl::StrAppend(&text, "Withdrawn by ", promotion_case.withdrawn_by(), ": ",
                    promotion_case.withdraw_reason(), "\n");
  }
  absl::StrAppend(&text, "\nEligibility at nomination: ",
                  RenderPersonEvidence(promotion_case.nomination_eligibility(), width));
  if (promotion_case.has_decision_eligibility()) {
    absl::StrAppend(&text, "\nEligibility at decision: ",
                    RenderPersonEvidence(promotion_case.decision_eligibility(), width));
  }
  absl::StrAppend(&text, "\nHR acknowledgements:");
  if (promotion_case.hr_acknowledgements().empty()) {
    absl::StrAppend(&text, " none\n");
    return text;
  }
  Table reports;
  reports.header = {"HR_SYSTEM", "STATE", "REFERENCE", "EFFECTIVE", "REASON", "REPORTED"};
  for (const v1::HrAcknowledgement& report : promotion_case.hr_acknowledgements()) {
    reports.rows.push_back({report.hr_system(), ShortEnumName(report.state()),
                            report.hr_reference(), report.effective_date(), report.reason(),
                            FormatTimestamp(report.acknowledge_time())});
  }
  absl::StrAppend(&text, "\n", RenderTable(reports, width));
  return text;
}

std::string RenderLevelHistory(const std::string& employee_id,
                               const v1::ListLevelChangesResponse& history, int width) {
  std::string text = absl::StrCat(employee_id, ": initial level ", history.initial_level(), "\n");
  Table changes;
  changes.header = {"EFFECTIVE", "FROM", "TO", "PROMOTION_CASE"};
  for (const v1::LevelChange& change : history.level_changes()) {
    changes.rows.push_back(
        {FormatTimestamp(change.effective_time()), absl::StrCat(change.from_level()),
         absl::StrCat(change.to_level()),
         change.promotion_case_id() == 0 ? "" : absl::StrCat(change.promotion_case_id())});
  }
  absl::StrAppend(&text, RenderTable(changes, width));
  return text;
}

}  // namespace escala::client
