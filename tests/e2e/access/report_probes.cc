// Access-matrix probes of the ReportService. A report of the agent scope is "about" its agent:
// an agent reads only their own figures, a team lead those of their team's members. The
// recompute belongs to nobody: the probe runs it without --fix over one day.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "db/common/proto_time.h"
#include "escala/v1/reports.grpc.pb.h"
#include "tests/e2e/access/probes_registry.h"
#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing::access_matrix {
namespace {

// The UTC day around now.
template <typename Request>
void Today(Request& request) {
  const int64_t now_ms = absl::ToUnixMillis(absl::Now());
  *request.mutable_start_time() = db::MillisToTimestamp(now_ms - 3'600'000);
  *request.mutable_end_time() = db::MillisToTimestamp(now_ms + 3'600'000);
}

ProbeMap ReportProbes() {
  ProbeMap probes;
  probes["escala.v1.ReportService/GetKpiReport"] = [](World& w, const Actor& c, Target t) {
    v1::GetKpiReportRequest request;
    request.set_scope(v1::REPORT_SCOPE_AGENT);
    request.set_scope_id(PersonTarget(w, c, t).employee_id);
    request.set_period(v1::REPORT_PERIOD_DAY);
    Today(request);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::KpiReport response;
    return NewStub<v1::ReportService>(w.channel)
        ->GetKpiReport(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.ReportService/GetQaReport"] = [](World& w, const Actor& c, Target t) {
    v1::GetQaReportRequest request;
    request.set_scope(v1::REPORT_SCOPE_AGENT);
    request.set_scope_id(PersonTarget(w, c, t).employee_id);
    request.set_period(v1::REPORT_PERIOD_RANGE);
    Today(request);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::QaReport response;
    return NewStub<v1::ReportService>(w.channel)
        ->GetQaReport(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.ReportService/RecomputeReportSummaries"] = [](World& w, const Actor& c,
                                                                  Target) {
    v1::RecomputeReportSummariesRequest request;
    Today(request);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::RecomputeReportSummariesResponse response;
    return NewStub<v1::ReportService>(w.channel)
        ->RecomputeReportSummaries(&context, request, &response)
        .error_code();
  };
  return probes;
}

const ProbeRegistrar kReportProbes("reports", &ReportProbes);

}  // namespace
}  // namespace escala::testing::access_matrix
