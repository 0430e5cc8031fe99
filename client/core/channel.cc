#include "client/core/channel.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/client_interceptor.h>

#include <fstream>
#include <map>
#include <sstream>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "client/core/request_id.h"
#include "server/platform/address/loopback_address.h"

namespace escala::client {
namespace {

// Adds to every call's initial metadata the bearer token (when there is one) and an
// "x-request-id" of its own, which the server writes into the audit event of any change the
// call makes, so one CLI command can be traced from the audit log to the server's log. An
// interceptor rather than call credentials because gRPC refuses call credentials on a plaintext
// channel, and a loopback server without TLS must still be able to authenticate calls.
class CallMetadataInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit CallMetadataInterceptor(const std::string* authorization)
      : authorization_(authorization) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      std::multimap<std::string, std::string>* metadata = methods->GetSendInitialMetadata();
      if (authorization_ != nullptr) metadata->insert({"authorization", *authorization_});
      if (metadata->find("x-request-id") == metadata->end()) {
        metadata->insert({"x-request-id", NewRequestId()});
      }
    }
    methods->Proceed();
  }

 private:
  // Owned by the factory, which the channel keeps for its lifetime; null without a token.
  const std::string* const authorization_;
};

class CallMetadataInterceptorFactory
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit CallMetadataInterceptorFactory(absl::string_view token)
      : authorization_(token.empty() ? "" : absl::StrCat("Bearer ", token)) {}

  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo* info) override {
    return new CallMetadataInterceptor(authorization_.empty() ? nullptr : &authorization_);
  }

 private:
  const std::string authorization_;
};

absl::StatusOr<std::string> ReadPemFile(absl::string_view origin, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError(absl::StrCat(origin, ": cannot read '", path, "'"));
  std::stringstream content;
  content << in.rdbuf();
  if (!absl::StrContains(content.str(), "-----BEGIN ")) {
    return absl::InvalidArgumentError(
        absl::StrCat(origin, ": '", path, "' is not a PEM file (no -----BEGIN line)"));
  }
  return content.str();
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeCredentials(
    const ChannelSettings& settings) {
  if (!settings.tls) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions ssl;
  if (!settings.ca_cert_file.empty()) {
    absl::StatusOr<std::string> roots = ReadPemFile(settings.ca_cert_origin, settings.ca_cert_file);
    if (!roots.ok()) return roots.status();
    ssl.pem_root_certs = *std::move(roots);
  }
  if (!settings.client_cert_file.empty()) {
    absl::StatusOr<std::string> cert = ReadPemFile("--client-cert", settings.client_cert_file);
    if (!cert.ok()) return cert.status();
    absl::StatusOr<std::string> key = ReadPemFile("--client-key", settings.client_key_file);
    if (!key.ok()) return key.status();
    ssl.pem_cert_chain = *std::move(cert);
    ssl.pem_private_key = *std::move(key);
  }
  return grpc::SslCredentials(ssl);
}

}  // namespace

bool IsLoopbackTarget(absl::string_view address) {
  // A Unix domain socket cannot be reached from another machine.
  if (absl::StartsWith(address, "unix:") || absl::StartsWith(address, "unix-abstract:")) {
    return true;
  }
  if (absl::ConsumePrefix(&address, "dns:")) {
    // dns:///host:port or dns://resolver/host:port: the host follows the authority.
    if (absl::ConsumePrefix(&address, "//")) {
      const size_t slash = address.find('/');
      if (slash == absl::string_view::npos) return false;
      address.remove_prefix(slash + 1);
    }
    return IsLoopbackHostPort(address);
  }
  if (absl::ConsumePrefix(&address, "ipv4:") || absl::ConsumePrefix(&address, "ipv6:")) {
    // A comma-separated list of addresses: loopback only when every one of them is.
    for (absl::string_view one : absl::StrSplit(address, ',')) {
      if (!IsLoopbackHostPort(one)) return false;
    }
    return true;
  }
  return IsLoopbackHostPort(address);
}

absl::Status CheckChannelSettings(const ChannelSettings& settings) {
  if (settings.client_cert_file.empty() != settings.client_key_file.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--client-cert and --client-key go together: --",
        settings.client_cert_file.empty() ? "client-cert" : "client-key", " is missing"));
  }
  if (!settings.tls && !settings.token.empty() && !settings.allow_remote_plaintext &&
      !IsLoopbackTarget(settings.address)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "refusing to send the token in clear text to ", settings.address,
        ", which is not on this machine: give --ca-cert FILE (or ESCALA_CA_CERT) or --tls to use "
        "TLS, or --plaintext to send it unencrypted anyway"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeServerChannel(const ChannelSettings& settings) {
  if (absl::Status status = CheckChannelSettings(settings); !status.ok()) return status;
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials = MakeCredentials(settings);
  if (!credentials.ok()) return credentials.status();
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(std::make_unique<CallMetadataInterceptorFactory>(settings.token));
  return grpc::experimental::CreateCustomChannelWithInterceptors(
      settings.address, *credentials, grpc::ChannelArguments(), std::move(interceptors));
}

}  // namespace escala::client
