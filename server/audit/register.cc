#include "server/audit/register.h"

#include "server/audit/audit_handler.h"
#include "server/audit/audit_service.h"

namespace escala::server {

std::unique_ptr<Domain> RegisterAudit(const DomainContext& context) {
  auto domain = std::make_unique<Domain>();
  auto& audit = domain->Own<AuditHandler>(context.repositories.audit);
  domain->Serve<AuditService>(v1::AuditService::service_full_name(), audit, context.runtime);
  return domain;
}

}  // namespace escala::server
