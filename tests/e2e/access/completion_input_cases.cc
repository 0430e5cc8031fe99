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

InputCases CompletionInputCases() {
  InputCases cases;
  cases.refused = {
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

const InputCaseRegistrar kRegistrar("completions", &CompletionInputCases);

}  // namespace
}  // namespace escala::testing::input_safety
