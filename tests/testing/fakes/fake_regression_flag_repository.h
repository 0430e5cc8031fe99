#pragma once

// Regression flags in memory with the RegressionFlagRepository contract: one open flag per case
// (raising again answers it), row versions as etags. No audit or feed events are written.
// Thread-safe.

#include <cstdint>
#include <map>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "db/promotion/regression_flag_repository.h"

namespace escala::testing {

class FakeRegressionFlagRepository : public db::RegressionFlagRepository {
 public:
  absl::StatusOr<db::RaisedFlag> Raise(const v1::RegressionFlag& flag, const db::AuditStamp&,
                                       absl::Time now) override {
    absl::MutexLock lock(&mutex_);
    for (const auto& [id, stored] : flags_) {
      if (stored.flag.promotion_case_id() == flag.promotion_case_id() &&
          db::IsOpenFlagState(stored.flag.state())) {
        return db::RaisedFlag{stored.flag, false};
      }
    }
    const int64_t id = ++last_id_;
    Stored& stored = flags_[id];
    stored.flag = flag;
    stored.flag.set_id(id);
    *stored.flag.mutable_raise_time() = db::MillisToTimestamp(absl::ToUnixMillis(now));
    *stored.flag.mutable_update_time() = db::MillisToTimestamp(absl::ToUnixMillis(now));
    stored.flag.set_etag("1");
    return db::RaisedFlag{stored.flag, true};
  }

  absl::StatusOr<v1::RegressionFlag> Get(int64_t id) override {
    absl::MutexLock lock(&mutex_);
    auto found = flags_.find(id);
    if (found == flags_.end()) return absl::NotFoundError(absl::StrCat("flag ", id, " not found"));
    return found->second.flag;
  }

  absl::StatusOr<std::vector<v1::RegressionFlag>> ListOfCase(int64_t promotion_case_id) override {
    absl::MutexLock lock(&mutex_);
    std::vector<v1::RegressionFlag> rows;
    for (const auto& [id, stored] : flags_) {
      if (stored.flag.promotion_case_id() == promotion_case_id) rows.push_back(stored.flag);
    }
    return rows;
  }

  absl::StatusOr<std::vector<v1::RegressionFlag>> List(const db::RegressionFlagFilter& filter,
                                                       int64_t before_id, int limit) override {
    absl::MutexLock lock(&mutex_);
    std::vector<v1::RegressionFlag> rows;
    for (auto it = flags_.rbegin(); it != flags_.rend() && static_cast<int>(rows.size()) < limit;
         ++it) {
      const v1::RegressionFlag& f = it->second.flag;
      if (before_id > 0 && f.id() >= before_id) continue;
      if (filter.state != v1::REGRESSION_FLAG_STATE_UNSPECIFIED && f.state() != filter.state) {
        continue;
      }
      if (!filter.team_id.empty() && f.team_id() != filter.team_id) continue;
      if (!filter.employee_id.empty() && f.employee_id() != filter.employee_id) continue;
      rows.push_back(f);
    }
    return rows;
  }

  absl::StatusOr<v1::RegressionFlag> Update(const v1::RegressionFlag& after,
                                            int64_t expected_version, const db::AuditStamp&,
                                            absl::Time now) override {
    absl::MutexLock lock(&mutex_);
    auto found = flags_.find(after.id());
    if (found == flags_.end()) return absl::NotFoundError("flag not found");
    Stored& stored = found->second;
    if (stored.version != expected_version) {
      return db::WithErrorInfo(absl::AbortedError("etag mismatch"), db::kReasonEtagMismatch);
    }
    const google::protobuf::Timestamp raised = stored.flag.raise_time();
    stored.flag = after;
    ++stored.version;
    *stored.flag.mutable_raise_time() = raised;
    *stored.flag.mutable_update_time() = db::MillisToTimestamp(absl::ToUnixMillis(now));
    stored.flag.set_etag(absl::StrCat(stored.version));
    return stored.flag;
  }

 private:
  struct Stored {
    v1::RegressionFlag flag;
    int64_t version = 1;
  };

  absl::Mutex mutex_;
  std::map<int64_t, Stored> flags_ ABSL_GUARDED_BY(mutex_);
  int64_t last_id_ ABSL_GUARDED_BY(mutex_) = 0;
};

}  // namespace escala::testing
