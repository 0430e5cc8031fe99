#pragma once

#include <memory>

#include "server/platform/domain.h"

namespace escala::server {

// The SLA domain: SLA policies and the SLA report.
std::unique_ptr<Domain> RegisterSla(const DomainContext& context);

}  // namespace escala::server
