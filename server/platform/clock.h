#pragma once

#include <functional>

#include "absl/time/time.h"

namespace escala::server {

// The source of "now" for create/update times; tests pass a fixed clock.
using Clock = std::function<absl::Time()>;

}  // namespace escala::server
