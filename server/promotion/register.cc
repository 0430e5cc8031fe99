#include "server/promotion/register.h"

#include "server/promotion/eligibility_handler.h"
#include "server/promotion/eligibility_service.h"
#include "server/promotion/promotion_policy_handler.h"
#include "server/promotion/promotion_policy_service.h"

namespace escala::server {

std::unique_ptr<Domain> RegisterPromotion(const DomainContext& context) {
  auto domain = std::make_unique<Domain>();
  const db::Repositories& r = context.repositories;
  // The audit log is also the request log: PublishPromotionPolicy looks a request_id up there.
  auto& policies =
      domain->Own<PromotionPolicyHandler>(r.promotion_policies, r.audit, context.clock);
  domain->Serve<PromotionPolicyService>(v1::PromotionPolicyService::service_full_name(), policies,
                                        context.runtime);
  auto& eligibility = domain->Own<EligibilityHandler>(
      r.promotion_policies, r.people,
      EligibilityFactsReader(r.people, r.evaluations, r.completions, r.certifications, r.reports),
      context.clock);
  domain->Serve<EligibilityService>(v1::PromotionEligibilityService::service_full_name(),
                                    eligibility, context.runtime);
  return domain;
}

}  // namespace escala::server
