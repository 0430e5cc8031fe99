#pragma once

#include "absl/status/statusor.h"
#include "db/common/request_log.h"
#include "db/qa/scorecard_repository.h"
#include "escala/v1/scorecards.pb.h"
#include "server/platform/call_context.h"
#include "server/platform/clock.h"
#include "server/qa/scorecard_cache.h"

namespace escala::server {

// The logic of ScorecardService, free of gRPC: validate, call the repository, shape the answer.
// Scorecards belong to no person or team, so the access policy only allows or denies them: there
// is no narrower scope to apply. Every change is stamped with the admitted caller.
class ScorecardHandler {
 public:
  // `cache` (may be null) is told when a publish or retirement changes which version of a card
  // new evaluations use, so that this process's evaluations see it at once.
  // `requests` is the audit log, where PublishScorecard and RetireScorecard look a request_id up
  // before applying it; a replay answers the published (or retired) scorecard as it is now.
  ScorecardHandler(db::ScorecardRepository& scorecards, db::RequestLog& requests, Clock clock,
                   ScorecardCache* cache = nullptr)
      : scorecards_(scorecards), requests_(requests), clock_(std::move(clock)), cache_(cache) {}

  absl::StatusOr<v1::Scorecard> CreateScorecard(const CallContext& call,
                                                const v1::CreateScorecardRequest& request);
  absl::StatusOr<v1::Scorecard> GetScorecard(const CallContext& call,
                                             const v1::GetScorecardRequest& request);
  absl::StatusOr<v1::ListScorecardsResponse> ListScorecards(
      const CallContext& call, const v1::ListScorecardsRequest& request);
  absl::StatusOr<v1::ListScorecardsResponse> ListScorecardVersions(
      const CallContext& call, const v1::ListScorecardVersionsRequest& request);
  absl::StatusOr<v1::Scorecard> UpdateScorecard(const CallContext& call,
                                                const v1::UpdateScorecardRequest& request);
  absl::StatusOr<v1::Scorecard> PublishScorecard(const CallContext& call,
                                                 const v1::PublishScorecardRequest& request);
  absl::StatusOr<v1::Scorecard> RetireScorecard(const CallContext& call,
                                                const v1::RetireScorecardRequest& request);

 private:
  // Drops the cache's idea of the newest published version of `scorecard_id` after `result`
  // changed it; passes `result` on.
  // PublishScorecard once its request_id is dealt with.
  absl::StatusOr<v1::Scorecard> Publish(const CallContext& call,
                                        const v1::PublishScorecardRequest& request,
                                        const db::CreateRequest& key);
  absl::StatusOr<v1::Scorecard> Invalidating(const std::string& scorecard_id,
                                             absl::StatusOr<v1::Scorecard> result);

  db::ScorecardRepository& scorecards_;
  db::RequestLog& requests_;
  Clock clock_;
  ScorecardCache* cache_;
};

}  // namespace escala::server
