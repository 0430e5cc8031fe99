#include "db/qa/soci_assignment_repository.h"

#include <google/protobuf/util/json_util.h>
#include <soci/soci.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "db/common/audit_diff.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "db/core/audit_log.h"
#include "db/core/bound_query.h"
#include "db/core/last_insert_id.h"
#include "db/core/request_id_row.h"
#include "db/core/transaction.h"
#include "db/core/with_session.h"

namespace escala::db {
namespace {

constexpr int64_t kWeekMillis = 7LL * 24 * 60 * 60 * 1000;
// Values per IN (…) list: far below SQLite's parameter limit.
constexpr std::size_t kInListChunk = 400;
// Proto numbers of the evaluation states: drafts (1) are not submitted; everything from
// submitted (2) on counts as done.
constexpr char kSubmittedEvaluation[] = "e.state >= 2";

constexpr char kSelectPlan[] =
    "SELECT id, name, plan_json, created_by, create_ms FROM sampling_plans";

// An assignment with what it is derived from: its interaction (channel, start) and the
// evaluator's submitted evaluation of it, if any (which makes it DONE).
constexpr char kSelectAssignment[] =
    "SELECT a.id, a.plan_id, a.interaction_id, a.agent_employee_id, a.evaluator_employee_id,"
    " a.scorecard_id, a.state, a.week_start_ms, a.skip_reason, a.replaces_assignment_id,"
    " a.create_ms, i.channel, i.start_ms, e.id"
    " FROM assignments a JOIN interactions i ON i.id = a.interaction_id"
    " LEFT JOIN evaluations e ON e.interaction_id = a.interaction_id"
    " AND e.evaluator_employee_id = a.evaluator_employee_id AND e.state >= 2";

struct AssignmentRow {
  long long id = 0, plan_id = 0, interaction_id = 0, state = 0, week_start_ms = 0, replaces = 0,
            create_ms = 0, channel = 0, start_ms = 0, evaluation_id = 0;
  std::string agent, evaluator, scorecard_id, skip_reason;
  soci::indicator skip_indicator = soci::i_null, replaces_indicator = soci::i_null,
                  evaluation_indicator = soci::i_null;

  void BindInto(soci::statement& statement) {
    statement.exchange(soci::into(id));
    statement.exchange(soci::into(plan_id));
    statement.exchange(soci::into(interaction_id));
    statement.exchange(soci::into(agent));
    statement.exchange(soci::into(evaluator));
    statement.exchange(soci::into(scorecard_id));
    statement.exchange(soci::into(state));
    statement.exchange(soci::into(week_start_ms));
    statement.exchange(soci::into(skip_reason, skip_indicator));
    statement.exchange(soci::into(replaces, replaces_indicator));
    statement.exchange(soci::into(create_ms));
    statement.exchange(soci::into(channel));
    statement.exchange(soci::into(start_ms));
    statement.exchange(soci::into(evaluation_id, evaluation_indicator));
  }

  v1::Assignment ToProto() const {
    v1::Assignment assignment;
    assignment.set_id(id);
    assignment.set_plan_id(plan_id);
    assignment.set_interaction_id(interaction_id);
    assignment.set_agent_employee_id(agent);
    assignment.set_evaluator_employee_id(evaluator);
    assignment.set_scorecard_id(scorecard_id);
    const bool done = state == v1::ASSIGNMENT_STATE_OPEN && evaluation_indicator == soci::i_ok;
    assignment.set_state(done ? v1::ASSIGNMENT_STATE_DONE
                              : static_cast<v1::AssignmentState>(state));
    if (done) assignment.set_evaluation_id(evaluation_id);
    *assignment.mutable_week_start_time() = MillisToTimestamp(week_start_ms);
    if (skip_indicator == soci::i_ok) assignment.set_skip_reason(skip_reason);
    if (replaces_indicator == soci::i_ok) assignment.set_replaces_assignment_id(replaces);
    *assignment.mutable_create_time() = MillisToTimestamp(create_ms);
    assignment.set_channel(static_cast<v1::Channel>(channel));
    *assignment.mutable_interaction_start_time() = MillisToTimestamp(start_ms);
    return assignment;
  }
};

std::vector<v1::Assignment> FetchAssignments(soci::session& session, BoundQuery& query) {
  AssignmentRow row;
  soci::statement statement(session);
  row.BindInto(statement);
  PrepareAndExecute(session, statement, query);
  std::vector<v1::Assignment> result;
  while (statement.fetch()) result.push_back(row.ToProto());
  return result;
}

BoundQuery SelectAssignmentWhereId(int64_t id) {
  BoundQuery query;
  query.Sql(kSelectAssignment).Sql(" WHERE a.id = ").Value(static_cast<long long>(id));
  return query;
}

std::string PlanJson(const v1::SamplingPlan& plan) {
  v1::SamplingPlan content = plan;
  content.clear_id();
  content.clear_created_by();
  content.clear_create_time();
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string json;
  // A linked-in message type always prints; an empty object would only lose the plan's lists.
  if (!google::protobuf::util::MessageToJsonString(content, &json, options).ok()) json = "{}";
  return json;
}

std::vector<v1::SamplingPlan> FetchPlans(soci::session& session, BoundQuery& query) {
  long long id = 0, create_ms = 0;
  std::string display_name, json, created_by;
  soci::statement statement(session);
  statement.exchange(soci::into(id));
  statement.exchange(soci::into(display_name));
  statement.exchange(soci::into(json));
  statement.exchange(soci::into(created_by));
  statement.exchange(soci::into(create_ms));
  PrepareAndExecute(session, statement, query);
  std::vector<v1::SamplingPlan> plans;
  while (statement.fetch()) {
    v1::SamplingPlan plan;
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = true;
    // The column is only ever written by PlanJson; a row that does not parse is a damaged
    // database, which INTERNAL reports without guessing.
    if (!google::protobuf::util::JsonStringToMessage(json, &plan, options).ok()) {
      throw soci::soci_error(
          absl::StrCat("sampling_plans.plan_json of plan ", id, " does not parse"));
    }
    plan.set_id(id);
    // The column, not the JSON: plans stored before the field was called display_name hold it
    // under "name" in plan_json.
    plan.set_display_name(display_name);
    plan.set_created_by(created_by);
    *plan.mutable_create_time() = MillisToTimestamp(create_ms);
    plans.push_back(std::move(plan));
  }
  return plans;
}

void AppendIntList(BoundQuery& query, const std::vector<int>& values) {
  query.Sql("(");
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) query.Sql(", ");
    query.Value(static_cast<long long>(values[i]));
  }
  query.Sql(")");
}

// Inserts one OPEN assignment and returns it with its id and create time.
v1::Assignment InsertAssignment(SessionPool::Lease& lease, v1::Assignment assignment,
                                long long now_ms) {
  BoundQuery query;
  query
      .Sql(
          "INSERT INTO assignments (plan_id, interaction_id, agent_employee_id,"
          " evaluator_employee_id, scorecard_id, state, week_start_ms, skip_reason,"
          " replaces_assignment_id, create_ms, update_ms) VALUES (")
      .Value(static_cast<long long>(assignment.plan_id()))
      .Sql(", ")
      .Value(static_cast<long long>(assignment.interaction_id()))
      .Sql(", ")
      .Value(assignment.agent_employee_id())
      .Sql(", ")
      .Value(assignment.evaluator_employee_id())
      .Sql(", ")
      .Value(assignment.scorecard_id())
      .Sql(", ")
      .Value(static_cast<long long>(v1::ASSIGNMENT_STATE_OPEN))
      .Sql(", ")
      .Value(static_cast<long long>(TimestampToMillis(assignment.week_start_time())))
      .Sql(", NULL, ")
      .Value(assignment.replaces_assignment_id() == 0
                 ? std::optional<long long>()
                 : std::optional<long long>(assignment.replaces_assignment_id()))
      .Sql(", ")
      .Value(now_ms)
      .Sql(", ")
      .Value(now_ms)
      .Sql(")");
  query.Execute(lease.session());
  assignment.set_id(LastInsertId(lease, "assignments"));
  assignment.set_state(v1::ASSIGNMENT_STATE_OPEN);
  assignment.clear_skip_reason();
  assignment.clear_evaluation_id();
  *assignment.mutable_create_time() = MillisToTimestamp(now_ms);
  return assignment;
}

// The fields of an assignment its audit record compares: what the evaluator's action changed,
// without the interaction details copied in for display.
v1::Assignment AuditForm(v1::Assignment assignment) {
  assignment.clear_channel();
  assignment.clear_interaction_start_time();
  assignment.clear_create_time();
  return assignment;
}

}  // namespace

absl::StatusOr<v1::SamplingPlan> SociAssignmentRepository::CreatePlan(const v1::SamplingPlan& plan,
                                                                      const CreateRequest& request,
                                                                      const AuditStamp& stamp,
                                                                      absl::Time now) {
  absl::StatusOr<v1::SamplingPlan> created = WithSession(
      pool_, "CreateSamplingPlan",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::SamplingPlan> {
        Transaction transaction(lease.session(), lease.dialect());
        const long long now_ms = absl::ToUnixMillis(now);
        BoundQuery query;
        query
            .Sql(
                "INSERT INTO sampling_plans (name, team_id, scorecard_id, plan_json, created_by,"
                " create_ms, request_id, request_hash) VALUES (")
            .Value(plan.display_name())
            .Sql(", ")
            .Value(NullIfEmpty(plan.team_id()))
            .Sql(", ")
            .Value(plan.scorecard_id())
            .Sql(", ")
            .Value(PlanJson(plan))
            .Sql(", ")
            .Value(stamp.principal)
            .Sql(", ")
            .Value(now_ms)
            .Sql(", ")
            .Value(NullIfEmpty(request.request_id))
            .Sql(", ")
            .Value(NullIfEmpty(request.request_hash))
            .Sql(")");
        query.Execute(lease.session());
        v1::SamplingPlan created = plan;
        created.set_id(LastInsertId(lease, "sampling_plans"));
        created.set_created_by(stamp.principal);
        *created.mutable_create_time() = MillisToTimestamp(now_ms);
        ChangedFields changed = DiffForAudit(nullptr, created);
        AppendAuditEvent(lease.session(), stamp,
                         AuditChange{"sampling_plan", absl::StrCat("samplingPlans/", created.id()),
                                     "", std::move(changed.after_json)},
                         now);
        transaction.Commit();
        return created;
      });
  // request_id is the table's only unique key besides the id.
  if (absl::IsAlreadyExists(created.status())) {
    return WithErrorInfo(absl::AlreadyExistsError(absl::StrCat("request_id: '", request.request_id,
                                                               "' was already used")),
                         kReasonRequestIdReused);
  }
  return created;
}

absl::StatusOr<std::optional<CreatedByRequest<v1::SamplingPlan>>>
SociAssignmentRepository::FindPlanByRequestId(const std::string& request_id) {
  using Found = std::optional<CreatedByRequest<v1::SamplingPlan>>;
  return WithSession(pool_, "FindSamplingPlanByRequestId",
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<Found> {
                       const std::optional<RequestIdRow> row =
                           FindRowByRequestId(lease, "sampling_plans", request_id);
                       if (!row.has_value()) return Found();
                       const long long id = row->id;
                       BoundQuery plan_query;
                       plan_query.Sql(kSelectPlan).Sql(" WHERE id = ").Value(id);
                       std::vector<v1::SamplingPlan> plans =
                           FetchPlans(lease.session(), plan_query);
                       if (plans.empty()) return Found();
                       return Found(CreatedByRequest<v1::SamplingPlan>{std::move(plans.front()),
                                                                       row->request_hash});
                     });
}

absl::StatusOr<v1::SamplingPlan> SociAssignmentRepository::GetPlan(int64_t id) {
  return WithSession(
      pool_, "GetSamplingPlan", [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::SamplingPlan> {
        BoundQuery query;
        query.Sql(kSelectPlan).Sql(" WHERE id = ").Value(static_cast<long long>(id));
        std::vector<v1::SamplingPlan> plans = FetchPlans(lease.session(), query);
        if (plans.empty())
          return absl::NotFoundError(absl::StrCat("sampling plan ", id, " not found"));
        return std::move(plans.front());
      });
}

absl::StatusOr<std::vector<v1::SamplingPlan>> SociAssignmentRepository::ListPlans(int64_t after_id,
                                                                                  int limit) {
  return WithSession(
      pool_, "ListSamplingPlans",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::SamplingPlan>> {
        BoundQuery query;
        query.Sql(kSelectPlan)
            .Sql(" WHERE id > ")
            .Value(static_cast<long long>(after_id))
            .Sql(" ORDER BY id LIMIT ")
            .Value(static_cast<long long>(limit));
        return FetchPlans(lease.session(), query);
      });
}

absl::StatusOr<std::vector<PlanInteraction>> SociAssignmentRepository::ListPlanInteractions(
    int64_t plan_id, const std::vector<std::string>& agents, const std::vector<int>& channels,
    int64_t from_ms, int64_t to_ms) {
  return WithSession(
      pool_, "ListPlanInteractions",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<PlanInteraction>> {
        std::vector<std::string> sorted = agents;
        std::sort(sorted.begin(), sorted.end());
        std::vector<PlanInteraction> result;
        for (std::size_t start = 0; start < sorted.size(); start += kInListChunk) {
          const std::vector<std::string> chunk(
              sorted.begin() + start,
              sorted.begin() + std::min(sorted.size(), start + kInListChunk));
          BoundQuery query;
          query
              .Sql(
                  "SELECT i.id, i.agent_employee_id, i.start_ms, i.channel,"
                  " CASE WHEN EXISTS (SELECT 1 FROM evaluations e WHERE e.interaction_id = i.id)"
                  " THEN 1 ELSE 0 END, a.state"
                  " FROM interactions i LEFT JOIN assignments a ON a.interaction_id = i.id"
                  " AND a.plan_id = ")
              .Value(static_cast<long long>(plan_id))
              .Sql(" WHERE i.agent_employee_id IN ")
              .InList(chunk)
              .Sql(" AND i.start_ms >= ")
              .Value(static_cast<long long>(from_ms))
              .Sql(" AND i.start_ms < ")
              .Value(static_cast<long long>(to_ms));
          if (!channels.empty()) {
            query.Sql(" AND i.channel IN ");
            AppendIntList(query, channels);
          }
          query.Sql(" ORDER BY i.agent_employee_id, i.start_ms, i.id");
          long long id = 0, start_ms = 0, channel = 0, evaluated = 0, state = 0;
          std::string agent;
          soci::indicator state_indicator = soci::i_null;
          soci::statement statement(lease.session());
          statement.exchange(soci::into(id));
          statement.exchange(soci::into(agent));
          statement.exchange(soci::into(start_ms));
          statement.exchange(soci::into(channel));
          statement.exchange(soci::into(evaluated));
          statement.exchange(soci::into(state, state_indicator));
          PrepareAndExecute(lease.session(), statement, query);
          while (statement.fetch()) {
            result.push_back(
                PlanInteraction{id, agent, start_ms, static_cast<int>(channel), evaluated != 0,
                                state_indicator == soci::i_ok ? static_cast<int>(state) : 0});
          }
        }
        return result;
      });
}

absl::StatusOr<std::map<std::string, int>> SociAssignmentRepository::CountOpenAssignments(
    const std::vector<std::string>& evaluators) {
  return WithSession(
      pool_, "CountOpenAssignments",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::map<std::string, int>> {
        std::map<std::string, int> counts;
        for (std::size_t start = 0; start < evaluators.size(); start += kInListChunk) {
          const std::vector<std::string> chunk(
              evaluators.begin() + start,
              evaluators.begin() + std::min(evaluators.size(), start + kInListChunk));
          BoundQuery query;
          query
              .Sql(
                  "SELECT a.evaluator_employee_id, COUNT(*) FROM assignments a"
                  " LEFT JOIN evaluations e ON e.interaction_id = a.interaction_id"
                  " AND e.evaluator_employee_id = a.evaluator_employee_id AND ")
              .Sql(kSubmittedEvaluation)
              .Sql(" WHERE a.state = 1 AND e.id IS NULL AND a.evaluator_employee_id IN ")
              .InList(chunk)
              .Sql(" GROUP BY a.evaluator_employee_id");
          std::string evaluator;
          long long count = 0;
          soci::statement statement(lease.session());
          statement.exchange(soci::into(evaluator));
          statement.exchange(soci::into(count));
          PrepareAndExecute(lease.session(), statement, query);
          while (statement.fetch()) counts[evaluator] = static_cast<int>(count);
        }
        return counts;
      });
}

absl::StatusOr<std::vector<v1::Assignment>> SociAssignmentRepository::InsertAssignments(
    int64_t plan_id, const std::vector<v1::Assignment>& assignments,
    const std::string& audit_detail, const AuditStamp& stamp, absl::Time now) {
  absl::StatusOr<std::vector<v1::Assignment>> stored = WithSession(
      pool_, "GenerateAssignments",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::Assignment>> {
        Transaction transaction(lease.session(), lease.dialect());
        const long long now_ms = absl::ToUnixMillis(now);
        std::vector<v1::Assignment> result;
        std::vector<std::string> ids;
        for (v1::Assignment assignment : assignments) {
          assignment.set_plan_id(plan_id);
          result.push_back(InsertAssignment(lease, std::move(assignment), now_ms));
          ids.push_back(absl::StrCat("\"", result.back().id(), "\""));
        }
        if (!result.empty()) {
          // int64 values are strings in proto3 JSON; the ids follow that convention.
          std::string after = absl::StrCat("{\"assignment_ids\":[", absl::StrJoin(ids, ","), "]");
          if (audit_detail.size() > 2 && audit_detail.front() == '{' &&
              audit_detail.back() == '}') {
            absl::StrAppend(&after, ",", audit_detail.substr(1));
          } else {
            after += "}";
          }
          AppendAuditEvent(
              lease.session(), stamp,
              AuditChange{"sampling_plan", absl::StrCat("samplingPlans/", plan_id), "", after},
              now);
        }
        transaction.Commit();
        return result;
      });
  if (absl::IsAlreadyExists(stored.status())) {
    return absl::AbortedError(
        absl::StrCat("sampling plan ", plan_id,
                     ": an interaction was assigned by a concurrent generation; run it again"));
  }
  return stored;
}

absl::StatusOr<v1::Assignment> SociAssignmentRepository::GetAssignment(int64_t id) {
  return WithSession(pool_, "GetAssignment",
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::Assignment> {
                       BoundQuery query = SelectAssignmentWhereId(id);
                       std::vector<v1::Assignment> rows = FetchAssignments(lease.session(), query);
                       if (rows.empty())
                         return absl::NotFoundError(absl::StrCat("assignment ", id, " not found"));
                       return std::move(rows.front());
                     });
}

absl::StatusOr<std::vector<v1::Assignment>> SociAssignmentRepository::ListAssignments(
    const AssignmentFilter& filter, int64_t after_id, int limit) {
  return WithSession(
      pool_, "ListAssignments",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::Assignment>> {
        BoundQuery query;
        query.Sql(kSelectAssignment).Sql(" WHERE a.id > ").Value(static_cast<long long>(after_id));
        if (!filter.evaluator_employee_id.empty()) {
          query.Sql(" AND a.evaluator_employee_id = ").Value(filter.evaluator_employee_id);
        }
        if (filter.plan_id != 0)
          query.Sql(" AND a.plan_id = ").Value(static_cast<long long>(filter.plan_id));
        switch (filter.state) {
          case v1::ASSIGNMENT_STATE_OPEN:
            query.Sql(" AND a.state = 1 AND e.id IS NULL");
            break;
          case v1::ASSIGNMENT_STATE_DONE:
            query.Sql(" AND a.state = 1 AND e.id IS NOT NULL");
            break;
          case v1::ASSIGNMENT_STATE_SKIPPED:
            query.Sql(" AND a.state = 3");
            break;
          default:
            break;
        }
        query.Sql(" ORDER BY a.id LIMIT ").Value(static_cast<long long>(limit));
        return FetchAssignments(lease.session(), query);
      });
}

absl::StatusOr<SkipResult> SociAssignmentRepository::Skip(const SkipRequest& request,
                                                          const AuditStamp& stamp, absl::Time now) {
  absl::StatusOr<SkipResult> result = WithSession(
      pool_, "SkipAssignment", [&](SessionPool::Lease& lease) -> absl::StatusOr<SkipResult> {
        Transaction transaction(lease.session(), lease.dialect());
        const absl::Status not_found =
            absl::NotFoundError(absl::StrCat("assignment ", request.assignment_id, " not found"));
        {
          // Locks the one row (not the joined ones) so that two skips of it cannot both succeed.
          BoundQuery lock;
          lock.Sql("SELECT id FROM assignments WHERE id = ")
              .Value(static_cast<long long>(request.assignment_id));
          if (lease.dialect() == Dialect::kMysql) lock.Sql(" FOR UPDATE");
          long long id = 0;
          soci::statement statement(lease.session());
          statement.exchange(soci::into(id));
          PrepareAndExecute(lease.session(), statement, lock);
          if (!statement.fetch()) return not_found;
        }
        BoundQuery select = SelectAssignmentWhereId(request.assignment_id);
        std::vector<v1::Assignment> rows = FetchAssignments(lease.session(), select);
        if (rows.empty()) return not_found;
        const v1::Assignment before = rows.front();
        if (!request.evaluator_employee_id.empty() &&
            before.evaluator_employee_id() != request.evaluator_employee_id) {
          return not_found;
        }
        if (before.state() != v1::ASSIGNMENT_STATE_OPEN) {
          return absl::FailedPreconditionError(absl::StrCat(
              "assignment ", before.id(), " is ",
              before.state() == v1::ASSIGNMENT_STATE_DONE ? "done (its evaluation was submitted)"
                                                          : "skipped already",
              "; only an open assignment can be skipped"));
        }
        const long long week_ms = TimestampToMillis(before.week_start_time());
        BoundQuery candidates_query;
        candidates_query
            .Sql(
                "SELECT i.id, i.start_ms, i.channel FROM interactions i WHERE i.agent_employee_id "
                "= ")
            .Value(before.agent_employee_id())
            .Sql(" AND i.start_ms >= ")
            .Value(week_ms)
            .Sql(" AND i.start_ms < ")
            .Value(week_ms + kWeekMillis);
        if (!request.channels.empty()) {
          candidates_query.Sql(" AND i.channel IN ");
          AppendIntList(candidates_query, request.channels);
        }
        if (request.same_channel) {
          candidates_query.Sql(" AND i.channel = ").Value(static_cast<long long>(before.channel()));
        }
        candidates_query
            .Sql(
                " AND NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.interaction_id = i.id)"
                " AND NOT EXISTS (SELECT 1 FROM assignments b WHERE b.interaction_id = i.id"
                " AND b.plan_id = ")
            .Value(static_cast<long long>(before.plan_id()))
            .Sql(") ORDER BY i.start_ms, i.id");
        std::vector<ReplacementCandidate> candidates;
        // Without a chooser no replacement is wanted: the candidates are not read.
        if (request.choose) {
          long long id = 0, start_ms = 0, channel = 0;
          soci::statement statement(lease.session());
          statement.exchange(soci::into(id));
          statement.exchange(soci::into(start_ms));
          statement.exchange(soci::into(channel));
          PrepareAndExecute(lease.session(), statement, candidates_query);
          while (statement.fetch()) candidates.push_back({id, start_ms, static_cast<int>(channel)});
        }
        const long long now_ms = absl::ToUnixMillis(now);
        BoundQuery update;
        update.Sql("UPDATE assignments SET state = 3, skip_reason = ")
            .Value(request.reason)
            .Sql(", update_ms = ")
            .Value(now_ms)
            .Sql(" WHERE id = ")
            .Value(static_cast<long long>(before.id()))
            .Sql(" AND state = 1");
        if (update.Execute(lease.session()) != 1) {
          return absl::AbortedError(
              absl::StrCat("assignment ", before.id(), " changed concurrently; retry"));
        }
        SkipResult result;
        result.skipped = before;
        result.skipped.set_state(v1::ASSIGNMENT_STATE_SKIPPED);
        result.skipped.set_skip_reason(request.reason);
        std::optional<int64_t> chosen =
            request.choose ? request.choose(candidates, before) : std::optional<int64_t>();
        for (const ReplacementCandidate& candidate : candidates) {
          if (!chosen || candidate.interaction_id != *chosen) continue;
          v1::Assignment replacement;
          replacement.set_plan_id(before.plan_id());
          replacement.set_interaction_id(candidate.interaction_id);
          replacement.set_agent_employee_id(before.agent_employee_id());
          replacement.set_evaluator_employee_id(before.evaluator_employee_id());
          replacement.set_scorecard_id(before.scorecard_id());
          *replacement.mutable_week_start_time() = before.week_start_time();
          replacement.set_replaces_assignment_id(before.id());
          replacement.set_channel(static_cast<v1::Channel>(candidate.channel));
          *replacement.mutable_interaction_start_time() = MillisToTimestamp(candidate.start_ms);
          result.replacement = InsertAssignment(lease, std::move(replacement), now_ms);
        }
        const v1::Assignment audit_before = AuditForm(before);
        ChangedFields changed = DiffForAudit(&audit_before, AuditForm(result.skipped));
        std::string after = changed.after_json;
        if (result.replacement && after.size() >= 2 && after.back() == '}') {
          after.pop_back();
          absl::StrAppend(&after, after.size() > 1 ? "," : "", "\"replacement_assignment_id\":\"",
                          result.replacement->id(), "\"}");
        }
        AppendAuditEvent(lease.session(), stamp,
                         AuditChange{"assignment", absl::StrCat("assignments/", before.id()),
                                     std::move(changed.before_json), std::move(after)},
                         now);
        transaction.Commit();
        return result;
      });
  // The replacement was assigned in the plan by a concurrent generation or skip since it was
  // read: nothing was stored, and a second attempt picks another one.
  if (absl::IsAlreadyExists(result.status())) {
    return absl::AbortedError(absl::StrCat("assignment ", request.assignment_id,
                                           ": its replacement was assigned concurrently; retry"));
  }
  return result;
}

absl::StatusOr<std::vector<AgentScores>> SociAssignmentRepository::ListAgentScores(
    const AgentScoreFilter& filter, const std::string& after_agent, int limit) {
  return WithSession(
      pool_, "ListAgentQaSummaries",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<AgentScores>> {
        auto add_conditions = [&](BoundQuery& query) {
          query.Sql(" WHERE ").Sql(kSubmittedEvaluation).Sql(" AND e.score IS NOT NULL");
          if (filter.submitted_from_ms) {
            query.Sql(" AND e.submit_ms >= ")
                .Value(static_cast<long long>(*filter.submitted_from_ms));
          }
          if (filter.submitted_to_ms) {
            query.Sql(" AND e.submit_ms < ").Value(static_cast<long long>(*filter.submitted_to_ms));
          }
        };
        BoundQuery agents_query;
        agents_query.Sql(
            "SELECT DISTINCT e.agent_employee_id, p.team_id FROM evaluations e"
            " LEFT JOIN people p ON p.employee_id = e.agent_employee_id");
        add_conditions(agents_query);
        if (!filter.agent_employee_id.empty()) {
          agents_query.Sql(" AND e.agent_employee_id = ").Value(filter.agent_employee_id);
        }
        if (!filter.team_id.empty()) agents_query.Sql(" AND p.team_id = ").Value(filter.team_id);
        agents_query.Sql(" AND e.agent_employee_id > ")
            .Value(after_agent)
            .Sql(" ORDER BY e.agent_employee_id LIMIT ")
            .Value(static_cast<long long>(limit));
        std::vector<AgentScores> result;
        std::map<std::string, std::size_t> index;
        {
          std::string agent, team;
          soci::indicator team_indicator = soci::i_null;
          soci::statement statement(lease.session());
          statement.exchange(soci::into(agent));
          statement.exchange(soci::into(team, team_indicator));
          PrepareAndExecute(lease.session(), statement, agents_query);
          while (statement.fetch()) {
            index[agent] = result.size();
            result.push_back(AgentScores{agent, team_indicator == soci::i_ok ? team : "", {}});
          }
        }
        if (result.empty()) return result;
        std::vector<std::string> agents;
        for (const AgentScores& scores : result) agents.push_back(scores.agent_employee_id);
        BoundQuery scores_query;
        scores_query.Sql("SELECT e.agent_employee_id, e.score FROM evaluations e");
        add_conditions(scores_query);
        scores_query.Sql(" AND e.agent_employee_id IN ")
            .InList(agents)
            .Sql(" ORDER BY e.agent_employee_id, e.id");
        std::string agent;
        double score = 0;
        soci::statement statement(lease.session());
        statement.exchange(soci::into(agent));
        statement.exchange(soci::into(score));
        PrepareAndExecute(lease.session(), statement, scores_query);
        while (statement.fetch()) result[index.at(agent)].scores.push_back(score);
        return result;
      });
}

}  // namespace escala::db
