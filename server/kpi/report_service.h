#pragma once

#include "escala/v1/reports.grpc.pb.h"
#include "server/kpi/report_handler.h"
#include "server/platform/unary_call.h"

namespace escala::server {

// gRPC adapter of ReportService: each call is admitted by the access gate, then runs
// ReportHandler on the worker pool.
class ReportService final : public v1::ReportService::CallbackService {
 public:
  ReportService(ReportHandler& handler, CallRuntime& runtime)
      : handler_(handler), runtime_(runtime) {}

  grpc::ServerUnaryReactor* GetKpiReport(grpc::CallbackServerContext* context,
                                         const v1::GetKpiReportRequest* request,
                                         v1::KpiReport* response) override;
  grpc::ServerUnaryReactor* GetQaReport(grpc::CallbackServerContext* context,
                                        const v1::GetQaReportRequest* request,
                                        v1::QaReport* response) override;
  grpc::ServerUnaryReactor* RecomputeReportSummaries(
      grpc::CallbackServerContext* context, const v1::RecomputeReportSummariesRequest* request,
      v1::RecomputeReportSummariesResponse* response) override;

 private:
  ReportHandler& handler_;
  CallRuntime& runtime_;
};

}  // namespace escala::server
