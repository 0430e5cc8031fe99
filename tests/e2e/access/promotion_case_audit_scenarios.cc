// Audit scenarios and request_id replays of the PromotionCaseService: each case is of a person
// of its own, under a published policy of the L1 → L2 step, so that no scenario's open case
// holds another's step.
#include <grpcpp/grpcpp.h>

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "db/common/audit_diff.h"
#include "escala/v1/promotion_cases.grpc.pb.h"
#include "escala/v1/promotion_policies.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/e2e/access/audit_scenarios.h"
#include "tests/e2e/harness/grpc_client.h"
#include "tests/testing/test_promotion_policies.h"

namespace escala::testing::audit_scenarios {
namespace {

using CaseAuditStub = v1::PromotionCaseService::Stub;

// Calls one PromotionCaseService method as the administrator, with "x-request-id" when given.
template <typename Request, typename Response, typename Method>
grpc::Status CaseAuditCall(AdminClient& admin, const std::string& request_id, Method method,
                           const Request& request, Response* response) {
  grpc::ClientContext context;
  admin.Prepare(context, request_id);
  auto stub = NewStub<v1::PromotionCaseService>(admin.channel());
  return ((*stub).*method)(&context, request, response);
}

// A new L1 agent `employee_id` with a nominated case under a newly published policy.
v1::PromotionCase AuditNominatedCase(AdminClient& admin, const std::string& employee_id) {
  admin.CreatePerson(employee_id, employee_id);
  v1::PromotionPolicy draft;
  {
    grpc::ClientContext context;
    admin.Prepare(context);
    v1::CreatePromotionPolicyRequest request;
    *request.mutable_promotion_policy() = TestPromotionPolicy("case-" + employee_id);
    grpc::Status status = NewStub<v1::PromotionPolicyService>(admin.channel())
                              ->CreatePromotionPolicy(&context, request, &draft);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }
  {
    grpc::ClientContext context;
    admin.Prepare(context);
    v1::PublishPromotionPolicyRequest request;
    request.set_promotion_policy_id(draft.promotion_policy_id());
    request.set_etag(draft.etag());
    v1::PromotionPolicy published;
    grpc::Status status = NewStub<v1::PromotionPolicyService>(admin.channel())
                              ->PublishPromotionPolicy(&context, request, &published);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }
  v1::NominateRequest request;
  request.set_employee_id(employee_id);
  request.set_promotion_policy_id(draft.promotion_policy_id());
  v1::PromotionCase opened;
  grpc::Status status = CaseAuditCall(admin, "", &CaseAuditStub::Nominate, request, &opened);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return opened;
}

// A day well ahead: an approval for it changes no level during the test.
std::string AuditFutureDay() {
  return absl::FormatTime("%Y-%m-%d", absl::Now() + absl::Hours(24 * 400), absl::UTCTimeZone());
}

v1::PromotionCase AuditApprovedCase(AdminClient& admin, const std::string& employee_id) {
  const v1::PromotionCase opened = AuditNominatedCase(admin, employee_id);
  v1::ApproveRequest request;
  request.set_id(opened.id());
  request.set_effective_date(AuditFutureDay());
  v1::PromotionCase approved;
  grpc::Status status = CaseAuditCall(admin, "", &CaseAuditStub::Approve, request, &approved);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return approved;
}

std::string CaseName(const v1::PromotionCase& promotion_case) {
  return absl::StrCat("promotionCases/", promotion_case.id());
}

ExpectedEvent CaseEvent(const std::string& request_id, const v1::PromotionCase& before,
                        const v1::PromotionCase& after) {
  db::ChangedFields changed = db::DiffForAudit(&before, after);
  return ExpectedEvent{"promotion_case", CaseName(after), request_id, changed.before_json,
                       changed.after_json};
}

// "promotionCases/7 PROMOTION_CASE_STATE_APPROVED etag 2": what a replay must answer alike.
std::string CaseAnswer(const v1::PromotionCase& promotion_case) {
  return absl::StrCat(CaseName(promotion_case), " ",
                      v1::PromotionCaseState_Name(promotion_case.state()), " etag ",
                      promotion_case.etag());
}

std::map<std::string, AuditScenario> PromotionCaseScenarios() {
  std::map<std::string, AuditScenario> scenarios;
  scenarios["escala.v1.PromotionCaseService/Approve"] = {
      [](AdminClient& admin, const std::string& request_id) {
        const v1::PromotionCase opened = AuditNominatedCase(admin, "PCA1");
        return [&admin, request_id, opened] {
          v1::ApproveRequest request;
          request.set_id(opened.id());
          request.set_effective_date(AuditFutureDay());
          request.set_reason("strong \"quality\"");
          v1::PromotionCase approved;
          grpc::Status status =
              CaseAuditCall(admin, request_id, &CaseAuditStub::Approve, request, &approved);
          EXPECT_TRUE(status.ok()) << status.error_message();
          EXPECT_EQ(approved.state(), v1::PROMOTION_CASE_STATE_APPROVED);
          return CaseEvent(request_id, opened, approved);
        };
      },
      grpc::StatusCode::ABORTED,
      [](AdminClient& admin) {
        const v1::PromotionCase opened = AuditNominatedCase(admin, "PCA2");
        return FailingCall{CaseName(opened), [&admin, opened] {
                             v1::ApproveRequest request;
                             request.set_id(opened.id());
                             request.set_effective_date(AuditFutureDay());
                             request.set_etag("999");
                             v1::PromotionCase approved;
                             return CaseAuditCall(admin, "stale", &CaseAuditStub::Approve, request,
                                                  &approved);
                           }};
      }};
  scenarios["escala.v1.PromotionCaseService/Withdraw"] = {
      [](AdminClient& admin, const std::string& request_id) {
        const v1::PromotionCase opened = AuditNominatedCase(admin, "PCW1");
        return [&admin, request_id, opened] {
          v1::WithdrawRequest request;
          request.set_id(opened.id());
          request.set_reason("moved to another team");
          v1::PromotionCase withdrawn;
          grpc::Status status =
              CaseAuditCall(admin, request_id, &CaseAuditStub::Withdraw, request, &withdrawn);
          EXPECT_TRUE(status.ok()) << status.error_message();
          EXPECT_EQ(withdrawn.state(), v1::PROMOTION_CASE_STATE_WITHDRAWN);
          return CaseEvent(request_id, opened, withdrawn);
        };
      },
      grpc::StatusCode::ABORTED,
      [](AdminClient& admin) {
        const v1::PromotionCase opened = AuditNominatedCase(admin, "PCW2");
        return FailingCall{CaseName(opened), [&admin, opened] {
                             v1::WithdrawRequest request;
                             request.set_id(opened.id());
                             request.set_reason("late");
                             request.set_etag("999");
                             v1::PromotionCase withdrawn;
                             return CaseAuditCall(admin, "stale", &CaseAuditStub::Withdraw, request,
                                                  &withdrawn);
                           }};
      }};
  scenarios["escala.v1.PromotionCaseService/AcknowledgePromotion"] = {
      [](AdminClient& admin, const std::string& request_id) {
        const v1::PromotionCase approved = AuditApprovedCase(admin, "PCK1");
        return [&admin, request_id, approved] {
          v1::AcknowledgePromotionRequest request;
          request.set_id(approved.id());
          request.set_hr_system("workday");
          request.set_hr_reference("JC-1");
          request.set_state(v1::HR_ACKNOWLEDGEMENT_STATE_PENDING_APPROVAL);
          v1::PromotionCase acknowledged;
          grpc::Status status = CaseAuditCall(
              admin, request_id, &CaseAuditStub::AcknowledgePromotion, request, &acknowledged);
          EXPECT_TRUE(status.ok()) << status.error_message();
          EXPECT_EQ(acknowledged.hr_acknowledgements_size(), 1);
          return CaseEvent(request_id, approved, acknowledged);
        };
      },
      grpc::StatusCode::FAILED_PRECONDITION,
      [](AdminClient& admin) {
        // Only a decided approval is acknowledged.
        const v1::PromotionCase opened = AuditNominatedCase(admin, "PCK2");
        return FailingCall{CaseName(opened), [&admin, opened] {
                             v1::AcknowledgePromotionRequest request;
                             request.set_id(opened.id());
                             request.set_hr_system("workday");
                             request.set_state(v1::HR_ACKNOWLEDGEMENT_STATE_APPLIED);
                             request.set_effective_date("2027-03-01");
                             v1::PromotionCase acknowledged;
                             return CaseAuditCall(admin, "early",
                                                  &CaseAuditStub::AcknowledgePromotion, request,
                                                  &acknowledged);
                           }};
      }};
  return scenarios;
}

ReplayMap PromotionCaseReplays() {
  ReplayMap cases;
  cases["escala.v1.PromotionCaseService/Approve"] = [](AdminClient& admin) -> ReplayCall {
    const v1::PromotionCase opened = AuditNominatedCase(admin, "PCRA");
    return [&admin, opened](const std::string& request_id, bool other_payload,
                            std::string* answer) {
      v1::ApproveRequest request;
      request.set_id(opened.id());
      request.set_effective_date(AuditFutureDay());
      request.set_reason(other_payload ? "another reason" : "ready");
      request.set_request_id(request_id);
      v1::PromotionCase approved;
      grpc::Status status = CaseAuditCall(admin, "", &CaseAuditStub::Approve, request, &approved);
      *answer = CaseAnswer(approved);
      return status;
    };
  };
  cases["escala.v1.PromotionCaseService/Withdraw"] = [](AdminClient& admin) -> ReplayCall {
    const v1::PromotionCase opened = AuditNominatedCase(admin, "PCRW");
    return [&admin, opened](const std::string& request_id, bool other_payload,
                            std::string* answer) {
      v1::WithdrawRequest request;
      request.set_id(opened.id());
      request.set_reason(other_payload ? "another reason" : "moved team");
      request.set_request_id(request_id);
      v1::PromotionCase withdrawn;
      grpc::Status status = CaseAuditCall(admin, "", &CaseAuditStub::Withdraw, request, &withdrawn);
      *answer = CaseAnswer(withdrawn);
      return status;
    };
  };
  cases["escala.v1.PromotionCaseService/AcknowledgePromotion"] =
      [](AdminClient& admin) -> ReplayCall {
    const v1::PromotionCase approved = AuditApprovedCase(admin, "PCRK");
    return [&admin, approved](const std::string& request_id, bool other_payload,
                              std::string* answer) {
      v1::AcknowledgePromotionRequest request;
      request.set_id(approved.id());
      request.set_hr_system("workday");
      request.set_hr_reference(other_payload ? "JC-2" : "JC-1");
      request.set_state(v1::HR_ACKNOWLEDGEMENT_STATE_PENDING_APPROVAL);
      request.set_request_id(request_id);
      v1::PromotionCase acknowledged;
      grpc::Status status =
          CaseAuditCall(admin, "", &CaseAuditStub::AcknowledgePromotion, request, &acknowledged);
      *answer = CaseAnswer(acknowledged);
      return status;
    };
  };
  return cases;
}

const ScenarioRegistrar kPromotionCaseAuditScenarios("promotion_cases", &PromotionCaseScenarios);
const ReplayRegistrar kPromotionCaseReplays("promotion_cases", &PromotionCaseReplays);

}  // namespace
}  // namespace escala::testing::audit_scenarios
