#pragma once

#include "db/core/session_pool.h"
#include "db/promotion/promotion_case_repository.h"

namespace escala::db {

// PromotionCaseRepository on SOCI (MySQL/MariaDB or SQLite), table promotion_cases
// (migration 0027). Every change's transaction is the one function that writes it: Create,
// Update and ApplyLevelChange; events of the change belong in that transaction.
class SociPromotionCaseRepository : public PromotionCaseRepository {
 public:
  explicit SociPromotionCaseRepository(SessionPool& pool) : pool_(pool) {}

  absl::StatusOr<v1::PromotionCase> Create(const v1::PromotionCase& promotion_case,
                                           const CreateRequest& key, const AuditStamp& stamp,
                                           absl::Time now) override;
  absl::StatusOr<std::optional<CreatedByRequest<v1::PromotionCase>>> FindByRequestId(
      const std::string& request_id) override;
  absl::StatusOr<v1::PromotionCase> Get(int64_t id) override;
  absl::StatusOr<std::optional<v1::PromotionCase>> FindOpen(const std::string& employee_id,
                                                            int32_t from_level,
                                                            int32_t to_level) override;
  absl::StatusOr<std::vector<v1::PromotionCase>> List(const PromotionCaseFilter& filter,
                                                      int64_t before_id, int limit) override;
  absl::StatusOr<std::vector<v1::PromotionCase>> ListWithWatermark(
      const PromotionCaseFilter& filter, int64_t before_id, int limit,
      FeedPosition& watermark) override;
  absl::StatusOr<v1::PromotionCase> Update(const v1::PromotionCase& after, int64_t expected_version,
                                           const AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<std::vector<v1::PromotionCase>> ListDue(absl::Time due, int limit) override;
  absl::StatusOr<v1::PromotionCase> ApplyLevelChange(int64_t id, const AuditStamp& stamp,
                                                     absl::Time now) override;

 private:
  SessionPool& pool_;
};

}  // namespace escala::db
