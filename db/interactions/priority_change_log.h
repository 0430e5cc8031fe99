#pragma once

#include <soci/soci.h>

#include <cstdint>
#include <map>
#include <vector>

#include "db/interactions/priority_change.h"
#include "escala/v1/interactions.pb.h"

namespace escala::db {

// In the open transaction of an interaction's update: records the change from `before` to
// `after` at `now_ms` when the priority differs, nothing otherwise. The SLA clock needs the
// whole history (a raise mid-interaction tightens the target from that moment), and the
// interactions row keeps only the priority now.
void RecordPriorityChange(soci::session& session, const v1::Interaction& before,
                          const v1::Interaction& after, int64_t now_ms);

// The changes of `interaction_ids`, by interaction and in the order they were made. Throws
// soci::soci_error like the other statements of a repository.
std::map<int64_t, std::vector<PriorityChangeRow>> ReadPriorityChanges(
    soci::session& session, const std::vector<int64_t>& interaction_ids);

}  // namespace escala::db
