#pragma once

#include <grpcpp/channel.h>

#include <memory>
#include <string>

namespace escala::client {

// The one place a channel to the server is made, so that TLS can be added here alone.
// Plaintext for now. Creating a channel does not connect; the first RPC does.
std::shared_ptr<grpc::Channel> MakeServerChannel(const std::string& address);

}  // namespace escala::client
