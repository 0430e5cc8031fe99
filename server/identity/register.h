#pragma once

#include <memory>

#include "server/platform/domain.h"

namespace escala::server {

// The identity domain: tokens, service accounts and WhoAmI (IdentityService).
std::unique_ptr<Domain> RegisterIdentity(const DomainContext& context);

}  // namespace escala::server
