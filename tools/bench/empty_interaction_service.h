#pragma once

#include <grpcpp/grpcpp.h>

#include "escala/v1/interactions.grpc.pb.h"

namespace escala::bench {

// The gRPC floor for GetInteraction: a callback-API handler that answers an empty Interaction at
// once, served inside escala-bench. The real server's figure divided by this one is the share of
// the transport's best that the server keeps once it does real work.
class EmptyInteractionService final : public v1::InteractionService::CallbackService {
 public:
  grpc::ServerUnaryReactor* GetInteraction(grpc::CallbackServerContext* context,
                                           const v1::GetInteractionRequest* request,
                                           v1::Interaction* response) override {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
};

}  // namespace escala::bench
