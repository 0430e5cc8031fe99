#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "server/metrics/registry.h"

struct mg_context;
struct mg_connection;

namespace escala::metrics {

// The address --metrics_listen names: "HOST:PORT", or ":PORT" and "PORT", which mean
// 127.0.0.1:PORT (the endpoint has no authentication, so it is on loopback unless an address is
// given). "localhost" is 127.0.0.1; an IPv6 host is written in brackets, "[::1]:9464".
// INVALID_ARGUMENT names the flag and the rule.
absl::StatusOr<std::string> MetricsListenAddress(std::string_view flag);

// An HTTP server for Prometheus: GET /metrics answers the registry's exposition; any other path
// or method is 404. It runs on civetweb, with two threads of its own (a scrape is quick and
// comes every few seconds at most), so a slow scraper never holds up a gRPC thread.
class MetricsHttpServer {
 public:
  // Listens on `address` (as MetricsListenAddress returns it; port 0 picks a free port) and
  // serves `registry`, which must outlive the server. UNAVAILABLE when it cannot listen.
  static absl::StatusOr<std::unique_ptr<MetricsHttpServer>> Start(const Registry& registry,
                                                                  const std::string& address);
  ~MetricsHttpServer();  // stops serving; a scrape in progress is finished first
  MetricsHttpServer(const MetricsHttpServer&) = delete;
  MetricsHttpServer& operator=(const MetricsHttpServer&) = delete;

  // The address bound, "127.0.0.1:40123" (the port actually bound when 0 was asked for).
  const std::string& bound_address() const { return bound_address_; }

 private:
  explicit MetricsHttpServer(const Registry& registry) : registry_(registry) {}
  static int HandleMetrics(::mg_connection* connection, void* self);

  const Registry& registry_;
  mg_context* context_ = nullptr;
  std::string bound_address_;
};

}  // namespace escala::metrics
