#pragma once

#include <grpcpp/support/server_interceptor.h>

namespace escala::server {

// Writes one log line per RPC when its status is sent: method, peer, status code and latency
// from the start of the call, e.g.
//   INFO rpc method=/escala.v1.InteractionService/GetInteraction peer=ipv4:127.0.0.1:40112
//   code=NOT_FOUND latency_ms=0.412
class RpcLogInterceptorFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;
};

}  // namespace escala::server
