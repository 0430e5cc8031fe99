#include "server/interactions/register.h"

#include "server/interactions/interaction_handler.h"
#include "server/interactions/interaction_service.h"

namespace escala::server {

std::unique_ptr<Domain> RegisterInteractions(const DomainContext& context) {
  auto domain = std::make_unique<Domain>();
  const db::Repositories& r = context.repositories;
  auto& interactions = domain->Own<InteractionHandler>(r.interactions, r.people, context.clock);
  domain->Serve<InteractionService>(v1::InteractionService::service_full_name(), interactions,
                                    r.interactions, context.runtime, context.state, context.clock,
                                    context.max_import_records);
  return domain;
}

}  // namespace escala::server
