#include "server/platform/transport_limits.h"

#include <grpc/grpc.h>
#include <grpcpp/resource_quota.h>

#include <cstddef>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace escala::server {
namespace {

// Durations are given in seconds and handed to gRPC as int milliseconds; a day is far more than
// any of them needs.
constexpr int64_t kMaxSeconds = 24 * 3600;

}  // namespace

absl::Status CheckTransportLimits(const TransportLimits& limits) {
  const std::vector<std::pair<const char*, int64_t>> sizes = {
      {"max_message_bytes", limits.max_receive_message_bytes},
      {"grpc_memory_quota_mib", limits.memory_quota_mib},
      {"max_concurrent_streams", limits.max_concurrent_streams},
  };
  const std::vector<std::pair<const char*, int64_t>> durations = {
      {"max_connection_idle_seconds", limits.max_connection_idle_seconds},
      {"max_connection_age_seconds", limits.max_connection_age_seconds},
      {"max_connection_age_grace_seconds", limits.max_connection_age_grace_seconds},
      {"keepalive_time_seconds", limits.keepalive_time_seconds},
      {"keepalive_timeout_seconds", limits.keepalive_timeout_seconds},
      {"handshake_timeout_seconds", limits.handshake_timeout_seconds},
  };
  for (const auto& fields : {sizes, durations}) {
    for (const auto& [name, value] : fields) {
      if (value < 1) {
        return absl::InvalidArgumentError(absl::StrCat(name, ": must be at least 1, got ", value));
      }
    }
  }
  for (const auto& [name, value] : durations) {
    if (value > kMaxSeconds) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, ": must be at most ", kMaxSeconds, " (a day), got ", value));
    }
  }
  // A quota smaller than one message would refuse every message of the largest allowed size.
  if (limits.max_receive_message_bytes > limits.memory_quota_mib * (int64_t{1} << 20)) {
    return absl::InvalidArgumentError(
        absl::StrCat("max_message_bytes: must be at most the memory quota (grpc_memory_quota_mib=",
                     limits.memory_quota_mib, " MiB), got ", limits.max_receive_message_bytes));
  }
  return absl::OkStatus();
}

void ApplyTransportLimits(const TransportLimits& limits, grpc::ServerBuilder& builder) {
  builder.SetMaxReceiveMessageSize(limits.max_receive_message_bytes);
  // The builder takes its own reference to the quota.
  grpc::ResourceQuota quota("escala-server");
  quota.Resize(static_cast<std::size_t>(limits.memory_quota_mib) << 20);
  builder.SetResourceQuota(quota);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, limits.max_concurrent_streams);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_IDLE_MS,
                             limits.max_connection_idle_seconds * 1000);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS,
                             limits.max_connection_age_seconds * 1000);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS,
                             limits.max_connection_age_grace_seconds * 1000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, limits.keepalive_time_seconds * 1000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS,
                             limits.keepalive_timeout_seconds * 1000);
  builder.AddChannelArgument(GRPC_ARG_SERVER_HANDSHAKE_TIMEOUT_MS,
                             limits.handshake_timeout_seconds * 1000);
}

}  // namespace escala::server
