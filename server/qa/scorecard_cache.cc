#include "server/qa/scorecard_cache.h"

#include "absl/strings/str_cat.h"
#include "db/common/error_details.h"

namespace escala::server {
namespace {

// The resource name of one version, as the audit log names it.
std::string VersionName(const std::string& scorecard_id, int32_t version) {
  return absl::StrCat("scorecards/", scorecard_id, "/versions/", version);
}

}  // namespace

absl::StatusOr<std::shared_ptr<const CachedScorecard>> ScorecardCache::Parse(
    v1::Scorecard scorecard) {
  absl::StatusOr<ScoringForm> form = ToScoringForm(scorecard);
  if (!form.ok()) {
    // A stored published card always passed these checks when it was published.
    return absl::InternalError(absl::StrCat("scorecard '", scorecard.scorecard_id(), "' version ",
                                            scorecard.version(),
                                            " cannot be scored: ", form.status().message()));
  }
  auto cached = std::make_shared<CachedScorecard>();
  cached->scorecard = std::move(scorecard);
  cached->form = std::move(*form);
  return std::shared_ptr<const CachedScorecard>(std::move(cached));
}

absl::StatusOr<std::shared_ptr<const CachedScorecard>> ScorecardCache::Version(
    const std::string& scorecard_id, int32_t version) {
  {
    absl::MutexLock lock(&mu_);
    auto it = versions_.find({scorecard_id, version});
    if (it != versions_.end()) return it->second;
  }
  absl::StatusOr<v1::Scorecard> stored = repository_.Get(scorecard_id, version);
  if (!stored.ok()) return stored.status();
  if (stored->state() == v1::SCORECARD_STATE_DRAFT ||
      stored->state() == v1::SCORECARD_STATE_UNSPECIFIED) {
    return db::WithErrorInfo(
        absl::FailedPreconditionError(absl::StrCat("scorecard '", scorecard_id, "' version ",
                                                   stored->version(), " is not published")),
        db::kReasonScorecardNotPublished,
        {{"resource", VersionName(scorecard_id, stored->version())}});
  }
  absl::StatusOr<std::shared_ptr<const CachedScorecard>> parsed = Parse(*std::move(stored));
  if (!parsed.ok()) return parsed.status();
  absl::MutexLock lock(&mu_);
  versions_.emplace(std::make_pair(scorecard_id, (*parsed)->scorecard.version()), *parsed);
  return parsed;
}

absl::StatusOr<std::shared_ptr<const CachedScorecard>> ScorecardCache::NewestPublished(
    const std::string& scorecard_id) {
  const absl::Time now = clock_();
  {
    absl::MutexLock lock(&mu_);
    auto newest = newest_.find(scorecard_id);
    if (newest != newest_.end() && now - newest->second.fetched < newest_ttl_) {
      auto it = versions_.find({scorecard_id, newest->second.version});
      if (it != versions_.end()) return it->second;
    }
  }
  absl::StatusOr<v1::Scorecard> stored = repository_.GetPublished(scorecard_id);
  if (!stored.ok()) return stored.status();
  const int32_t version = stored->version();
  absl::StatusOr<std::shared_ptr<const CachedScorecard>> parsed = Parse(*std::move(stored));
  if (!parsed.ok()) return parsed.status();
  absl::MutexLock lock(&mu_);
  auto [it, inserted] = versions_.emplace(std::make_pair(scorecard_id, version), *parsed);
  newest_[scorecard_id] = Newest{version, now};
  return it->second;
}

absl::StatusOr<std::shared_ptr<const CachedScorecard>> ScorecardCache::ForNewEvaluation(
    const std::string& scorecard_id, int32_t version) {
  absl::StatusOr<std::shared_ptr<const CachedScorecard>> newest = NewestPublished(scorecard_id);
  if (!newest.ok() || version == 0) return newest;
  const int32_t newest_version = (*newest)->scorecard.version();
  if (version == newest_version) return newest;
  if (version < newest_version) {
    return db::WithErrorInfo(absl::FailedPreconditionError(
                                 absl::StrCat("scorecard '", scorecard_id, "' version ", version,
                                              " is superseded by version ", newest_version)),
                             db::kReasonScorecardSuperseded,
                             {{"resource", VersionName(scorecard_id, version)},
                              {"newestVersion", absl::StrCat(newest_version)}});
  }
  return db::WithErrorInfo(
      absl::FailedPreconditionError(
          absl::StrCat("scorecard '", scorecard_id, "' version ", version,
                       " is not published (the newest published version is ", newest_version, ")")),
      db::kReasonScorecardNotPublished,
      {{"resource", VersionName(scorecard_id, version)},
       {"newestVersion", absl::StrCat(newest_version)}});
}

void ScorecardCache::Invalidate(const std::string& scorecard_id) {
  absl::MutexLock lock(&mu_);
  newest_.erase(scorecard_id);
}

}  // namespace escala::server
