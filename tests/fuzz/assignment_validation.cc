// Fuzzes server/qa/assignment_validation: the first byte picks the validator, the rest is its
// message in the wire format.

#include "server/qa/assignment_validation.h"

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  escala::fuzz::FuzzInput input(data, size);
  switch (input.Byte() % 4) {
    case 0: {
      escala::v1::SamplingPlan plan;
      if (input.RestAs(plan)) (void)escala::server::ValidateSamplingPlan(plan);
      break;
    }
    case 1: {
      escala::v1::GenerateAssignmentsRequest request;
      if (input.RestAs(request)) (void)escala::server::ValidateGenerateRequest(request);
      break;
    }
    case 2: {
      escala::v1::SkipAssignmentRequest request;
      if (input.RestAs(request)) (void)escala::server::ValidateSkipRequest(request);
      break;
    }
    default: {
      escala::v1::ListAgentQaSummariesRequest request;
      if (!input.RestAs(request)) break;
      if (escala::server::ValidateQaSummariesRequest(request).ok()) {
        const double confidence = escala::server::EffectiveConfidence(request.confidence_level());
        escala::fuzz::Check(confidence > 0 && confidence < 1,
                            "a valid request's confidence is between 0 and 1");
      }
      break;
    }
  }
  return 0;
}
