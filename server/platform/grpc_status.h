#pragma once

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace escala::server {

// The one conversion from absl::Status to grpc::Status (the code numbers are equal). The message
// is kept, and the status's google.rpc payloads (BadRequest, ErrorInfo: db/common/error_details.h)
// travel as the details of a google.rpc.Status in the binary error details (the
// grpc-status-details-bin trailer); other payloads stay in the server. INTERNAL and UNKNOWN
// details stay in the server log under a reference the caller gets instead, with no error
// details, so a database message never reaches a client.
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace escala::server
