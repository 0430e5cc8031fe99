// Fuzzes server/kpi/report_validation: the first byte picks the request, the rest is it in the
// wire format; each request goes through every validator the report handler calls for it.

#include "server/kpi/report_validation.h"

#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  escala::fuzz::FuzzInput input(data, size);
  switch (input.Byte() % 3) {
    case 0: {
      escala::v1::GetKpiReportRequest request;
      if (!input.RestAs(request)) break;
      (void)escala::server::ValidateKpiRequest(request);
      (void)escala::server::ValidateDayRange(request);
      break;
    }
    case 1: {
      escala::v1::GetQaReportRequest request;
      if (!input.RestAs(request)) break;
      (void)escala::server::ValidateQaRequest(request);
      (void)escala::server::ValidateDayRange(request);
      break;
    }
    default: {
      escala::v1::RecomputeReportSummariesRequest request;
      if (input.RestAs(request)) (void)escala::server::ValidateDayRange(request);
      break;
    }
  }
  return 0;
}
