#pragma once

#include <grpcpp/support/server_interceptor.h>

#include "server/metrics/rpc_metrics.h"
#include "server/platform/failure_log_limiter.h"

namespace escala::server {

// Counts every RPC in the metrics when its status is sent (method, status code, latency from the
// start of the call) and logs it, e.g.
//   INFO rpc method=/escala.v1.InteractionService/GetInteraction peer=ipv4:127.0.0.1:40112
//   code=NOT_FOUND latency_ms=0.412 message="…"
// A failure that repeats one of the same peer, method and code is counted and not logged; the
// limiter's summary lines say how many were left out.
class RpcLogInterceptorFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  // Both must outlive the server.
  RpcLogInterceptorFactory(metrics::RpcMetrics& metrics, FailureLogLimiter& limiter)
      : metrics_(metrics), limiter_(limiter) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  metrics::RpcMetrics& metrics_;
  FailureLogLimiter& limiter_;
};

}  // namespace escala::server
