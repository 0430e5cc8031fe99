#include "server/platform/transport_security.h"

#include <grpc/grpc_security_constants.h>
#include <grpcpp/security/auth_context.h>

#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/platform/address/loopback_address.h"
#include "server/platform/logger.h"

namespace escala::server {
namespace {

// The content of a PEM file given by --`flag`; INVALID_ARGUMENT naming the flag when it cannot
// be read or holds no PEM block, so that a wrong path fails at start and not at the first call.
absl::StatusOr<std::string> ReadPemFile(absl::string_view flag, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::InvalidArgumentError(absl::StrCat("--", flag, ": cannot read '", path, "'"));
  }
  std::stringstream content;
  content << in.rdbuf();
  if (!absl::StrContains(content.str(), "-----BEGIN ")) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", flag, ": '", path, "' is not a PEM file (no -----BEGIN line)"));
  }
  return content.str();
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeTlsCredentials(
    const TransportOptions& options) {
  absl::StatusOr<std::string> cert = ReadPemFile("tls_cert", options.tls_cert_file);
  if (!cert.ok()) return cert.status();
  absl::StatusOr<std::string> key = ReadPemFile("tls_key", options.tls_key_file);
  if (!key.ok()) return key.status();

  grpc_ssl_client_certificate_request_type request = GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE;
  std::string client_ca;
  if (!options.tls_client_ca_file.empty()) {
    absl::StatusOr<std::string> ca = ReadPemFile("tls_client_ca", options.tls_client_ca_file);
    if (!ca.ok()) return ca.status();
    client_ca = *std::move(ca);
    // A certificate that is presented is always verified, so that a common name read from it
    // can be trusted; whether one must be presented is the operator's choice.
    request = options.require_client_cert
                  ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
                  : GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  grpc::SslServerCredentialsOptions ssl(request);
  ssl.pem_root_certs = std::move(client_ca);
  ssl.pem_key_cert_pairs.push_back({*std::move(key), *std::move(cert)});
  return grpc::SslServerCredentials(ssl);
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const TransportOptions& options, const std::string& listen_address) {
  const bool has_cert = !options.tls_cert_file.empty();
  const bool has_key = !options.tls_key_file.empty();
  if (has_cert != has_key) {
    return absl::InvalidArgumentError(
        absl::StrCat("--tls_cert and --tls_key must be given together: --",
                     has_cert ? "tls_key" : "tls_cert", " is missing"));
  }
  const bool tls = has_cert;
  if (tls && options.plaintext) {
    return absl::InvalidArgumentError(
        "--plaintext cannot be combined with --tls_cert/--tls_key: choose one transport");
  }
  if (options.require_client_cert && options.tls_client_ca_file.empty()) {
    return absl::InvalidArgumentError(
        "--tls_require_client_cert needs --tls_client_ca, the CA that client certificates are "
        "verified against");
  }
  if (!options.tls_client_ca_file.empty() && !tls) {
    return absl::InvalidArgumentError(
        "--tls_client_ca needs --tls_cert and --tls_key: client certificates exist only on TLS");
  }
  if (options.plaintext_remote && !options.plaintext) {
    return absl::InvalidArgumentError("--plaintext_remote applies only together with --plaintext");
  }
  if (tls) return MakeTlsCredentials(options);

  if (!options.plaintext) {
    return absl::InvalidArgumentError(
        "no transport security configured: give --tls_cert and --tls_key to serve TLS, or "
        "--plaintext for local use on a loopback --listen address");
  }
  if (!IsLoopbackListenAddress(listen_address)) {
    if (!options.plaintext_remote) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--plaintext serves only a loopback --listen address (127.0.0.1, localhost, [::1]), "
          "got '",
          listen_address,
          "': give --tls_cert and --tls_key, or add --plaintext_remote to accept clear text from "
          "other hosts"));
    }
    Log(LogLevel::kWarning,
        absl::StrCat("INSECURE: serving plaintext on ", listen_address,
                     " (--plaintext_remote): bearer tokens and all data travel in clear text and "
                     "can be read by anyone on the network; use --tls_cert and --tls_key"));
  }
  return grpc::InsecureServerCredentials();
}

bool IsLoopbackListenAddress(absl::string_view host_port) {
  // A Unix domain socket cannot be reached from another machine.
  if (absl::StartsWith(host_port, "unix:") || absl::StartsWith(host_port, "unix-abstract:")) {
    return true;
  }
  return IsLoopbackHostPort(host_port);
}

std::string VerifiedClientCommonName(const grpc::ServerContextBase& context) {
  const std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  // Without a client certificate the peer has no identity. Client certificates are requested
  // only in modes that verify them (see MakeTlsCredentials), so one that is there was verified.
  if (auth == nullptr || !auth->IsPeerAuthenticated()) return "";
  const std::vector<grpc::string_ref> names = auth->FindPropertyValues("x509_common_name");
  if (names.empty()) return "";
  return std::string(names.front().data(), names.front().size());
}

}  // namespace escala::server
