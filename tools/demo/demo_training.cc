#include "tools/demo/demo_training.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "escala/v1/courses.grpc.pb.h"
#include "escala/v1/enrolments.grpc.pb.h"
#include "escala/v1/training_recommendations.grpc.pb.h"
#include "escala/v1/training_sessions.grpc.pb.h"

namespace escala::demo {
namespace {

namespace v1 = escala::v1;

struct TrainingCounts {
  int courses_created = 0;
  int courses_present = 0;
  int sessions = 0;
  int closed = 0;
  int booked = 0;
  int waitlisted = 0;
  int requested = 0;
  int rules = 0;
  int recommendations = 0;
};

// Writes the rules and runs one generation over everyone, as the catalogue's author. Replays
// answer a second load: the rules as they are, the run with what it recommended the first time.
absl::Status LoadRecommendations(const DemoTrainingPlan& plan, DemoQaClient& client,
                                 TrainingCounts& counts) {
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = client.As(plan.author_employee_id);
  if (!channel.ok()) return channel.status();
  const std::unique_ptr<v1::TrainingRecommendationService::Stub> stub =
      v1::TrainingRecommendationService::NewStub(*channel);
  for (size_t i = 0; i < plan.rules.size(); ++i) {
    v1::CreateCriterionTrainingRuleRequest request;
    *request.mutable_rule() = plan.rules[i];
    request.set_request_id(plan.rule_request_ids[i]);
    v1::CriterionTrainingRule rule;
    grpc::ClientContext context;
    client.Prepare(context);
    const grpc::Status status = stub->CreateCriterionTrainingRule(&context, request, &rule);
    if (!status.ok()) {
      return DemoCallFailed(status, "CreateCriterionTrainingRule " + plan.rules[i].criterion_key());
    }
    ++counts.rules;
  }
  v1::GenerateTrainingRecommendationsRequest generate;
  generate.set_request_id(plan.generation_request_id);
  v1::GenerateTrainingRecommendationsResponse generated;
  grpc::ClientContext context;
  client.Prepare(context);
  const grpc::Status status = stub->GenerateTrainingRecommendations(&context, generate, &generated);
  if (!status.ok()) return DemoCallFailed(status, "GenerateTrainingRecommendations");
  counts.recommendations = generated.recommendations_size();
  return absl::OkStatus();
}

// Enrols the session's learners as its trainer and approves the planned approvals. A replay
// answers the enrolment as it is now, so a request approved by an earlier load is left alone.
absl::Status LoadEnrolments(const DemoTrainingSession& planned, int64_t session_id,
                            const std::shared_ptr<grpc::Channel>& channel, DemoQaClient& client,
                            TrainingCounts& counts) {
  const std::unique_ptr<v1::EnrolmentService::Stub> enrolments =
      v1::EnrolmentService::NewStub(channel);
  for (const DemoEnrolment& wanted : planned.enrolments) {
    v1::EnrolRequest request;
    request.set_training_session_id(session_id);
    request.set_person_employee_id(wanted.employee_id);
    request.set_request_id(wanted.request_id);
    v1::Enrolment enrolment;
    grpc::ClientContext context;
    client.Prepare(context);
    grpc::Status status = enrolments->Enrol(&context, request, &enrolment);
    if (!status.ok()) {
      return DemoCallFailed(status,
                            absl::StrCat("Enrol ", wanted.employee_id, " in session ", session_id));
    }
    if (wanted.approve && enrolment.state() == v1::ENROLMENT_STATE_REQUESTED) {
      v1::ApproveEnrolmentRequest approve;
      approve.set_id(enrolment.id());
      approve.set_request_id(wanted.request_id + "-ok");
      grpc::ClientContext approve_context;
      client.Prepare(approve_context);
      status = enrolments->ApproveEnrolment(&approve_context, approve, &enrolment);
      if (!status.ok()) {
        return DemoCallFailed(status, absl::StrCat("ApproveEnrolment ", enrolment.id()));
      }
    }
    switch (enrolment.state()) {
      case v1::ENROLMENT_STATE_BOOKED:
        ++counts.booked;
        break;
      case v1::ENROLMENT_STATE_WAITLISTED:
        ++counts.waitlisted;
        break;
      case v1::ENROLMENT_STATE_REQUESTED:
        ++counts.requested;
        break;
      default:
        break;
    }
  }
  return absl::OkStatus();
}

absl::Status LoadCourses(const DemoTrainingPlan& plan, DemoQaClient& client,
                         TrainingCounts& counts) {
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = client.As(plan.author_employee_id);
  if (!channel.ok()) return channel.status();
  const std::unique_ptr<v1::CourseService::Stub> courses = v1::CourseService::NewStub(*channel);
  for (const v1::Course& course : plan.courses) {
    v1::CreateCourseRequest request;
    *request.mutable_course() = course;
    v1::Course created;
    grpc::ClientContext context;
    client.Prepare(context);
    const grpc::Status status = courses->CreateCourse(&context, request, &created);
    if (status.error_code() == grpc::StatusCode::ALREADY_EXISTS) {
      ++counts.courses_present;
      continue;
    }
    if (!status.ok()) return DemoCallFailed(status, "CreateCourse " + course.course_id());
    ++counts.courses_created;
  }
  return absl::OkStatus();
}

absl::Status LoadSession(const DemoTrainingSession& planned, DemoQaClient& client,
                         TrainingCounts& counts) {
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = client.As(planned.scheduler_employee_id);
  if (!channel.ok()) return channel.status();
  const std::unique_ptr<v1::TrainingSessionService::Stub> sessions =
      v1::TrainingSessionService::NewStub(*channel);
  v1::CreateTrainingSessionRequest request;
  *request.mutable_training_session() = planned.session;
  request.set_request_id(planned.request_id);
  v1::TrainingSession session;
  grpc::ClientContext context;
  client.Prepare(context);
  grpc::Status status = sessions->CreateTrainingSession(&context, request, &session);
  if (!status.ok()) {
    return DemoCallFailed(status, absl::StrCat("CreateTrainingSession ", planned.request_id));
  }
  ++counts.sessions;
  // Only a session that has not started takes enrolments (a demo window that ended long ago
  // has none that are still to come).
  if (session.state() == v1::TRAINING_SESSION_STATE_SCHEDULED) {
    return LoadEnrolments(planned, session.id(), *channel, client, counts);
  }
  // Only a delivered session can be closed; one closed by an earlier load stays as it is.
  if (!planned.close || session.state() != v1::TRAINING_SESSION_STATE_DELIVERED) {
    counts.closed += session.state() == v1::TRAINING_SESSION_STATE_CLOSED ? 1 : 0;
    return absl::OkStatus();
  }
  v1::CloseTrainingSessionRequest close;
  close.set_id(session.id());
  close.set_request_id(planned.request_id + "-close");
  v1::TrainingSession closed;
  grpc::ClientContext close_context;
  client.Prepare(close_context);
  status = sessions->CloseTrainingSession(&close_context, close, &closed);
  if (!status.ok()) {
    return DemoCallFailed(status, absl::StrCat("CloseTrainingSession ", session.id()));
  }
  ++counts.closed;
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> LoadDemoTraining(const DemoTrainingPlan& plan, DemoQaClient& client) {
  if (plan.author_employee_id.empty()) {
    return std::string("training: no trainer in the demo data, no courses loaded\n");
  }
  TrainingCounts counts;
  if (absl::Status s = LoadCourses(plan, client, counts); !s.ok()) return s;
  for (const DemoTrainingSession& planned : plan.sessions) {
    if (absl::Status s = LoadSession(planned, client, counts); !s.ok()) return s;
  }
  if (absl::Status s = LoadRecommendations(plan, client, counts); !s.ok()) return s;
  return absl::StrCat(
      "training: ", counts.courses_created, " courses written by people/", plan.author_employee_id,
      " (", counts.courses_present, " already present), ", counts.sessions, " sessions scheduled, ",
      counts.closed, " of them closed; enrolments: ", counts.booked, " booked, ", counts.waitlisted,
      " waitlisted, ", counts.requested, " awaiting approval; ", counts.rules, " QA rules, ",
      counts.recommendations, " courses recommended from the QA results\n");
}

}  // namespace escala::demo
