// Audit scenarios and request_id replays of the RegressionFlagService: each flag is of a person
// of its own, raised through the API (tests/e2e/harness/regression_flag_world.h).
#include <grpcpp/grpcpp.h>

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "db/common/audit_diff.h"
#include "escala/v1/promotion_regressions.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/e2e/access/audit_scenarios.h"
#include "tests/e2e/harness/grpc_client.h"
#include "tests/e2e/harness/regression_flag_world.h"

namespace escala::testing::audit_scenarios {
namespace {

using FlagAuditStub = v1::RegressionFlagService::Stub;

// Calls one RegressionFlagService method as the administrator, with "x-request-id" when given.
template <typename Request, typename Response, typename Method>
grpc::Status FlagAuditCall(AdminClient& admin, const std::string& request_id, Method method,
                           const Request& request, Response* response) {
  grpc::ClientContext context;
  admin.Prepare(context, request_id);
  auto stub = NewStub<v1::RegressionFlagService>(admin.channel());
  return ((*stub).*method)(&context, request, response);
}

// A new L1 agent `employee_id` promoted three days ago and flagged since.
v1::RegressionFlag AuditOpenFlag(AdminClient& admin, const std::string& employee_id) {
  admin.CreatePerson(employee_id, employee_id);
  return RaiseRegressionFlag(
      admin.channel(), [&admin](grpc::ClientContext& context) { admin.Prepare(context); },
      employee_id, "flag-" + employee_id);
}

std::string FlagName(const v1::RegressionFlag& flag) {
  return absl::StrCat("regressionFlags/", flag.id());
}

ExpectedEvent FlagEvent(const std::string& request_id, const v1::RegressionFlag& before,
                        const v1::RegressionFlag& after) {
  db::ChangedFields changed = db::DiffForAudit(&before, after);
  return ExpectedEvent{"regression_flag", FlagName(after), request_id, changed.before_json,
                       changed.after_json};
}

// "regressionFlags/7 REGRESSION_FLAG_STATE_CLOSED etag 2": what a replay must answer alike.
std::string FlagAnswer(const v1::RegressionFlag& flag) {
  return absl::StrCat(FlagName(flag), " ", v1::RegressionFlagState_Name(flag.state()), " etag ",
                      flag.etag());
}

std::map<std::string, AuditScenario> RegressionFlagScenarios() {
  std::map<std::string, AuditScenario> scenarios;
  scenarios["escala.v1.RegressionFlagService/AcknowledgeRegressionFlag"] = {
      [](AdminClient& admin, const std::string& request_id) {
        const v1::RegressionFlag flag = AuditOpenFlag(admin, "RFA1");
        return [&admin, request_id, flag] {
          v1::AcknowledgeRegressionFlagRequest request;
          request.set_id(flag.id());
          request.set_note("seen; \"coaching\" booked with O'Brien");
          v1::RegressionFlag acknowledged;
          grpc::Status status = FlagAuditCall(
              admin, request_id, &FlagAuditStub::AcknowledgeRegressionFlag, request, &acknowledged);
          EXPECT_TRUE(status.ok()) << status.error_message();
          EXPECT_EQ(acknowledged.state(), v1::REGRESSION_FLAG_STATE_ACKNOWLEDGED);
          return FlagEvent(request_id, flag, acknowledged);
        };
      },
      grpc::StatusCode::ABORTED,
      [](AdminClient& admin) {
        const v1::RegressionFlag flag = AuditOpenFlag(admin, "RFA2");
        return FailingCall{FlagName(flag), [&admin, flag] {
                             v1::AcknowledgeRegressionFlagRequest request;
                             request.set_id(flag.id());
                             request.set_note("late");
                             request.set_etag("999");
                             v1::RegressionFlag acknowledged;
                             return FlagAuditCall(admin, "stale",
                                                  &FlagAuditStub::AcknowledgeRegressionFlag,
                                                  request, &acknowledged);
                           }};
      }};
  scenarios["escala.v1.RegressionFlagService/CloseRegressionFlag"] = {
      [](AdminClient& admin, const std::string& request_id) {
        const v1::RegressionFlag flag = AuditOpenFlag(admin, "RFC1");
        return [&admin, request_id, flag] {
          v1::CloseRegressionFlagRequest request;
          request.set_id(flag.id());
          request.set_reason(v1::REGRESSION_CLOSE_REASON_HANDLED);
          request.set_note("two coaching sessions");
          v1::RegressionFlag closed;
          grpc::Status status = FlagAuditCall(
              admin, request_id, &FlagAuditStub::CloseRegressionFlag, request, &closed);
          EXPECT_TRUE(status.ok()) << status.error_message();
          EXPECT_EQ(closed.state(), v1::REGRESSION_FLAG_STATE_CLOSED);
          return FlagEvent(request_id, flag, closed);
        };
      },
      grpc::StatusCode::ABORTED,
      [](AdminClient& admin) {
        const v1::RegressionFlag flag = AuditOpenFlag(admin, "RFC2");
        return FailingCall{FlagName(flag), [&admin, flag] {
                             v1::CloseRegressionFlagRequest request;
                             request.set_id(flag.id());
                             request.set_reason(v1::REGRESSION_CLOSE_REASON_RECOVERED);
                             request.set_etag("999");
                             v1::RegressionFlag closed;
                             return FlagAuditCall(admin, "stale",
                                                  &FlagAuditStub::CloseRegressionFlag, request,
                                                  &closed);
                           }};
      }};
  return scenarios;
}

ReplayMap RegressionFlagReplays() {
  ReplayMap cases;
  cases["escala.v1.RegressionFlagService/AcknowledgeRegressionFlag"] =
      [](AdminClient& admin) -> ReplayCall {
    const v1::RegressionFlag flag = AuditOpenFlag(admin, "RFRA");
    return [&admin, flag](const std::string& request_id, bool other_payload, std::string* answer) {
      v1::AcknowledgeRegressionFlagRequest request;
      request.set_id(flag.id());
      request.set_note(other_payload ? "another note" : "seen");
      request.set_request_id(request_id);
      v1::RegressionFlag acknowledged;
      grpc::Status status = FlagAuditCall(admin, "", &FlagAuditStub::AcknowledgeRegressionFlag,
                                          request, &acknowledged);
      *answer = FlagAnswer(acknowledged);
      return status;
    };
  };
  cases["escala.v1.RegressionFlagService/CloseRegressionFlag"] =
      [](AdminClient& admin) -> ReplayCall {
    const v1::RegressionFlag flag = AuditOpenFlag(admin, "RFRC");
    return [&admin, flag](const std::string& request_id, bool other_payload, std::string* answer) {
      v1::CloseRegressionFlagRequest request;
      request.set_id(flag.id());
      request.set_reason(other_payload ? v1::REGRESSION_CLOSE_REASON_RECOVERED
                                       : v1::REGRESSION_CLOSE_REASON_HANDLED);
      request.set_note("coached");
      request.set_request_id(request_id);
      v1::RegressionFlag closed;
      grpc::Status status =
          FlagAuditCall(admin, "", &FlagAuditStub::CloseRegressionFlag, request, &closed);
      *answer = FlagAnswer(closed);
      return status;
    };
  };
  return cases;
}

const ScenarioRegistrar kRegressionFlagAuditScenarios("regression_flags", &RegressionFlagScenarios);
const ReplayRegistrar kRegressionFlagReplays("regression_flags", &RegressionFlagReplays);

}  // namespace
}  // namespace escala::testing::audit_scenarios
