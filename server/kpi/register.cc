#include "server/kpi/register.h"

#include "server/kpi/report_handler.h"
#include "server/kpi/report_service.h"

namespace escala::server {

std::unique_ptr<Domain> RegisterKpiReports(const DomainContext& context) {
  auto domain = std::make_unique<Domain>();
  const db::Repositories& r = context.repositories;
  auto& reports = domain->Own<ReportHandler>(
      ReportHandler::Sources{r.reports, r.people, r.teams, r.scorecards, r.learning_paths,
                             r.certifications, r.completions},
      context.clock);
  domain->Serve<ReportService>(v1::ReportService::service_full_name(), reports, context.runtime);
  return domain;
}

}  // namespace escala::server
