#pragma once

#include <string>

#include "absl/time/time.h"

namespace escala::db {

// A new ULID (26 characters of Crockford base32: 48 bits of milliseconds since the epoch, then
// 80 random bits): unique without coordination and sortable by creation time.
std::string NewEventId(absl::Time now);

}  // namespace escala::db
