#pragma once

// Small helpers for end-to-end tests that drive escala-server through the generated gRPC stubs.

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/time/time.h"
#include "escala/v1/interactions.pb.h"

namespace escala::testing {

// Sends `token` as "authorization: Bearer <token>" (nothing when it is empty) and gives the
// call a 20-second deadline.
void Authorize(grpc::ClientContext& context, const std::string& token);

// A clear-text channel to `address` ("127.0.0.1:PORT").
std::shared_ptr<grpc::Channel> PlaintextChannel(const std::string& address);

// A stub of `Service` (v1::PeopleService, …) on `channel`.
template <typename Service>
std::unique_ptr<typename Service::Stub> NewStub(const std::shared_ptr<grpc::Channel>& channel) {
  return Service::NewStub(channel);
}

// A valid inbound chat interaction of `agent` in queue "general", in English, started at
// `start_time` (an hour ago when not given), with the source key (source_system, source_id).
v1::Interaction NewInteraction(const std::string& source_system, const std::string& source_id,
                               const std::string& agent,
                               absl::Time start_time = absl::InfinitePast());

}  // namespace escala::testing
