#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "db/qa/scorecard_repository.h"
#include "escala/v1/scorecards.pb.h"
#include "server/platform/clock.h"
#include "server/qa/scoring/scorecard_mapping.h"

namespace escala::server {

// A scorecard version and its engine form, parsed once.
struct CachedScorecard {
  v1::Scorecard scorecard;
  ScoringForm form;
};

// Scorecards as the evaluation paths need them, without a database round trip per call. The
// content of a published version never changes, so a version is cached by (id, version) for the
// life of the process (its state field is as first read: callers must not rely on it). Which
// version is the newest published one does change; that answer is kept for `newest_ttl` and
// dropped at once by Invalidate(id), which the scorecard service calls when it publishes or
// retires through this process (another process's publish shows after at most `newest_ttl`).
// Thread-safe.
class ScorecardCache {
 public:
  ScorecardCache(db::ScorecardRepository& repository, Clock clock,
                 absl::Duration newest_ttl = absl::Seconds(5))
      : repository_(repository), clock_(std::move(clock)), newest_ttl_(newest_ttl) {}

  // One stored version that is not a draft (a draft may still change and cannot be scored
  // against: FAILED_PRECONDITION). NOT_FOUND when there is no such version.
  absl::StatusOr<std::shared_ptr<const CachedScorecard>> Version(const std::string& scorecard_id,
                                                                 int32_t version);
  // The newest published version: FAILED_PRECONDITION when the card has none or is retired,
  // NOT_FOUND when it does not exist (as ScorecardRepository::GetPublished).
  absl::StatusOr<std::shared_ptr<const CachedScorecard>> NewestPublished(
      const std::string& scorecard_id);
  // The version a new evaluation uses: 0 = the newest published; another version must be that
  // one (FAILED_PRECONDITION "scorecard 'x' version 2 is superseded by version 3" for an older
  // one, "… is not published" for a newer one).
  absl::StatusOr<std::shared_ptr<const CachedScorecard>> ForNewEvaluation(
      const std::string& scorecard_id, int32_t version);

  // Forgets which version of `scorecard_id` is the newest published one.
  void Invalidate(const std::string& scorecard_id);

 private:
  absl::StatusOr<std::shared_ptr<const CachedScorecard>> Parse(v1::Scorecard scorecard);

  struct Newest {
    int32_t version = 0;
    absl::Time fetched;
  };

  db::ScorecardRepository& repository_;
  Clock clock_;
  absl::Duration newest_ttl_;
  absl::Mutex mu_;
  std::map<std::pair<std::string, int32_t>, std::shared_ptr<const CachedScorecard>> versions_
      ABSL_GUARDED_BY(mu_);
  std::map<std::string, Newest> newest_ ABSL_GUARDED_BY(mu_);
};

}  // namespace escala::server
