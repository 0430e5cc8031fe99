#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "db/common/request_log.h"
#include "db/directory/people_repository.h"
#include "db/promotion/promotion_case_repository.h"
#include "db/promotion/promotion_policy_repository.h"
#include "escala/v1/promotion_cases.pb.h"
#include "server/platform/call_context.h"
#include "server/platform/clock.h"
#include "server/promotion/eligibility_facts.h"

namespace escala::server {

// The logic of PromotionCaseService, free of gRPC: validates, checks the caller's reach (an
// agent their own cases, a team lead their team's, by the team at nomination), takes the
// eligibility snapshots under the policy version pinned at nomination, runs the state machine
// (server/promotion/case_transitions.h) and stores the result. The state changes look their
// request_id up in the audit log (`requests`). An approval whose effective date has come is
// applied at once (db::PromotionCaseRepository::ApplyLevelChange); later ones by the
// LevelChangeApplier.
class PromotionCaseHandler {
 public:
  PromotionCaseHandler(db::PromotionCaseRepository& cases, db::PromotionPolicyRepository& policies,
                       db::PeopleRepository& people, db::RequestLog& requests,
                       EligibilityFactsReader facts, Clock clock)
      : cases_(cases),
        policies_(policies),
        people_(people),
        requests_(requests),
        facts_(std::move(facts)),
        clock_(std::move(clock)) {}

  absl::StatusOr<v1::PromotionCase> Nominate(const CallContext& call,
                                             const v1::NominateRequest& request);
  absl::StatusOr<v1::NominateEligibleResponse> NominateEligible(
      const CallContext& call, const v1::NominateEligibleRequest& request);
  absl::StatusOr<v1::PromotionCase> GetPromotionCase(const CallContext& call,
                                                     const v1::GetPromotionCaseRequest& request);
  absl::StatusOr<v1::ListPromotionCasesResponse> ListPromotionCases(
      const CallContext& call, const v1::ListPromotionCasesRequest& request);
  absl::StatusOr<v1::PromotionCase> StartReview(const CallContext& call,
                                                const v1::StartReviewRequest& request);
  absl::StatusOr<v1::PromotionCase> Approve(const CallContext& call,
                                            const v1::ApproveRequest& request);
  absl::StatusOr<v1::PromotionCase> Reject(const CallContext& call,
                                           const v1::RejectRequest& request);
  absl::StatusOr<v1::PromotionCase> Withdraw(const CallContext& call,
                                             const v1::WithdrawRequest& request);
  absl::StatusOr<v1::PromotionCase> AcknowledgePromotion(
      const CallContext& call, const v1::AcknowledgePromotionRequest& request);

 private:
  // AcknowledgePromotion after its request_id lookup.
  absl::StatusOr<v1::PromotionCase> Acknowledge(const CallContext& call,
                                                const v1::AcknowledgePromotionRequest& request,
                                                const db::CreateRequest& key);
  // The newest published version of the policy; FAILED_PRECONDITION naming promotion_policy_id
  // when it does not exist or was never published.
  absl::StatusOr<v1::PromotionPolicy> PublishedPolicy(const std::string& promotion_policy_id);
  // The person's eligibility under `policy` now.
  absl::StatusOr<v1::PersonEligibility> Snapshot(const v1::PromotionPolicy& policy,
                                                 const v1::Person& person, absl::Time now);
  // The snapshot again, under the version the case pinned.
  absl::StatusOr<v1::PersonEligibility> DecisionSnapshot(const v1::PromotionCase& current,
                                                         absl::Time now);
  // The case, NOT_FOUND when it is outside the caller's reach.
  absl::StatusOr<v1::PromotionCase> Reachable(const CallContext& call, int64_t id);
  // Opens a case for `person` under `policy`, stamped with `stamp`.
  absl::StatusOr<v1::PromotionCase> Open(const CallContext& call, const v1::PromotionPolicy& policy,
                                         const v1::Person& person, const std::string& reason,
                                         const db::CreateRequest& key, absl::Time now);
  // Runs one state change: reads the reachable case, checks `etag`, lets `step` compute the
  // case after the step and stores it under the read version, stamped with `key`. A replay of
  // `key` answers the case as it is now.
  absl::StatusOr<v1::PromotionCase> Change(
      const CallContext& call, int64_t id, const std::string& etag, const db::CreateRequest& key,
      const std::function<absl::StatusOr<v1::PromotionCase>(const v1::PromotionCase&, absl::Time)>&
          step);

  db::PromotionCaseRepository& cases_;
  db::PromotionPolicyRepository& policies_;
  db::PeopleRepository& people_;
  db::RequestLog& requests_;
  EligibilityFactsReader facts_;
  Clock clock_;
};

}  // namespace escala::server
