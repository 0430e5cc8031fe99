#pragma once

#include <cstdint>

#include "escala/v1/interactions.pb.h"

namespace escala::db {

// One change of an interaction's priority (table interaction_priority_changes), as
// UpdateInteraction recorded it: the SLA clock's view of a priority raised or lowered
// mid-interaction.
struct PriorityChangeRow {
  int64_t interaction_id = 0;
  // The update's time, in milliseconds since the epoch.
  int64_t change_ms = 0;
  v1::Priority from_priority = v1::PRIORITY_UNSPECIFIED;
  v1::Priority to_priority = v1::PRIORITY_UNSPECIFIED;
};

}  // namespace escala::db
