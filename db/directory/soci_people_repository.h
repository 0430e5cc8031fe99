#pragma once

#include "db/core/session_pool.h"
#include "db/directory/people_repository.h"

namespace escala::db {

// PeopleRepository on SOCI (MySQL/MariaDB or SQLite).
class SociPeopleRepository : public PeopleRepository {
 public:
  explicit SociPeopleRepository(SessionPool& pool) : pool_(pool) {}

  absl::StatusOr<v1::Person> Create(const v1::Person& person, const AuditStamp& stamp,
                                    absl::Time now) override;
  absl::StatusOr<v1::Person> Get(const std::string& employee_id) override;
  absl::StatusOr<std::vector<v1::Person>> List(const PeopleFilter& filter,
                                               const std::string& after_employee_id,
                                               int limit) override;
  absl::StatusOr<std::vector<v1::Person>> ListWithWatermark(const PeopleFilter& filter,
                                                            const std::string& after_employee_id,
                                                            int limit,
                                                            FeedPosition& watermark) override;
  absl::StatusOr<v1::Person> Update(const v1::Person& person, int64_t expected_version,
                                    const AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<UpsertCounts> Upsert(const std::vector<v1::Person>& people,
                                      const AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<std::vector<v1::Person>> GetMany(
      const std::vector<std::string>& employee_ids) override;
  absl::StatusOr<std::vector<LevelChange>> LevelChanges(const std::string& employee_id) override;
  absl::StatusOr<std::map<std::string, std::vector<LevelChange>>> LevelChangesOf(
      const std::vector<std::string>& employee_ids) override;
  absl::StatusOr<std::vector<std::string>> FindExisting(
      const std::vector<std::string>& employee_ids) override;

 private:
  SessionPool& pool_;
};

}  // namespace escala::db
