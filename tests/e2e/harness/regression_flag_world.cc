#include "tests/e2e/harness/regression_flag_world.h"

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "db/common/proto_time.h"
#include "escala/v1/interactions.grpc.pb.h"
#include "escala/v1/people.grpc.pb.h"
#include "escala/v1/promotion_cases.grpc.pb.h"
#include "escala/v1/promotion_policies.grpc.pb.h"
#include "escala/v1/promotion_regressions.grpc.pb.h"
#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing {
namespace {

// Runs one call as the administrator; false (after ADD_FAILURE naming `step`) when it fails.
template <typename Stub, typename Request, typename Response, typename Method>
bool AdminCall(const std::shared_ptr<grpc::Channel>& channel, const AuthorizeAdmin& authorize,
               const char* step, Method method, const Request& request, Response* response) {
  grpc::ClientContext context;
  authorize(context);
  auto stub = Stub::NewStub(channel);
  const grpc::Status status = ((*stub).*method)(&context, request, response);
  if (!status.ok()) ADD_FAILURE() << step << ": " << status.error_message();
  return status.ok();
}

std::string UtcDayText(absl::Time time) {
  return absl::FormatTime("%Y-%m-%d", time, absl::UTCTimeZone());
}

}  // namespace

v1::PromotionPolicy MaintainedPromotionPolicy(const std::string& promotion_policy_id,
                                              int from_level, int maintenance_days) {
  v1::PromotionPolicy policy;
  policy.set_promotion_policy_id(promotion_policy_id);
  policy.set_title("Step with a watch");
  policy.set_from_level(from_level);
  policy.set_to_level(from_level < 9 ? from_level + 1 : 1);
  v1::PromotionCriterion* tenure = policy.add_criteria();
  tenure->set_key("tenure");
  tenure->mutable_tenure()->set_min_months(1);
  policy.set_maintenance_days(maintenance_days);
  v1::PromotionCriterion* resolution = policy.add_maintenance_criteria();
  resolution->set_key("resolution");
  resolution->set_title("Resolves what they take");
  v1::KpiRule* kpi = resolution->mutable_kpi();
  kpi->set_metric(v1::KPI_METRIC_RESOLUTION_RATE);
  kpi->set_direction(v1::THRESHOLD_DIRECTION_AT_LEAST);
  kpi->set_threshold(90);
  kpi->set_window_days(30);
  kpi->set_min_n(1);
  return policy;
}

v1::RegressionFlag RaiseRegressionFlag(const std::shared_ptr<grpc::Channel>& channel,
                                       const std::string& admin_token,
                                       const std::string& employee_id,
                                       const std::string& promotion_policy_id) {
  return RaiseRegressionFlag(
      channel, [&admin_token](grpc::ClientContext& context) { Authorize(context, admin_token); },
      employee_id, promotion_policy_id);
}

v1::RegressionFlag RaiseRegressionFlag(const std::shared_ptr<grpc::Channel>& channel,
                                       const AuthorizeAdmin& authorize,
                                       const std::string& employee_id,
                                       const std::string& promotion_policy_id) {
  using People = v1::PeopleService;
  using Policies = v1::PromotionPolicyService;
  using Cases = v1::PromotionCaseService;
  v1::Person person;
  v1::GetPersonRequest get;
  get.set_employee_id(employee_id);
  if (!AdminCall<People>(channel, authorize, "read the person", &People::Stub::GetPerson, get,
                         &person)) {
    return {};
  }
  v1::CreatePromotionPolicyRequest create;
  *create.mutable_promotion_policy() =
      MaintainedPromotionPolicy(promotion_policy_id, person.level());
  v1::PromotionPolicy draft;
  if (!AdminCall<Policies>(channel, authorize, "create the policy",
                           &Policies::Stub::CreatePromotionPolicy, create, &draft)) {
    return {};
  }
  v1::PublishPromotionPolicyRequest publish;
  publish.set_promotion_policy_id(promotion_policy_id);
  publish.set_etag(draft.etag());
  v1::PromotionPolicy published;
  if (!AdminCall<Policies>(channel, authorize, "publish the policy",
                           &Policies::Stub::PublishPromotionPolicy, publish, &published)) {
    return {};
  }
  // A case another test left open holds the step: it is withdrawn first.
  v1::ListPromotionCasesRequest list;
  list.set_employee_id(employee_id);
  list.set_page_size(1000);
  v1::ListPromotionCasesResponse cases;
  if (!AdminCall<Cases>(channel, authorize, "list the cases", &Cases::Stub::ListPromotionCases,
                        list, &cases)) {
    return {};
  }
  for (const v1::PromotionCase& open : cases.promotion_cases()) {
    if (open.state() != v1::PROMOTION_CASE_STATE_NOMINATED &&
        open.state() != v1::PROMOTION_CASE_STATE_UNDER_REVIEW &&
        open.state() != v1::PROMOTION_CASE_STATE_APPROVED) {
      continue;
    }
    v1::WithdrawRequest withdraw;
    withdraw.set_id(open.id());
    withdraw.set_reason("the step is needed for a regression check");
    v1::PromotionCase withdrawn;
    AdminCall<Cases>(channel, authorize, "withdraw an open case", &Cases::Stub::Withdraw, withdraw,
                     &withdrawn);
  }
  v1::NominateRequest nominate;
  nominate.set_employee_id(employee_id);
  nominate.set_promotion_policy_id(promotion_policy_id);
  v1::PromotionCase opened;
  if (!AdminCall<Cases>(channel, authorize, "nominate", &Cases::Stub::Nominate, nominate,
                        &opened)) {
    return {};
  }
  const absl::Time now = absl::Now();
  v1::ApproveRequest approve;
  approve.set_id(opened.id());
  approve.set_effective_date(UtcDayText(now - absl::Hours(72)));
  v1::PromotionCase approved;
  if (!AdminCall<Cases>(channel, authorize, "approve", &Cases::Stub::Approve, approve, &approved)) {
    return {};
  }
  v1::CreateInteractionRequest contact;
  v1::Interaction* interaction = contact.mutable_interaction();
  *interaction = NewInteraction("regression", promotion_policy_id, employee_id);
  const absl::CivilDay yesterday = absl::ToCivilDay(now, absl::UTCTimeZone()) - 1;
  *interaction->mutable_start_time() = db::TimeToTimestamp(absl::FromCivil(
      absl::CivilSecond(yesterday.year(), yesterday.month(), yesterday.day(), 12, 0, 0),
      absl::UTCTimeZone()));
  v1::Interaction created;
  if (!AdminCall<v1::InteractionService>(channel, authorize, "record a contact",
                                         &v1::InteractionService::Stub::CreateInteraction, contact,
                                         &created)) {
    return {};
  }
  v1::CheckRegressionsRequest check;
  check.set_promotion_policy_id(promotion_policy_id);
  v1::CheckRegressionsResponse checked;
  const bool ran = AdminCall<v1::RegressionFlagService>(
      channel, authorize, "check regressions", &v1::RegressionFlagService::Stub::CheckRegressions,
      check, &checked);
  if (!ran) return {};
  if (checked.raised_size() != 1) {
    ADD_FAILURE() << "check regressions raised " << checked.raised_size() << " flags for "
                  << employee_id << ", not 1";
    return {};
  }
  return checked.raised(0);
}

}  // namespace escala::testing
