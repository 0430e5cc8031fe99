#pragma once

#include <string>

#include "client/core/column_table.h"
#include "client/core/table_printer.h"
#include "escala/v1/promotion_policies.pb.h"

namespace escala::client {

// The columns of `promotion policy list --output csv` and of the detail table.
const ColumnTable& PromotionPolicyColumns();

// The list table: id, version, state, step, criteria count, title.
Table PromotionPoliciesTable(
    const google::protobuf::RepeatedPtrField<v1::PromotionPolicy>& policies);

// What a criterion asks, in words: "at least 6 months at level 1", "10+ evaluations in 90 days,
// 95 % lower bound of the mean >= 80".
std::string CriterionText(const v1::PromotionCriterion& criterion, int from_level);

// One policy in full: its header and a table of its criteria.
std::string RenderPromotionPolicy(const v1::PromotionPolicy& policy, int width);

}  // namespace escala::client
