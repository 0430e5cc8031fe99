// Input-safety cases of the CourseService: the training catalogue.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "escala/v1/courses.grpc.pb.h"
#include "tests/e2e/access/input_safety_registry.h"

namespace escala::testing::input_safety {
namespace {

v1::Course NewCourse(const std::string& course_id, const std::string& title) {
  v1::Course course;
  course.set_course_id(course_id);
  course.set_title(title);
  course.set_kind(v1::COURSE_KIND_THEORY);
  course.mutable_planned_duration()->set_seconds(3600);
  return course;
}

grpc::Status CreateCourse(InputClient& client, const v1::Course& course, v1::Course* created) {
  v1::CreateCourseRequest request;
  *request.mutable_course() = course;
  return client.Call(&v1::CourseService::Stub::CreateCourse, request, created);
}

// Changes one text field of `course_id` through UpdateCourse with a mask naming it.
grpc::Status UpdateText(InputClient& client, const std::string& course_id, const std::string& field,
                        const std::string& value, v1::Course* updated) {
  v1::UpdateCourseRequest request;
  request.mutable_course()->set_course_id(course_id);
  if (field == "title") {
    request.mutable_course()->set_title(value);
  } else {
    request.mutable_course()->set_description(value);
  }
  request.mutable_update_mask()->add_paths(field);
  return client.Call(&v1::CourseService::Stub::UpdateCourse, request, updated);
}

v1::Course GetCourse(InputClient& client, const std::string& course_id, int version = 0) {
  v1::GetCourseRequest request;
  request.set_course_id(course_id);
  request.set_version(version);
  v1::Course course;
  grpc::Status status = client.Call(&v1::CourseService::Stub::GetCourse, request, &course);
  EXPECT_TRUE(status.ok()) << course_id << ": " << status.error_message();
  return course;
}

// A round trip of `field` ("title" or "description") through CreateCourse, or through
// UpdateCourse of a plain course when `update` is set.
RoundTrip TextTrip(const std::string& field, bool update) {
  return {
      .field = "course." + field,
      .via = update ? "UpdateCourse" : "CreateCourse",
      .run = [field, update](InputClient& client, const std::vector<std::string>& texts) {
        std::vector<ReadBack> read;
        for (const std::string& text : texts) {
          const std::string id = client.Unique("hostile-course-");
          v1::Course course = NewCourse(id, "Plain");
          if (!update) {
            if (field == "title") course.set_title(text);
            if (field == "description") course.set_description(text);
          }
          v1::Course written;
          grpc::Status status = CreateCourse(client, course, &written);
          EXPECT_TRUE(status.ok()) << status.error_message();
          if (update) {
            status = UpdateText(client, id, field, text, &written);
            EXPECT_TRUE(status.ok()) << status.error_message();
          }
          const std::string via = update ? "UpdateCourse" : "CreateCourse";
          const v1::Course read_back = GetCourse(client, id);
          read.push_back({via, text, field == "title" ? written.title() : written.description()});
          read.push_back(
              {"GetCourse", text, field == "title" ? read_back.title() : read_back.description()});
        }
        return read;
      }};
}

FieldWrite CreateWrite(const std::string& field, std::size_t max) {
  return {.field = "course." + field,
          .via = "CreateCourse",
          .write =
              [field](InputClient& client, const std::string& value) {
                v1::Course course = NewCourse(client.Unique("long-course-"), "Plain");
                if (field == "title") course.set_title(value);
                if (field == "description") course.set_description(value);
                v1::Course created;
                return CreateCourse(client, course, &created);
              },
          .max_characters = max};
}

InputCases CourseInputCases() {
  InputCases cases;
  cases.round_trips = {TextTrip("title", false), TextTrip("title", true),
                       TextTrip("description", false), TextTrip("description", true)};
  // UpdateCourse validates the merged course with the same rules; a write case there would need
  // a course made first, which these cases (that must leave the log untouched) cannot make.
  cases.field_writes = {CreateWrite("title", 200), CreateWrite("description", 4000)};
  cases.refused = {
      {.field = "course_id",
       .via = "GetCourse",
       .values = {kSqlIdentifier},
       .call =
           [](InputClient& client, const std::string& value) {
             v1::GetCourseRequest request;
             request.set_course_id(value);
             v1::Course course;
             return client.Call(&v1::CourseService::Stub::GetCourse, request, &course);
           }},
      {.field = "criterion_key",
       .via = "ListCourses",
       .values = {kSqlIdentifier, "greeting%", "a b"},
       .call =
           [](InputClient& client, const std::string& value) {
             v1::ListCoursesRequest request;
             request.set_criterion_key(value);
             v1::ListCoursesResponse response;
             return client.Call(&v1::CourseService::Stub::ListCourses, request, &response);
           }},
      {.field = "course.prerequisite_course_ids[0]",
       .via = "CreateCourse",
       .values = {kSqlIdentifier},
       .call =
           [](InputClient& client, const std::string& value) {
             v1::Course course = NewCourse(client.Unique("prereq-course-"), "Plain");
             course.add_prerequisite_course_ids(value);
             v1::Course created;
             return CreateCourse(client, course, &created);
           }},
  };
  cases.enum_filters = {
      {.field = "kind",
       .via = "ListCourses",
       .call =
           [](InputClient& client, int value) {
             v1::ListCoursesRequest request;
             request.set_kind(static_cast<v1::CourseKind>(value));
             v1::ListCoursesResponse response;
             return client.Call(&v1::CourseService::Stub::ListCourses, request, &response);
           }},
      {.field = "state",
       .via = "ListCourses",
       .call =
           [](InputClient& client, int value) {
             v1::ListCoursesRequest request;
             request.set_state(static_cast<v1::CourseState>(value));
             v1::ListCoursesResponse response;
             return client.Call(&v1::CourseService::Stub::ListCourses, request, &response);
           }},
      {.field = "role",
       .via = "ListCourses",
       .call =
           [](InputClient& client, int value) {
             v1::ListCoursesRequest request;
             request.set_role(static_cast<v1::Role>(value));
             v1::ListCoursesResponse response;
             return client.Call(&v1::CourseService::Stub::ListCourses, request, &response);
           }},
  };
  cases.paged_lists = {
      {.method = "escala.v1.CourseService/ListCourses",
       .prepare =
           [](InputClient& client) {
             return [&client](int32_t page_size) {
               v1::ListCoursesRequest request;
               request.set_page_size(page_size);
               v1::ListCoursesResponse response;
               return client.Call(&v1::CourseService::Stub::ListCourses, request, &response);
             };
           }},
      {.method = "escala.v1.CourseService/ListCourseVersions",
       .prepare =
           [](InputClient& client) {
             const std::string id = client.Unique("paged-course-");
             v1::Course created;
             EXPECT_TRUE(CreateCourse(client, NewCourse(id, "Paged"), &created).ok());
             return [&client, id](int32_t page_size) {
               v1::ListCourseVersionsRequest request;
               request.set_course_id(id);
               request.set_page_size(page_size);
               v1::ListCoursesResponse response;
               return client.Call(&v1::CourseService::Stub::ListCourseVersions, request, &response);
             };
           }},
  };
  cases.not_free_text = {
      {"course.course_id", "identifier: refused unless [A-Za-z0-9._-] (refused values)"},
      {"course.prerequisite_course_ids", "identifiers of courses (refused values)"},
      {"course.criterion_keys", "scorecard criterion keys: identifier rules"},
      {"course.created_by", "output only: the principal that wrote the version"},
      {"course.etag", "made by the server; compared, never stored"},
      {"request_id", "idempotency key: printable ASCII without spaces"},
  };
  return cases;
}

const InputCaseRegistrar kTrainingInputCases("training", &CourseInputCases);

}  // namespace
}  // namespace escala::testing::input_safety
