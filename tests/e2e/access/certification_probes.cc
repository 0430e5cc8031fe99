// Access-matrix probes of the CertificationService and the LearningPathService. Definitions
// belong to nobody; a status or a progress is the target person's: the probes name the target
// and read OK when the caller reaches them, NOT_FOUND when not.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <string>

#include "escala/v1/certifications.grpc.pb.h"
#include "escala/v1/courses.grpc.pb.h"
#include "escala/v1/learning_paths.grpc.pb.h"
#include "tests/e2e/access/probes_registry.h"
#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing::access_matrix {
namespace {

using CertStub = v1::CertificationService::Stub;
using PathStub = v1::LearningPathService::Stub;

template <typename Service, typename Stub, typename Request, typename Response>
grpc::Status Call(World& w, const std::string& token,
                  grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                  const Request& request, Response* response) {
  grpc::ClientContext context;
  Authorize(context, token);
  auto stub = NewStub<Service>(w.channel);
  return ((*stub).*method)(&context, request, response);
}

template <typename Request, typename Response>
grpc::Status CallCert(World& w, const std::string& token,
                      grpc::Status (CertStub::*method)(grpc::ClientContext*, const Request&,
                                                       Response*),
                      const Request& request, Response* response) {
  return Call<v1::CertificationService>(w, token, method, request, response);
}

template <typename Request, typename Response>
grpc::Status CallPath(World& w, const std::string& token,
                      grpc::Status (PathStub::*method)(grpc::ClientContext*, const Request&,
                                                       Response*),
                      const Request& request, Response* response) {
  return Call<v1::LearningPathService>(w, token, method, request, response);
}

// A new course, made by the administrator.
std::string ProbeCourse(World& w) {
  const std::string course_id = w.Unique("probe-cert-course-");
  grpc::ClientContext context;
  Authorize(context, w.admin_token);
  v1::CreateCourseRequest request;
  request.mutable_course()->set_course_id(course_id);
  request.mutable_course()->set_title("Data protection");
  request.mutable_course()->set_kind(v1::COURSE_KIND_THEORY);
  request.mutable_course()->mutable_planned_duration()->set_seconds(3600);
  v1::Course created;
  grpc::Status status =
      NewStub<v1::CourseService>(w.channel)->CreateCourse(&context, request, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return course_id;
}

v1::Certification NewCertification(World& w) {
  v1::Certification c;
  c.set_certification_id(w.Unique("probe-cert-"));
  c.set_title("Data protection");
  c.add_course_ids(ProbeCourse(w));
  c.mutable_active_period()->set_count(12);
  c.mutable_active_period()->set_unit(v1::CALENDAR_PERIOD_UNIT_MONTHS);
  c.mutable_renewal_window()->set_count(1);
  c.mutable_renewal_window()->set_unit(v1::CALENDAR_PERIOD_UNIT_MONTHS);
  c.set_renewal_basis(v1::RENEWAL_BASIS_COMPLETION_DATE);
  return c;
}

// A certification made by the administrator.
v1::Certification ProbeCertification(World& w) {
  v1::CreateCertificationRequest request;
  *request.mutable_certification() = NewCertification(w);
  v1::Certification created;
  grpc::Status status =
      CallCert(w, w.admin_token, &CertStub::CreateCertification, request, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return created;
}

v1::LearningPath NewPath(World& w) {
  v1::LearningPath p;
  p.set_learning_path_id(w.Unique("probe-path-"));
  p.set_title("Onboarding");
  p.set_role(v1::ROLE_AGENT);
  v1::LearningPathItem* item = p.add_items();
  item->set_course_id(ProbeCourse(w));
  item->set_required(true);
  item->set_due_within_days(30);
  return p;
}

v1::LearningPath ProbePath(World& w) {
  v1::CreateLearningPathRequest request;
  *request.mutable_learning_path() = NewPath(w);
  v1::LearningPath created;
  grpc::Status status =
      CallPath(w, w.admin_token, &PathStub::CreateLearningPath, request, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return created;
}

ProbeMap CertificationProbes() {
  ProbeMap probes;
  probes["escala.v1.CertificationService/CreateCertification"] = [](World& w, const Actor& c,
                                                                    Target) {
    v1::CreateCertificationRequest request;
    *request.mutable_certification() = NewCertification(w);
    v1::Certification created;
    return CallCert(w, c.token, &CertStub::CreateCertification, request, &created).error_code();
  };
  probes["escala.v1.CertificationService/GetCertification"] = [](World& w, const Actor& c, Target) {
    v1::GetCertificationRequest request;
    request.set_certification_id(ProbeCertification(w).certification_id());
    v1::Certification response;
    return CallCert(w, c.token, &CertStub::GetCertification, request, &response).error_code();
  };
  probes["escala.v1.CertificationService/ListCertifications"] = [](World& w, const Actor& c,
                                                                   Target) {
    const v1::Certification made = ProbeCertification(w);
    v1::ListCertificationsRequest request;
    request.set_course_id(made.course_ids(0));
    v1::ListCertificationsResponse response;
    grpc::Status status = CallCert(w, c.token, &CertStub::ListCertifications, request, &response);
    return Found(status, response.certifications_size() == 1);
  };
  probes["escala.v1.CertificationService/UpdateCertification"] = [](World& w, const Actor& c,
                                                                    Target) {
    v1::UpdateCertificationRequest request;
    request.mutable_certification()->set_certification_id(ProbeCertification(w).certification_id());
    request.mutable_certification()->set_title("Renamed");
    v1::Certification response;
    return CallCert(w, c.token, &CertStub::UpdateCertification, request, &response).error_code();
  };
  probes["escala.v1.CertificationService/ListCertificationStatuses"] = [](World& w, const Actor& c,
                                                                          Target target) {
    v1::ListCertificationStatusesRequest request;
    request.set_employee_id(PersonTarget(w, c, target).employee_id);
    request.set_certification_id(ProbeCertification(w).certification_id());
    v1::ListCertificationStatusesResponse response;
    grpc::Status status =
        CallCert(w, c.token, &CertStub::ListCertificationStatuses, request, &response);
    return Found(status, response.statuses_size() == 1 &&
                             response.statuses(0).employee_id() == request.employee_id());
  };
  probes["escala.v1.CertificationService/ListExpiringCertifications"] = [](World& w, const Actor& c,
                                                                           Target target) {
    v1::ListExpiringCertificationsRequest request;
    request.set_employee_id(PersonTarget(w, c, target).employee_id);
    v1::ListExpiringCertificationsResponse response;
    return CallCert(w, c.token, &CertStub::ListExpiringCertifications, request, &response)
        .error_code();
  };
  probes["escala.v1.LearningPathService/CreateLearningPath"] = [](World& w, const Actor& c,
                                                                  Target) {
    v1::CreateLearningPathRequest request;
    *request.mutable_learning_path() = NewPath(w);
    v1::LearningPath created;
    return CallPath(w, c.token, &PathStub::CreateLearningPath, request, &created).error_code();
  };
  probes["escala.v1.LearningPathService/GetLearningPath"] = [](World& w, const Actor& c, Target) {
    v1::GetLearningPathRequest request;
    request.set_learning_path_id(ProbePath(w).learning_path_id());
    v1::LearningPath response;
    return CallPath(w, c.token, &PathStub::GetLearningPath, request, &response).error_code();
  };
  probes["escala.v1.LearningPathService/ListLearningPaths"] = [](World& w, const Actor& c, Target) {
    const v1::LearningPath made = ProbePath(w);
    v1::ListLearningPathsRequest request;
    request.set_role(v1::ROLE_AGENT);
    request.set_page_size(1000);
    v1::ListLearningPathsResponse response;
    grpc::Status status = CallPath(w, c.token, &PathStub::ListLearningPaths, request, &response);
    bool contains = false;
    for (const v1::LearningPath& p : response.learning_paths()) {
      contains |= p.learning_path_id() == made.learning_path_id();
    }
    return Found(status, contains);
  };
  probes["escala.v1.LearningPathService/UpdateLearningPath"] = [](World& w, const Actor& c,
                                                                  Target) {
    v1::UpdateLearningPathRequest request;
    request.mutable_learning_path()->set_learning_path_id(ProbePath(w).learning_path_id());
    request.mutable_learning_path()->set_title("Renamed");
    v1::LearningPath response;
    return CallPath(w, c.token, &PathStub::UpdateLearningPath, request, &response).error_code();
  };
  probes["escala.v1.LearningPathService/GetLearningPathProgress"] = [](World& w, const Actor& c,
                                                                       Target target) {
    v1::GetLearningPathProgressRequest request;
    request.set_employee_id(PersonTarget(w, c, target).employee_id);
    v1::PersonLearningProgress response;
    grpc::Status status =
        CallPath(w, c.token, &PathStub::GetLearningPathProgress, request, &response);
    if (status.ok()) {
      EXPECT_EQ(response.employee_id(), request.employee_id());
    }
    return status.error_code();
  };
  probes["escala.v1.LearningPathService/ListLearningPathProgress"] = [](World& w, const Actor& c,
                                                                        Target target) {
    v1::ListLearningPathProgressRequest request;
    request.set_employee_id(PersonTarget(w, c, target).employee_id);
    v1::ListLearningPathProgressResponse response;
    return CallPath(w, c.token, &PathStub::ListLearningPathProgress, request, &response)
        .error_code();
  };
  return probes;
}

const ProbeRegistrar kCertificationProbes("certifications", &CertificationProbes);

}  // namespace
}  // namespace escala::testing::access_matrix
