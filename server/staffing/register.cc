#include "server/staffing/register.h"

#include "server/staffing/staffing_handler.h"
#include "server/staffing/staffing_service.h"

namespace escala::server {

std::unique_ptr<Domain> RegisterStaffing(const DomainContext& context) {
  auto domain = std::make_unique<Domain>();
  auto& staffing = domain->Own<StaffingHandler>(context.repositories.interactions);
  domain->Serve<StaffingService>(v1::StaffingService::service_full_name(), staffing,
                                 context.runtime);
  return domain;
}

}  // namespace escala::server
