// Input-safety cases of the CalibrationService.

#include <grpcpp/grpcpp.h>

#include "escala/v1/calibration.grpc.pb.h"
#include "tests/e2e/access/input_safety_registry.h"

namespace escala::testing::input_safety {
namespace {

InputCases CalibrationInputCases() {
  InputCases cases;
  cases.paged_lists = {
      {.method = "escala.v1.CalibrationService/ListCalibrationSessions",
       .prepare =
           [](InputClient& client) {
             return [&client](int32_t page_size) {
               v1::ListCalibrationSessionsRequest request;
               request.set_page_size(page_size);
               v1::ListCalibrationSessionsResponse response;
               return client.CallAs(client.ManagerToken(),
                                    &v1::CalibrationService::Stub::ListCalibrationSessions, request,
                                    &response);
             };
           }},
      // The page size is checked before the session is looked up: no session is needed, and a
      // valid size answers NOT_FOUND for the session that does not exist.
      {.method = "escala.v1.CalibrationService/ListCalibrationScores",
       .prepare =
           [](InputClient& client) {
             return [&client](int32_t page_size) {
               v1::ListCalibrationScoresRequest request;
               request.set_session_id(999999);
               request.set_page_size(page_size);
               v1::ListCalibrationScoresResponse response;
               return client.CallAs(client.ManagerToken(),
                                    &v1::CalibrationService::Stub::ListCalibrationScores, request,
                                    &response);
             };
           },
       .over_maximum = grpc::StatusCode::NOT_FOUND},
  };
  return cases;
}

const InputCaseRegistrar kRegistrar("calibration", &CalibrationInputCases);

}  // namespace
}  // namespace escala::testing::input_safety
