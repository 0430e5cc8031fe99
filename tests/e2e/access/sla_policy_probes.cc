// Access-matrix probes of the SlaPolicyService.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/time/clock.h"
#include "db/common/proto_time.h"
#include "escala/v1/sla_policies.grpc.pb.h"
#include "tests/e2e/access/probes_registry.h"
#include "tests/e2e/harness/grpc_client.h"
#include "tests/testing/test_sla_policies.h"

namespace escala::testing::access_matrix {
namespace {

using SlaPolicyProbeStub = v1::SlaPolicyService::Stub;

// A new draft policy made by the world's manager, so that each probe's call is the only thing
// the caller's rule decides.
v1::SlaPolicy ManagerDraft(World& w) {
  grpc::ClientContext context;
  Authorize(context, w.callers.at(server::PolicyRole::kManager).token);
  v1::CreateSlaPolicyRequest request;
  *request.mutable_sla_policy() = TestSlaPolicy(w.Unique("probe-sla-"));
  v1::SlaPolicy created;
  grpc::Status status =
      NewStub<v1::SlaPolicyService>(w.channel)->CreateSlaPolicy(&context, request, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return created;
}

// A published policy made by the manager.
v1::SlaPolicy ManagerPublished(World& w) {
  const v1::SlaPolicy draft = ManagerDraft(w);
  grpc::ClientContext context;
  Authorize(context, w.callers.at(server::PolicyRole::kManager).token);
  v1::PublishSlaPolicyRequest request;
  request.set_sla_policy_id(draft.sla_policy_id());
  request.set_etag(draft.etag());
  v1::SlaPolicy published;
  grpc::Status status =
      NewStub<v1::SlaPolicyService>(w.channel)->PublishSlaPolicy(&context, request, &published);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return published;
}

std::map<std::string, Probe> SlaPolicyProbes() {
  std::map<std::string, Probe> probes;
  probes["escala.v1.SlaPolicyService/CreateSlaPolicy"] = [](World& w, const Actor& c, Target) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::CreateSlaPolicyRequest request;
    *request.mutable_sla_policy() = TestSlaPolicy(w.Unique("new-sla-"));
    v1::SlaPolicy response;
    return NewStub<v1::SlaPolicyService>(w.channel)
        ->CreateSlaPolicy(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.SlaPolicyService/GetSlaPolicy"] = [](World& w, const Actor& c, Target) {
    const v1::SlaPolicy draft = ManagerDraft(w);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::GetSlaPolicyRequest request;
    request.set_sla_policy_id(draft.sla_policy_id());
    v1::SlaPolicy response;
    return NewStub<v1::SlaPolicyService>(w.channel)
        ->GetSlaPolicy(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.SlaPolicyService/ListSlaPolicies"] = [](World& w, const Actor& c, Target) {
    const v1::SlaPolicy draft = ManagerDraft(w);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListSlaPoliciesRequest request;
    request.set_page_size(1000);
    v1::ListSlaPoliciesResponse response;
    grpc::Status status =
        NewStub<v1::SlaPolicyService>(w.channel)->ListSlaPolicies(&context, request, &response);
    bool contains = false;
    for (const v1::SlaPolicy& p : response.sla_policies()) {
      contains |= p.sla_policy_id() == draft.sla_policy_id();
    }
    return Found(status, contains);
  };
  probes["escala.v1.SlaPolicyService/UpdateSlaPolicy"] = [](World& w, const Actor& c, Target) {
    const v1::SlaPolicy draft = ManagerDraft(w);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::UpdateSlaPolicyRequest request;
    request.mutable_sla_policy()->set_sla_policy_id(draft.sla_policy_id());
    request.mutable_sla_policy()->set_title("Probe SLA, edited");
    request.mutable_sla_policy()->set_etag(draft.etag());
    request.mutable_update_mask()->add_paths("title");
    v1::SlaPolicy response;
    return NewStub<v1::SlaPolicyService>(w.channel)
        ->UpdateSlaPolicy(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.SlaPolicyService/PublishSlaPolicy"] = [](World& w, const Actor& c, Target) {
    const v1::SlaPolicy draft = ManagerDraft(w);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::PublishSlaPolicyRequest request;
    request.set_sla_policy_id(draft.sla_policy_id());
    request.set_etag(draft.etag());
    v1::SlaPolicy response;
    return NewStub<v1::SlaPolicyService>(w.channel)
        ->PublishSlaPolicy(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.SlaPolicyService/ComputeSlaReport"] = [](World& w, const Actor& c, Target t) {
    const v1::SlaPolicy policy = ManagerPublished(w);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ComputeSlaReportRequest request;
    request.set_sla_policy_id(policy.sla_policy_id());
    request.set_scope(v1::SLA_REPORT_SCOPE_AGENT);
    request.set_agent_employee_id(PersonTarget(w, c, t).employee_id);
    request.set_period(v1::REPORT_PERIOD_DAY);
    const int64_t now_ms = absl::ToUnixMillis(absl::Now());
    *request.mutable_period_start_time() = db::MillisToTimestamp(now_ms - 7LL * 86400 * 1000);
    *request.mutable_period_end_time() = db::MillisToTimestamp(now_ms + 86400LL * 1000);
    v1::ComputeSlaReportResponse response;
    return NewStub<v1::SlaPolicyService>(w.channel)
        ->ComputeSlaReport(&context, request, &response)
        .error_code();
  };
  return probes;
}

const ProbeRegistrar kSlaPolicyProbes("sla_policies", &SlaPolicyProbes);

}  // namespace
}  // namespace escala::testing::access_matrix
