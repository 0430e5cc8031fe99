// Audit scenarios of the CertificationService and the LearningPathService: each create and
// update records one event with the definition before and after; a taken id and a stale etag
// record nothing.
#include <grpcpp/grpcpp.h>

#include <string>

#include "db/common/audit_diff.h"
#include "escala/v1/certifications.grpc.pb.h"
#include "escala/v1/courses.grpc.pb.h"
#include "escala/v1/learning_paths.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/e2e/access/audit_scenarios.h"
#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing::audit_scenarios {
namespace {

constexpr char kCourse[] = "audit-cert-course";

// The course the definitions name, made once per server (a second create is ALREADY_EXISTS).
void EnsureCourse(AdminClient& admin) {
  grpc::ClientContext context;
  admin.Prepare(context);
  v1::CreateCourseRequest request;
  request.mutable_course()->set_course_id(kCourse);
  request.mutable_course()->set_title("Data protection");
  request.mutable_course()->set_kind(v1::COURSE_KIND_THEORY);
  request.mutable_course()->mutable_planned_duration()->set_seconds(3600);
  v1::Course created;
  grpc::Status status =
      NewStub<v1::CourseService>(admin.channel())->CreateCourse(&context, request, &created);
  EXPECT_TRUE(status.ok() || status.error_code() == grpc::StatusCode::ALREADY_EXISTS)
      << status.error_message();
}

v1::Certification AuditCertification(const std::string& id) {
  v1::Certification c;
  c.set_certification_id(id);
  c.set_title("Data protection");
  c.add_course_ids(kCourse);
  c.mutable_active_period()->set_count(12);
  c.mutable_active_period()->set_unit(v1::CALENDAR_PERIOD_UNIT_MONTHS);
  c.mutable_renewal_window()->set_count(1);
  c.mutable_renewal_window()->set_unit(v1::CALENDAR_PERIOD_UNIT_MONTHS);
  c.set_renewal_basis(v1::RENEWAL_BASIS_PREVIOUS_EXPIRY);
  c.add_required_roles(v1::ROLE_AGENT);
  return c;
}

v1::LearningPath AuditPath(const std::string& id) {
  v1::LearningPath p;
  p.set_learning_path_id(id);
  p.set_title("Onboarding");
  p.set_role(v1::ROLE_AGENT);
  p.set_level(1);
  v1::LearningPathItem* item = p.add_items();
  item->set_course_id(kCourse);
  item->set_required(true);
  item->set_due_within_days(30);
  return p;
}

template <typename Service, typename Stub, typename Request, typename Response>
grpc::Status Call(AdminClient& admin, const std::string& request_id,
                  grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                  const Request& request, Response* response) {
  grpc::ClientContext context;
  admin.Prepare(context, request_id);
  auto stub = NewStub<Service>(admin.channel());
  return ((*stub).*method)(&context, request, response);
}

v1::Certification CreateCertification(AdminClient& admin, const std::string& id,
                                      const std::string& request_id = "") {
  EnsureCourse(admin);
  v1::CreateCertificationRequest request;
  *request.mutable_certification() = AuditCertification(id);
  v1::Certification created;
  grpc::Status status = Call<v1::CertificationService>(
      admin, request_id, &v1::CertificationService::Stub::CreateCertification, request, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return created;
}

v1::LearningPath CreatePath(AdminClient& admin, const std::string& id,
                            const std::string& request_id = "") {
  EnsureCourse(admin);
  v1::CreateLearningPathRequest request;
  *request.mutable_learning_path() = AuditPath(id);
  v1::LearningPath created;
  grpc::Status status = Call<v1::LearningPathService>(
      admin, request_id, &v1::LearningPathService::Stub::CreateLearningPath, request, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return created;
}

template <typename Message>
ExpectedEvent Event(const std::string& type, const std::string& name, const std::string& request_id,
                    const Message* before, const Message& after) {
  db::ChangedFields changed = db::DiffForAudit(before, after);
  return ExpectedEvent{type, name, request_id, changed.before_json, changed.after_json};
}

ScenarioMap CertificationScenarios() {
  ScenarioMap scenarios;
  scenarios["escala.v1.CertificationService/CreateCertification"] = {
      [](AdminClient& admin, const std::string& request_id) {
        EnsureCourse(admin);
        return [&admin, request_id] {
          v1::Certification created = CreateCertification(admin, "audit-cert", request_id);
          return Event<v1::Certification>("certification", "certifications/audit-cert", request_id,
                                          nullptr, created);
        };
      },
      grpc::StatusCode::ALREADY_EXISTS,
      [](AdminClient& admin) {
        CreateCertification(admin, "audit-cert-taken");
        return FailingCall{
            "certifications/audit-cert-taken", [&admin] {
              v1::CreateCertificationRequest request;
              *request.mutable_certification() = AuditCertification("audit-cert-taken");
              v1::Certification created;
              return Call<v1::CertificationService>(
                  admin, "taken-cert", &v1::CertificationService::Stub::CreateCertification,
                  request, &created);
            }};
      }};
  scenarios["escala.v1.CertificationService/UpdateCertification"] = {
      [](AdminClient& admin, const std::string& request_id) {
        v1::Certification first = CreateCertification(admin, "audit-cert-update");
        return [&admin, request_id, first] {
          v1::UpdateCertificationRequest request;
          request.mutable_certification()->set_certification_id("audit-cert-update");
          request.mutable_certification()->set_title("Data protection 2027");
          request.mutable_certification()->set_etag(first.etag());
          v1::Certification updated;
          grpc::Status status = Call<v1::CertificationService>(
              admin, request_id, &v1::CertificationService::Stub::UpdateCertification, request,
              &updated);
          EXPECT_TRUE(status.ok()) << status.error_message();
          return Event<v1::Certification>("certification", "certifications/audit-cert-update",
                                          request_id, &first, updated);
        };
      },
      grpc::StatusCode::ABORTED,
      [](AdminClient& admin) {
        v1::Certification first = CreateCertification(admin, "audit-cert-stale");
        v1::UpdateCertificationRequest request;
        request.mutable_certification()->set_certification_id("audit-cert-stale");
        request.mutable_certification()->set_title("First writer");
        request.mutable_certification()->set_etag(first.etag());
        v1::Certification updated;
        EXPECT_TRUE(
            Call<v1::CertificationService>(
                admin, "", &v1::CertificationService::Stub::UpdateCertification, request, &updated)
                .ok());
        return FailingCall{"certifications/audit-cert-stale", [&admin, request]() mutable {
                             request.mutable_certification()->set_title("Second writer");
                             v1::Certification response;
                             return Call<v1::CertificationService>(
                                 admin, "stale-cert",
                                 &v1::CertificationService::Stub::UpdateCertification, request,
                                 &response);
                           }};
      }};
  scenarios["escala.v1.LearningPathService/CreateLearningPath"] = {
      [](AdminClient& admin, const std::string& request_id) {
        EnsureCourse(admin);
        return [&admin, request_id] {
          v1::LearningPath created = CreatePath(admin, "audit-path", request_id);
          return Event<v1::LearningPath>("learning_path", "learningPaths/audit-path", request_id,
                                         nullptr, created);
        };
      },
      grpc::StatusCode::ALREADY_EXISTS,
      [](AdminClient& admin) {
        CreatePath(admin, "audit-path-taken");
        return FailingCall{"learningPaths/audit-path-taken", [&admin] {
                             v1::CreateLearningPathRequest request;
                             *request.mutable_learning_path() = AuditPath("audit-path-taken");
                             v1::LearningPath created;
                             return Call<v1::LearningPathService>(
                                 admin, "taken-path",
                                 &v1::LearningPathService::Stub::CreateLearningPath, request,
                                 &created);
                           }};
      }};
  scenarios["escala.v1.LearningPathService/UpdateLearningPath"] = {
      [](AdminClient& admin, const std::string& request_id) {
        v1::LearningPath first = CreatePath(admin, "audit-path-update");
        return [&admin, request_id, first] {
          v1::UpdateLearningPathRequest request;
          request.mutable_learning_path()->set_learning_path_id("audit-path-update");
          request.mutable_learning_path()->set_level(2);
          request.mutable_learning_path()->set_etag(first.etag());
          v1::LearningPath updated;
          grpc::Status status = Call<v1::LearningPathService>(
              admin, request_id, &v1::LearningPathService::Stub::UpdateLearningPath, request,
              &updated);
          EXPECT_TRUE(status.ok()) << status.error_message();
          return Event<v1::LearningPath>("learning_path", "learningPaths/audit-path-update",
                                         request_id, &first, updated);
        };
      },
      grpc::StatusCode::ABORTED,
      [](AdminClient& admin) {
        v1::LearningPath first = CreatePath(admin, "audit-path-stale");
        v1::UpdateLearningPathRequest request;
        request.mutable_learning_path()->set_learning_path_id("audit-path-stale");
        request.mutable_learning_path()->set_title("First writer");
        request.mutable_learning_path()->set_etag(first.etag());
        v1::LearningPath updated;
        EXPECT_TRUE(
            Call<v1::LearningPathService>(
                admin, "", &v1::LearningPathService::Stub::UpdateLearningPath, request, &updated)
                .ok());
        return FailingCall{"learningPaths/audit-path-stale", [&admin, request]() mutable {
                             request.mutable_learning_path()->set_title("Second writer");
                             v1::LearningPath response;
                             return Call<v1::LearningPathService>(
                                 admin, "stale-path",
                                 &v1::LearningPathService::Stub::UpdateLearningPath, request,
                                 &response);
                           }};
      }};
  return scenarios;
}

const ScenarioRegistrar kCertificationAuditScenarios("certifications", &CertificationScenarios);

}  // namespace
}  // namespace escala::testing::audit_scenarios
