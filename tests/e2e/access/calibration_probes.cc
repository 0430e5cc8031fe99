// Access-matrix probes of the CalibrationService.

#include <grpcpp/grpcpp.h>

#include <string>

#include "absl/time/clock.h"
#include "db/common/proto_time.h"
#include "escala/v1/calibration.grpc.pb.h"
#include "tests/e2e/access/probes_registry.h"
#include "tests/e2e/harness/calibration_world.h"
#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing::access_matrix {
namespace {

// Calibration: the world's evaluating callers (team lead, QA analyst, manager; head of support
// as expert) take part in every session, so each of them may see and score it.
v1::CalibrationSession CalibrationSessionDraft(const World& w) {
  v1::CalibrationSession session;
  session.set_title("Matrix calibration");
  session.add_interaction_ids(w.interaction_of.at("A1"));
  session.set_scorecard_id(kCalibrationScorecard);
  for (server::PolicyRole role : {server::PolicyRole::kTeamLead, server::PolicyRole::kQaAnalyst,
                                  server::PolicyRole::kManager}) {
    session.add_evaluator_employee_ids(w.callers.at(role).employee_id);
  }
  session.set_expert_employee_id(w.callers.at(server::PolicyRole::kHeadOfSupport).employee_id);
  *session.mutable_deadline_time() = db::TimeToTimestamp(absl::Now() + absl::Hours(1));
  return session;
}

grpc::Status CreateCalibrationAs(World& w, const std::string& token,
                                 v1::CalibrationSession* created) {
  grpc::ClientContext context;
  Authorize(context, token);
  v1::CreateCalibrationSessionRequest request;
  *request.mutable_session() = CalibrationSessionDraft(w);
  return NewStub<v1::CalibrationService>(w.channel)->CreateCalibrationSession(&context, request,
                                                                              created);
}

// A session made by the manager, closed when `closed`; 0 when it could not be made.
int64_t ManagerCalibrationSession(World& w, bool closed) {
  const std::string& token = w.callers.at(server::PolicyRole::kManager).token;
  v1::CalibrationSession created;
  if (!CreateCalibrationAs(w, token, &created).ok()) return 0;
  if (closed) {
    grpc::ClientContext context;
    Authorize(context, token);
    v1::CloseCalibrationSessionRequest request;
    request.set_id(created.id());
    v1::CalibrationSession response;
    if (!NewStub<v1::CalibrationService>(w.channel)
             ->CloseCalibrationSession(&context, request, &response)
             .ok()) {
      return 0;
    }
  }
  return created.id();
}

std::map<std::string, Probe> CalibrationProbes() {
  std::map<std::string, Probe> probes;
  probes["escala.v1.CalibrationService/CreateCalibrationSession"] = [](World& w, const Actor& c,
                                                                       Target) {
    v1::CalibrationSession created;
    return CreateCalibrationAs(w, c.token, &created).error_code();
  };
  probes["escala.v1.CalibrationService/GetCalibrationSession"] = [](World& w, const Actor& c,
                                                                    Target) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::GetCalibrationSessionRequest request;
    request.set_id(ManagerCalibrationSession(w, false));
    v1::CalibrationSession response;
    return NewStub<v1::CalibrationService>(w.channel)
        ->GetCalibrationSession(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.CalibrationService/ListCalibrationSessions"] = [](World& w, const Actor& c,
                                                                      Target) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListCalibrationSessionsRequest request;
    v1::ListCalibrationSessionsResponse response;
    return NewStub<v1::CalibrationService>(w.channel)
        ->ListCalibrationSessions(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.CalibrationService/SubmitCalibrationScore"] = [](World& w, const Actor& c,
                                                                     Target) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::SubmitCalibrationScoreRequest request;
    request.mutable_score()->set_session_id(ManagerCalibrationSession(w, false));
    request.mutable_score()->set_interaction_id(w.interaction_of.at("A1"));
    for (const auto& [key, value] : {std::pair<const char*, int>{"greet", 1}, {"tone", 4}}) {
      v1::CriterionAnswer* answer = request.mutable_score()->add_answers();
      answer->set_criterion_key(key);
      answer->set_value(value);
    }
    v1::CalibrationScore response;
    return NewStub<v1::CalibrationService>(w.channel)
        ->SubmitCalibrationScore(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.CalibrationService/ListCalibrationScores"] = [](World& w, const Actor& c,
                                                                    Target) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListCalibrationScoresRequest request;
    request.set_session_id(ManagerCalibrationSession(w, false));
    v1::ListCalibrationScoresResponse response;
    return NewStub<v1::CalibrationService>(w.channel)
        ->ListCalibrationScores(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.CalibrationService/CloseCalibrationSession"] = [](World& w, const Actor& c,
                                                                      Target) {
    // The caller's own session when they may create one (its creator may close it), else the
    // manager's: the policy has refused such a caller before the session matters.
    v1::CalibrationSession own;
    const int64_t id =
        CreateCalibrationAs(w, c.token, &own).ok() ? own.id() : ManagerCalibrationSession(w, false);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::CloseCalibrationSessionRequest request;
    request.set_id(id);
    v1::CalibrationSession response;
    return NewStub<v1::CalibrationService>(w.channel)
        ->CloseCalibrationSession(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.CalibrationService/ComputeCalibrationResults"] = [](World& w, const Actor& c,
                                                                        Target) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ComputeCalibrationResultsRequest request;
    request.set_session_id(ManagerCalibrationSession(w, true));
    v1::CalibrationResults response;
    return NewStub<v1::CalibrationService>(w.channel)
        ->ComputeCalibrationResults(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.CalibrationService/ComputeEvaluatorLeniency"] = [](World& w, const Actor& c,
                                                                       Target) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ComputeEvaluatorLeniencyRequest request;
    v1::ComputeEvaluatorLeniencyResponse response;
    return NewStub<v1::CalibrationService>(w.channel)
        ->ComputeEvaluatorLeniency(&context, request, &response)
        .error_code();
  };
  return probes;
}

const ProbeRegistrar kCalibrationProbes("calibration", &CalibrationProbes);

}  // namespace
}  // namespace escala::testing::access_matrix
