#pragma once

#include "absl/status/statusor.h"
#include "db/interactions/interaction_repository.h"
#include "escala/v1/staffing.pb.h"
#include "server/platform/call_context.h"

namespace escala::server {

// The logic of StaffingService, free of gRPC: validate the request, read the range's
// interactions page by page, and size each interval of the week. The plan is an aggregate of
// the whole department; the access policy admits only those who plan it.
class StaffingHandler {
 public:
  explicit StaffingHandler(db::InteractionRepository& interactions) : interactions_(interactions) {}

  absl::StatusOr<v1::PlanStaffingFromHistoryResponse> PlanStaffingFromHistory(
      const CallContext& call, const v1::PlanStaffingFromHistoryRequest& request);

  // Longest range one plan reads: it reads the stored interactions on each call.
  static constexpr absl::Duration kMaxRange = absl::Hours(24 * 92);

 private:
  db::InteractionRepository& interactions_;
};

}  // namespace escala::server
