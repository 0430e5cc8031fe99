#pragma once

#include <grpcpp/support/status.h>

#include <optional>

#include "google/rpc/error_details.pb.h"

namespace escala::client {

// The machine-readable details of a failed call: the google.rpc.Status that escala-server sends
// in the binary error details (protos/google/rpc/status.proto). The CLI reads field paths and
// reasons from here, never from the message, whose wording may change.

// The field violations of the status's google.rpc.BadRequest, in the server's order; empty when
// the status has none (or details this client cannot read).
google::rpc::BadRequest BadRequestOf(const grpc::Status& status);

// The status's google.rpc.ErrorInfo, or nullopt.
std::optional<google::rpc::ErrorInfo> ErrorInfoOf(const grpc::Status& status);

}  // namespace escala::client
