#pragma once

#include <memory>

#include "server/platform/domain.h"

namespace escala::server {

// The KPI and QA reports over the report summaries, and their recompute.
std::unique_ptr<Domain> RegisterKpiReports(const DomainContext& context);

}  // namespace escala::server
