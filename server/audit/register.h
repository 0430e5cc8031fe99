#pragma once

#include <memory>

#include "server/platform/domain.h"

namespace escala::server {

// The audit domain: reading the audit log (AuditService).
std::unique_ptr<Domain> RegisterAudit(const DomainContext& context);

}  // namespace escala::server
