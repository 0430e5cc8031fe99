#pragma once

#include <grpcpp/channel.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace escala::client {

// How to reach the server and what every call carries.
struct ChannelSettings {
  // HOST:PORT, or a gRPC target such as dns:///host:port.
  std::string address;
  // Sent as "authorization: Bearer <token>" on every call; empty: no such header.
  std::string token;
  // TLS. Without ca_cert_file the server certificate is checked against the system's roots.
  bool tls = false;
  // PEM file of the CAs to trust instead of the system's roots.
  std::string ca_cert_file;
  // Where ca_cert_file was set, for error messages ("--ca-cert", "ESCALA_CA_CERT", …).
  std::string ca_cert_origin = "--ca-cert";
  // The client certificate and its key for mutual TLS; both or neither.
  std::string client_cert_file;
  std::string client_key_file;
  // --plaintext: a token may go in clear text to a server that is not on this machine.
  bool allow_remote_plaintext = false;
};

// The rules MakeServerChannel checks before it makes anything; INVALID_ARGUMENT naming the flag:
// a client certificate without its key (or the reverse), or a token that would travel in clear
// text to a non-loopback server without --plaintext.
absl::Status CheckChannelSettings(const ChannelSettings& settings);

// The one place a channel to the server is made: TLS per the settings, and the token and a fresh
// x-request-id added to every call, unary and streaming. INVALID_ARGUMENT naming the flag when
// CheckChannelSettings fails or a PEM file cannot be read. Creating a channel does not connect; the
// first RPC does.
absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeServerChannel(const ChannelSettings& settings);

// Whether the gRPC target `address` is on this machine: 127.0.0.0/8, localhost or [::1] (also
// behind dns:///, ipv4: or ipv6:), or a unix: socket.
bool IsLoopbackTarget(absl::string_view address);

}  // namespace escala::client
