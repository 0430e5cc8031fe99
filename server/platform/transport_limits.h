#pragma once

#include <grpcpp/server_builder.h>

#include <cstdint>

#include "absl/status/status.h"

namespace escala::server {

// What one client may hold of the server, and for how long: the bounds that keep abusive or
// broken clients (huge messages sent slowly and left unfinished, connections opened and left
// idle, peers that stopped answering) from growing the server's memory without end. gRPC checks
// a message's size only once the whole message has arrived, so the message limit alone does not
// bound what a stalled sender makes the server buffer: the memory quota does, and the connection
// age and keepalive close the stalled connections.
struct TransportLimits {
  // Largest request message, in bytes; a larger one fails RESOURCE_EXHAUSTED.
  int max_receive_message_bytes = 0;
  // Memory gRPC may use for its buffers across all connections, in MiB. Under pressure gRPC
  // first closes idle connections, then cancels streams, rather than growing.
  int64_t memory_quota_mib = 0;
  // Calls one connection may have open at once (HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS).
  int max_concurrent_streams = 0;
  // A connection without calls for this long is closed (clients reconnect on their next call).
  int max_connection_idle_seconds = 0;
  // A connection is asked to go away (GOAWAY) after this long, ±10%, and its calls then get
  // max_connection_age_grace_seconds to finish before it is closed. The bound on a stalled call.
  int max_connection_age_seconds = 0;
  int max_connection_age_grace_seconds = 0;
  // The server pings a connection after this long without activity, and closes it when the ping
  // is not answered within keepalive_timeout_seconds: peers that are gone or stopped reading.
  int keepalive_time_seconds = 0;
  int keepalive_timeout_seconds = 0;
  // How long a new connection may take to complete its handshake before it is closed.
  int handshake_timeout_seconds = 0;
};

// Every field must be positive, durations at most a day, and the message limit at most the
// quota; the error names the flag ("max_connection_age_seconds: must be at least 1, got 0").
absl::Status CheckTransportLimits(const TransportLimits& limits);

// Sets the limits on `builder`: channel arguments and a grpc::ResourceQuota.
void ApplyTransportLimits(const TransportLimits& limits, grpc::ServerBuilder& builder);

}  // namespace escala::server
