#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "db/common/create_request.h"
#include "db/common/request_log.h"
#include "db/qa/evaluation_repository.h"
#include "escala/v1/evaluations.pb.h"
#include "server/api/etag.h"
#include "server/platform/call_context.h"
#include "server/platform/clock.h"
#include "server/qa/evaluation_lifecycle.h"
#include "server/qa/scorecard_cache.h"

namespace escala::server {

// The logic of EvaluationService, free of gRPC. The evaluator is always the calling person; the
// score is always computed here (output-only fields a client sends are ignored).
//
// Scopes: an agent (own scope) sees only their own evaluations and never drafts; a team lead
// (team scope) evaluates and resolves only for agents of their team, and reads the evaluations
// of their team (the team the agent was in when the evaluation was created) and their own.
// A record outside the scope is NOT_FOUND, in the words used for one that does not exist.
//
// Scorecard versions: a new evaluation uses the newest published version; a draft keeps its
// version for good and can be updated and submitted after that version was superseded, and
// also after the scorecard was retired (retiring stops new work, not work already begun).
class EvaluationHandler {
 public:
  // `requests` is the audit log, where AcknowledgeEvaluation, OpenDispute and ResolveDispute look
  // a request_id up before applying it (server/api/request_id.h, ApplyOnce).
  EvaluationHandler(db::EvaluationRepository& evaluations, ScorecardCache& scorecards,
                    db::RequestLog& requests, Clock clock)
      : evaluations_(evaluations),
        scorecards_(scorecards),
        requests_(requests),
        clock_(std::move(clock)) {}

  absl::StatusOr<v1::Evaluation> CreateEvaluation(const CallContext& call,
                                                  const v1::CreateEvaluationRequest& request);
  absl::StatusOr<v1::Evaluation> GetEvaluation(const CallContext& call,
                                               const v1::GetEvaluationRequest& request);
  absl::StatusOr<v1::ListEvaluationsResponse> ListEvaluations(
      const CallContext& call, const v1::ListEvaluationsRequest& request);
  absl::StatusOr<v1::Evaluation> UpdateEvaluation(const CallContext& call,
                                                  const v1::UpdateEvaluationRequest& request);
  absl::StatusOr<v1::Evaluation> SubmitEvaluation(const CallContext& call,
                                                  const v1::SubmitEvaluationRequest& request);
  absl::StatusOr<v1::Evaluation> AcknowledgeEvaluation(
      const CallContext& call, const v1::AcknowledgeEvaluationRequest& request);
  absl::StatusOr<v1::Evaluation> OpenDispute(const CallContext& call,
                                             const v1::OpenDisputeRequest& request);
  absl::StatusOr<v1::Evaluation> ResolveDispute(const CallContext& call,
                                                const v1::ResolveDisputeRequest& request);

 private:
  // Create and one-shot submit: `submit` scores and submits at once.
  absl::StatusOr<v1::Evaluation> Start(const CallContext& call, const v1::Evaluation& input,
                                       const std::string& request_id, bool submit);
  // Evaluation `id` if the call's scope reaches it; NOT_FOUND otherwise.
  absl::StatusOr<v1::Evaluation> GetVisible(const CallContext& call, int64_t id);
  // The scorecard version `evaluation` was made with.
  absl::StatusOr<std::shared_ptr<const CachedScorecard>> CardOf(const v1::Evaluation& evaluation);
  // Sets `next` (a copy of `stored`) to the changed evaluation; an error leaves it unchanged.
  using Mutation = std::function<absl::Status(const v1::Evaluation& stored, absl::Time now,
                                              v1::Evaluation& next)>;
  // Changes evaluation `id` in one transaction, audited: `action` must be allowed in the stored
  // state and, when `etag` is given, its value must be the stored etag (ABORTED naming its
  // field otherwise); then `mutate` applies. The audit event is stamped with `key`, the
  // request's idempotency key.
  absl::StatusOr<v1::Evaluation> Change(const CallContext& call, int64_t id,
                                        EvaluationAction action, const SentEtag* etag,
                                        const Mutation& mutate, const db::CreateRequest& key = {});

  db::EvaluationRepository& evaluations_;
  ScorecardCache& scorecards_;
  db::RequestLog& requests_;
  Clock clock_;
};

}  // namespace escala::server
