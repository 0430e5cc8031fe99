// Input-safety cases of the CompletionService.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <string>

#include "escala/v1/completions.grpc.pb.h"
#include "tests/e2e/access/input_safety_registry.h"

namespace escala::testing::input_safety {
namespace {

grpc::Status List(InputClient& client, const v1::ListCompletionsRequest& request) {
  v1::ListCompletionsResponse response;
  return client.Call(&v1::CompletionService::Stub::ListCompletions, request, &response);
}

grpc::Status Import(InputClient& client, const v1::CompletionImportRecord& record) {
  v1::ImportCompletionsRequest request;
  *request.add_completions() = record;
  v1::ImportCompletionsResponse response;
  return client.Call(&v1::CompletionService::Stub::ImportCompletions, request, &response);
}

// A record that is valid but for the field a case fills in.
v1::CompletionImportRecord ImportRecord() {
  v1::CompletionImportRecord record;
  record.set_person_employee_id("A1");
  record.set_course_id("no-such-course");
  record.mutable_completion_time()->set_seconds(1700000000);
  return record;
}

InputCases CompletionInputCases() {
  InputCases cases;
  cases.not_free_text = {
      {"completions.person_employee_id", "identifier: refused unless [A-Za-z0-9._-]"},
      {"completions.course_id", "identifier: refused unless [A-Za-z0-9._-]"},
      {"request_id", "idempotency key: printable ASCII without spaces"},
  };
  cases.refused = {
      {.field = "completions[0].person_employee_id",
       .via = "ImportCompletions",
       .values = {kSqlIdentifier, "A1\nA2",
                  "\xe2\x80\xae"
                  "A1"},
       .call =
           [](InputClient& client, const std::string& value) {
             v1::CompletionImportRecord record = ImportRecord();
             record.set_person_employee_id(value);
             return Import(client, record);
           }},
      {.field = "completions[0].course_id",
       .via = "ImportCompletions",
       .values = {kSqlIdentifier, "<b>course</b>"},
       .call =
           [](InputClient& client, const std::string& value) {
             v1::CompletionImportRecord record = ImportRecord();
             record.set_course_id(value);
             return Import(client, record);
           }},
      {.field = "employee_id",
       .via = "ListCompletions",
       .values = {kSqlIdentifier},
       .call =
           [](InputClient& client, const std::string& value) {
             v1::ListCompletionsRequest request;
             request.set_employee_id(value);
             return List(client, request);
           }},
      {.field = "team_id",
       .via = "ListCompletions",
       .values = {kSqlIdentifier},
       .call =
           [](InputClient& client, const std::string& value) {
             v1::ListCompletionsRequest request;
             request.set_team_id(value);
             return List(client, request);
           }},
      {.field = "course_id",
       .via = "ListCompletions",
       .values = {kSqlIdentifier},
       .call =
           [](InputClient& client, const std::string& value) {
             v1::ListCompletionsRequest request;
             request.set_course_id(value);
             return List(client, request);
           }},
  };
  cases.paged_lists = {
      {.method = "escala.v1.CompletionService/ListCompletions",
       .prepare =
           [](InputClient& client) {
             return [&client](int32_t page_size) {
               v1::ListCompletionsRequest request;
               request.set_page_size(page_size);
               return List(client, request);
             };
           }},
  };
  return cases;
}

const InputCaseRegistrar kCompletionInputCases("completions", &CompletionInputCases);

}  // namespace
}  // namespace escala::testing::input_safety
