#include "server/platform/rpc_log_interceptor.h"

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "server/platform/logger.h"

namespace escala::server {
namespace {

class RpcLogInterceptor : public grpc::experimental::Interceptor {
 public:
  RpcLogInterceptor(grpc::experimental::ServerRpcInfo* info, metrics::RpcMetrics& metrics,
                    FailureLogLimiter& limiter)
      : info_(info), metrics_(metrics), limiter_(limiter), start_(absl::Now()) {
    if (IsImport()) metrics_.ImportStarted();
  }
  // gRPC deletes the interceptors of a call when the call is over.
  ~RpcLogInterceptor() override {
    if (IsImport()) metrics_.ImportEnded();
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_STATUS)) {
      Record(methods->GetSendStatus());
    }
    methods->Proceed();
  }

 private:
  bool IsImport() const {
    return info_->type() == grpc::experimental::ServerRpcInfo::Type::CLIENT_STREAMING;
  }

  void Record(const grpc::Status& status) {
    const absl::Duration latency = absl::Now() - start_;
    const int code = static_cast<int>(status.error_code());
    metrics_.RecordCall(info_->method(), code, absl::ToDoubleSeconds(latency));
    const std::string code_name =
        absl::StatusCodeToString(static_cast<absl::StatusCode>(status.error_code()));
    const std::string peer = info_->server_context()->peer();
    const bool failed = status.error_code() != grpc::StatusCode::OK;
    bool log = true;
    if (failed) {
      FailureLogLimiter::Verdict verdict = limiter_.Admit(peer, info_->method(), code_name);
      if (!verdict.summary.empty()) Log(LogLevel::kWarning, verdict.summary);
      log = verdict.log;
      if (!log) metrics_.RecordLogSuppressed(code);
    }
    if (log) {
      std::string line =
          absl::StrFormat("rpc method=%s peer=%s code=%s latency_ms=%.3f", info_->method(), peer,
                          code_name, absl::ToDoubleMilliseconds(latency));
      if (failed)
        absl::StrAppend(&line, " message=\"", status.error_message().substr(0, 300), "\"");
      Log(status.error_code() == grpc::StatusCode::INTERNAL ? LogLevel::kError : LogLevel::kInfo,
          line);
    }
    for (const std::string& summary : limiter_.TakeDueSummaries()) Log(LogLevel::kWarning, summary);
  }

  grpc::experimental::ServerRpcInfo* info_;
  metrics::RpcMetrics& metrics_;
  FailureLogLimiter& limiter_;
  absl::Time start_;
};

}  // namespace

grpc::experimental::Interceptor* RpcLogInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new RpcLogInterceptor(info, metrics_, limiter_);
}

}  // namespace escala::server
