#include "server/platform/unparsed_request_interceptor.h"

#include <grpcpp/grpcpp.h>

namespace escala::server {
namespace {

using grpc::experimental::InterceptionHookPoints;

class UnparsedRequestInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit UnparsedRequestInterceptor(grpc::experimental::ServerRpcInfo* info) : info_(info) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    const bool unary = info_->type() == grpc::experimental::ServerRpcInfo::Type::UNARY;
    if (unary && methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE) &&
        methods->GetRecvMessage() == nullptr) {
      // A unary call always carries one message: none here means it did not parse.
      unparsed_ = true;
    }
    if (unparsed_ && methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS) &&
        methods->GetSendStatus().error_code() == grpc::StatusCode::UNIMPLEMENTED) {
      // A call cancelled before its message arrived whole (the client went away, or the server
      // reclaimed its memory) also has none; the log must not blame the request's content.
      methods->ModifySendStatus(info_->server_context()->IsCancelled() ? IncompleteRequestStatus()
                                                                       : UnparsedRequestStatus());
    }
    methods->Proceed();
  }

 private:
  grpc::experimental::ServerRpcInfo* info_;
  bool unparsed_ = false;
};

}  // namespace

grpc::Status UnparsedRequestStatus() {
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                      "the request could not be parsed: a string field holds bytes that are not "
                      "valid UTF-8 (text must be sent as UTF-8), or the message is malformed");
}

grpc::Status IncompleteRequestStatus() {
  return grpc::Status(grpc::StatusCode::CANCELLED,
                      "the call was cancelled before its request arrived whole");
}

grpc::experimental::Interceptor* UnparsedRequestInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new UnparsedRequestInterceptor(info);
}

}  // namespace escala::server
