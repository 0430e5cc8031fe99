#include "server/promotion/auto_nominator.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/platform/logger.h"

namespace escala::server {
namespace {

// Policies read per page.
constexpr int kPolicyBatch = 100;

// The published version of a policy when it asks for automatic nomination.
bool AutoNominates(db::PromotionPolicyRepository& policies, const std::string& policy_id) {
  absl::StatusOr<std::vector<v1::PromotionPolicy>> published = policies.ListPublished(policy_id);
  if (!published.ok()) return false;
  for (const v1::PromotionPolicy& version : *published) {
    if (version.state() == v1::PROMOTION_POLICY_STATE_PUBLISHED) return version.auto_nominate();
  }
  return false;
}

}  // namespace

int AutoNominator::NominateEligible() {
  CallContext call;
  call.caller.principal = kPrincipal;
  call.method = kMethod;
  call.scope = Scope::kAll;
  int opened = 0;
  std::string after;
  while (true) {
    absl::StatusOr<std::vector<v1::PromotionPolicy>> page =
        policies_.List(after, v1::PROMOTION_POLICY_STATE_UNSPECIFIED, kPolicyBatch);
    if (!page.ok()) {
      Log(LogLevel::kWarning, absl::StrCat("automatic nomination: cannot list the policies: ",
                                           page.status().message()));
      return opened;
    }
    for (const v1::PromotionPolicy& policy : *page) {
      if (!AutoNominates(policies_, policy.promotion_policy_id())) continue;
      v1::NominateEligibleRequest request;
      request.set_promotion_policy_id(policy.promotion_policy_id());
      request.set_nomination_reason("Eligible under the policy: nominated automatically");
      absl::StatusOr<v1::NominateEligibleResponse> done = cases_.NominateEligible(call, request);
      if (!done.ok()) {
        Log(LogLevel::kWarning,
            absl::StrCat("automatic nomination under '", policy.promotion_policy_id(),
                         "' failed: ", done.status().message()));
        continue;
      }
      opened += done->opened_size();
      for (const v1::PromotionCase& promotion_case : done->opened()) {
        Log(LogLevel::kInfo,
            absl::StrCat("promotion case ", promotion_case.id(), ": ", promotion_case.employee_id(),
                         " nominated automatically under '", policy.promotion_policy_id(), "'"));
      }
    }
    if (static_cast<int>(page->size()) < kPolicyBatch) return opened;
    after = page->back().promotion_policy_id();
  }
}

}  // namespace escala::server
