#include "server/identity/register.h"

#include "server/identity/identity_handler.h"
#include "server/identity/identity_service.h"

namespace escala::server {

std::unique_ptr<Domain> RegisterIdentity(const DomainContext& context) {
  auto domain = std::make_unique<Domain>();
  const db::Repositories& r = context.repositories;
  auto& identity = domain->Own<IdentityHandler>(r.tokens, r.service_accounts, r.people,
                                                context.authenticator, r.audit, context.clock);
  domain->Serve<IdentityService>(v1::IdentityService::service_full_name(), identity,
                                 context.runtime);
  return domain;
}

}  // namespace escala::server
