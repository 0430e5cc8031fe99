#include "tests/testing/fakes/fake_scorecard_repository.h"

#include <map>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"

namespace escala::testing {
namespace {

std::map<std::string, std::string> Metadata(const std::string& id) {
  return {{"resource", absl::StrCat("scorecards/", id)}};
}

absl::Status NotFound(const std::string& id) {
  return absl::NotFoundError(absl::StrCat("scorecard '", id, "' not found"));
}

absl::Status Stale(const std::string& id) {
  return db::WithErrorInfo(
      absl::AbortedError(absl::StrCat("scorecard '", id,
                                      "' was changed concurrently (etag mismatch); re-read and "
                                      "retry")),
      db::kReasonEtagMismatch, Metadata(id));
}

absl::Status Retired(const std::string& id, absl::string_view consequence) {
  return db::WithErrorInfo(
      absl::FailedPreconditionError(absl::StrCat("scorecard '", id, "' is retired ", consequence)),
      db::kReasonScorecardRetired, Metadata(id));
}

// The row version behind a stored etag (0 for an etag a test seeded that is not a number).
int64_t RowVersion(const v1::Scorecard& card) {
  int64_t version = 0;
  (void)absl::SimpleAtoi(card.etag(), &version);
  return version;
}

void BumpRowVersion(v1::Scorecard& card) { card.set_etag(absl::StrCat(RowVersion(card) + 1)); }

// Times are stored to the millisecond.
google::protobuf::Timestamp Stored(absl::Time now) {
  return db::MillisToTimestamp(absl::ToUnixMillis(now));
}

// A new draft version of `scorecard`: its content only, the output fields set here.
v1::Scorecard NewDraft(const v1::Scorecard& scorecard, int32_t version, int64_t row_version,
                       const db::AuditStamp& stamp, absl::Time now) {
  v1::Scorecard draft = scorecard;
  draft.clear_publish_time();
  draft.clear_retire_time();
  draft.set_version(version);
  draft.set_state(v1::SCORECARD_STATE_DRAFT);
  draft.set_created_by(stamp.principal);
  *draft.mutable_create_time() = Stored(now);
  *draft.mutable_update_time() = Stored(now);
  draft.set_etag(absl::StrCat(row_version));
  return draft;
}

}  // namespace

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

std::vector<v1::Scorecard>* FakeScorecardRepository::Versions(const std::string& id) {
  auto it = cards.find(id);
  if (it == cards.end() || it->second.empty()) return nullptr;
  return &it->second;
}

absl::StatusOr<v1::Scorecard> FakeScorecardRepository::Create(const v1::Scorecard& scorecard,
                                                              const db::AuditStamp& stamp,
                                                              absl::Time now) {
  absl::MutexLock lock(&mutex_);
  ++writes;
  const std::string& id = scorecard.scorecard_id();
  if (Versions(id) != nullptr) {
    return db::WithErrorInfo(
        absl::AlreadyExistsError(absl::StrCat("scorecard '", id, "' already exists")),
        db::kReasonDuplicateId, Metadata(id));
  }
  v1::Scorecard created = NewDraft(scorecard, 1, 1, stamp, now);
  cards[id].push_back(created);
  return created;
}

absl::StatusOr<v1::Scorecard> FakeScorecardRepository::Get(const std::string& id, int32_t version) {
  absl::MutexLock lock(&mutex_);
  ++gets;
  std::vector<v1::Scorecard>* versions = Versions(id);
  if (version == 0) {
    if (versions == nullptr) return NotFound(id);
    return versions->back();
  }
  if (versions != nullptr) {
    for (const v1::Scorecard& card : *versions) {
      if (card.version() == version) return card;
    }
  }
  return absl::NotFoundError(absl::StrCat("scorecard '", id, "' has no version ", version));
}

absl::StatusOr<v1::Scorecard> FakeScorecardRepository::GetPublished(const std::string& id) {
  absl::MutexLock lock(&mutex_);
  ++published_gets;
  std::vector<v1::Scorecard>* versions = Versions(id);
  if (versions == nullptr) return NotFound(id);
  if (versions->back().state() == v1::SCORECARD_STATE_RETIRED) {
    return Retired(id, "and cannot be used for new evaluations");
  }
  for (auto v = versions->rbegin(); v != versions->rend(); ++v) {
    if (v->state() == v1::SCORECARD_STATE_PUBLISHED) return *v;
  }
  return db::WithErrorInfo(
      absl::FailedPreconditionError(absl::StrCat("scorecard '", id, "' has no published version")),
      db::kReasonScorecardNotPublished, Metadata(id));
}

absl::StatusOr<std::vector<v1::Scorecard>> FakeScorecardRepository::List(const std::string& after,
                                                                         v1::ScorecardState state,
                                                                         int limit) {
  absl::MutexLock lock(&mutex_);
  ++list_calls;
  std::vector<v1::Scorecard> rows;
  for (auto it = cards.upper_bound(after);
       it != cards.end() && static_cast<int>(rows.size()) < limit; ++it) {
    if (it->second.empty()) continue;
    if (state == v1::SCORECARD_STATE_UNSPECIFIED || it->second.back().state() == state) {
      rows.push_back(it->second.back());
    }
  }
  return rows;
}

absl::StatusOr<std::vector<v1::Scorecard>> FakeScorecardRepository::ListVersions(
    const std::string& id, int32_t before, int limit) {
  absl::MutexLock lock(&mutex_);
  std::vector<v1::Scorecard> rows;
  std::vector<v1::Scorecard>* versions = Versions(id);
  if (versions == nullptr) return rows;
  for (auto v = versions->rbegin(); v != versions->rend() && static_cast<int>(rows.size()) < limit;
       ++v) {
    if (before <= 0 || v->version() < before) rows.push_back(*v);
  }
  return rows;
}

absl::StatusOr<v1::Scorecard> FakeScorecardRepository::Update(const v1::Scorecard& scorecard,
                                                              int64_t expected_version,
                                                              const db::AuditStamp& stamp,
                                                              absl::Time now) {
  absl::MutexLock lock(&mutex_);
  ++writes;
  const std::string& id = scorecard.scorecard_id();
  std::vector<v1::Scorecard>* versions = Versions(id);
  if (versions == nullptr) return NotFound(id);
  v1::Scorecard& newest = versions->back();
  if (newest.state() == v1::SCORECARD_STATE_RETIRED) {
    return Retired(id, "and can no longer be changed");
  }
  if (RowVersion(newest) != expected_version) return Stale(id);
  if (newest.state() == v1::SCORECARD_STATE_DRAFT) {
    // The draft keeps who created it and when; the content is replaced.
    v1::Scorecard edited = NewDraft(scorecard, newest.version(), expected_version + 1, stamp, now);
    edited.set_created_by(newest.created_by());
    *edited.mutable_create_time() = newest.create_time();
    newest = edited;
    return newest;
  }
  // A published (or superseded) version never changes: the edit becomes the next version.
  v1::Scorecard draft = NewDraft(scorecard, newest.version() + 1, expected_version + 1, stamp, now);
  versions->push_back(draft);
  return draft;
}

absl::StatusOr<v1::Scorecard> FakeScorecardRepository::Publish(const std::string& id,
                                                               int64_t expected_version,
                                                               const db::AuditStamp&,
                                                               absl::Time now) {
  absl::MutexLock lock(&mutex_);
  ++writes;
  std::vector<v1::Scorecard>* versions = Versions(id);
  if (versions == nullptr) return NotFound(id);
  v1::Scorecard& newest = versions->back();
  if (newest.state() == v1::SCORECARD_STATE_RETIRED) {
    return Retired(id, "and can no longer be changed");
  }
  if (newest.state() != v1::SCORECARD_STATE_DRAFT) {
    return absl::FailedPreconditionError(
        absl::StrCat("scorecard '", id, "' has no draft to publish: version ", newest.version(),
                     " is ", v1::ScorecardState_Name(newest.state())));
  }
  if (RowVersion(newest) != expected_version) return Stale(id);
  for (v1::Scorecard& version : *versions) {
    if (version.state() == v1::SCORECARD_STATE_PUBLISHED) {
      version.set_state(v1::SCORECARD_STATE_SUPERSEDED);
      *version.mutable_update_time() = Stored(now);
      BumpRowVersion(version);
    }
  }
  newest.set_state(v1::SCORECARD_STATE_PUBLISHED);
  *newest.mutable_publish_time() = Stored(now);
  *newest.mutable_update_time() = Stored(now);
  BumpRowVersion(newest);
  return newest;
}

absl::StatusOr<v1::Scorecard> FakeScorecardRepository::Retire(const std::string& id,
                                                              const std::string& reason,
                                                              const db::AuditStamp&,
                                                              absl::Time now) {
  absl::MutexLock lock(&mutex_);
  ++writes;
  last_reason = reason;
  std::vector<v1::Scorecard>* versions = Versions(id);
  if (versions == nullptr) return NotFound(id);
  if (versions->back().state() == v1::SCORECARD_STATE_RETIRED) return Retired(id, "already");
  for (v1::Scorecard& version : *versions) {
    version.set_state(v1::SCORECARD_STATE_RETIRED);
    *version.mutable_retire_time() = Stored(now);
    *version.mutable_update_time() = Stored(now);
    BumpRowVersion(version);
  }
  return versions->back();
}

}  // namespace escala::testing
