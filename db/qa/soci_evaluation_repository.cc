#include "db/qa/soci_evaluation_repository.h"

#include <google/protobuf/util/json_util.h>
#include <soci/soci.h>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "db/common/audit_diff.h"
#include "db/common/error_details.h"
#include "db/common/event_bell.h"
#include "db/common/event_types.h"
#include "db/common/proto_time.h"
#include "db/core/audit_log.h"
#include "db/core/bound_query.h"
#include "db/core/last_insert_id.h"
#include "db/core/transaction.h"
#include "db/core/with_session.h"
#include "db/events/outbox.h"
#include "db/summaries/qa_criterion_delta.h"
#include "db/summaries/qa_summary_delta.h"
#include "db/summary_store/soci_summary_store.h"
#include "escala/v1/events.pb.h"

namespace escala::db {
namespace {

// The keys of the evaluations table (db/migrations/*/0008_create_evaluations.sql) whose failure
// Create explains.
constexpr Constraint kOneEvaluationPerEvaluator{
    "ux_evaluations_interaction_evaluator",
    "evaluations.interaction_id, evaluations.evaluator_employee_id"};
constexpr Constraint kRequestIdKey{"ux_evaluations_request", "evaluations.request_id"};
constexpr Constraint kInteractionKey{"fk_evaluations_interaction", ""};
constexpr Constraint kScorecardKey{"fk_evaluations_scorecard", ""};

constexpr char kSelectList[] =
    "e.id, e.interaction_id, e.agent_employee_id, e.team_id, e.evaluator_employee_id, "
    "e.scorecard_id, e.scorecard_version, e.state, e.score, e.band, e.detail_json, e.create_ms, "
    "e.update_ms, e.submit_ms, e.acknowledge_ms, e.dispute_deadline_ms, e.version";

// The evaluation without the fields that have columns: what detail_json holds.
v1::Evaluation DetailOf(const v1::Evaluation& evaluation) {
  v1::Evaluation detail;
  *detail.mutable_answers() = evaluation.answers();
  detail.set_overall_comment(evaluation.overall_comment());
  detail.set_coaching_notes(evaluation.coaching_notes());
  *detail.mutable_sections() = evaluation.sections();
  *detail.mutable_failed_critical_keys() = evaluation.failed_critical_keys();
  *detail.mutable_failed_criterion_keys() = evaluation.failed_criterion_keys();
  detail.set_zeroed_by_critical(evaluation.zeroed_by_critical());
  if (evaluation.has_dispute()) *detail.mutable_dispute() = evaluation.dispute();
  detail.set_agent_comment(evaluation.agent_comment());
  return detail;
}

std::string DetailJson(const v1::Evaluation& evaluation) {
  // Written on every submit: the audit log's reflection printer, not protobuf's JSON utilities.
  std::optional<std::string> json = PrintJson(DetailOf(evaluation));
  if (!json.has_value()) throw soci::soci_error("evaluation detail cannot be printed as JSON");
  return *std::move(json);
}

std::optional<std::string> ScoreText(const v1::Evaluation& evaluation) {
  // Bound as text: the query builder binds integers and text, and %.17g round-trips a double.
  if (!evaluation.has_score()) return std::nullopt;
  return absl::StrFormat("%.17g", evaluation.score());
}

std::optional<long long> OptionalMillis(bool has, const google::protobuf::Timestamp& time) {
  if (!has) return std::nullopt;
  return static_cast<long long>(TimestampToMillis(time));
}

constexpr char kInsertEvaluations[] =
    "INSERT INTO evaluations (interaction_id, agent_employee_id, team_id, evaluator_employee_id, "
    "scorecard_id, scorecard_version, state, score, band, request_id, detail_json, create_ms, "
    "update_ms, submit_ms, acknowledge_ms, dispute_deadline_ms, version) VALUES ";

// The *_ms columns keep milliseconds: the times an answer carries are cut the same way, so that
// what Create and Change answer is what a read gives back.
void CutTimesToMillis(v1::Evaluation& evaluation) {
  auto cut = [](google::protobuf::Timestamp* time) {
    *time = MillisToTimestamp(TimestampToMillis(*time));
  };
  if (evaluation.has_submit_time()) cut(evaluation.mutable_submit_time());
  if (evaluation.has_acknowledge_time()) cut(evaluation.mutable_acknowledge_time());
  if (evaluation.has_dispute_deadline_time()) cut(evaluation.mutable_dispute_deadline_time());
}

// The evaluation as it is stored: the owner's agent and team, the create and update times.
v1::Evaluation ToStore(const v1::Evaluation& evaluation, const InteractionOwner& owner,
                       long long now_ms) {
  v1::Evaluation stored = evaluation;
  CutTimesToMillis(stored);
  stored.set_agent_employee_id(owner.agent_employee_id);
  if (owner.team_id.empty()) {
    stored.clear_team_id();
  } else {
    stored.set_team_id(owner.team_id);
  }
  *stored.mutable_create_time() = MillisToTimestamp(now_ms);
  *stored.mutable_update_time() = MillisToTimestamp(now_ms);
  return stored;
}

// "(v1, …, v17)" of one new evaluation row (row version 1).
void AppendEvaluationRow(BoundQuery& insert, const v1::Evaluation& stored,
                         const std::string& request_id, long long now_ms) {
  insert.Sql("(")
      .Value(static_cast<long long>(stored.interaction_id()))
      .Sql(", ")
      .Value(stored.agent_employee_id())
      .Sql(", ")
      .Value(NullIfEmpty(stored.team_id()))
      .Sql(", ")
      .Value(stored.evaluator_employee_id())
      .Sql(", ")
      .Value(stored.scorecard_id())
      .Sql(", ")
      .Value(static_cast<long long>(stored.scorecard_version()))
      .Sql(", ")
      .Value(static_cast<long long>(stored.state()))
      .Sql(", ")
      .Value(ScoreText(stored))
      .Sql(", ")
      .Value(static_cast<long long>(stored.band()))
      .Sql(", ")
      .Value(NullIfEmpty(request_id))
      .Sql(", ")
      .Value(DetailJson(stored))
      .Sql(", ")
      .Value(now_ms)
      .Sql(", ")
      .Value(now_ms)
      .Sql(", ")
      .Value(OptionalMillis(stored.has_submit_time(), stored.submit_time()))
      .Sql(", ")
      .Value(OptionalMillis(stored.has_acknowledge_time(), stored.acknowledge_time()))
      .Sql(", ")
      .Value(OptionalMillis(stored.has_dispute_deadline_time(), stored.dispute_deadline_time()))
      .Sql(", 1)");
}

// Who each of `interaction_ids` belongs to: its agent and the agent's current team (empty when
// none). Unknown interactions are absent from the map.
using OwnerMap = absl::flat_hash_map<int64_t, InteractionOwner>;
OwnerMap ReadOwners(soci::session& session, const std::vector<int64_t>& interaction_ids) {
  BoundQuery query;
  query.Sql(
      "SELECT i.id, i.agent_employee_id, p.team_id FROM interactions i LEFT JOIN people p "
      "ON p.employee_id = i.agent_employee_id WHERE i.id IN (");
  for (std::size_t i = 0; i < interaction_ids.size(); ++i) {
    if (i > 0) query.Sql(", ");
    query.Value(static_cast<long long>(interaction_ids[i]));
  }
  query.Sql(")");
  long long id = 0;
  InteractionOwner owner;
  soci::indicator team_ind = soci::i_null;
  soci::statement statement(session);
  statement.exchange(soci::into(id));
  statement.exchange(soci::into(owner.agent_employee_id));
  statement.exchange(soci::into(owner.team_id, team_ind));
  PrepareAndExecute(session, statement, query);
  OwnerMap owners;
  while (statement.fetch()) {
    if (team_ind != soci::i_ok) owner.team_id.clear();
    owners[id] = owner;
  }
  return owners;
}

absl::Status InteractionNotFound(int64_t interaction_id) {
  return absl::NotFoundError(absl::StrCat("interaction ", interaction_id, " not found"));
}

// One fetched row.
class EvaluationRow {
 public:
  void BindInto(soci::statement& statement) {
    statement.exchange(soci::into(id_));
    statement.exchange(soci::into(interaction_id_));
    statement.exchange(soci::into(agent_));
    statement.exchange(soci::into(team_, team_ind_));
    statement.exchange(soci::into(evaluator_));
    statement.exchange(soci::into(scorecard_id_));
    statement.exchange(soci::into(scorecard_version_));
    statement.exchange(soci::into(state_));
    statement.exchange(soci::into(score_, score_ind_));
    statement.exchange(soci::into(band_));
    statement.exchange(soci::into(detail_));
    statement.exchange(soci::into(create_ms_));
    statement.exchange(soci::into(update_ms_));
    statement.exchange(soci::into(submit_ms_, submit_ind_));
    statement.exchange(soci::into(acknowledge_ms_, acknowledge_ind_));
    statement.exchange(soci::into(deadline_ms_, deadline_ind_));
    statement.exchange(soci::into(version_));
  }

  v1::Evaluation ToProto() const {
    v1::Evaluation evaluation;
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = true;
    if (!google::protobuf::util::JsonStringToMessage(detail_, &evaluation, options).ok()) {
      throw soci::soci_error(absl::StrCat("evaluation ", id_, ": stored detail is not valid JSON"));
    }
    evaluation.set_id(id_);
    evaluation.set_interaction_id(interaction_id_);
    evaluation.set_agent_employee_id(agent_);
    if (team_ind_ == soci::i_ok) evaluation.set_team_id(team_);
    evaluation.set_evaluator_employee_id(evaluator_);
    evaluation.set_scorecard_id(scorecard_id_);
    evaluation.set_scorecard_version(scorecard_version_);
    evaluation.set_state(static_cast<v1::EvaluationState>(state_));
    if (score_ind_ == soci::i_ok) evaluation.set_score(score_);
    evaluation.set_band(static_cast<v1::QualityBand>(band_));
    *evaluation.mutable_create_time() = MillisToTimestamp(create_ms_);
    *evaluation.mutable_update_time() = MillisToTimestamp(update_ms_);
    if (submit_ind_ == soci::i_ok)
      *evaluation.mutable_submit_time() = MillisToTimestamp(submit_ms_);
    if (acknowledge_ind_ == soci::i_ok) {
      *evaluation.mutable_acknowledge_time() = MillisToTimestamp(acknowledge_ms_);
    }
    if (deadline_ind_ == soci::i_ok) {
      *evaluation.mutable_dispute_deadline_time() = MillisToTimestamp(deadline_ms_);
    }
    evaluation.set_etag(absl::StrCat(version_));
    return evaluation;
  }

 private:
  long long id_ = 0, interaction_id_ = 0, create_ms_ = 0, update_ms_ = 0, version_ = 0;
  long long submit_ms_ = 0, acknowledge_ms_ = 0, deadline_ms_ = 0;
  int scorecard_version_ = 0, state_ = 0, band_ = 0;
  double score_ = 0;
  std::string agent_, team_, evaluator_, scorecard_id_, detail_;
  soci::indicator team_ind_ = soci::i_null, score_ind_ = soci::i_null, submit_ind_ = soci::i_null,
                  acknowledge_ind_ = soci::i_null, deadline_ind_ = soci::i_null;
};

std::vector<v1::Evaluation> Fetch(soci::session& session, BoundQuery& query) {
  EvaluationRow row;
  soci::statement statement(session);
  row.BindInto(statement);
  PrepareAndExecute(session, statement, query);
  std::vector<v1::Evaluation> result;
  while (statement.fetch()) result.push_back(row.ToProto());
  return result;
}

BoundQuery SelectWhereId(int64_t id) {
  BoundQuery query;
  query.Sql("SELECT ")
      .Sql(kSelectList)
      .Sql(" FROM evaluations e WHERE e.id = ")
      .Value(static_cast<long long>(id));
  return query;
}

// What the audit event of a change from `before` (null on create) to `after` records.
AuditChange EvaluationAuditChange(const v1::Evaluation* before, const v1::Evaluation& after) {
  ChangedFields changed = DiffForAudit(before, after);
  return AuditChange{"evaluation", absl::StrCat("evaluations/", after.id()),
                     std::move(changed.before_json), std::move(changed.after_json)};
}

void Audit(soci::session& session, const AuditStamp& stamp, const v1::Evaluation* before,
           const v1::Evaluation& after, absl::Time now) {
  AppendAuditEvent(session, stamp, EvaluationAuditChange(before, after), now);
}

// Adds the contribution of `added` and takes out that of `removed` in the QA summaries and the
// per-criterion ones, in the open transaction: one upsert per table for the whole change.
void CountEvaluations(soci::session& session, Dialect dialect,
                      const std::vector<const v1::Evaluation*>& added,
                      const std::vector<const v1::Evaluation*>& removed) {
  SummaryRows delta, criteria;
  for (const v1::Evaluation* evaluation : removed) {
    AddEvaluation(delta, *evaluation, -1);
    AddEvaluationCriteria(criteria, *evaluation, -1);
  }
  for (const v1::Evaluation* evaluation : added) {
    AddEvaluation(delta, *evaluation, 1);
    AddEvaluationCriteria(criteria, *evaluation, 1);
  }
  DropZeroRows(delta);
  DropZeroRows(criteria);
  ApplySummaryDelta(session, dialect, QaSummaryTable(), delta);
  ApplySummaryDelta(session, dialect, QaCriterionSummaryTable(), criteria);
}

// The event of an evaluation's change of state, if it is one the feed reports: submitted,
// disputed, dispute resolved. `before` is nullptr for a create (submitted in one go).
void AddEvaluationEvent(const v1::Evaluation* before, const v1::Evaluation& after, absl::Time now,
                        std::vector<OutboxEvent>& events) {
  if (before != nullptr && before->state() == after.state()) return;
  const char* type = nullptr;
  switch (after.state()) {
    case v1::EVALUATION_STATE_SUBMITTED:
      type = kEvaluationSubmittedEvent;
      break;
    case v1::EVALUATION_STATE_DISPUTED:
      type = kEvaluationDisputedEvent;
      break;
    case v1::EVALUATION_STATE_DISPUTE_RESOLVED:
      type = kEvaluationDisputeResolvedEvent;
      break;
    default:
      return;
  }
  v1::EvaluationChanged changed;
  changed.set_evaluation(absl::StrCat("evaluations/", after.id()));
  changed.set_interaction_id(after.interaction_id());
  changed.set_agent_employee_id(after.agent_employee_id());
  changed.set_team_id(after.team_id());
  changed.set_evaluator_employee_id(after.evaluator_employee_id());
  changed.set_state(after.state());
  if (after.has_score()) changed.set_score(after.score());
  events.push_back(MakeOutboxEvent(type, changed.evaluation(), after.agent_employee_id(),
                                   after.team_id(), now, changed));
}

absl::Status NotFound(int64_t id) {
  return absl::NotFoundError(absl::StrCat("evaluation ", id, " not found"));
}

}  // namespace

absl::StatusOr<v1::Evaluation> SociEvaluationRepository::Create(const v1::Evaluation& evaluation,
                                                                const std::string& request_id,
                                                                const AdmitOwner& admit,
                                                                const AuditStamp& stamp,
                                                                absl::Time now) {
  absl::StatusOr<v1::Evaluation> created = WithSession(
      pool_, "CreateEvaluation", [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::Evaluation> {
        // The hot path of a one-shot submit: one read of the owner, one INSERT, one audit
        // INSERT, one COMMIT. The stored form is computed here, never read back.
        Transaction transaction(lease.session(), lease.dialect());
        const OwnerMap owners = ReadOwners(lease.session(), {evaluation.interaction_id()});
        auto owner = owners.find(evaluation.interaction_id());
        if (owner == owners.end()) return InteractionNotFound(evaluation.interaction_id());
        if (absl::Status admitted = admit(owner->second); !admitted.ok()) return admitted;
        const long long now_ms = absl::ToUnixMillis(now);
        v1::Evaluation stored = ToStore(evaluation, owner->second, now_ms);
        BoundQuery insert;
        insert.Sql(kInsertEvaluations);
        AppendEvaluationRow(insert, stored, request_id, now_ms);
        insert.Execute(lease.session());
        const long long id = LastInsertId(lease, "evaluations");
        stored.set_id(id);
        stored.set_etag("1");
        CountEvaluations(lease.session(), lease.dialect(), {&stored}, {});
        Audit(lease.session(), stamp, nullptr, stored, now);
        std::vector<OutboxEvent> events;
        AddEvaluationEvent(nullptr, stored, now, events);
        AppendEvents(lease.session(), lease.dialect(), events, now);
        transaction.Commit();
        if (!events.empty()) RingEventBell();
        return stored;
      });
  // Which key failed is what the database said (FailedConstraint), never what its message reads.
  const absl::Status& failed = created.status();
  if (Broke(failed, kRequestIdKey)) {
    return WithErrorInfo(
        absl::AlreadyExistsError(absl::StrCat("request_id '", request_id, "' was already used")),
        kReasonRequestIdReused);
  }
  if (absl::IsAlreadyExists(failed) && FailedConstraint(failed).has_value()) {
    // The one other unique key (the id is the database's own).
    return WithErrorInfo(
        absl::AlreadyExistsError(absl::StrCat("interaction ", evaluation.interaction_id(),
                                              " was already evaluated by '",
                                              evaluation.evaluator_employee_id(), "'")),
        kReasonDuplicateEvaluation,
        {{"resource", absl::StrCat("interactions/", evaluation.interaction_id())}});
  }
  if (!FailedConstraint(failed).has_value()) return created;
  bool scorecard_missing = Broke(failed, kScorecardKey);
  if (IsUnnamedForeignKeyFailure(failed)) {
    // SQLite does not say which foreign key failed: look at the one the interaction is not.
    absl::StatusOr<bool> exists = ScorecardVersionExists(evaluation);
    if (!exists.ok()) return exists.status();
    scorecard_missing = !*exists;
  }
  if (scorecard_missing) {
    return absl::FailedPreconditionError(absl::StrCat("scorecard '", evaluation.scorecard_id(),
                                                      "' has no version ",
                                                      evaluation.scorecard_version()));
  }
  if (Broke(failed, kInteractionKey) || IsUnnamedForeignKeyFailure(failed)) {
    // Read above, deleted before the insert: as if it had not been there.
    return InteractionNotFound(evaluation.interaction_id());
  }
  return created;
}

absl::StatusOr<bool> SociEvaluationRepository::ScorecardVersionExists(
    const v1::Evaluation& evaluation) {
  return WithSession(pool_, "FindScorecardVersion",
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<bool> {
                       BoundQuery query;
                       query.Sql("SELECT COUNT(*) FROM scorecard_versions WHERE scorecard_id = ")
                           .Value(evaluation.scorecard_id())
                           .Sql(" AND version = ")
                           .Value(static_cast<long long>(evaluation.scorecard_version()));
                       long long count = 0;
                       soci::statement statement(lease.session());
                       statement.exchange(soci::into(count));
                       PrepareAndExecute(lease.session(), statement, query);
                       statement.fetch();
                       return count > 0;
                     });
}

std::vector<absl::StatusOr<v1::Evaluation>> SociEvaluationRepository::CreateMany(
    const std::vector<EvaluationCreate>& creates) {
  if (creates.size() < 2 || pool_.dialect() != Dialect::kMysql) {
    return EvaluationRepository::CreateMany(creates);
  }
  std::vector<std::optional<absl::StatusOr<v1::Evaluation>>> decided(creates.size());
  absl::Status batch =
      WithSession(pool_, "CreateEvaluations", [&](SessionPool::Lease& lease) -> absl::Status {
        Transaction transaction(lease.session(), lease.dialect());
        // The owners of every interaction of the batch, in one query.
        std::vector<int64_t> interaction_ids;
        interaction_ids.reserve(creates.size());
        for (const EvaluationCreate& create : creates) {
          interaction_ids.push_back(create.evaluation.interaction_id());
        }
        const OwnerMap owners = ReadOwners(lease.session(), interaction_ids);
        // Unknown interactions and refused owners are answered now; the rest are written.
        std::vector<std::size_t> written;
        std::vector<v1::Evaluation> stored;
        std::vector<OutboxEvent> feed;
        BoundQuery insert;
        insert.Sql(kInsertEvaluations);
        for (std::size_t i = 0; i < creates.size(); ++i) {
          const EvaluationCreate& create = creates[i];
          auto owner = owners.find(create.evaluation.interaction_id());
          if (owner == owners.end()) {
            decided[i] = InteractionNotFound(create.evaluation.interaction_id());
            continue;
          }
          if (absl::Status admitted = create.admit(owner->second); !admitted.ok()) {
            decided[i] = admitted;
            continue;
          }
          const long long now_ms = absl::ToUnixMillis(create.now);
          stored.push_back(ToStore(create.evaluation, owner->second, now_ms));
          if (!written.empty()) insert.Sql(", ");
          AppendEvaluationRow(insert, stored.back(), create.request_id, now_ms);
          written.push_back(i);
        }
        if (!written.empty()) {
          // RETURNING gives the ids in the order of the rows, whatever the auto-increment mode.
          insert.Sql(" RETURNING id");
          std::vector<long long> ids;
          long long id = 0;
          soci::statement statement(lease.session());
          statement.exchange(soci::into(id));
          PrepareAndExecute(lease.session(), statement, insert);
          while (statement.fetch()) ids.push_back(id);
          if (ids.size() != written.size()) {
            return absl::InternalError(absl::StrCat("CreateEvaluations: ", ids.size(), " ids for ",
                                                    written.size(), " rows"));
          }
          std::vector<AuditEntry> events;
          events.reserve(written.size());
          for (std::size_t k = 0; k < written.size(); ++k) {
            stored[k].set_id(ids[k]);
            stored[k].set_etag("1");
            const EvaluationCreate& create = creates[written[k]];
            events.push_back(
                AuditEntry{create.stamp, EvaluationAuditChange(nullptr, stored[k]), create.now});
            AddEvaluationEvent(nullptr, stored[k], create.now, feed);
          }
          std::vector<const v1::Evaluation*> counted;
          for (const v1::Evaluation& evaluation : stored) counted.push_back(&evaluation);
          CountEvaluations(lease.session(), lease.dialect(), counted, {});
          AppendAuditEvents(lease.session(), events);
          // One sequence block for the batch.
          AppendEvents(lease.session(), lease.dialect(), feed, creates.front().now);
        }
        transaction.Commit();
        if (!feed.empty()) RingEventBell();
        for (std::size_t k = 0; k < written.size(); ++k) decided[written[k]] = std::move(stored[k]);
        return absl::OkStatus();
      });
  if (!batch.ok()) {
    // Nothing of the batch was written (one transaction): one by one, each caller then gets the
    // answer that concerns it (ALREADY_EXISTS for the one whose key was taken, and so on).
    return EvaluationRepository::CreateMany(creates);
  }
  ++batches_written_;
  std::vector<absl::StatusOr<v1::Evaluation>> results;
  results.reserve(creates.size());
  for (std::optional<absl::StatusOr<v1::Evaluation>>& result : decided)
    results.push_back(*std::move(result));
  return results;
}

absl::StatusOr<std::optional<v1::Evaluation>> SociEvaluationRepository::FindByRequestId(
    const std::string& request_id) {
  return WithSession(
      pool_, "FindEvaluationByRequestId",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::optional<v1::Evaluation>> {
        BoundQuery query;
        query.Sql("SELECT ")
            .Sql(kSelectList)
            .Sql(" FROM evaluations e WHERE e.request_id = ")
            .Value(request_id);
        std::vector<v1::Evaluation> rows = Fetch(lease.session(), query);
        if (rows.empty()) return std::optional<v1::Evaluation>();
        return std::optional<v1::Evaluation>(std::move(rows.front()));
      });
}

absl::StatusOr<v1::Evaluation> SociEvaluationRepository::Get(int64_t id) {
  return WithSession(pool_, "GetEvaluation",
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::Evaluation> {
                       BoundQuery query = SelectWhereId(id);
                       std::vector<v1::Evaluation> rows = Fetch(lease.session(), query);
                       if (rows.empty()) return NotFound(id);
                       return std::move(rows.front());
                     });
}

absl::StatusOr<std::vector<v1::Evaluation>> SociEvaluationRepository::List(
    const EvaluationFilter& filter, std::optional<int64_t> before_id, int limit) {
  return WithSession(
      pool_, "ListEvaluations",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::Evaluation>> {
        BoundQuery query;
        query.Sql("SELECT ").Sql(kSelectList).Sql(" FROM evaluations e WHERE 1 = 1");
        if (!filter.agent_employee_id.empty()) {
          query.Sql(" AND e.agent_employee_id = ").Value(filter.agent_employee_id);
        }
        if (!filter.agent_employee_ids.empty()) {
          query.Sql(" AND e.agent_employee_id IN ").InList(filter.agent_employee_ids);
        }
        if (!filter.team_id.empty()) query.Sql(" AND e.team_id = ").Value(filter.team_id);
        if (!filter.evaluator_employee_id.empty()) {
          query.Sql(" AND e.evaluator_employee_id = ").Value(filter.evaluator_employee_id);
        }
        if (!filter.scorecard_id.empty())
          query.Sql(" AND e.scorecard_id = ").Value(filter.scorecard_id);
        if (filter.band != 0)
          query.Sql(" AND e.band = ").Value(static_cast<long long>(filter.band));
        if (filter.state != 0)
          query.Sql(" AND e.state = ").Value(static_cast<long long>(filter.state));
        if (filter.interaction_id != 0) {
          query.Sql(" AND e.interaction_id = ")
              .Value(static_cast<long long>(filter.interaction_id));
        }
        if (filter.exclude_drafts) {
          query.Sql(" AND e.state <> ").Value(static_cast<long long>(v1::EVALUATION_STATE_DRAFT));
        }
        // A draft has no submit_ms, so a NULL never passes a range.
        if (filter.submitted_from_ms) {
          query.Sql(" AND e.submit_ms >= ")
              .Value(static_cast<long long>(*filter.submitted_from_ms));
        }
        if (filter.submitted_to_ms) {
          query.Sql(" AND e.submit_ms < ").Value(static_cast<long long>(*filter.submitted_to_ms));
        }
        if (before_id) query.Sql(" AND e.id < ").Value(static_cast<long long>(*before_id));
        query.Sql(" ORDER BY e.id DESC LIMIT ").Value(static_cast<long long>(limit));
        return Fetch(lease.session(), query);
      });
}

absl::StatusOr<v1::Evaluation> SociEvaluationRepository::Change(int64_t id,
                                                                const EvaluationChange& change,
                                                                const AuditStamp& stamp,
                                                                absl::Time now) {
  return WithSession(
      pool_, "ChangeEvaluation", [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::Evaluation> {
        Transaction transaction(lease.session(), lease.dialect());
        // On MariaDB the row stays locked until the transaction ends, so concurrent changes of one
        // evaluation queue up and each sees the state the previous one left; SQLite's transaction
        // holds the write lock.
        BoundQuery lock = SelectWhereId(id);
        if (lease.dialect() == Dialect::kMysql) lock.Sql(" FOR UPDATE");
        std::vector<v1::Evaluation> rows = Fetch(lease.session(), lock);
        if (rows.empty()) return NotFound(id);
        const v1::Evaluation& before = rows.front();
        absl::StatusOr<v1::Evaluation> next = change(before);
        if (!next.ok()) return next.status();
        long long version = 0;
        (void)absl::SimpleAtoi(before.etag(), &version);
        const long long now_ms = absl::ToUnixMillis(now);
        v1::Evaluation stored = *std::move(next);
        CutTimesToMillis(stored);
        // The identity of an evaluation never changes, whatever `change` returned.
        stored.set_id(before.id());
        stored.set_interaction_id(before.interaction_id());
        stored.set_agent_employee_id(before.agent_employee_id());
        stored.set_team_id(before.team_id());
        stored.set_evaluator_employee_id(before.evaluator_employee_id());
        stored.set_scorecard_id(before.scorecard_id());
        stored.set_scorecard_version(before.scorecard_version());
        *stored.mutable_create_time() = before.create_time();
        *stored.mutable_update_time() = MillisToTimestamp(now_ms);
        BoundQuery update;
        update.Sql("UPDATE evaluations SET state = ")
            .Value(static_cast<long long>(stored.state()))
            .Sql(", score = ")
            .Value(ScoreText(stored))
            .Sql(", band = ")
            .Value(static_cast<long long>(stored.band()))
            .Sql(", detail_json = ")
            .Value(DetailJson(stored))
            .Sql(", update_ms = ")
            .Value(now_ms)
            .Sql(", submit_ms = ")
            .Value(OptionalMillis(stored.has_submit_time(), stored.submit_time()))
            .Sql(", acknowledge_ms = ")
            .Value(OptionalMillis(stored.has_acknowledge_time(), stored.acknowledge_time()))
            .Sql(", dispute_deadline_ms = ")
            .Value(
                OptionalMillis(stored.has_dispute_deadline_time(), stored.dispute_deadline_time()))
            .Sql(", version = version + 1 WHERE id = ")
            .Value(static_cast<long long>(id))
            .Sql(" AND version = ")
            .Value(version);
        if (update.Execute(lease.session()) == 0) {
          return absl::AbortedError(absl::StrCat(
              "evaluation ", id, " was changed concurrently (etag mismatch); re-read and retry"));
        }
        stored.set_etag(absl::StrCat(version + 1));
        // A submit adds the evaluation to the QA summaries, a resolved dispute replaces its old
        // score with the new one; an acknowledgement changes nothing they count.
        CountEvaluations(lease.session(), lease.dialect(), {&stored}, {&before});
        Audit(lease.session(), stamp, &before, stored, now);
        std::vector<OutboxEvent> events;
        AddEvaluationEvent(&before, stored, now, events);
        AppendEvents(lease.session(), lease.dialect(), events, now);
        transaction.Commit();
        if (!events.empty()) RingEventBell();
        return stored;
      });
}

}  // namespace escala::db
