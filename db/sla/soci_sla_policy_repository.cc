#include "db/sla/soci_sla_policy_repository.h"

#include "absl/status/status.h"
#include "db/core/with_session.h"
#include "db/interactions/priority_change_log.h"

namespace escala::db {

static_assert(v1::SLA_POLICY_STATE_DRAFT == kDocumentDraft &&
              v1::SLA_POLICY_STATE_PUBLISHED == kDocumentPublished &&
              v1::SLA_POLICY_STATE_SUPERSEDED == kDocumentSuperseded);

const VersionedDocumentKind& SociSlaPolicyRepository::Kind() {
  static const VersionedDocumentKind kKind{"sla_policy_versions", "sla_policy_id", "SLA policy",
                                           "sla_policy",          "slaPolicies",   "SlaPolicy",
                                           "SlaPolicies"};
  return kKind;
}

absl::StatusOr<std::map<int64_t, std::vector<PriorityChangeRow>>>
SociSlaPolicyRepository::ListPriorityChanges(const std::vector<int64_t>& interaction_ids) {
  if (interaction_ids.size() > 1000) {
    return absl::InvalidArgumentError("at most 1000 interactions per priority-history read");
  }
  return WithSession(pool_, "ListPriorityChanges",
                     [&](SessionPool::Lease& lease)
                         -> absl::StatusOr<std::map<int64_t, std::vector<PriorityChangeRow>>> {
                       return ReadPriorityChanges(lease.session(), interaction_ids);
                     });
}

}  // namespace escala::db
