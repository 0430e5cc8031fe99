#pragma once

// Promotion cases in memory with the PromotionCaseRepository contract: the open-step guard, the
// request_id key, row versions as etags and the due list. A level change is applied to the case
// only (its state and apply time) and listed in applied(); the people fake is not touched, and
// no audit events are written. Thread-safe.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "db/promotion/promotion_case_repository.h"
#include "db/promotion/promotion_case_rules.h"

namespace escala::testing {

class FakePromotionCaseRepository : public db::PromotionCaseRepository {
 public:
  absl::StatusOr<v1::PromotionCase> Create(const v1::PromotionCase& promotion_case,
                                           const db::CreateRequest& key, const db::AuditStamp&,
                                           absl::Time now) override {
    absl::MutexLock lock(&mutex_);
    if (!key.request_id.empty() && by_request_.count(key.request_id) > 0) {
      return db::WithErrorInfo(absl::AlreadyExistsError("request_id: already used"),
                               db::kReasonRequestIdReused);
    }
    if (std::optional<std::string> step = db::OpenStepOf(promotion_case)) {
      for (const auto& [id, stored] : cases_) {
        if (db::OpenStepOf(stored.promotion_case) == step) {
          return db::WithErrorInfo(absl::AlreadyExistsError("an open case holds the step"),
                                   db::kReasonPromotionCaseOpen,
                                   {{"resource", absl::StrCat("promotionCases/", id)}});
        }
      }
    }
    const int64_t id = ++last_id_;
    Stored& stored = cases_[id];
    stored.promotion_case = promotion_case;
    stored.promotion_case.set_id(id);
    *stored.promotion_case.mutable_create_time() = db::MillisToTimestamp(absl::ToUnixMillis(now));
    *stored.promotion_case.mutable_update_time() = db::MillisToTimestamp(absl::ToUnixMillis(now));
    stored.promotion_case.set_etag("1");
    stored.request_hash = key.request_hash;
    if (!key.request_id.empty()) by_request_[key.request_id] = id;
    return stored.promotion_case;
  }

  absl::StatusOr<std::optional<db::CreatedByRequest<v1::PromotionCase>>> FindByRequestId(
      const std::string& request_id) override {
    absl::MutexLock lock(&mutex_);
    auto found = by_request_.find(request_id);
    if (found == by_request_.end()) return std::nullopt;
    const Stored& stored = cases_.at(found->second);
    return db::CreatedByRequest<v1::PromotionCase>{stored.promotion_case, stored.request_hash};
  }

  absl::StatusOr<v1::PromotionCase> Get(int64_t id) override {
    absl::MutexLock lock(&mutex_);
    auto found = cases_.find(id);
    if (found == cases_.end()) return absl::NotFoundError(absl::StrCat("case ", id, " not found"));
    return found->second.promotion_case;
  }

  absl::StatusOr<std::optional<v1::PromotionCase>> FindOpen(const std::string& employee_id,
                                                            int32_t from_level,
                                                            int32_t to_level) override {
    absl::MutexLock lock(&mutex_);
    const std::string step = absl::StrCat(employee_id, "/", from_level, "/", to_level);
    for (const auto& [id, stored] : cases_) {
      if (db::OpenStepOf(stored.promotion_case) == step) return stored.promotion_case;
    }
    return std::nullopt;
  }

  absl::StatusOr<std::vector<v1::PromotionCase>> List(const db::PromotionCaseFilter& filter,
                                                      int64_t before_id, int limit) override {
    absl::MutexLock lock(&mutex_);
    std::vector<v1::PromotionCase> rows;
    for (auto it = cases_.rbegin(); it != cases_.rend() && static_cast<int>(rows.size()) < limit;
         ++it) {
      const v1::PromotionCase& c = it->second.promotion_case;
      if (before_id > 0 && c.id() >= before_id) continue;
      if (filter.state != v1::PROMOTION_CASE_STATE_UNSPECIFIED && c.state() != filter.state) {
        continue;
      }
      if (!filter.team_id.empty() && c.team_id() != filter.team_id) continue;
      if (!filter.employee_id.empty() && c.employee_id() != filter.employee_id) continue;
      if (!filter.promotion_policy_id.empty() &&
          c.promotion_policy_id() != filter.promotion_policy_id) {
        continue;
      }
      rows.push_back(c);
    }
    return rows;
  }

  absl::StatusOr<v1::PromotionCase> Update(const v1::PromotionCase& after, int64_t expected_version,
                                           const db::AuditStamp&, absl::Time now) override {
    absl::MutexLock lock(&mutex_);
    auto found = cases_.find(after.id());
    if (found == cases_.end()) return absl::NotFoundError("case not found");
    return Write(found->second, after, expected_version, now);
  }

  absl::StatusOr<std::vector<v1::PromotionCase>> ListDue(absl::Time due, int limit) override {
    absl::MutexLock lock(&mutex_);
    std::vector<v1::PromotionCase> rows;
    for (const auto& [id, stored] : cases_) {
      if (static_cast<int>(rows.size()) >= limit) break;
      if (IsDue(stored.promotion_case, due)) rows.push_back(stored.promotion_case);
    }
    return rows;
  }

  absl::StatusOr<v1::PromotionCase> ApplyLevelChange(int64_t id, const db::AuditStamp&,
                                                     absl::Time now) override {
    absl::MutexLock lock(&mutex_);
    auto found = cases_.find(id);
    if (found == cases_.end()) return absl::NotFoundError("case not found");
    if (!IsDue(found->second.promotion_case, now)) {
      return db::WithErrorInfo(
          absl::FailedPreconditionError("not an approved, due case"),
          db::kReasonInvalidStateTransition,
          {{"state", v1::PromotionCaseState_Name(found->second.promotion_case.state())}});
    }
    v1::PromotionCase after = found->second.promotion_case;
    after.set_state(v1::PROMOTION_CASE_STATE_EFFECTIVE);
    *after.mutable_apply_time() = db::MillisToTimestamp(absl::ToUnixMillis(now));
    applied_.push_back(id);
    return Write(found->second, after, found->second.version, now);
  }

  // The ids of the cases whose level change was applied, in order.
  std::vector<int64_t> applied() {
    absl::MutexLock lock(&mutex_);
    return applied_;
  }

 private:
  struct Stored {
    v1::PromotionCase promotion_case;
    int64_t version = 1;
    std::string request_hash;
  };

  static bool IsDue(const v1::PromotionCase& c, absl::Time now) {
    if (c.state() != v1::PROMOTION_CASE_STATE_APPROVED) return false;
    std::optional<absl::Time> start = db::StartOfUtcDay(c.effective_date());
    return start.has_value() && *start <= now;
  }

  absl::StatusOr<v1::PromotionCase> Write(Stored& stored, const v1::PromotionCase& after,
                                          int64_t expected_version, absl::Time now)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    if (stored.version != expected_version) {
      return db::WithErrorInfo(absl::AbortedError("etag mismatch"), db::kReasonEtagMismatch);
    }
    const google::protobuf::Timestamp created = stored.promotion_case.create_time();
    stored.promotion_case = after;
    ++stored.version;
    *stored.promotion_case.mutable_create_time() = created;
    *stored.promotion_case.mutable_update_time() = db::MillisToTimestamp(absl::ToUnixMillis(now));
    stored.promotion_case.set_etag(absl::StrCat(stored.version));
    return stored.promotion_case;
  }

  absl::Mutex mutex_;
  std::map<int64_t, Stored> cases_ ABSL_GUARDED_BY(mutex_);
  std::map<std::string, int64_t> by_request_ ABSL_GUARDED_BY(mutex_);
  std::vector<int64_t> applied_ ABSL_GUARDED_BY(mutex_);
  int64_t last_id_ ABSL_GUARDED_BY(mutex_) = 0;
};

}  // namespace escala::testing
