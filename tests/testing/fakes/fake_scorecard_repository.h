#pragma once

// Scorecard versions in memory with the ScorecardRepository contract (tests/integration/
// scorecard_repository_contract_test.cc runs against it): a draft is edited in place, an edit of
// a published version adds the next draft, publishing supersedes the previous published version,
// retiring retires every version; the etag is the row version of the newest version, and a new
// version continues from it. Counters record what reached the repository. No audit events.
// Thread-safe, so that concurrent writers of one scorecard take turns as they do on SQL.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "db/qa/scorecard_repository.h"

namespace escala::testing {

class FakeScorecardRepository : public db::ScorecardRepository {
 public:
  // Stores `card` directly as the next version of its scorecard, in `state` with `etag`.
  void Put(v1::Scorecard card, v1::ScorecardState state, const std::string& etag = "1");
  // Stores `card` as it is (its version and state included) as the next version.
  void Seed(const v1::Scorecard& card);
  // Version `version` (1-based) of `scorecard_id`, which must have been stored.
  v1::Scorecard& Mutable(const std::string& scorecard_id, int32_t version);

  absl::StatusOr<v1::Scorecard> Create(const v1::Scorecard& scorecard, const db::AuditStamp& stamp,
                                       absl::Time now) override;
  absl::StatusOr<v1::Scorecard> Get(const std::string& id, int32_t version) override;
  absl::StatusOr<v1::Scorecard> GetPublished(const std::string& id) override;
  absl::StatusOr<std::vector<v1::Scorecard>> List(const std::string& after,
                                                  v1::ScorecardState state, int limit) override;
  absl::StatusOr<std::vector<v1::Scorecard>> ListVersions(const std::string& id, int32_t before,
                                                          int limit) override;
  absl::StatusOr<v1::Scorecard> Update(const v1::Scorecard& scorecard, int64_t expected_version,
                                       const db::AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<v1::Scorecard> Publish(const std::string& id, int64_t expected_version,
                                        const db::AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<v1::Scorecard> Retire(const std::string& id, const std::string& reason,
                                       const db::AuditStamp& stamp, absl::Time now) override;

  // Versions by scorecard id, oldest first. Tests read and seed it directly, never while the
  // repository is called from other threads.
  std::map<std::string, std::vector<v1::Scorecard>> cards;
  int writes = 0;
  int list_calls = 0;
  int gets = 0;
  int published_gets = 0;
  std::string last_reason;

 private:
  // The versions of `id`, or nullptr when it has none.
  std::vector<v1::Scorecard>* Versions(const std::string& id);

  absl::Mutex mutex_;
};

}  // namespace escala::testing
