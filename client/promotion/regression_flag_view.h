#pragma once

#include <string>

#include "client/core/column_table.h"
#include "client/core/table_printer.h"
#include "escala/v1/promotion_regressions.pb.h"

namespace escala::client {

// The columns of `promotion flags --output csv` and of a single flag in CSV.
const ColumnTable& RegressionFlagColumns();

// The list table a manager reads at a glance: id, person, level, policy, each failed criterion
// with its value against its threshold, the day raised, the state.
Table RegressionFlagsTable(const google::protobuf::RepeatedPtrField<v1::RegressionFlag>& flags);

// One flag in full: the person and the case it follows, the failed criteria with their
// evidence, the acknowledgement and the close.
std::string RenderRegressionFlag(const v1::RegressionFlag& flag, int width);

}  // namespace escala::client
