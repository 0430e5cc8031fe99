#pragma once

#include "absl/status/status.h"
#include "escala/v1/interactions.pb.h"

namespace escala::server {

// The rules a stored interaction must satisfy (field paths relative to the Interaction), checked
// before the database is touched; INVALID_ARGUMENT lists every broken rule, one per field
// (server/api/violations.h):
// - source_system ≤ 64 and source_id ≤ 128 characters, both set or both empty;
// - channel, direction and priority known values other than UNSPECIFIED;
// - agent_employee_id an identifier (whether the agent exists is the repository's check);
// - start_time set; every other time not before start_time; end_time not before answer_time;
//   all times between 1970 and 9999 with valid nanos;
// - durations not negative and at most 7 days; escalated_to_level 2–9 when escalated, else 0;
// - csat 1–5, nps 0–10, ces 1–7 when present;
// - recording/transcript: uri required (with a scheme, ≤ 2048), format ≤ 64, duration and size
//   not negative, sha256 empty or 64 lowercase hex digits;
// - at most 32 tags of 1–64 characters of [A-Za-z0-9_.:/-]; language empty or a BCP-47 tag;
//   queue ≤ 128 characters.
absl::Status ValidateInteraction(const v1::Interaction& interaction);

}  // namespace escala::server
