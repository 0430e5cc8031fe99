#pragma once

#include <memory>

#include "server/platform/domain.h"

namespace escala::server {

// The interactions domain: records of customer contacts and their imports
// (InteractionService).
std::unique_ptr<Domain> RegisterInteractions(const DomainContext& context);

}  // namespace escala::server
