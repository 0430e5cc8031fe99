#pragma once

#include <array>
#include <string_view>

#include "absl/status/statusor.h"
#include "db/audit/audit_repository.h"
#include "escala/v1/audit.pb.h"

namespace escala::server {

// The resource types audit events are recorded for: the only values ListAuditEvents accepts as
// a resource_type filter. A new audited resource adds its type here; the audit e2e test filters
// by the type of every scenario's event and fails when one is missing.
inline constexpr std::array<const char*, 24> kAuditResourceTypes = {"person",
                                                                    "team",
                                                                    "interaction",
                                                                    "service_account",
                                                                    "token",
                                                                    "scorecard",
                                                                    "evaluation",
                                                                    "calibration_session",
                                                                    "calibration_score",
                                                                    "sampling_plan",
                                                                    "assignment",
                                                                    "course",
                                                                    "training_session",
                                                                    "enrolment",
                                                                    "criterion_training_rule",
                                                                    "training_recommendation",
                                                                    "training_completion",
                                                                    "certification",
                                                                    "learning_path",
                                                                    "report_summary",
                                                                    "sla_policy",
                                                                    "promotion_policy",
                                                                    "promotion_case",
                                                                    "regression_flag"};

// The logic of AuditService, free of gRPC: validate the filters, page through the repository.
// Who may call it is decided by the service adapter, not here.
class AuditHandler {
 public:
  explicit AuditHandler(db::AuditRepository& audit) : audit_(audit) {}

  // `page_scope` is the caller's reach (CallContext::PageScope): page tokens are bound to it.
  absl::StatusOr<v1::ListAuditEventsResponse> ListAuditEvents(
      const v1::ListAuditEventsRequest& request, std::string_view page_scope = {});

 private:
  db::AuditRepository& audit_;
};

}  // namespace escala::server
