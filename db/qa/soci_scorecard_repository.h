#pragma once

#include "db/core/session_pool.h"
#include "db/qa/scorecard_repository.h"

namespace escala::db {

// ScorecardRepository on SOCI (MySQL/MariaDB or SQLite).
//
// The etag of a version is its row_version. A new draft version continues the row_version of
// the version it replaces, so the row_versions of one scorecard only ever grow: an etag read
// from an older newest version can never match the current newest one.
class SociScorecardRepository : public ScorecardRepository {
 public:
  explicit SociScorecardRepository(SessionPool& pool) : pool_(pool) {}

  absl::StatusOr<v1::Scorecard> Create(const v1::Scorecard& scorecard, const AuditStamp& stamp,
                                       absl::Time now) override;
  absl::StatusOr<v1::Scorecard> Get(const std::string& scorecard_id, int32_t version) override;
  absl::StatusOr<v1::Scorecard> GetPublished(const std::string& scorecard_id) override;
  absl::StatusOr<std::vector<v1::Scorecard>> List(const std::string& after_scorecard_id,
                                                  v1::ScorecardState state, int limit) override;
  absl::StatusOr<std::vector<v1::Scorecard>> ListVersions(const std::string& scorecard_id,
                                                          int32_t before_version,
                                                          int limit) override;
  absl::StatusOr<v1::Scorecard> Update(const v1::Scorecard& scorecard, int64_t expected_version,
                                       const AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<v1::Scorecard> Publish(const std::string& scorecard_id, int64_t expected_version,
                                        const AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<v1::Scorecard> Retire(const std::string& scorecard_id, const std::string& reason,
                                       const AuditStamp& stamp, absl::Time now) override;

 private:
  SessionPool& pool_;
};

}  // namespace escala::db
