#include "server/kpi/report_service.h"

namespace escala::server {

grpc::ServerUnaryReactor* ReportService::GetKpiReport(grpc::CallbackServerContext* context,
                                                      const v1::GetKpiReportRequest* request,
                                                      v1::KpiReport* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.ReportService/GetKpiReport",
      [this, request](const CallContext& call) { return handler_.GetKpiReport(call, *request); });
}

grpc::ServerUnaryReactor* ReportService::GetQaReport(grpc::CallbackServerContext* context,
                                                     const v1::GetQaReportRequest* request,
                                                     v1::QaReport* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.ReportService/GetQaReport",
      [this, request](const CallContext& call) { return handler_.GetQaReport(call, *request); });
}

grpc::ServerUnaryReactor* ReportService::RecomputeReportSummaries(
    grpc::CallbackServerContext* context, const v1::RecomputeReportSummariesRequest* request,
    v1::RecomputeReportSummariesResponse* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.ReportService/RecomputeReportSummaries",
                     [this, request](const CallContext& call) {
                       return handler_.RecomputeReportSummaries(call, *request);
                     });
}

}  // namespace escala::server
