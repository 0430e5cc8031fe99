#include "tests/testing/fakes/fake_scorecard_repository.h"

#include "absl/strings/str_cat.h"

namespace escala::testing {

void FakeScorecardRepository::Put(v1::Scorecard card, v1::ScorecardState state,
                                  const std::string& etag) {
  std::vector<v1::Scorecard>& versions = cards[card.scorecard_id()];
  card.set_version(static_cast<int32_t>(versions.size()) + 1);
  card.set_state(state);
  card.set_etag(etag);
  versions.push_back(card);
}

void FakeScorecardRepository::Seed(const v1::Scorecard& card) {
  cards[card.scorecard_id()].push_back(card);
}

v1::Scorecard& FakeScorecardRepository::Mutable(const std::string& scorecard_id, int32_t version) {
  return cards.at(scorecard_id).at(version - 1);
}

absl::StatusOr<v1::Scorecard> FakeScorecardRepository::Create(const v1::Scorecard& scorecard,
                                                              const db::AuditStamp&, absl::Time) {
  ++writes;
  std::vector<v1::Scorecard>& versions = cards[scorecard.scorecard_id()];
  if (!versions.empty()) {
    return absl::AlreadyExistsError(
        absl::StrCat("scorecard '", scorecard.scorecard_id(), "' already exists"));
  }
  v1::Scorecard stored = scorecard;
  stored.set_version(1);
  stored.set_state(v1::SCORECARD_STATE_DRAFT);
  stored.set_etag("1");
  versions.push_back(stored);
  return stored;
}

absl::StatusOr<v1::Scorecard> FakeScorecardRepository::Get(const std::string& id, int32_t version) {
  ++gets;
  auto it = cards.find(id);
  const v1::Scorecard* found = nullptr;
  if (it != cards.end()) {
    for (const v1::Scorecard& card : it->second) {
      if (version == 0 ? (found == nullptr || card.version() > found->version())
                       : card.version() == version) {
        found = &card;
      }
    }
  }
  if (found == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("scorecard '", id, "' version ", version, " not found"));
  }
  return *found;
}

absl::StatusOr<v1::Scorecard> FakeScorecardRepository::GetPublished(const std::string& id) {
  ++published_gets;
  auto it = cards.find(id);
  if (it == cards.end() || it->second.empty()) {
    return absl::NotFoundError(absl::StrCat("scorecard '", id, "' not found"));
  }
  for (auto v = it->second.rbegin(); v != it->second.rend(); ++v) {
    if (v->state() == v1::SCORECARD_STATE_PUBLISHED) return *v;
  }
  return absl::FailedPreconditionError(
      absl::StrCat("scorecard '", id, "' has no published version"));
}

absl::StatusOr<std::vector<v1::Scorecard>> FakeScorecardRepository::List(const std::string& after,
                                                                         v1::ScorecardState state,
                                                                         int limit) {
  ++list_calls;
  std::vector<v1::Scorecard> rows;
  for (auto it = cards.upper_bound(after);
       it != cards.end() && static_cast<int>(rows.size()) < limit; ++it) {
    if (state == v1::SCORECARD_STATE_UNSPECIFIED || it->second.back().state() == state) {
      rows.push_back(it->second.back());
    }
  }
  return rows;
}

absl::StatusOr<std::vector<v1::Scorecard>> FakeScorecardRepository::ListVersions(
    const std::string& id, int32_t before, int limit) {
  std::vector<v1::Scorecard> rows;
  auto it = cards.find(id);
  if (it == cards.end()) return rows;
  for (auto v = it->second.rbegin();
       v != it->second.rend() && static_cast<int>(rows.size()) < limit; ++v) {
    if (before == 0 || v->version() < before) rows.push_back(*v);
  }
  return rows;
}

absl::StatusOr<v1::Scorecard> FakeScorecardRepository::Update(const v1::Scorecard& scorecard,
                                                              int64_t expected_version,
                                                              const db::AuditStamp&, absl::Time) {
  ++writes;
  auto it = cards.find(scorecard.scorecard_id());
  if (it == cards.end() || it->second.empty()) {
    return absl::NotFoundError(
        absl::StrCat("scorecard '", scorecard.scorecard_id(), "' not found"));
  }
  v1::Scorecard& newest = it->second.back();
  if (absl::StrCat(expected_version) != newest.etag()) {
    return absl::AbortedError(absl::StrCat("scorecard '", scorecard.scorecard_id(),
                                           "' was changed concurrently (etag mismatch)"));
  }
  v1::Scorecard stored = scorecard;
  stored.set_version(newest.version());
  stored.set_state(newest.state());
  stored.set_etag(absl::StrCat(expected_version + 1));
  newest = stored;
  return stored;
}

absl::StatusOr<v1::Scorecard> FakeScorecardRepository::Publish(const std::string& id, int64_t,
                                                               const db::AuditStamp&, absl::Time) {
  ++writes;
  auto it = cards.find(id);
  if (it == cards.end() || it->second.empty()) {
    return absl::NotFoundError(absl::StrCat("scorecard '", id, "' not found"));
  }
  v1::Scorecard& newest = it->second.back();
  if (newest.state() != v1::SCORECARD_STATE_DRAFT) {
    return absl::FailedPreconditionError(absl::StrCat("scorecard '", id, "' has no draft"));
  }
  for (v1::Scorecard& version : it->second) {
    if (version.state() == v1::SCORECARD_STATE_PUBLISHED) {
      version.set_state(v1::SCORECARD_STATE_SUPERSEDED);
    }
  }
  newest.set_state(v1::SCORECARD_STATE_PUBLISHED);
  return newest;
}

absl::StatusOr<v1::Scorecard> FakeScorecardRepository::Retire(const std::string& id,
                                                              const std::string& reason,
                                                              const db::AuditStamp&, absl::Time) {
  ++writes;
  last_reason = reason;
  auto it = cards.find(id);
  if (it == cards.end() || it->second.empty()) {
    return absl::NotFoundError(absl::StrCat("scorecard '", id, "' not found"));
  }
  for (v1::Scorecard& version : it->second) version.set_state(v1::SCORECARD_STATE_RETIRED);
  return it->second.back();
}

}  // namespace escala::testing
