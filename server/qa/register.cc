#include "server/qa/register.h"

#include "server/qa/assignment_handler.h"
#include "server/qa/assignment_service.h"
#include "server/qa/calibration_handler.h"
#include "server/qa/calibration_service.h"
#include "server/qa/evaluation_handler.h"
#include "server/qa/evaluation_service.h"
#include "server/qa/scorecard_cache.h"
#include "server/qa/scorecard_handler.h"
#include "server/qa/scorecard_service.h"

namespace escala::server {

std::unique_ptr<Domain> RegisterQa(const DomainContext& context) {
  auto domain = std::make_unique<Domain>();
  const db::Repositories& r = context.repositories;
  // The audit log is also the request log: the state-changing methods look a request_id up there.
  // Shared by every path that scores; the scorecard handler invalidates it when it publishes.
  auto& cache = domain->Own<ScorecardCache>(r.scorecards, context.clock);
  auto& scorecards = domain->Own<ScorecardHandler>(r.scorecards, r.audit, context.clock, &cache);
  auto& evaluations = domain->Own<EvaluationHandler>(r.evaluations, cache, r.audit, context.clock);
  auto& calibration = domain->Own<CalibrationHandler>(r.calibration, r.scorecards, r.people,
                                                      r.interactions, r.audit, context.clock);
  auto& assignments = domain->Own<AssignmentHandler>(r.assignments, r.people, r.teams, cache,
                                                     r.audit, context.clock);
  domain->Serve<ScorecardService>(v1::ScorecardService::service_full_name(), scorecards,
                                  context.runtime);
  domain->Serve<EvaluationService>(v1::EvaluationService::service_full_name(), evaluations,
                                   context.runtime);
  domain->Serve<CalibrationService>(v1::CalibrationService::service_full_name(), calibration,
                                    context.runtime);
  domain->Serve<AssignmentService>(v1::AssignmentService::service_full_name(), assignments,
                                   context.runtime);
  return domain;
}

}  // namespace escala::server
