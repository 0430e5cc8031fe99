#pragma once

#include "absl/status/statusor.h"
#include "db/common/request_log.h"
#include "db/directory/people_repository.h"
#include "db/interactions/interaction_repository.h"
#include "db/sla/sla_policy_repository.h"
#include "escala/v1/sla_policies.pb.h"
#include "server/platform/call_context.h"
#include "server/platform/clock.h"

namespace escala::server {

// The logic of SlaPolicyService, free of gRPC. Policies belong to no person or team, so the
// access policy only allows or denies their methods; the report applies the caller's scope (an
// agent sees their own figures, a team lead their team's). Every change is stamped with the
// admitted caller; PublishSlaPolicy looks its request_id up in the audit log (`requests`).
class SlaPolicyHandler {
 public:
  SlaPolicyHandler(db::SlaPolicyRepository& policies, db::InteractionRepository& interactions,
                   db::PeopleRepository& people, db::RequestLog& requests, Clock clock)
      : policies_(policies),
        interactions_(interactions),
        people_(people),
        requests_(requests),
        clock_(std::move(clock)) {}

  absl::StatusOr<v1::SlaPolicy> CreateSlaPolicy(const CallContext& call,
                                                const v1::CreateSlaPolicyRequest& request);
  absl::StatusOr<v1::SlaPolicy> GetSlaPolicy(const CallContext& call,
                                             const v1::GetSlaPolicyRequest& request);
  absl::StatusOr<v1::ListSlaPoliciesResponse> ListSlaPolicies(
      const CallContext& call, const v1::ListSlaPoliciesRequest& request);
  absl::StatusOr<v1::SlaPolicy> UpdateSlaPolicy(const CallContext& call,
                                                const v1::UpdateSlaPolicyRequest& request);
  absl::StatusOr<v1::SlaPolicy> PublishSlaPolicy(const CallContext& call,
                                                 const v1::PublishSlaPolicyRequest& request);
  absl::StatusOr<v1::ComputeSlaReportResponse> ComputeSlaReport(
      const CallContext& call, const v1::ComputeSlaReportRequest& request);

  // Longest range one report reads: it reads the stored interactions on each call.
  static constexpr absl::Duration kMaxReportRange = absl::Hours(24 * 92);
  // Interactions read per page while a report is computed.
  static constexpr int kReportPage = 1000;

 private:
  absl::StatusOr<v1::SlaPolicy> Publish(const CallContext& call,
                                        const v1::PublishSlaPolicyRequest& request,
                                        const db::CreateRequest& key);
  // OK when the report's agent or team is inside the caller's scope; NOT_FOUND otherwise.
  absl::Status CheckReportScope(const CallContext& call,
                                const v1::ComputeSlaReportRequest& request);

  db::SlaPolicyRepository& policies_;
  db::InteractionRepository& interactions_;
  db::PeopleRepository& people_;
  db::RequestLog& requests_;
  Clock clock_;
};

}  // namespace escala::server
