#include "tools/demo/demo_calibration.h"

#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "escala/v1/calibration.grpc.pb.h"

namespace escala::demo {
namespace {

namespace v1 = escala::v1;

// The open session stays open for the demo's first fortnight.
constexpr absl::Duration kOpenFor = absl::Hours(24 * 14);

absl::StatusOr<std::optional<v1::CalibrationSession>> FindSession(
    v1::CalibrationService::Stub& stub, DemoQaClient& client, const std::string& title) {
  v1::ListCalibrationSessionsRequest request;
  request.set_page_size(100);
  while (true) {
    v1::ListCalibrationSessionsResponse response;
    grpc::ClientContext context;
    client.Prepare(context);
    const grpc::Status status = stub.ListCalibrationSessions(&context, request, &response);
    if (!status.ok()) return DemoCallFailed(status, "ListCalibrationSessions");
    for (const v1::CalibrationSession& session : response.sessions()) {
      if (session.title() == title) return session;
    }
    if (response.next_page_token().empty()) return std::nullopt;
    request.set_page_token(response.next_page_token());
  }
}

absl::StatusOr<std::string> LoadOne(const DemoQaPlan& plan, const DemoCalibration& wanted,
                                    DemoQaClient& client) {
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = client.As(wanted.creator_employee_id);
  if (!channel.ok()) return channel.status();
  const std::unique_ptr<v1::CalibrationService::Stub> stub =
      v1::CalibrationService::NewStub(*channel);
  std::vector<int64_t> ids;
  for (const DemoContactRef& contact : wanted.contacts) {
    const absl::StatusOr<int64_t> id = client.InteractionId(contact);
    if (!id.ok()) return id.status();
    ids.push_back(*id);
  }
  absl::StatusOr<std::optional<v1::CalibrationSession>> found =
      FindSession(*stub, client, wanted.title);
  if (!found.ok()) return found.status();
  const bool existed = found->has_value();
  v1::CalibrationSession session;
  if (existed) {
    session = **found;
  } else {
    v1::CreateCalibrationSessionRequest request;
    v1::CalibrationSession* s = request.mutable_session();
    s->set_title(wanted.title);
    for (int64_t id : ids) s->add_interaction_ids(id);
    s->set_scorecard_id(plan.scorecard_id);
    for (const std::string& who : wanted.evaluator_employee_ids) s->add_evaluator_employee_ids(who);
    s->set_expert_employee_id(wanted.expert_employee_id);
    s->mutable_deadline_time()->set_seconds(absl::ToUnixSeconds(absl::Now() + kOpenFor));
    grpc::ClientContext context;
    client.Prepare(context);
    const grpc::Status status = stub->CreateCalibrationSession(&context, request, &session);
    if (!status.ok()) {
      return DemoCallFailed(status, "CreateCalibrationSession \"" + wanted.title + "\"");
    }
  }
  const std::string target = absl::StrCat("calibration session ", session.id());
  int scored = 0;
  // An open session found again is left alone unless it was meant to be closed (an earlier load
  // stopped half-way): resubmitting would only rewrite the same answers.
  if (session.state() == v1::CALIBRATION_STATE_OPEN && (!existed || wanted.closed)) {
    for (const DemoCalibrationScore& planned : wanted.scores) {
      absl::StatusOr<std::shared_ptr<grpc::Channel>> as = client.As(planned.evaluator_employee_id);
      if (!as.ok()) return as.status();
      v1::SubmitCalibrationScoreRequest request;
      v1::CalibrationScore* score = request.mutable_score();
      score->set_session_id(session.id());
      score->set_interaction_id(ids.at(planned.contact));
      for (const v1::CriterionAnswer& answer : planned.answers) *score->add_answers() = answer;
      v1::CalibrationScore stored;
      grpc::ClientContext context;
      client.Prepare(context);
      const grpc::Status status =
          v1::CalibrationService::NewStub(*as)->SubmitCalibrationScore(&context, request, &stored);
      if (!status.ok()) {
        return DemoCallFailed(status, absl::StrCat("SubmitCalibrationScore ", target, " as ",
                                                   planned.evaluator_employee_id));
      }
      ++scored;
    }
    if (wanted.closed) {
      v1::CloseCalibrationSessionRequest request;
      request.set_id(session.id());
      grpc::ClientContext context;
      client.Prepare(context);
      const grpc::Status status = stub->CloseCalibrationSession(&context, request, &session);
      if (!status.ok()) return DemoCallFailed(status, "CloseCalibrationSession " + target);
    }
  }
  return absl::StrCat(target, " \"", wanted.title, "\": ", existed ? "already present" : "created",
                      ", ", scored, " scores submitted, ",
                      session.state() == v1::CALIBRATION_STATE_CLOSED ? "closed" : "open", "\n");
}

}  // namespace

absl::StatusOr<std::string> LoadDemoCalibrations(const DemoQaPlan& plan, DemoQaClient& client) {
  std::string out;
  for (const DemoCalibration& wanted : plan.calibrations) {
    absl::StatusOr<std::string> line = LoadOne(plan, wanted, client);
    if (!line.ok()) return line.status();
    absl::StrAppend(&out, *line);
  }
  if (out.empty()) out = "calibration: too few QA analysts or contacts in the demo data\n";
  return out;
}

}  // namespace escala::demo
