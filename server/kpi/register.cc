#include "server/kpi/register.h"

#include "server/kpi/report_handler.h"
#include "server/kpi/report_service.h"

namespace escala::server {

std::unique_ptr<Domain> RegisterKpiReports(const DomainContext& context) {
  auto domain = std::make_unique<Domain>();
  auto& reports =
      domain->Own<ReportHandler>(context.repositories.reports, context.repositories.people,
                                 context.repositories.scorecards, context.clock);
  domain->Serve<ReportService>(v1::ReportService::service_full_name(), reports, context.runtime);
  return domain;
}

}  // namespace escala::server
