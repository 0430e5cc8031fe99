#include "client/promotion/regression_flag_view.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "client/core/enum_names.h"
#include "client/core/time_text.h"

namespace escala::client {
namespace {

std::string FlagFigure(double value) { return absl::StrFormat("%.1f", value); }

// "quality 72.5 < 80.0 (n 12)": what fell short, against what.
std::string FailedCriterionText(const v1::CriterionResult& result) {
  std::string text = result.key();
  if (result.has_value() && result.has_threshold()) {
    absl::StrAppend(&text, " ", FlagFigure(result.value()),
                    result.value() < result.threshold() ? " < " : " > ",
                    FlagFigure(result.threshold()));
  }
  if (result.n() > 0) absl::StrAppend(&text, " (n ", result.n(), ")");
  return text;
}

std::string FlagPersonText(const v1::RegressionFlag& flag) {
  if (flag.display_name().empty()) return flag.employee_id();
  return absl::StrCat(flag.employee_id(), " ", flag.display_name());
}

std::string FlagPolicyText(const v1::RegressionFlag& flag) {
  return absl::StrCat(flag.promotion_policy_id(), " v", flag.promotion_policy_version());
}

}  // namespace

const ColumnTable& RegressionFlagColumns() {
  static const auto* const kColumns = new ColumnTable{OutputOnlyColumn("id"),
                                                      OutputOnlyColumn("employee_id"),
                                                      OutputOnlyColumn("team_id"),
                                                      OutputOnlyColumn("level"),
                                                      OutputOnlyColumn("promotion_case_id"),
                                                      OutputOnlyColumn("promotion_policy_id"),
                                                      OutputOnlyColumn("promotion_policy_version"),
                                                      OutputOnlyColumn("effective_date"),
                                                      OutputOnlyColumn("as_of_date"),
                                                      OutputOnlyColumn("state"),
                                                      OutputOnlyColumn("raise_time"),
                                                      OutputOnlyColumn("etag")};
  return *kColumns;
}

Table RegressionFlagsTable(const google::protobuf::RepeatedPtrField<v1::RegressionFlag>& flags) {
  Table table;
  table.header = {"ID", "PERSON", "LEVEL", "POLICY", "FAILED", "RAISED", "STATE"};
  for (const v1::RegressionFlag& flag : flags) {
    std::vector<std::string> failed;
    for (const v1::CriterionResult& result : flag.failed_criteria()) {
      failed.push_back(FailedCriterionText(result));
    }
    table.rows.push_back(
        {absl::StrCat(flag.id()), FlagPersonText(flag), absl::StrCat("L", flag.level()),
         FlagPolicyText(flag), absl::StrJoin(failed, "; "),
         FormatTimestamp(flag.raise_time()).substr(0, 10), ShortEnumName(flag.state())});
  }
  return table;
}

std::string RenderRegressionFlag(const v1::RegressionFlag& flag, int width) {
  std::string text = absl::StrCat(
      "Regression flag ", flag.id(), " (", ShortEnumName(flag.state()), ", etag ", flag.etag(),
      "): ", FlagPersonText(flag), ", team ", flag.team_id().empty() ? "-" : flag.team_id(), ", L",
      flag.level(), "\n", "Promoted by case ", flag.promotion_case_id(), " under ",
      FlagPolicyText(flag), ", effective ", flag.effective_date(), "\n", "Raised by ",
      flag.raised_by(), " on ", FormatTimestamp(flag.raise_time()), ", judged as of ",
      flag.as_of_date(), "\n");
  Table failed;
  failed.header = {"CRITERION", "VALUE", "THRESHOLD", "N", "WHAT FELL SHORT"};
  for (const v1::CriterionResult& result : flag.failed_criteria()) {
    failed.rows.push_back({result.title().empty() ? result.key() : result.title(),
                           result.has_value() ? FlagFigure(result.value()) : "",
                           result.has_threshold() ? FlagFigure(result.threshold()) : "",
                           absl::StrCat(result.n()), result.missing()});
  }
  absl::StrAppend(&text, "\n", RenderTable(failed, width));
  for (const v1::CriterionResult& result : flag.failed_criteria()) {
    if (result.evidence().empty()) continue;
    absl::StrAppend(&text, "Evidence of ", result.key(), ": ",
                    absl::StrJoin(result.evidence(), ", "), "\n");
  }
  if (!flag.acknowledged_by().empty()) {
    absl::StrAppend(&text, "Acknowledged by ", flag.acknowledged_by(), " on ",
                    FormatTimestamp(flag.acknowledge_time()), ": ", flag.acknowledge_note(), "\n");
  }
  if (!flag.closed_by().empty()) {
    absl::StrAppend(&text, "Closed by ", flag.closed_by(), " on ",
                    FormatTimestamp(flag.close_time()), " (", ShortEnumName(flag.close_reason()),
                    ")", flag.close_note().empty() ? "" : absl::StrCat(": ", flag.close_note()),
                    "\n");
  }
  return text;
}

}  // namespace escala::client
