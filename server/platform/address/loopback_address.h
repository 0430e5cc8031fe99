#ifndef ESCALA_SERVER_PLATFORM_ADDRESS_LOOPBACK_ADDRESS_H_
#define ESCALA_SERVER_PLATFORM_ADDRESS_LOOPBACK_ADDRESS_H_

#include "absl/strings/string_view.h"

namespace escala {

// Whether HOST:PORT (or a bare host) names this machine only: 127.0.0.0/8, localhost, [::1] or
// [::ffff:127.x.y.z]. 0.0.0.0, [::] and every other host are not loopback.
bool IsLoopbackHostPort(absl::string_view host_port);

}  // namespace escala

#endif  // ESCALA_SERVER_PLATFORM_ADDRESS_LOOPBACK_ADDRESS_H_
