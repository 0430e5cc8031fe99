#include "db/promotion/soci_promotion_policy_repository.h"

namespace escala::db {

static_assert(v1::PROMOTION_POLICY_STATE_DRAFT == kDocumentDraft &&
              v1::PROMOTION_POLICY_STATE_PUBLISHED == kDocumentPublished &&
              v1::PROMOTION_POLICY_STATE_SUPERSEDED == kDocumentSuperseded);

const VersionedDocumentKind& SociPromotionPolicyRepository::Kind() {
  static const VersionedDocumentKind kKind{
      "promotion_policy_versions", "promotion_policy_id", "Promotion policy", "promotion_policy",
      "promotionPolicies",         "PromotionPolicy",     "PromotionPolicies"};
  return kKind;
}

}  // namespace escala::db
