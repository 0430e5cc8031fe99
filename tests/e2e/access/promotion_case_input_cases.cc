// Input-safety cases of the PromotionCaseService and the LevelHistoryService: their Lists are
// paged like every other.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "escala/v1/level_changes.grpc.pb.h"
#include "escala/v1/promotion_cases.grpc.pb.h"
#include "tests/e2e/access/input_safety_registry.h"

namespace escala::testing::input_safety {
namespace {

InputCases PromotionCaseInputCases() {
  InputCases cases;
  cases.paged_lists = {
      {.method = "escala.v1.PromotionCaseService/ListPromotionCases",
       .prepare =
           [](InputClient& client) {
             return [&client](int32_t page_size) {
               v1::ListPromotionCasesRequest request;
               request.set_page_size(page_size);
               v1::ListPromotionCasesResponse response;
               return client.Call(&v1::PromotionCaseService::Stub::ListPromotionCases, request,
                                  &response);
             };
           }},
      {.method = "escala.v1.LevelHistoryService/ListLevelChanges",
       .prepare =
           [](InputClient& client) {
             return [&client](int32_t page_size) {
               v1::ListLevelChangesRequest request;
               request.set_page_size(page_size);
               request.set_employee_id("A1");
               v1::ListLevelChangesResponse response;
               return client.Call(&v1::LevelHistoryService::Stub::ListLevelChanges, request,
                                  &response);
             };
           }},
  };
  return cases;
}

const InputCaseRegistrar kPromotionCaseInputCases("promotion_cases", &PromotionCaseInputCases);

}  // namespace
}  // namespace escala::testing::input_safety
