#pragma once

#include <string>

#include "client/core/column_table.h"
#include "client/core/table_printer.h"
#include "escala/v1/sla_policies.pb.h"

namespace escala::client {

// "4h", "90m", "1h30m", "2d": a target's duration as people write it.
std::string DurationText(int64_t seconds);

// The columns of `sla list --output csv` and of the detail table.
const ColumnTable& SlaPolicyColumns();

// The list table: id, version, state, title, time zone.
Table SlaPoliciesTable(const google::protobuf::RepeatedPtrField<v1::SlaPolicy>& policies);

// One policy in full: its header, a table of targets per priority, and its business hours.
std::string RenderSlaPolicy(const v1::SlaPolicy& policy, int width);

}  // namespace escala::client
