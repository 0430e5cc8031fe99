#include "server/platform/address/loopback_address.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace escala {

bool IsLoopbackHostPort(absl::string_view host_port) {
  if (absl::StartsWith(host_port, "[")) {
    const size_t close = host_port.find(']');
    if (close == absl::string_view::npos) return false;
    const std::string host(host_port.substr(1, close - 1));
    in6_addr address{};
    if (inet_pton(AF_INET6, host.c_str(), &address) != 1) return false;
    if (IN6_IS_ADDR_LOOPBACK(&address)) return true;
    // ::ffff:127.0.0.1 is IPv4 loopback written as IPv6.
    return IN6_IS_ADDR_V4MAPPED(&address) && address.s6_addr[12] == 127;
  }
  const size_t colon = host_port.rfind(':');
  const std::string host = absl::AsciiStrToLower(
      colon == absl::string_view::npos ? host_port : host_port.substr(0, colon));
  if (host == "localhost") return true;
  in_addr address{};
  if (inet_pton(AF_INET, host.c_str(), &address) != 1) return false;
  // 127.0.0.0/8; s_addr is in network byte order, so its first byte is the first octet.
  return reinterpret_cast<const unsigned char*>(&address.s_addr)[0] == 127;
}

}  // namespace escala
