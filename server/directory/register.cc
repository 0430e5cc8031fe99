#include "server/directory/register.h"

#include "server/directory/people_handler.h"
#include "server/directory/people_service.h"

namespace escala::server {

std::unique_ptr<Domain> RegisterDirectory(const DomainContext& context) {
  auto domain = std::make_unique<Domain>();
  const db::Repositories& r = context.repositories;
  auto& people = domain->Own<PeopleHandler>(r.people, r.teams, context.clock);
  domain->Serve<PeopleService>(v1::PeopleService::service_full_name(), people, context.runtime);
  return domain;
}

}  // namespace escala::server
