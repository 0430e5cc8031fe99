#pragma once

#include <grpcpp/support/server_interceptor.h>

namespace escala::server {

// Gives a unary request that gRPC could not parse a clear INVALID_ARGUMENT. The callback API
// answers such a request with an UNIMPLEMENTED status without a message before any handler
// runs; the usual cause is a string field holding bytes that are not valid UTF-8 (a Latin-1
// "é"), which proto3 refuses to parse, so the message says that. Streams are not covered: a
// message that does not parse ends the server's reading like a clean close, and the import
// reply's received_count tells the client how many records arrived.
class UnparsedRequestInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;
};

// The status sent for a unary request that could not be parsed.
grpc::Status UnparsedRequestStatus();
// The status recorded for a unary call cancelled before its request arrived whole.
grpc::Status IncompleteRequestStatus();

}  // namespace escala::server
