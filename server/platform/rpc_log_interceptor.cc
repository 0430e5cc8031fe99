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
  explicit RpcLogInterceptor(grpc::experimental::ServerRpcInfo* info)
      : info_(info), start_(absl::Now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      const double latency_ms = absl::ToDoubleMilliseconds(absl::Now() - start_);
      std::string line = absl::StrFormat(
          "rpc method=%s peer=%s code=%s latency_ms=%.3f", info_->method(),
          info_->server_context()->peer(),
          absl::StatusCodeToString(static_cast<absl::StatusCode>(status.error_code())), latency_ms);
      const bool failed = status.error_code() != grpc::StatusCode::OK;
      if (failed)
        absl::StrAppend(&line, " message=\"", status.error_message().substr(0, 300), "\"");
      Log(failed && status.error_code() == grpc::StatusCode::INTERNAL ? LogLevel::kError
                                                                      : LogLevel::kInfo,
          line);
    }
    methods->Proceed();
  }

 private:
  grpc::experimental::ServerRpcInfo* info_;
  absl::Time start_;
};

}  // namespace

grpc::experimental::Interceptor* RpcLogInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new RpcLogInterceptor(info);
}

}  // namespace escala::server
