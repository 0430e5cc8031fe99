#include "server/sla/register.h"

#include "server/sla/sla_policy_handler.h"
#include "server/sla/sla_policy_service.h"

namespace escala::server {

std::unique_ptr<Domain> RegisterSla(const DomainContext& context) {
  auto domain = std::make_unique<Domain>();
  const db::Repositories& r = context.repositories;
  // The audit log is also the request log: PublishSlaPolicy looks a request_id up there.
  auto& policies = domain->Own<SlaPolicyHandler>(r.sla_policies, r.interactions, r.people, r.audit,
                                                 context.clock);
  domain->Serve<SlaPolicyService>(v1::SlaPolicyService::service_full_name(), policies,
                                  context.runtime);
  return domain;
}

}  // namespace escala::server
