#pragma once

#include <grpcpp/server_context.h>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/platform/authenticator.h"
#include "server/platform/call_context.h"

namespace escala::server {

// The one place every call is admitted: it authenticates the bearer token and applies the
// method's row of the access policy. A call the policy never allows for the caller's role is
// PERMISSION_DENIED; an own- or team-scoped one is admitted with that scope, which the handler
// applies to the records it touches.
class AccessGate {
 public:
  explicit AccessGate(Authenticator& authenticator) : authenticator_(authenticator) {}

  // Reads "authorization" and "x-request-id" from the call's metadata and the verified client
  // certificate from its TLS session.
  absl::StatusOr<CallContext> Admit(const grpc::ServerContextBase& context,
                                    absl::string_view method);

  // The same decision from plain values.
  absl::StatusOr<CallContext> Admit(absl::string_view authorization,
                                    absl::string_view client_certificate_cn,
                                    absl::string_view request_id, absl::string_view method);

 private:
  Authenticator& authenticator_;
};

}  // namespace escala::server
