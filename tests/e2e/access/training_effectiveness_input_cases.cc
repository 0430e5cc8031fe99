// Input-safety cases of the TrainingEffectivenessService. It writes nothing and lists nothing:
// what it takes from the caller is two identifiers, each refused before anything is read when it
// is not one.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <string>

#include "escala/v1/training_effectiveness.grpc.pb.h"
#include "tests/e2e/access/input_safety_registry.h"

namespace escala::testing::input_safety {
namespace {

using EffectivenessStub = v1::TrainingEffectivenessService::Stub;

grpc::Status Compute(InputClient& client, const std::string& course_id,
                     const std::string& criterion_key) {
  v1::ComputeCourseEffectivenessRequest request;
  request.set_course_id(course_id);
  request.set_criterion_key(criterion_key);
  v1::ComputeCourseEffectivenessResponse response;
  return client.Call(&EffectivenessStub::ComputeCourseEffectiveness, request, &response);
}

InputCases TrainingEffectivenessInputCases() {
  InputCases cases;
  cases.refused = {
      {.field = "course_id",
       .via = "ComputeCourseEffectiveness",
       .values = {kSqlIdentifier, "L1 TONE", ""},
       .call = [](InputClient& client,
                  const std::string& value) { return Compute(client, value, ""); }},
      {.field = "criterion_key",
       .via = "ComputeCourseEffectiveness",
       .values = {kSqlIdentifier, "to ne"},
       .call = [](InputClient& client,
                  const std::string& value) { return Compute(client, "any-course", value); }},
  };
  return cases;
}

const InputCaseRegistrar kTrainingEffectivenessInputCases("training_effectiveness",
                                                          &TrainingEffectivenessInputCases);

}  // namespace
}  // namespace escala::testing::input_safety
