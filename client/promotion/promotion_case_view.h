#pragma once

#include <string>

#include "client/core/column_table.h"
#include "client/core/table_printer.h"
#include "escala/v1/level_changes.pb.h"
#include "escala/v1/promotion_cases.pb.h"

namespace escala::client {

// The columns of `promotion list --output csv` and of a single case in CSV.
const ColumnTable& PromotionCaseColumns();

// The list table a manager reads at a glance: id, person, team, step, state, eligibility at
// nomination (criteria met), effective date, HR status, age.
Table PromotionCasesTable(const google::protobuf::RepeatedPtrField<v1::PromotionCase>& cases);

// One case in full: header, decision, the eligibility snapshots' criteria and the HR
// acknowledgements.
std::string RenderPromotionCase(const v1::PromotionCase& promotion_case, int width);

// `levels history`: the initial level, then one row per change.
std::string RenderLevelHistory(const std::string& employee_id,
                               const v1::ListLevelChangesResponse& history, int width);

}  // namespace escala::client
