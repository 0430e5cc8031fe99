#include "server/promotion/register.h"

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
  return domain;
}

}  // namespace escala::server
