#pragma once

#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_context.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace escala::server {

// How the server's listening port is secured, as given by the --tls_* and --plaintext* flags.
struct TransportOptions {
  // PEM files of the server's certificate chain and private key; TLS when both are set.
  std::string tls_cert_file;
  std::string tls_key_file;
  // PEM file of the CAs that sign client certificates; when set, clients are asked for one.
  std::string tls_client_ca_file;
  // Refuse clients without a certificate signed by tls_client_ca_file.
  bool require_client_cert = false;
  // Serve without TLS; allowed on a loopback listen address only, unless plaintext_remote.
  bool plaintext = false;
  // Allow --plaintext on an address other hosts can reach: tokens then travel in clear text.
  bool plaintext_remote = false;
};

// The credentials for AddListeningPort. Bearer tokens must not cross a network in clear text,
// so TLS is required unless --plaintext is given for a loopback `listen_address`.
// INVALID_ARGUMENT, naming the flag, for: half a certificate/key pair, an unreadable file, TLS
// and --plaintext together, --tls_client_ca or --tls_require_client_cert without what they
// need, neither TLS nor --plaintext, and --plaintext on a non-loopback address without
// --plaintext_remote (which logs a warning when it lets that through).
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const TransportOptions& options, const std::string& listen_address);

// Whether a HOST:PORT listen address is reachable from this machine only: 127.0.0.0/8,
// localhost, [::1], or a unix: socket. 0.0.0.0, [::] and every other host are not.
bool IsLoopbackListenAddress(absl::string_view host_port);

// The subject common name of the client certificate the TLS handshake verified against
// --tls_client_ca; empty on plaintext, without a client certificate, or without a common name.
std::string VerifiedClientCommonName(const grpc::ServerContextBase& context);

}  // namespace escala::server
