// Input-safety cases of the AssignmentService: sampling plans, review queues, QA averages.

#include <grpcpp/grpcpp.h>

#include "escala/v1/assignments.grpc.pb.h"
#include "tests/e2e/access/input_safety_registry.h"

namespace escala::testing::input_safety {
namespace {

InputCases AssignmentInputCases() {
  InputCases cases;
  cases.paged_lists = {
      {.method = "escala.v1.AssignmentService/ListSamplingPlans",
       .prepare =
           [](InputClient& client) {
             return [&client](int32_t page_size) {
               v1::ListSamplingPlansRequest request;
               request.set_page_size(page_size);
               v1::ListSamplingPlansResponse response;
               return client.CallAs(client.ManagerToken(),
                                    &v1::AssignmentService::Stub::ListSamplingPlans, request,
                                    &response);
             };
           }},
      {.method = "escala.v1.AssignmentService/ListAssignments",
       .prepare =
           [](InputClient& client) {
             return [&client](int32_t page_size) {
               v1::ListAssignmentsRequest request;
               request.set_page_size(page_size);
               v1::ListAssignmentsResponse response;
               return client.CallAs(client.ManagerToken(),
                                    &v1::AssignmentService::Stub::ListAssignments, request,
                                    &response);
             };
           }},
      {.method = "escala.v1.AssignmentService/ListAgentQaSummaries",
       .prepare =
           [](InputClient& client) {
             return [&client](int32_t page_size) {
               v1::ListAgentQaSummariesRequest request;
               request.set_page_size(page_size);
               v1::ListAgentQaSummariesResponse response;
               return client.CallAs(client.ManagerToken(),
                                    &v1::AssignmentService::Stub::ListAgentQaSummaries, request,
                                    &response);
             };
           }},
  };
  return cases;
}

const InputCaseRegistrar kRegistrar("assignments", &AssignmentInputCases);

}  // namespace
}  // namespace escala::testing::input_safety
