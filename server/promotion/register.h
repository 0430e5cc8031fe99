#pragma once

#include <memory>

#include "server/platform/domain.h"

namespace escala::server {

// The promotion domain: promotion policies (versioned criteria per step of the career ladder)
// and the eligibility computed from them.
std::unique_ptr<Domain> RegisterPromotion(const DomainContext& context);

}  // namespace escala::server
