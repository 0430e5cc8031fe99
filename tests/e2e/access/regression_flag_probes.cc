// Access-matrix probes of the RegressionFlagService. Each probe that needs a flag raises a fresh
// one for the target person as the administrator (tests/e2e/harness/regression_flag_world.h),
// then calls as the caller.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <string>

#include "escala/v1/promotion_regressions.grpc.pb.h"
#include "tests/e2e/access/probes_registry.h"
#include "tests/e2e/harness/grpc_client.h"
#include "tests/e2e/harness/regression_flag_world.h"

namespace escala::testing::access_matrix {
namespace {

using FlagStub = v1::RegressionFlagService::Stub;

std::unique_ptr<FlagStub> FlagProbeStub(World& w) {
  return NewStub<v1::RegressionFlagService>(w.channel);
}

// A new open flag of the target person.
v1::RegressionFlag FlagProbeFlag(World& w, const Actor& c, Target t) {
  return RaiseRegressionFlag(w.channel, w.admin_token, PersonTarget(w, c, t).employee_id,
                             w.Unique("probe-flag-policy-"));
}

std::map<std::string, Probe> RegressionFlagProbes() {
  std::map<std::string, Probe> probes;
  probes["escala.v1.RegressionFlagService/CheckRegressions"] = [](World& w, const Actor& c,
                                                                  Target) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::CheckRegressionsResponse response;
    return FlagProbeStub(w)
        ->CheckRegressions(&context, v1::CheckRegressionsRequest(), &response)
        .error_code();
  };
  probes["escala.v1.RegressionFlagService/GetRegressionFlag"] = [](World& w, const Actor& c,
                                                                   Target t) {
    const v1::RegressionFlag flag = FlagProbeFlag(w, c, t);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::GetRegressionFlagRequest request;
    request.set_id(flag.id());
    v1::RegressionFlag response;
    return FlagProbeStub(w)->GetRegressionFlag(&context, request, &response).error_code();
  };
  probes["escala.v1.RegressionFlagService/ListRegressionFlags"] = [](World& w, const Actor& c,
                                                                     Target t) {
    const v1::RegressionFlag flag = FlagProbeFlag(w, c, t);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListRegressionFlagsRequest request;
    request.set_employee_id(flag.employee_id());
    request.set_page_size(1000);
    v1::ListRegressionFlagsResponse response;
    grpc::Status status = FlagProbeStub(w)->ListRegressionFlags(&context, request, &response);
    bool contains = false;
    for (const v1::RegressionFlag& listed : response.regression_flags()) {
      contains |= listed.id() == flag.id();
    }
    return Found(status, contains);
  };
  probes["escala.v1.RegressionFlagService/AcknowledgeRegressionFlag"] = [](World& w, const Actor& c,
                                                                           Target t) {
    const v1::RegressionFlag flag = FlagProbeFlag(w, c, t);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::AcknowledgeRegressionFlagRequest request;
    request.set_id(flag.id());
    request.set_note("seen; coaching booked");
    v1::RegressionFlag response;
    return FlagProbeStub(w)->AcknowledgeRegressionFlag(&context, request, &response).error_code();
  };
  probes["escala.v1.RegressionFlagService/CloseRegressionFlag"] = [](World& w, const Actor& c,
                                                                     Target t) {
    const v1::RegressionFlag flag = FlagProbeFlag(w, c, t);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::CloseRegressionFlagRequest request;
    request.set_id(flag.id());
    request.set_reason(v1::REGRESSION_CLOSE_REASON_RECOVERED);
    v1::RegressionFlag response;
    return FlagProbeStub(w)->CloseRegressionFlag(&context, request, &response).error_code();
  };
  return probes;
}

const ProbeRegistrar kRegressionFlagProbes("regression_flags", &RegressionFlagProbes);

}  // namespace
}  // namespace escala::testing::access_matrix
