// Input-safety cases of the SlaPolicyService: its List is paged like every other.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "escala/v1/sla_policies.grpc.pb.h"
#include "tests/e2e/access/input_safety_registry.h"

namespace escala::testing::input_safety {
namespace {

InputCases SlaPolicyInputCases() {
  InputCases cases;
  cases.paged_lists = {
      {.method = "escala.v1.SlaPolicyService/ListSlaPolicies",
       .prepare =
           [](InputClient& client) {
             return [&client](int32_t page_size) {
               v1::ListSlaPoliciesRequest request;
               request.set_page_size(page_size);
               v1::ListSlaPoliciesResponse response;
               return client.Call(&v1::SlaPolicyService::Stub::ListSlaPolicies, request, &response);
             };
           }},
  };
  return cases;
}

const InputCaseRegistrar kSlaPolicyInputCases("sla_policies", &SlaPolicyInputCases);

}  // namespace
}  // namespace escala::testing::input_safety
