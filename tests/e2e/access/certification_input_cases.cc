// Input-safety cases of the CertificationService and the LearningPathService: the free texts
// (a certification's title and description, a path's title) round trip byte for byte and are
// refused when malformed or too long, naming the field; identifiers and enum filters are refused
// naming theirs; every List is paged.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "escala/v1/certifications.grpc.pb.h"
#include "escala/v1/courses.grpc.pb.h"
#include "escala/v1/learning_paths.grpc.pb.h"
#include "tests/e2e/access/input_safety_registry.h"

namespace escala::testing::input_safety {
namespace {

using CertStub = v1::CertificationService::Stub;
using PathStub = v1::LearningPathService::Stub;

constexpr char kCourse[] = "input-cert-course";

// The course the definitions name; a second call finds it made.
void EnsureCourse(InputClient& client) {
  v1::CreateCourseRequest request;
  request.mutable_course()->set_course_id(kCourse);
  request.mutable_course()->set_title("Data protection");
  request.mutable_course()->set_kind(v1::COURSE_KIND_THEORY);
  request.mutable_course()->mutable_planned_duration()->set_seconds(3600);
  v1::Course created;
  grpc::Status status = client.Call(&v1::CourseService::Stub::CreateCourse, request, &created);
  EXPECT_TRUE(status.ok() || status.error_code() == grpc::StatusCode::ALREADY_EXISTS)
      << status.error_message();
}

v1::Certification NewCertification(const std::string& id) {
  v1::Certification c;
  c.set_certification_id(id);
  c.set_title("Plain");
  c.add_course_ids(kCourse);
  c.mutable_active_period()->set_count(12);
  c.mutable_active_period()->set_unit(v1::CALENDAR_PERIOD_UNIT_MONTHS);
  c.mutable_renewal_window()->set_count(1);
  c.mutable_renewal_window()->set_unit(v1::CALENDAR_PERIOD_UNIT_MONTHS);
  c.set_renewal_basis(v1::RENEWAL_BASIS_COMPLETION_DATE);
  return c;
}

v1::LearningPath NewPath(const std::string& id) {
  v1::LearningPath p;
  p.set_learning_path_id(id);
  p.set_title("Plain");
  p.set_role(v1::ROLE_AGENT);
  p.add_items()->set_course_id(kCourse);
  return p;
}

grpc::Status CreateCertification(InputClient& client, const v1::Certification& c,
                                 v1::Certification* created) {
  v1::CreateCertificationRequest request;
  *request.mutable_certification() = c;
  return client.Call(&CertStub::CreateCertification, request, created);
}

grpc::Status CreatePath(InputClient& client, const v1::LearningPath& p, v1::LearningPath* created) {
  v1::CreateLearningPathRequest request;
  *request.mutable_learning_path() = p;
  return client.Call(&PathStub::CreateLearningPath, request, created);
}

RoundTrip CertificationTrip(const std::string& field) {
  return {.field = "certification." + field,
          .via = "CreateCertification",
          .run = [field](InputClient& client, const std::vector<std::string>& texts) {
            EnsureCourse(client);
            std::vector<ReadBack> read;
            for (const std::string& text : texts) {
              v1::Certification c = NewCertification(client.Unique("hostile-cert-"));
              if (field == "title") c.set_title(text);
              if (field == "description") c.set_description(text);
              v1::Certification created;
              grpc::Status status = CreateCertification(client, c, &created);
              EXPECT_TRUE(status.ok()) << status.error_message();
              v1::GetCertificationRequest get;
              get.set_certification_id(c.certification_id());
              v1::Certification stored;
              EXPECT_TRUE(client.Call(&CertStub::GetCertification, get, &stored).ok());
              auto of = [&field](const v1::Certification& x) {
                return field == "title" ? x.title() : x.description();
              };
              read.push_back({"CreateCertification", text, of(created)});
              read.push_back({"GetCertification", text, of(stored)});
            }
            return read;
          }};
}

FieldWrite CertificationWrite(const std::string& field, std::size_t max) {
  return {.field = "certification." + field,
          .via = "CreateCertification",
          .max_characters = max,
          .prepare = [field](InputClient& client) -> WriteCall {
            EnsureCourse(client);
            return [field](InputClient& client, const std::string& value) {
              v1::Certification c = NewCertification(client.Unique("long-cert-"));
              if (field == "title") c.set_title(value);
              if (field == "description") c.set_description(value);
              v1::Certification created;
              return CreateCertification(client, c, &created);
            };
          }};
}

template <typename Request, typename Response, typename Stub>
PagedList Paged(const std::string& method,
                grpc::Status (Stub::*call)(grpc::ClientContext*, const Request&, Response*)) {
  return {.method = method, .prepare = [call](InputClient& client) {
            return [&client, call](int32_t page_size) {
              Request request;
              request.set_page_size(page_size);
              Response response;
              return client.Call(call, request, &response);
            };
          }};
}

InputCases CertificationInputCases() {
  InputCases cases;
  cases.round_trips = {
      CertificationTrip("title"),
      CertificationTrip("description"),
      {.field = "learning_path.title",
       .via = "CreateLearningPath",
       .run =
           [](InputClient& client, const std::vector<std::string>& texts) {
             EnsureCourse(client);
             std::vector<ReadBack> read;
             for (const std::string& text : texts) {
               v1::LearningPath p = NewPath(client.Unique("hostile-path-"));
               p.set_title(text);
               v1::LearningPath created;
               grpc::Status status = CreatePath(client, p, &created);
               EXPECT_TRUE(status.ok()) << status.error_message();
               v1::GetLearningPathRequest get;
               get.set_learning_path_id(p.learning_path_id());
               v1::LearningPath stored;
               EXPECT_TRUE(client.Call(&PathStub::GetLearningPath, get, &stored).ok());
               read.push_back({"CreateLearningPath", text, created.title()});
               read.push_back({"GetLearningPath", text, stored.title()});
             }
             return read;
           }},
  };
  cases.field_writes = {
      CertificationWrite("title", 200),
      CertificationWrite("description", 4000),
      {.field = "learning_path.title",
       .via = "CreateLearningPath",
       .max_characters = 200,
       .prepare = [](InputClient& client) -> WriteCall {
         EnsureCourse(client);
         return [](InputClient& client, const std::string& value) {
           v1::LearningPath p = NewPath(client.Unique("long-path-"));
           p.set_title(value);
           v1::LearningPath created;
           return CreatePath(client, p, &created);
         };
       }},
  };
  cases.refused = {
      {.field = "certification.certification_id",
       .via = "CreateCertification",
       .values = {kSqlIdentifier, "a b", ""},
       .call =
           [](InputClient& client, const std::string& value) {
             v1::Certification created;
             return CreateCertification(client, NewCertification(value), &created);
           }},
      {.field = "certification.course_ids[0]",
       .via = "CreateCertification",
       .values = {kSqlIdentifier},
       .call =
           [](InputClient& client, const std::string& value) {
             v1::Certification c = NewCertification(client.Unique("refused-cert-"));
             c.set_course_ids(0, value);
             v1::Certification created;
             return CreateCertification(client, c, &created);
           }},
      {.field = "learning_path.items[0].course_id",
       .via = "CreateLearningPath",
       .values = {kSqlIdentifier},
       .call =
           [](InputClient& client, const std::string& value) {
             v1::LearningPath p = NewPath(client.Unique("refused-path-"));
             p.mutable_items(0)->set_course_id(value);
             v1::LearningPath created;
             return CreatePath(client, p, &created);
           }},
      {.field = "employee_id",
       .via = "ListCertificationStatuses",
       .values = {kSqlIdentifier},
       .call =
           [](InputClient& client, const std::string& value) {
             v1::ListCertificationStatusesRequest request;
             request.set_employee_id(value);
             v1::ListCertificationStatusesResponse response;
             return client.Call(&CertStub::ListCertificationStatuses, request, &response);
           }},
      {.field = "team_id",
       .via = "ListExpiringCertifications",
       .values = {kSqlIdentifier},
       .call =
           [](InputClient& client, const std::string& value) {
             v1::ListExpiringCertificationsRequest request;
             request.set_team_id(value);
             v1::ListExpiringCertificationsResponse response;
             return client.Call(&CertStub::ListExpiringCertifications, request, &response);
           }},
      {.field = "employee_id",
       .via = "GetLearningPathProgress",
       .values = {kSqlIdentifier, ""},
       .call =
           [](InputClient& client, const std::string& value) {
             v1::GetLearningPathProgressRequest request;
             request.set_employee_id(value);
             v1::PersonLearningProgress response;
             return client.Call(&PathStub::GetLearningPathProgress, request, &response);
           }},
  };
  cases.enum_filters = {
      {.field = "role",
       .via = "ListLearningPaths",
       .call =
           [](InputClient& client, int value) {
             v1::ListLearningPathsRequest request;
             request.set_role(static_cast<v1::Role>(value));
             v1::ListLearningPathsResponse response;
             return client.Call(&PathStub::ListLearningPaths, request, &response);
           }},
  };
  cases.paged_lists = {
      Paged("escala.v1.CertificationService/ListCertifications", &CertStub::ListCertifications),
      Paged("escala.v1.CertificationService/ListCertificationStatuses",
            &CertStub::ListCertificationStatuses),
      Paged("escala.v1.CertificationService/ListExpiringCertifications",
            &CertStub::ListExpiringCertifications),
      Paged("escala.v1.LearningPathService/ListLearningPaths", &PathStub::ListLearningPaths),
      Paged("escala.v1.LearningPathService/ListLearningPathProgress",
            &PathStub::ListLearningPathProgress),
  };
  cases.not_free_text = {
      {"certification.certification_id", "identifier: refused unless [A-Za-z0-9._-]"},
      {"certification.course_ids", "identifiers of courses (refused values)"},
      {"certification.created_by", "output only: the principal that created it"},
      {"certification.etag", "made by the server; compared, never stored"},
      {"learning_path.learning_path_id", "identifier: refused unless [A-Za-z0-9._-]"},
      {"learning_path.items.course_id", "identifier of a course (refused values)"},
      {"learning_path.created_by", "output only: the principal that created it"},
      {"learning_path.etag", "made by the server; compared, never stored"},
  };
  return cases;
}

const InputCaseRegistrar kCertificationInputCases("certifications", &CertificationInputCases);

}  // namespace
}  // namespace escala::testing::input_safety
