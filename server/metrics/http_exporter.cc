#include "server/metrics/http_exporter.h"

#include <civetweb.h>

#include <cstring>
#include <mutex>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/metrics/exposition.h"

namespace escala::metrics {
namespace {

absl::Status Invalid(absl::string_view flag, absl::string_view rule) {
  return absl::InvalidArgumentError(
      absl::StrCat("metrics_listen: '", flag, "' ", rule,
                   " (HOST:PORT, [IPV6]:PORT, or :PORT or PORT for 127.0.0.1)"));
}

bool ValidPort(absl::string_view text) {
  int port = 0;
  return !text.empty() && absl::ascii_isdigit(static_cast<unsigned char>(text[0])) &&
         absl::SimpleAtoi(text, &port) && port >= 0 && port <= 65535;
}

// civetweb's library state is set up once per process.
void InitCivetweb() {
  static std::once_flag once;
  std::call_once(once, [] { mg_init_library(0); });
}

void SendNotFound(::mg_connection* connection) {
  constexpr char kBody[] = "not found: only GET /metrics is served\n";
  mg_printf(connection,
            "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\n"
            "Content-Length: %zu\r\nConnection: close\r\n\r\n",
            sizeof(kBody) - 1);
  mg_write(connection, kBody, sizeof(kBody) - 1);
}

}  // namespace

absl::StatusOr<std::string> MetricsListenAddress(std::string_view flag_in) {
  const absl::string_view flag(flag_in.data(), flag_in.size());
  const absl::string_view text = absl::StripAsciiWhitespace(flag);
  if (text.empty()) return Invalid(flag, "is empty");
  const std::size_t colon = text.rfind(':');
  if (colon == absl::string_view::npos) {
    if (!ValidPort(text)) return Invalid(flag, "is not a port number (0-65535)");
    return absl::StrCat("127.0.0.1:", text);
  }
  const absl::string_view host = text.substr(0, colon);
  const absl::string_view port = text.substr(colon + 1);
  if (!ValidPort(port)) return Invalid(flag, "does not end in a port number (0-65535)");
  if (host.empty() || host == "localhost") return absl::StrCat("127.0.0.1:", port);
  if (host.front() == '[') {
    if (host.back() != ']' || host.size() < 3) return Invalid(flag, "has an unclosed IPv6 host");
    return absl::StrCat(host, ":", port);
  }
  // civetweb listens on numeric addresses only; a name would fail later with a vaguer message.
  for (const char c : host) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c)) && c != '.')
      return Invalid(flag, "has a host that is not an IPv4 address, [IPv6] address or localhost");
  }
  return absl::StrCat(host, ":", port);
}

absl::StatusOr<std::unique_ptr<MetricsHttpServer>> MetricsHttpServer::Start(
    const Registry& registry, const std::string& address) {
  InitCivetweb();
  std::unique_ptr<MetricsHttpServer> server(new MetricsHttpServer(registry));
  const char* options[] = {
      "listening_ports", address.c_str(),
      // Scrapes are short and rare: two threads, and no keep-alive to hold one of them.
      "num_threads", "2", "enable_keep_alive", "no",
      // A client that stops sending mid-request gives its thread back after this long.
      "request_timeout_ms", "10000", nullptr};
  struct mg_callbacks callbacks;
  std::memset(&callbacks, 0, sizeof(callbacks));
  // civetweb's own messages (a malformed request) would otherwise go to stderr unformatted.
  callbacks.log_message = [](const ::mg_connection*, const char*) { return 1; };
  struct mg_init_data init;
  std::memset(&init, 0, sizeof(init));
  init.callbacks = &callbacks;
  init.user_data = server.get();
  init.configuration_options = options;
  char error_text[256] = {0};
  unsigned error_code = 0;
  struct mg_error_data error;
  std::memset(&error, 0, sizeof(error));
  error.code = &error_code;
  error.text = error_text;
  error.text_buffer_size = sizeof(error_text);
  server->context_ = mg_start2(&init, &error);
  if (server->context_ == nullptr) {
    return absl::UnavailableError(
        absl::StrCat("metrics_listen: cannot listen on ", address, ": ", error_text));
  }
  // Every path goes to one handler, which answers 404 for all but GET /metrics (civetweb would
  // otherwise answer some other paths and methods itself).
  mg_set_request_handler(server->context_, "/", &MetricsHttpServer::HandleMetrics, server.get());
  struct mg_server_port ports[4];
  const int count = mg_get_server_ports(server->context_, 4, ports);
  if (count < 1) return absl::UnavailableError("metrics_listen: no port bound");
  const std::string host = address.substr(0, address.rfind(':'));
  server->bound_address_ = absl::StrCat(host, ":", ports[0].port);
  return server;
}

MetricsHttpServer::~MetricsHttpServer() {
  if (context_ != nullptr) mg_stop(context_);
}

int MetricsHttpServer::HandleMetrics(::mg_connection* connection, void* self) {
  const struct mg_request_info* request = mg_get_request_info(connection);
  if (request == nullptr || std::strcmp(request->request_method, "GET") != 0 ||
      std::strcmp(request->local_uri, "/metrics") != 0) {
    SendNotFound(connection);
    return 404;
  }
  const std::string body = static_cast<MetricsHttpServer*>(self)->registry_.Render();
  mg_printf(connection,
            "HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
            "Cache-Control: no-store\r\nConnection: close\r\n\r\n",
            kExpositionContentType, body.size());
  mg_write(connection, body.data(), body.size());
  return 200;
}

}  // namespace escala::metrics
