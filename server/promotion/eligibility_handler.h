#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "db/directory/people_repository.h"
#include "db/promotion/promotion_policy_repository.h"
#include "escala/v1/promotion_eligibility.pb.h"
#include "server/platform/call_context.h"
#include "server/platform/clock.h"
#include "server/promotion/eligibility_facts.h"

namespace escala::server {

// The logic of PromotionEligibilityService, free of gRPC: picks the policy version in force at
// the as-of time, the population the caller may see (an agent themselves, a team lead their
// team), gathers each person's facts and evaluates the criteria (server/promotion/eligibility.h).
class EligibilityHandler {
 public:
  EligibilityHandler(db::PromotionPolicyRepository& policies, db::PeopleRepository& people,
                     EligibilityFactsReader facts, Clock clock)
      : policies_(policies), people_(people), facts_(std::move(facts)), clock_(std::move(clock)) {}

  absl::StatusOr<v1::ComputeEligibilityResponse> ComputeEligibility(
      const CallContext& call, const v1::ComputeEligibilityRequest& request);

  // The most people one call names.
  static constexpr int kMaxEmployeeIds = 100;

 private:
  // The published version to use: `version` when it was published, else the newest published at
  // or before `as_of`.
  absl::StatusOr<v1::PromotionPolicy> PolicyInForce(const std::string& id, int32_t version,
                                                    absl::Time as_of);
  // The people of this page, by employee_id, after `after` (exclusive), at most `limit`, within
  // the caller's reach (NOT_FOUND for a named person or team outside it).
  absl::StatusOr<std::vector<v1::Person>> Population(const CallContext& call,
                                                     const v1::ComputeEligibilityRequest& request,
                                                     const v1::PromotionPolicy& policy,
                                                     const std::string& after, int limit);

  db::PromotionPolicyRepository& policies_;
  db::PeopleRepository& people_;
  EligibilityFactsReader facts_;
  Clock clock_;
};

}  // namespace escala::server
