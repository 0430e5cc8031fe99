#include "tests/testing/fakes/fake_team_repository.h"

#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"

namespace escala::testing {

void FakeTeamRepository::Add(const v1::Team& team) {
  v1::Team stored = team;
  if (stored.etag().empty()) stored.set_etag("1");
  teams_[stored.team_id()] = stored;
}

absl::StatusOr<v1::Team> FakeTeamRepository::Create(const v1::Team& team, const db::AuditStamp&,
                                                    absl::Time now) {
  if (!failure.ok()) return failure;
  if (teams_.contains(team.team_id())) {
    return absl::AlreadyExistsError(absl::StrCat("team '", team.team_id(), "' already exists"));
  }
  v1::Team stored = team;
  *stored.mutable_create_time() = db::TimeToTimestamp(now);
  *stored.mutable_update_time() = db::TimeToTimestamp(now);
  stored.set_etag("1");
  teams_[stored.team_id()] = stored;
  return stored;
}

absl::StatusOr<v1::Team> FakeTeamRepository::Get(const std::string& team_id) {
  if (!failure.ok()) return failure;
  auto found = teams_.find(team_id);
  if (found == teams_.end())
    return absl::NotFoundError(absl::StrCat("team '", team_id, "' not found"));
  return found->second;
}

absl::StatusOr<std::vector<v1::Team>> FakeTeamRepository::List(const std::string& after_team_id,
                                                               int limit) {
  if (!failure.ok()) return failure;
  std::vector<v1::Team> page;
  for (auto it = teams_.upper_bound(after_team_id);
       it != teams_.end() && static_cast<int>(page.size()) < limit; ++it) {
    page.push_back(it->second);
  }
  return page;
}

absl::StatusOr<v1::Team> FakeTeamRepository::Update(const v1::Team& team, int64_t expected_version,
                                                    const db::AuditStamp&, absl::Time now) {
  if (!failure.ok()) return failure;
  auto found = teams_.find(team.team_id());
  if (found == teams_.end()) {
    return absl::NotFoundError(absl::StrCat("team '", team.team_id(), "' not found"));
  }
  if (found->second.etag() != absl::StrCat(expected_version)) {
    return absl::AbortedError(absl::StrCat(
        "team '", team.team_id(), "' was changed concurrently (etag mismatch); re-read and retry"));
  }
  v1::Team stored = team;
  *stored.mutable_create_time() = found->second.create_time();
  *stored.mutable_update_time() = db::TimeToTimestamp(now);
  stored.set_etag(absl::StrCat(expected_version + 1));
  found->second = stored;
  return stored;
}

}  // namespace escala::testing
