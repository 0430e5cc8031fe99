#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "db/common/audit_stamp.h"
#include "db/common/create_request.h"
#include "db/common/event_feed_repository.h"
#include "escala/v1/promotion_cases.pb.h"

namespace escala::db {

// Which cases List returns; empty/zero fields do not filter.
struct PromotionCaseFilter {
  v1::PromotionCaseState state = v1::PROMOTION_CASE_STATE_UNSPECIFIED;
  std::string team_id;
  std::string employee_id;
  std::string promotion_policy_id;
};

// Storage of promotion cases (table promotion_cases). A PromotionCase message is one case; id,
// create_time, update_time and etag (the row version) are set here, everything else is stored as
// given. Every change writes its audit event ("promotion_case", "promotionCases/<id>", before
// and after) in the transaction of the change; a failed change writes none.
class PromotionCaseRepository {
 public:
  virtual ~PromotionCaseRepository() = default;

  // Stores a new case as given (its state should be NOMINATED) under `key` (request_id unique
  // when given). ALREADY_EXISTS with PROMOTION_CASE_OPEN (metadata resource: the open case) when
  // the person has an open case for the step; ALREADY_EXISTS with REQUEST_ID_REUSED when the
  // request_id is taken; FAILED_PRECONDITION when the person does not exist.
  virtual absl::StatusOr<v1::PromotionCase> Create(const v1::PromotionCase& promotion_case,
                                                   const CreateRequest& key,
                                                   const AuditStamp& stamp, absl::Time now) = 0;
  // The case created with `request_id`, with the fingerprint of that request; nullopt if none.
  virtual absl::StatusOr<std::optional<CreatedByRequest<v1::PromotionCase>>> FindByRequestId(
      const std::string& request_id) = 0;
  // NOT_FOUND when there is no such case.
  virtual absl::StatusOr<v1::PromotionCase> Get(int64_t id) = 0;
  // The open case (NOMINATED, UNDER_REVIEW, APPROVED) of the person for the step; nullopt when
  // there is none.
  virtual absl::StatusOr<std::optional<v1::PromotionCase>> FindOpen(const std::string& employee_id,
                                                                    int32_t from_level,
                                                                    int32_t to_level) = 0;
  // At most `limit` cases newest first (id descending), with ids below `before_id` (0: from the
  // newest).
  virtual absl::StatusOr<std::vector<v1::PromotionCase>> List(const PromotionCaseFilter& filter,
                                                              int64_t before_id, int limit) = 0;
  // As List, and the event feed's position read in the same snapshot as the page (the
  // ListPromotionCases event_watermark): watching from it delivers exactly the changes the page
  // does not show. A store without an event feed leaves `watermark` at epoch 0.
  virtual absl::StatusOr<std::vector<v1::PromotionCase>> ListWithWatermark(
      const PromotionCaseFilter& filter, int64_t before_id, int limit, FeedPosition& watermark) {
    watermark = FeedPosition{};
    return List(filter, before_id, limit);
  }
  // Replaces the stored case by `after` (same id) if its row version is still
  // `expected_version`: ABORTED (ETAG_MISMATCH) when it moved, NOT_FOUND when it is gone. The
  // open-step guard and the due time follow after's state.
  virtual absl::StatusOr<v1::PromotionCase> Update(const v1::PromotionCase& after,
                                                   int64_t expected_version,
                                                   const AuditStamp& stamp, absl::Time now) = 0;
  // The APPROVED cases whose effective date's 00:00 UTC is at or before `due`, earliest first,
  // at most `limit`.
  virtual absl::StatusOr<std::vector<v1::PromotionCase>> ListDue(absl::Time due, int limit) = 0;
  // Applies the level change of an APPROVED, due case in one transaction: the person's level
  // becomes to_level (their row version moves), a level change dated the effective date's 00:00
  // UTC and naming the case is recorded, the case becomes EFFECTIVE with apply_time `now`, and
  // both changes are audited. FAILED_PRECONDITION (INVALID_STATE_TRANSITION, metadata state)
  // when the case is not APPROVED (applied already, withdrawn meanwhile) or not due at `now`;
  // FAILED_PRECONDITION (LEVEL_CHANGED) when the person's level is no longer from_level.
  virtual absl::StatusOr<v1::PromotionCase> ApplyLevelChange(int64_t id, const AuditStamp& stamp,
                                                             absl::Time now) = 0;
};

// The start of a YYYY-MM-DD day in UTC, the instant a case's level change is dated with;
// nullopt for a text that is not such a date.
inline std::optional<absl::Time> StartOfUtcDay(const std::string& date) {
  absl::CivilDay day;
  if (date.size() != 10 || !absl::ParseCivilTime(date, &day)) return std::nullopt;
  return absl::FromCivil(day, absl::UTCTimeZone());
}

}  // namespace escala::db
