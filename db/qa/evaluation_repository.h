#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/common/audit_stamp.h"
#include "escala/v1/evaluations.pb.h"

namespace escala::db {

// Who an interaction belongs to, read when an evaluation of it is created.
struct InteractionOwner {
  std::string agent_employee_id;
  // The agent's current team; empty when the agent has none.
  std::string team_id;
};

// Which evaluations List returns; empty/zero/unset fields do not filter.
struct EvaluationFilter {
  std::string agent_employee_id;
  // Any of these agents (none: any agent); with agent_employee_id, both must hold.
  std::vector<std::string> agent_employee_ids;
  std::string team_id;
  std::string evaluator_employee_id;
  std::string scorecard_id;
  int band = 0;
  int state = 0;
  int64_t interaction_id = 0;
  std::optional<int64_t> submitted_from_ms;  // inclusive; drafts left out when set
  std::optional<int64_t> submitted_to_ms;    // exclusive; drafts left out when set
  // Leave drafts out (an agent never sees them).
  bool exclude_drafts = false;
};

// Decides, inside the create transaction, whether the caller may evaluate an interaction of
// `owner`; a non-OK status ends the create with that status and nothing written.
using AdmitOwner = std::function<absl::Status(const InteractionOwner& owner)>;

// Computes the next form of an evaluation from the stored one (read under a lock); a non-OK
// status ends the change with that status and nothing written.
using EvaluationChange =
    std::function<absl::StatusOr<v1::Evaluation>(const v1::Evaluation& current)>;

// One create of a batch: the arguments of EvaluationRepository::Create.
struct EvaluationCreate {
  v1::Evaluation evaluation;
  std::string request_id;
  AdmitOwner admit;
  AuditStamp stamp;
  absl::Time now;
};

// Storage of evaluations (table evaluations). The columns the lists filter on are columns; the
// answers, comments, section results and the dispute are detail_json. id, agent_employee_id,
// team_id, create_time, update_time and etag (the row version) are set here; state, score and
// the other times are the caller's. Every change writes one audit event ("evaluation",
// "evaluations/{id}", before/after of the changed fields) in its transaction.
class EvaluationRepository {
 public:
  virtual ~EvaluationRepository() = default;

  // In one transaction: reads the interaction's agent and the agent's current team, asks
  // `admit`, copies agent and team into the evaluation, inserts it (with `request_id`, may be
  // empty) and writes the audit event. NOT_FOUND for an unknown interaction (also when it
  // vanished before the insert); ALREADY_EXISTS naming the interaction and evaluator when that
  // evaluator already evaluated it (ErrorInfo DUPLICATE_EVALUATION), or naming the request_id when
  // that was used already (REQUEST_ID_REUSED); FAILED_PRECONDITION when the scorecard version does
  // not exist.
  virtual absl::StatusOr<v1::Evaluation> Create(const v1::Evaluation& evaluation,
                                                const std::string& request_id,
                                                const AdmitOwner& admit, const AuditStamp& stamp,
                                                absl::Time now) = 0;
  // Creates several evaluations, each with the checks, result and audit event Create gives it;
  // results in the order of `creates`. An implementation may write them in one transaction (many
  // concurrent submits then share one commit); this default creates them one by one.
  virtual std::vector<absl::StatusOr<v1::Evaluation>> CreateMany(
      const std::vector<EvaluationCreate>& creates) {
    std::vector<absl::StatusOr<v1::Evaluation>> results;
    results.reserve(creates.size());
    for (const EvaluationCreate& c : creates) {
      results.push_back(Create(c.evaluation, c.request_id, c.admit, c.stamp, c.now));
    }
    return results;
  }
  // The evaluation created with `request_id`, if any.
  virtual absl::StatusOr<std::optional<v1::Evaluation>> FindByRequestId(
      const std::string& request_id) = 0;
  // NOT_FOUND when there is none.
  virtual absl::StatusOr<v1::Evaluation> Get(int64_t id) = 0;
  // At most `limit` evaluations, newest (highest id) first, with id below `before_id` when set.
  virtual absl::StatusOr<std::vector<v1::Evaluation>> List(const EvaluationFilter& filter,
                                                           std::optional<int64_t> before_id,
                                                           int limit) = 0;
  // In one transaction: reads evaluation `id` locked (NOT_FOUND), computes its next form with
  // `change`, stores it with UPDATE … WHERE id = ? AND version = ? (ABORTED when the row moved
  // meanwhile) and writes the audit event. Stored from the result: state, score, band,
  // submit/acknowledge/dispute-deadline times and the detail; the other columns never change.
  virtual absl::StatusOr<v1::Evaluation> Change(int64_t id, const EvaluationChange& change,
                                                const AuditStamp& stamp, absl::Time now) = 0;
};

}  // namespace escala::db
