// Access-matrix probes of the StaffingService.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/time/clock.h"
#include "db/common/proto_time.h"
#include "escala/v1/staffing.grpc.pb.h"
#include "tests/e2e/access/probes_registry.h"
#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing::access_matrix {
namespace {

std::map<std::string, Probe> StaffingProbes() {
  std::map<std::string, Probe> probes;
  probes["escala.v1.StaffingService/PlanStaffingFromHistory"] = [](World& w, const Actor& c,
                                                                   Target) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::PlanStaffingFromHistoryRequest request;
    // A week ahead, which holds no contacts: the probe is about who may plan, not the plan.
    const int64_t now_ms = absl::ToUnixMillis(absl::Now());
    *request.mutable_period_start_time() = db::MillisToTimestamp(now_ms + 7LL * 86400 * 1000);
    *request.mutable_period_end_time() = db::MillisToTimestamp(now_ms + 14LL * 86400 * 1000);
    request.set_service_level(0.8);
    v1::PlanStaffingFromHistoryResponse response;
    return NewStub<v1::StaffingService>(w.channel)
        ->PlanStaffingFromHistory(&context, request, &response)
        .error_code();
  };
  return probes;
}

const ProbeRegistrar kStaffingProbes("staffing", &StaffingProbes);

}  // namespace
}  // namespace escala::testing::access_matrix
