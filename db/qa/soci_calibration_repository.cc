#include "db/qa/soci_calibration_repository.h"

#include <google/protobuf/util/json_util.h>
#include <soci/soci.h>

#include <cstdio>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "db/common/audit_diff.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "db/core/audit_log.h"
#include "db/core/bound_query.h"
#include "db/core/last_insert_id.h"
#include "db/core/request_id_row.h"
#include "db/core/stored_json.h"
#include "db/core/transaction.h"
#include "db/core/with_session.h"

namespace escala::db {
namespace {

constexpr char kSelectSession[] =
    "SELECT id, title, scorecard_id, scorecard_version, expert_employee_id, deadline_ms, state,"
    " created_by, create_ms, close_ms FROM calibration_sessions";

constexpr char kSelectScore[] =
    "SELECT s.session_id, s.interaction_id, s.evaluator_employee_id, s.answers_json, s.score,"
    " s.submit_ms, COALESCE(p.expert, 0) FROM calibration_scores s"
    " LEFT JOIN calibration_participants p ON p.session_id = s.session_id"
    " AND p.employee_id = s.evaluator_employee_id"
    " LEFT JOIN calibration_session_interactions i ON i.session_id = s.session_id"
    " AND i.interaction_id = s.interaction_id";

// Bounds for an open-ended time range, far outside any real epoch millisecond.
constexpr long long kNoLowerBound = -(1LL << 62);
constexpr long long kNoUpperBound = 1LL << 62;

absl::Status SessionNotFound(int64_t id) {
  return absl::NotFoundError(absl::StrCat("calibration session ", id, " not found"));
}

// What a score row keeps as answers_json: the answers and the overall comment, nothing the
// server computes (those have their own columns).
std::string AnswersJson(const v1::CalibrationScore& score) {
  v1::CalibrationScore content;
  *content.mutable_answers() = score.answers();
  content.set_overall_comment(score.overall_comment());
  return StoredJson(content, "calibration answers");
}

// Reads the interactions and participants of `session` (already holding its row).
void LoadMembers(soci::session& sql, v1::CalibrationSession& session) {
  {
    BoundQuery query;
    query.Sql("SELECT interaction_id FROM calibration_session_interactions WHERE session_id = ")
        .Value(static_cast<long long>(session.id()))
        .Sql(" ORDER BY position");
    long long interaction_id = 0;
    soci::statement statement(sql);
    statement.exchange(soci::into(interaction_id));
    PrepareAndExecute(sql, statement, query);
    while (statement.fetch()) session.add_interaction_ids(interaction_id);
  }
  BoundQuery query;
  query.Sql("SELECT employee_id, expert FROM calibration_participants WHERE session_id = ")
      .Value(static_cast<long long>(session.id()))
      .Sql(" ORDER BY employee_id");
  std::string employee_id;
  long long expert = 0;
  soci::statement statement(sql);
  statement.exchange(soci::into(employee_id));
  statement.exchange(soci::into(expert));
  PrepareAndExecute(sql, statement, query);
  while (statement.fetch()) {
    if (expert != 0) {
      session.set_expert_employee_id(employee_id);
    } else {
      session.add_evaluator_employee_ids(employee_id);
    }
  }
}

std::vector<v1::CalibrationSession> FetchSessions(soci::session& sql, BoundQuery& query) {
  std::vector<v1::CalibrationSession> sessions;
  {
    long long id = 0, version = 0, deadline_ms = 0, state = 0, create_ms = 0, close_ms = 0;
    std::string title, scorecard_id, expert, created_by;
    soci::indicator expert_indicator = soci::i_null, close_indicator = soci::i_null;
    soci::statement statement(sql);
    statement.exchange(soci::into(id));
    statement.exchange(soci::into(title));
    statement.exchange(soci::into(scorecard_id));
    statement.exchange(soci::into(version));
    statement.exchange(soci::into(expert, expert_indicator));
    statement.exchange(soci::into(deadline_ms));
    statement.exchange(soci::into(state));
    statement.exchange(soci::into(created_by));
    statement.exchange(soci::into(create_ms));
    statement.exchange(soci::into(close_ms, close_indicator));
    PrepareAndExecute(sql, statement, query);
    while (statement.fetch()) {
      v1::CalibrationSession& session = sessions.emplace_back();
      session.set_id(id);
      session.set_title(title);
      session.set_scorecard_id(scorecard_id);
      session.set_scorecard_version(static_cast<int32_t>(version));
      *session.mutable_deadline_time() = MillisToTimestamp(deadline_ms);
      session.set_state(static_cast<v1::CalibrationState>(state));
      session.set_created_by(created_by);
      *session.mutable_create_time() = MillisToTimestamp(create_ms);
      if (close_indicator == soci::i_ok)
        *session.mutable_close_time() = MillisToTimestamp(close_ms);
    }
  }
  // Members are read once the session rows are fetched: one statement at a time per connection.
  for (v1::CalibrationSession& session : sessions) LoadMembers(sql, session);
  return sessions;
}

absl::StatusOr<v1::CalibrationSession> GetSession(SessionPool::Lease& lease, int64_t id,
                                                  bool lock) {
  BoundQuery query;
  query.Sql(kSelectSession).Sql(" WHERE id = ").Value(static_cast<long long>(id));
  // On MariaDB the row stays locked until the transaction ends, so a close and a score cannot
  // interleave; on SQLite the transaction holds the write lock already.
  if (lock && lease.dialect() == Dialect::kMysql) query.Sql(" FOR UPDATE");
  std::vector<v1::CalibrationSession> sessions = FetchSessions(lease.session(), query);
  if (sessions.empty()) return SessionNotFound(id);
  return sessions.front();
}

std::vector<v1::CalibrationScore> FetchScores(soci::session& sql, BoundQuery& query) {
  std::vector<v1::CalibrationScore> scores;
  long long session_id = 0, interaction_id = 0, submit_ms = 0, expert = 0;
  std::string evaluator, answers_json;
  double score = 0;
  soci::indicator score_indicator = soci::i_null;
  soci::statement statement(sql);
  statement.exchange(soci::into(session_id));
  statement.exchange(soci::into(interaction_id));
  statement.exchange(soci::into(evaluator));
  statement.exchange(soci::into(answers_json));
  statement.exchange(soci::into(score, score_indicator));
  statement.exchange(soci::into(submit_ms));
  statement.exchange(soci::into(expert));
  PrepareAndExecute(sql, statement, query);
  while (statement.fetch()) {
    v1::CalibrationScore& row = scores.emplace_back();
    if (!google::protobuf::util::JsonStringToMessage(answers_json, &row).ok()) {
      throw soci::soci_error("stored calibration answers are not valid JSON");
    }
    row.set_session_id(session_id);
    row.set_interaction_id(interaction_id);
    row.set_evaluator_employee_id(evaluator);
    if (score_indicator == soci::i_ok) row.set_score(score);
    *row.mutable_submit_time() = MillisToTimestamp(submit_ms);
    row.set_expert(expert != 0);
  }
  return scores;
}

std::optional<v1::CalibrationScore> FindScore(soci::session& sql, const v1::CalibrationScore& key) {
  BoundQuery query;
  query.Sql(kSelectScore)
      .Sql(" WHERE s.session_id = ")
      .Value(static_cast<long long>(key.session_id()))
      .Sql(" AND s.interaction_id = ")
      .Value(static_cast<long long>(key.interaction_id()))
      .Sql(" AND s.evaluator_employee_id = ")
      .Value(key.evaluator_employee_id());
  std::vector<v1::CalibrationScore> scores = FetchScores(sql, query);
  if (scores.empty()) return std::nullopt;
  return scores.front();
}

void AuditSession(soci::session& sql, const AuditStamp& stamp, const v1::CalibrationSession* before,
                  const v1::CalibrationSession& after, absl::Time now) {
  ChangedFields changed = DiffForAudit(before, after);
  AppendAuditEvent(
      sql, stamp,
      AuditChange{"calibration_session", absl::StrCat("calibrationSessions/", after.id()),
                  std::move(changed.before_json), std::move(changed.after_json)},
      now);
}

// FAILED_PRECONDITION when `session` takes no more scores or closes at `now`.
absl::Status RequireOpen(const v1::CalibrationSession& session, absl::Time now) {
  if (session.state() == v1::CALIBRATION_STATE_CLOSED) {
    return absl::FailedPreconditionError(
        absl::StrCat("calibration session ", session.id(), " is closed"));
  }
  if (TimestampToMillis(session.deadline_time()) <= absl::ToUnixMillis(now)) {
    return absl::FailedPreconditionError(
        absl::StrCat("calibration session ", session.id(), " is closed: its deadline has passed"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::CalibrationSession> SociCalibrationRepository::Create(
    const v1::CalibrationSession& session, const CreateRequest& request, const AuditStamp& stamp,
    absl::Time now) {
  absl::StatusOr<v1::CalibrationSession> created = WithSession(
      pool_, "CreateCalibrationSession",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::CalibrationSession> {
        Transaction transaction(lease.session(), lease.dialect());
        const long long now_ms = absl::ToUnixMillis(now);
        BoundQuery insert;
        insert
            .Sql(
                "INSERT INTO calibration_sessions (title, scorecard_id, scorecard_version,"
                " expert_employee_id, deadline_ms, state, created_by, create_ms, close_ms,"
                " request_id, request_hash) VALUES (")
            .Value(session.title())
            .Sql(", ")
            .Value(session.scorecard_id())
            .Sql(", ")
            .Value(static_cast<long long>(session.scorecard_version()))
            .Sql(", ")
            .Value(NullIfEmpty(session.expert_employee_id()))
            .Sql(", ")
            .Value(static_cast<long long>(TimestampToMillis(session.deadline_time())))
            .Sql(", ")
            .Value(static_cast<long long>(v1::CALIBRATION_STATE_OPEN))
            .Sql(", ")
            .Value(stamp.principal)
            .Sql(", ")
            .Value(now_ms)
            .Sql(", NULL, ")
            .Value(NullIfEmpty(request.request_id))
            .Sql(", ")
            .Value(NullIfEmpty(request.request_hash))
            .Sql(")");
        insert.Execute(lease.session());
        const long long id = LastInsertId(lease, "calibration_sessions");
        for (int i = 0; i < session.interaction_ids_size(); ++i) {
          BoundQuery query;
          query
              .Sql(
                  "INSERT INTO calibration_session_interactions (session_id, interaction_id, "
                  "position)"
                  " VALUES (")
              .Value(id)
              .Sql(", ")
              .Value(static_cast<long long>(session.interaction_ids(i)))
              .Sql(", ")
              .Value(static_cast<long long>(i))
              .Sql(")");
          query.Execute(lease.session());
        }
        auto add_participant = [&](const std::string& employee_id, long long expert) {
          BoundQuery query;
          query
              .Sql(
                  "INSERT INTO calibration_participants (session_id, employee_id, expert) VALUES (")
              .Value(id)
              .Sql(", ")
              .Value(employee_id)
              .Sql(", ")
              .Value(expert)
              .Sql(")");
          query.Execute(lease.session());
        };
        for (const std::string& evaluator : session.evaluator_employee_ids())
          add_participant(evaluator, 0);
        if (!session.expert_employee_id().empty()) add_participant(session.expert_employee_id(), 1);
        absl::StatusOr<v1::CalibrationSession> stored = GetSession(lease, id, false);
        if (!stored.ok()) return stored.status();
        AuditSession(lease.session(), stamp, nullptr, *stored, now);
        transaction.Commit();
        return stored;
      });
  // The participants and interactions are distinct by validation: a duplicate is the request_id.
  if (absl::IsAlreadyExists(created.status())) {
    return WithErrorInfo(absl::AlreadyExistsError(absl::StrCat("request_id: '", request.request_id,
                                                               "' was already used")),
                         kReasonRequestIdReused);
  }
  return created;
}

absl::StatusOr<std::optional<CreatedByRequest<v1::CalibrationSession>>>
SociCalibrationRepository::FindByRequestId(const std::string& request_id) {
  using Found = std::optional<CreatedByRequest<v1::CalibrationSession>>;
  return WithSession(pool_, "FindCalibrationSessionByRequestId",
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<Found> {
                       const std::optional<RequestIdRow> row =
                           FindRowByRequestId(lease, "calibration_sessions", request_id);
                       if (!row.has_value()) return Found();
                       const long long id = row->id;
                       absl::StatusOr<v1::CalibrationSession> session =
                           GetSession(lease, id, false);
                       if (!session.ok()) return session.status();
                       return Found(CreatedByRequest<v1::CalibrationSession>{*std::move(session),
                                                                             row->request_hash});
                     });
}

absl::StatusOr<v1::CalibrationSession> SociCalibrationRepository::Get(int64_t id) {
  return WithSession(pool_, "GetCalibrationSession",
                     [&](SessionPool::Lease& lease) { return GetSession(lease, id, false); });
}

absl::StatusOr<std::vector<v1::CalibrationSession>> SociCalibrationRepository::List(
    const CalibrationSessionFilter& filter, int64_t before_id, int limit, absl::Time now) {
  return WithSession(
      pool_, "ListCalibrationSessions",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::CalibrationSession>> {
        const long long now_ms = absl::ToUnixMillis(now);
        BoundQuery query;
        query.Sql(kSelectSession).Sql(" WHERE 1 = 1");
        if (before_id > 0) query.Sql(" AND id < ").Value(static_cast<long long>(before_id));
        if (filter.state == v1::CALIBRATION_STATE_OPEN) {
          query.Sql(" AND close_ms IS NULL AND deadline_ms > ").Value(now_ms);
        } else if (filter.state == v1::CALIBRATION_STATE_CLOSED) {
          query.Sql(" AND (close_ms IS NOT NULL OR deadline_ms <= ").Value(now_ms).Sql(")");
        }
        if (!filter.visible_to_employee_id.empty()) {
          query.Sql(" AND (created_by = ")
              .Value(absl::StrCat("people/", filter.visible_to_employee_id))
              .Sql(
                  " OR id IN (SELECT session_id FROM calibration_participants WHERE employee_id = ")
              .Value(filter.visible_to_employee_id)
              .Sql("))");
        }
        query.Sql(" ORDER BY id DESC LIMIT ").Value(static_cast<long long>(limit));
        return FetchSessions(lease.session(), query);
      });
}

absl::StatusOr<v1::CalibrationSession> SociCalibrationRepository::Close(int64_t id,
                                                                        const AuditStamp& stamp,
                                                                        absl::Time now) {
  return WithSession(pool_, "CloseCalibrationSession",
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::CalibrationSession> {
                       Transaction transaction(lease.session(), lease.dialect());
                       absl::StatusOr<v1::CalibrationSession> before = GetSession(lease, id, true);
                       if (!before.ok()) return before.status();
                       if (absl::Status open = RequireOpen(*before, now); !open.ok()) {
                         return absl::FailedPreconditionError(
                             absl::StrCat(open.message(), "; it cannot be closed again"));
                       }
                       BoundQuery update;
                       update.Sql("UPDATE calibration_sessions SET state = ")
                           .Value(static_cast<long long>(v1::CALIBRATION_STATE_CLOSED))
                           .Sql(", close_ms = ")
                           .Value(static_cast<long long>(absl::ToUnixMillis(now)))
                           .Sql(" WHERE id = ")
                           .Value(static_cast<long long>(id));
                       update.Execute(lease.session());
                       absl::StatusOr<v1::CalibrationSession> after = GetSession(lease, id, false);
                       if (!after.ok()) return after.status();
                       AuditSession(lease.session(), stamp, &*before, *after, now);
                       transaction.Commit();
                       return after;
                     });
}

absl::StatusOr<v1::CalibrationScore> SociCalibrationRepository::SubmitScore(
    const v1::CalibrationScore& score, const AuditStamp& stamp, absl::Time now) {
  return WithSession(
      pool_, "SubmitCalibrationScore",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::CalibrationScore> {
        Transaction transaction(lease.session(), lease.dialect());
        absl::StatusOr<v1::CalibrationSession> session =
            GetSession(lease, score.session_id(), true);
        if (!session.ok()) return session.status();
        if (absl::Status open = RequireOpen(*session, now); !open.ok()) {
          return absl::FailedPreconditionError(
              absl::StrCat(open.message(), ": no more scores are taken"));
        }
        const std::optional<v1::CalibrationScore> before = FindScore(lease.session(), score);
        const long long now_ms = absl::ToUnixMillis(now);
        std::optional<std::string> score_text;
        BoundQuery query;
        // The score is a double; BoundQuery binds integers and text, so it travels as its exact
        // decimal text (%.17g round-trips) and the database converts it to DOUBLE.
        if (score.has_score()) {
          char text[32];
          std::snprintf(text, sizeof text, "%.17g", score.score());
          score_text = text;
        }
        if (before.has_value()) {
          query.Sql("UPDATE calibration_scores SET answers_json = ")
              .Value(AnswersJson(score))
              .Sql(", score = CAST(")
              .Value(score_text)
              .Sql(" AS DOUBLE)")
              .Sql(", submit_ms = ")
              .Value(now_ms)
              .Sql(" WHERE session_id = ")
              .Value(static_cast<long long>(score.session_id()))
              .Sql(" AND interaction_id = ")
              .Value(static_cast<long long>(score.interaction_id()))
              .Sql(" AND evaluator_employee_id = ")
              .Value(score.evaluator_employee_id());
        } else {
          query
              .Sql(
                  "INSERT INTO calibration_scores (session_id, interaction_id, "
                  "evaluator_employee_id,"
                  " answers_json, score, submit_ms) VALUES (")
              .Value(static_cast<long long>(score.session_id()))
              .Sql(", ")
              .Value(static_cast<long long>(score.interaction_id()))
              .Sql(", ")
              .Value(score.evaluator_employee_id())
              .Sql(", ")
              .Value(AnswersJson(score))
              .Sql(", CAST(")
              .Value(score_text)
              .Sql(" AS DOUBLE), ")
              .Value(now_ms)
              .Sql(")");
        }
        query.Execute(lease.session());
        std::optional<v1::CalibrationScore> after = FindScore(lease.session(), score);
        if (!after.has_value())
          return absl::InternalError("SubmitCalibrationScore: score not stored");
        ChangedFields changed = DiffForAudit(before.has_value() ? &*before : nullptr, *after);
        AppendAuditEvent(
            lease.session(), stamp,
            AuditChange{"calibration_score",
                        absl::StrCat("calibrationSessions/", score.session_id(), "/scores/",
                                     score.interaction_id(), "/", score.evaluator_employee_id()),
                        std::move(changed.before_json), std::move(changed.after_json)},
            now);
        transaction.Commit();
        return *after;
      });
}

absl::StatusOr<std::vector<v1::CalibrationScore>> SociCalibrationRepository::ListScores(
    int64_t session_id) {
  return WithSession(
      pool_, "ListCalibrationScores",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::CalibrationScore>> {
        BoundQuery query;
        query.Sql(kSelectScore)
            .Sql(" WHERE s.session_id = ")
            .Value(static_cast<long long>(session_id))
            .Sql(" ORDER BY i.position, s.evaluator_employee_id");
        return FetchScores(lease.session(), query);
      });
}

absl::StatusOr<std::vector<v1::CalibrationSession>> SociCalibrationRepository::ListClosed(
    std::optional<absl::Time> closed_after, std::optional<absl::Time> closed_before,
    absl::Time now) {
  return WithSession(
      pool_, "ListClosedCalibrationSessions",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::CalibrationSession>> {
        const long long from = closed_after ? absl::ToUnixMillis(*closed_after) : kNoLowerBound;
        const long long to = closed_before ? absl::ToUnixMillis(*closed_before) : kNoUpperBound;
        BoundQuery query;
        query.Sql(kSelectSession)
            .Sql(" WHERE (close_ms IS NOT NULL AND close_ms >= ")
            .Value(from)
            .Sql(" AND close_ms < ")
            .Value(to)
            .Sql(") OR (close_ms IS NULL AND deadline_ms <= ")
            .Value(static_cast<long long>(absl::ToUnixMillis(now)))
            .Sql(" AND deadline_ms >= ")
            .Value(from)
            .Sql(" AND deadline_ms < ")
            .Value(to)
            .Sql(") ORDER BY COALESCE(close_ms, deadline_ms), id");
        return FetchSessions(lease.session(), query);
      });
}

}  // namespace escala::db
