#pragma once

#include <memory>

#include "server/platform/domain.h"

namespace escala::server {

// Staffing from history.
std::unique_ptr<Domain> RegisterStaffing(const DomainContext& context);

}  // namespace escala::server
