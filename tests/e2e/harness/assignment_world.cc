#include "tests/e2e/harness/assignment_world.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "db/core/bound_query.h"
#include "db/core/with_session.h"
#include "db/qa/soci_scorecard_repository.h"
#include "escala/v1/interactions.grpc.pb.h"
#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing {

absl::Status SeedPublishedScorecard(db::SessionPool& pool, const v1::Scorecard& card) {
  db::SociScorecardRepository scorecards(pool);
  const db::AuditStamp stamp{"serviceAccounts/test-setup", v1::ROLE_ADMINISTRATOR,
                             "escala.v1.TestSetup/SeedScorecard", ""};
  absl::StatusOr<v1::Scorecard> created = scorecards.Create(card, stamp, absl::Now());
  if (!created.ok()) return created.status();
  return scorecards.Publish(card.scorecard_id(), std::stoll(created->etag()), stamp, absl::Now())
      .status();
}

absl::Status SeedSubmittedEvaluations(db::SessionPool& pool,
                                      const std::shared_ptr<grpc::Channel>& channel,
                                      const std::string& admin_token,
                                      const std::vector<std::string>& agents,
                                      const std::string& scorecard_id, double score) {
  for (const std::string& agent : agents) {
    grpc::ClientContext context;
    Authorize(context, admin_token);
    v1::CreateInteractionRequest request;
    *request.mutable_interaction() = NewInteraction("qa-seed", absl::StrCat("qa-", agent), agent);
    v1::Interaction interaction;
    grpc::Status status = NewStub<v1::InteractionService>(channel)->CreateInteraction(
        &context, request, &interaction);
    if (!status.ok())
      return absl::InternalError(
          absl::StrCat("interaction of ", agent, ": ", status.error_message()));
    absl::Status stored = db::WithSession(
        pool, "seed evaluation", [&](db::SessionPool::Lease& lease) -> absl::Status {
          const long long now_ms = absl::ToUnixMillis(absl::Now());
          db::BoundQuery query;
          // score is DOUBLE; BoundQuery binds integers and text, and both backends convert the text
          // of a number.
          query
              .Sql(
                  "INSERT INTO evaluations (interaction_id, agent_employee_id, team_id, "
                  "evaluator_employee_id,"
                  " scorecard_id, scorecard_version, state, score, band, request_id, detail_json, "
                  "create_ms,"
                  " update_ms, submit_ms, acknowledge_ms, dispute_deadline_ms, version) VALUES (")
              .Value(static_cast<long long>(interaction.id()))
              .Sql(", ")
              .Value(agent)
              .Sql(", NULL, ")
              .Value(std::string(agent == "M1" ? "Q1" : "M1"))
              .Sql(", ")
              .Value(scorecard_id)
              .Sql(", 1, 2, ")
              .Value(absl::StrCat(score))
              .Sql(", 3, NULL, '{}', ")
              .Value(now_ms)
              .Sql(", ")
              .Value(now_ms)
              .Sql(", ")
              .Value(now_ms)
              .Sql(", NULL, NULL, 1)");
          query.Execute(lease.session());
          return absl::OkStatus();
        });
    if (!stored.ok()) return stored;
  }
  return absl::OkStatus();
}

}  // namespace escala::testing
