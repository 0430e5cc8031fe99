// Input-safety cases of the EvaluationService.

#include <grpcpp/grpcpp.h>

#include "escala/v1/evaluations.grpc.pb.h"
#include "tests/e2e/access/input_safety_registry.h"

namespace escala::testing::input_safety {
namespace {

InputCases EvaluationInputCases() {
  InputCases cases;
  cases.paged_lists = {
      {.method = "escala.v1.EvaluationService/ListEvaluations",
       .prepare =
           [](InputClient& client) {
             return [&client](int32_t page_size) {
               v1::ListEvaluationsRequest request;
               request.set_page_size(page_size);
               v1::ListEvaluationsResponse response;
               return client.CallAs(client.ManagerToken(),
                                    &v1::EvaluationService::Stub::ListEvaluations, request,
                                    &response);
             };
           }},
  };
  return cases;
}

const InputCaseRegistrar kRegistrar("evaluations", &EvaluationInputCases);

}  // namespace
}  // namespace escala::testing::input_safety
