// Access-matrix probes of the PromotionCaseService and the LevelHistoryService. Each probe opens
// a fresh case for the target person as the administrator (withdrawing the open one first, so
// that the step is free) under a policy of the person's own step, then calls as the caller.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "escala/v1/level_changes.grpc.pb.h"
#include "escala/v1/people.grpc.pb.h"
#include "escala/v1/promotion_cases.grpc.pb.h"
#include "escala/v1/promotion_policies.grpc.pb.h"
#include "tests/e2e/access/probes_registry.h"
#include "tests/e2e/harness/grpc_client.h"
#include "tests/testing/test_promotion_policies.h"

namespace escala::testing::access_matrix {
namespace {

using CaseStub = v1::PromotionCaseService::Stub;

std::unique_ptr<CaseStub> CaseProbeStub(World& w) {
  return NewStub<v1::PromotionCaseService>(w.channel);
}

// A published policy of the step that starts at `employee_id`'s level.
v1::PromotionPolicy CaseProbePolicy(World& w, const std::string& employee_id) {
  v1::Person person;
  {
    grpc::ClientContext context;
    Authorize(context, w.admin_token);
    v1::GetPersonRequest request;
    request.set_employee_id(employee_id);
    EXPECT_TRUE(NewStub<v1::PeopleService>(w.channel)->GetPerson(&context, request, &person).ok());
  }
  v1::PromotionPolicy draft;
  {
    grpc::ClientContext context;
    Authorize(context, w.admin_token);
    v1::CreatePromotionPolicyRequest request;
    *request.mutable_promotion_policy() = TestPromotionPolicy(w.Unique("probe-case-policy-"));
    request.mutable_promotion_policy()->set_from_level(person.level());
    request.mutable_promotion_policy()->set_to_level(person.level() + 1);
    grpc::Status status = NewStub<v1::PromotionPolicyService>(w.channel)->CreatePromotionPolicy(
        &context, request, &draft);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }
  grpc::ClientContext context;
  Authorize(context, w.admin_token);
  v1::PublishPromotionPolicyRequest request;
  request.set_promotion_policy_id(draft.promotion_policy_id());
  request.set_etag(draft.etag());
  v1::PromotionPolicy published;
  grpc::Status status = NewStub<v1::PromotionPolicyService>(w.channel)->PublishPromotionPolicy(
      &context, request, &published);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return published;
}

// Withdraws, as the administrator, every open case of the person.
void WithdrawOpenCases(World& w, const std::string& employee_id) {
  grpc::ClientContext context;
  Authorize(context, w.admin_token);
  v1::ListPromotionCasesRequest request;
  request.set_employee_id(employee_id);
  request.set_page_size(1000);
  v1::ListPromotionCasesResponse cases;
  EXPECT_TRUE(CaseProbeStub(w)->ListPromotionCases(&context, request, &cases).ok());
  for (const v1::PromotionCase& open : cases.promotion_cases()) {
    if (open.state() != v1::PROMOTION_CASE_STATE_NOMINATED &&
        open.state() != v1::PROMOTION_CASE_STATE_UNDER_REVIEW &&
        open.state() != v1::PROMOTION_CASE_STATE_APPROVED) {
      continue;
    }
    grpc::ClientContext withdraw_context;
    Authorize(withdraw_context, w.admin_token);
    v1::WithdrawRequest withdraw;
    withdraw.set_id(open.id());
    withdraw.set_reason("probe clean-up");
    v1::PromotionCase withdrawn;
    EXPECT_TRUE(CaseProbeStub(w)->Withdraw(&withdraw_context, withdraw, &withdrawn).ok());
  }
}

// A new nominated case of the person, opened by the administrator.
v1::PromotionCase CaseProbeCase(World& w, const std::string& employee_id) {
  WithdrawOpenCases(w, employee_id);
  const v1::PromotionPolicy policy = CaseProbePolicy(w, employee_id);
  grpc::ClientContext context;
  Authorize(context, w.admin_token);
  v1::NominateRequest request;
  request.set_employee_id(employee_id);
  request.set_promotion_policy_id(policy.promotion_policy_id());
  v1::PromotionCase opened;
  grpc::Status status = CaseProbeStub(w)->Nominate(&context, request, &opened);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return opened;
}

// A day well ahead, so that an approval in a probe never changes anyone's level.
std::string CaseProbeFutureDay() {
  return absl::FormatTime("%Y-%m-%d", absl::Now() + absl::Hours(24 * 400), absl::UTCTimeZone());
}

// A case of the person approved by the administrator for a day well ahead.
v1::PromotionCase CaseProbeApproved(World& w, const std::string& employee_id) {
  const v1::PromotionCase opened = CaseProbeCase(w, employee_id);
  grpc::ClientContext context;
  Authorize(context, w.admin_token);
  v1::ApproveRequest request;
  request.set_id(opened.id());
  request.set_effective_date(CaseProbeFutureDay());
  v1::PromotionCase approved;
  grpc::Status status = CaseProbeStub(w)->Approve(&context, request, &approved);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return approved;
}

std::map<std::string, Probe> PromotionCaseProbes() {
  std::map<std::string, Probe> probes;
  probes["escala.v1.PromotionCaseService/Nominate"] = [](World& w, const Actor& c, Target t) {
    const std::string employee_id = PersonTarget(w, c, t).employee_id;
    WithdrawOpenCases(w, employee_id);
    const v1::PromotionPolicy policy = CaseProbePolicy(w, employee_id);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::NominateRequest request;
    request.set_employee_id(employee_id);
    request.set_promotion_policy_id(policy.promotion_policy_id());
    v1::PromotionCase response;
    return CaseProbeStub(w)->Nominate(&context, request, &response).error_code();
  };
  probes["escala.v1.PromotionCaseService/NominateEligible"] = [](World& w, const Actor& c,
                                                                 Target t) {
    const v1::PromotionPolicy policy = CaseProbePolicy(w, "A1");
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::NominateEligibleRequest request;
    request.set_promotion_policy_id(policy.promotion_policy_id());
    request.set_team_id(TeamTarget(t));
    v1::NominateEligibleResponse response;
    return CaseProbeStub(w)->NominateEligible(&context, request, &response).error_code();
  };
  probes["escala.v1.PromotionCaseService/GetPromotionCase"] = [](World& w, const Actor& c,
                                                                 Target t) {
    const v1::PromotionCase opened = CaseProbeCase(w, PersonTarget(w, c, t).employee_id);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::GetPromotionCaseRequest request;
    request.set_id(opened.id());
    v1::PromotionCase response;
    return CaseProbeStub(w)->GetPromotionCase(&context, request, &response).error_code();
  };
  probes["escala.v1.PromotionCaseService/ListPromotionCases"] = [](World& w, const Actor& c,
                                                                   Target t) {
    const v1::PromotionCase opened = CaseProbeCase(w, PersonTarget(w, c, t).employee_id);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListPromotionCasesRequest request;
    request.set_employee_id(opened.employee_id());
    request.set_page_size(1000);
    v1::ListPromotionCasesResponse response;
    grpc::Status status = CaseProbeStub(w)->ListPromotionCases(&context, request, &response);
    bool contains = false;
    for (const v1::PromotionCase& listed : response.promotion_cases()) {
      contains |= listed.id() == opened.id();
    }
    return Found(status, contains);
  };
  probes["escala.v1.PromotionCaseService/StartReview"] = [](World& w, const Actor& c, Target t) {
    const v1::PromotionCase opened = CaseProbeCase(w, PersonTarget(w, c, t).employee_id);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::StartReviewRequest request;
    request.set_id(opened.id());
    v1::PromotionCase response;
    return CaseProbeStub(w)->StartReview(&context, request, &response).error_code();
  };
  probes["escala.v1.PromotionCaseService/Approve"] = [](World& w, const Actor& c, Target t) {
    const v1::PromotionCase opened = CaseProbeCase(w, PersonTarget(w, c, t).employee_id);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ApproveRequest request;
    request.set_id(opened.id());
    request.set_effective_date(CaseProbeFutureDay());
    v1::PromotionCase response;
    return CaseProbeStub(w)->Approve(&context, request, &response).error_code();
  };
  probes["escala.v1.PromotionCaseService/Reject"] = [](World& w, const Actor& c, Target t) {
    const v1::PromotionCase opened = CaseProbeCase(w, PersonTarget(w, c, t).employee_id);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::RejectRequest request;
    request.set_id(opened.id());
    request.add_reasons("not yet");
    v1::PromotionCase response;
    return CaseProbeStub(w)->Reject(&context, request, &response).error_code();
  };
  probes["escala.v1.PromotionCaseService/Withdraw"] = [](World& w, const Actor& c, Target t) {
    const v1::PromotionCase opened = CaseProbeCase(w, PersonTarget(w, c, t).employee_id);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::WithdrawRequest request;
    request.set_id(opened.id());
    request.set_reason("changed teams");
    v1::PromotionCase response;
    return CaseProbeStub(w)->Withdraw(&context, request, &response).error_code();
  };
  probes["escala.v1.PromotionCaseService/AcknowledgePromotion"] = [](World& w, const Actor& c,
                                                                     Target t) {
    const v1::PromotionCase approved = CaseProbeApproved(w, PersonTarget(w, c, t).employee_id);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::AcknowledgePromotionRequest request;
    request.set_id(approved.id());
    request.set_hr_system("workday");
    request.set_state(v1::HR_ACKNOWLEDGEMENT_STATE_PENDING_APPROVAL);
    v1::PromotionCase response;
    return CaseProbeStub(w)->AcknowledgePromotion(&context, request, &response).error_code();
  };
  probes["escala.v1.LevelHistoryService/ListLevelChanges"] = [](World& w, const Actor& c,
                                                                Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListLevelChangesRequest request;
    request.set_employee_id(PersonTarget(w, c, t).employee_id);
    v1::ListLevelChangesResponse response;
    return NewStub<v1::LevelHistoryService>(w.channel)
        ->ListLevelChanges(&context, request, &response)
        .error_code();
  };
  return probes;
}

const ProbeRegistrar kPromotionCaseProbes("promotion_cases", &PromotionCaseProbes);

}  // namespace
}  // namespace escala::testing::access_matrix
