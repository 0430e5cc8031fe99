#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "db/common/request_log.h"
#include "db/promotion/regression_flag_repository.h"
#include "escala/v1/promotion_regressions.pb.h"
#include "server/platform/call_context.h"
#include "server/platform/clock.h"
#include "server/promotion/regression_checker.h"

namespace escala::server {

// The logic of RegressionFlagService, free of gRPC: validates, checks the caller's reach (a
// team lead the flags of their team, by the team when raised; managers, heads of support and
// administrators every flag), runs the state machine (server/promotion/
// regression_flag_transitions.h) and stores the result. CheckRegressions runs the checker now.
// The state changes look their request_id up in the audit log (`requests`).
class RegressionFlagHandler {
 public:
  RegressionFlagHandler(db::RegressionFlagRepository& flags, db::RequestLog& requests,
                        RegressionChecker& checker, Clock clock)
      : flags_(flags), requests_(requests), checker_(checker), clock_(std::move(clock)) {}

  absl::StatusOr<v1::CheckRegressionsResponse> CheckRegressions(
      const CallContext& call, const v1::CheckRegressionsRequest& request);
  absl::StatusOr<v1::RegressionFlag> GetRegressionFlag(const CallContext& call,
                                                       const v1::GetRegressionFlagRequest& request);
  absl::StatusOr<v1::ListRegressionFlagsResponse> ListRegressionFlags(
      const CallContext& call, const v1::ListRegressionFlagsRequest& request);
  absl::StatusOr<v1::RegressionFlag> AcknowledgeRegressionFlag(
      const CallContext& call, const v1::AcknowledgeRegressionFlagRequest& request);
  absl::StatusOr<v1::RegressionFlag> CloseRegressionFlag(
      const CallContext& call, const v1::CloseRegressionFlagRequest& request);

 private:
  // The flag, NOT_FOUND when it is outside the caller's reach.
  absl::StatusOr<v1::RegressionFlag> Reachable(const CallContext& call, int64_t id);
  // Runs one state change: reads the reachable flag, checks `etag`, lets `step` compute the
  // flag after the step and stores it under the read version, stamped with `key`. A replay of
  // `key` answers the flag as it is now.
  absl::StatusOr<v1::RegressionFlag> Change(const CallContext& call, int64_t id,
                                            const std::string& etag, const db::CreateRequest& key,
                                            const std::function<absl::StatusOr<v1::RegressionFlag>(
                                                const v1::RegressionFlag&, absl::Time)>& step);

  db::RegressionFlagRepository& flags_;
  db::RequestLog& requests_;
  RegressionChecker& checker_;
  Clock clock_;
};

}  // namespace escala::server
