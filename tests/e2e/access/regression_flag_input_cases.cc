// Input-safety cases of the RegressionFlagService: its List is paged like every other.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "escala/v1/promotion_regressions.grpc.pb.h"
#include "tests/e2e/access/input_safety_registry.h"

namespace escala::testing::input_safety {
namespace {

InputCases RegressionFlagInputCases() {
  InputCases cases;
  cases.paged_lists = {
      {.method = "escala.v1.RegressionFlagService/ListRegressionFlags",
       .prepare =
           [](InputClient& client) {
             return [&client](int32_t page_size) {
               v1::ListRegressionFlagsRequest request;
               request.set_page_size(page_size);
               v1::ListRegressionFlagsResponse response;
               return client.Call(&v1::RegressionFlagService::Stub::ListRegressionFlags, request,
                                  &response);
             };
           }},
  };
  return cases;
}

const InputCaseRegistrar kRegressionFlagInputCases("regression_flags", &RegressionFlagInputCases);

}  // namespace
}  // namespace escala::testing::input_safety
