#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "client/core/table_printer.h"
#include "server/reports/erlang_a.h"
#include "server/reports/erlang_c.h"

namespace escala::client {

// What `escala staffing` computes for one interval: Erlang C always, Erlang A when a mean
// patience is given. It runs in the client: the maths needs no stored data, so the calculator
// works without a server or a token (the history-based plan is the server's).
struct StaffingInput {
  server::QueueTraffic traffic;
  server::ServiceTarget target;
  std::optional<absl::Duration> patience;
};

struct StaffingResult {
  double offered_erlangs = 0;
  server::ErlangCStaffing erlang_c;
  std::optional<server::ErlangAStaffing> erlang_a;
};

// "80/20": 80 % answered within 20 seconds; INVALID_ARGUMENT naming --target otherwise.
absl::Status ParseServiceTarget(const std::string& text, server::ServiceTarget* target);

// "6m", "30m", "20s", "1h30m", or plain seconds; INVALID_ARGUMENT naming `flag` otherwise.
absl::StatusOr<absl::Duration> ParseFlagDuration(const std::string& flag, const std::string& text);

absl::StatusOr<StaffingResult> CalculateStaffing(const StaffingInput& input);

// A row per model: agents on the queue, scheduled after shrinkage, service level, ASA,
// occupancy, P(wait) and P(abandon) ("-" for Erlang C, which has none).
Table StaffingTable(const StaffingResult& result);

}  // namespace escala::client
