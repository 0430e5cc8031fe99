#include "server/promotion/register.h"

#include "server/promotion/auto_nominator.h"
#include "server/promotion/eligibility_handler.h"
#include "server/promotion/eligibility_service.h"
#include "server/promotion/level_change_applier.h"
#include "server/promotion/level_history_handler.h"
#include "server/promotion/level_history_service.h"
#include "server/promotion/promotion_case_handler.h"
#include "server/promotion/promotion_case_service.h"
#include "server/promotion/promotion_policy_handler.h"
#include "server/promotion/promotion_policy_service.h"
#include "server/promotion/regression_checker.h"
#include "server/promotion/regression_flag_handler.h"
#include "server/promotion/regression_flag_service.h"

namespace escala::server {
namespace {

// How often approved promotions are checked for having fallen due. A change is dated by its
// effective date whenever it is applied, so the interval only bounds how late people.level
// follows.
constexpr absl::Duration kLevelChangeInterval = absl::Minutes(1);

}  // namespace

std::unique_ptr<Domain> RegisterPromotion(const DomainContext& context) {
  auto domain = std::make_unique<Domain>();
  const db::Repositories& r = context.repositories;
  // The audit log is also the request log: PublishPromotionPolicy looks a request_id up there.
  auto& policies =
      domain->Own<PromotionPolicyHandler>(r.promotion_policies, r.audit, context.clock);
  domain->Serve<PromotionPolicyService>(v1::PromotionPolicyService::service_full_name(), policies,
                                        context.runtime);
  auto facts =
      EligibilityFactsReader(r.people, r.evaluations, r.completions, r.certifications, r.reports);
  auto& eligibility =
      domain->Own<EligibilityHandler>(r.promotion_policies, r.people, facts, context.clock);
  domain->Serve<EligibilityService>(v1::PromotionEligibilityService::service_full_name(),
                                    eligibility, context.runtime);
  auto& cases = domain->Own<PromotionCaseHandler>(r.promotion_cases, r.promotion_policies, r.people,
                                                  r.audit, facts, context.clock);
  domain->Serve<PromotionCaseService>(v1::PromotionCaseService::service_full_name(), cases,
                                      context.runtime);
  auto& history = domain->Own<LevelHistoryHandler>(r.people);
  domain->Serve<LevelHistoryService>(v1::LevelHistoryService::service_full_name(), history,
                                     context.runtime);
  // Changes that fell due while the server was down are applied before it serves.
  auto& applier = domain->Own<LevelChangeApplier>(r.promotion_cases, context.clock);
  applier.ApplyDue();
  applier.Start(kLevelChangeInterval);
  auto& nominator = domain->Own<AutoNominator>(r.promotion_policies, cases);
  nominator.Start(context.auto_nomination_interval);
  // Flags are raised at start-up too: a person who fell while the server was down is seen at
  // once.
  auto& checker = domain->Own<RegressionChecker>(r.promotion_cases, r.promotion_policies, r.people,
                                                 r.regression_flags, facts, context.clock);
  auto& flags =
      domain->Own<RegressionFlagHandler>(r.regression_flags, r.audit, checker, context.clock);
  domain->Serve<RegressionFlagService>(v1::RegressionFlagService::service_full_name(), flags,
                                       context.runtime);
  checker.CheckAll();
  checker.Start(context.regression_check_interval);
  return domain;
}

}  // namespace escala::server
