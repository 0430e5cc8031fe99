#pragma once

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace escala::server {

// The one conversion from absl::Status to grpc::Status (the code numbers are equal). INTERNAL
// and UNKNOWN details stay in the server log under a reference the caller gets instead, so a
// database message never reaches a client.
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace escala::server
