#include "db/training/soci_recommendation_repository.h"

#include <google/protobuf/util/json_util.h>
#include <soci/soci.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

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

constexpr char kSelectRule[] =
    "SELECT id, criterion_key, course_id, active, detail_json, row_version, created_by, create_ms,"
    " update_ms FROM criterion_training_rules";

constexpr char kSelectRecommendation[] =
    "SELECT id, employee_id, team_id, course_id, criterion_key, rule_id, state, detail_json,"
    " created_by, create_ms FROM training_recommendations";

void FromJson(const std::string& json, google::protobuf::Message* message, const char* what,
              long long id) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  if (!google::protobuf::util::JsonStringToMessage(json, message, options).ok()) {
    throw soci::soci_error(absl::StrCat(what, " ", id, ": stored details are not valid JSON"));
  }
}

// The rule's details: what has no column of its own.
std::string RuleDetail(const v1::CriterionTrainingRule& rule) {
  v1::CriterionTrainingRule detail = rule;
  detail.clear_id();
  detail.clear_criterion_key();
  detail.clear_course_id();
  detail.clear_active();
  detail.clear_etag();
  detail.clear_created_by();
  detail.clear_create_time();
  detail.clear_update_time();
  return StoredJson(detail, "rule details");
}

std::string RecommendationDetail(const v1::TrainingRecommendation& recommendation) {
  v1::TrainingRecommendation detail = recommendation;
  detail.clear_id();
  detail.clear_employee_id();
  detail.clear_team_id();
  detail.clear_course_id();
  detail.clear_criterion_key();
  detail.clear_rule_id();
  detail.clear_state();
  detail.clear_created_by();
  detail.clear_create_time();
  return StoredJson(detail, "recommendation details");
}

struct StoredRule {
  v1::CriterionTrainingRule rule;
  long long row_version = 0;
};

std::vector<StoredRule> FetchRules(soci::session& session, BoundQuery& query) {
  long long id = 0, active = 0, row_version = 0, create_ms = 0, update_ms = 0;
  std::string criterion_key, course_id, detail_json, created_by;
  soci::statement statement(session);
  statement.exchange(soci::into(id));
  statement.exchange(soci::into(criterion_key));
  statement.exchange(soci::into(course_id));
  statement.exchange(soci::into(active));
  statement.exchange(soci::into(detail_json));
  statement.exchange(soci::into(row_version));
  statement.exchange(soci::into(created_by));
  statement.exchange(soci::into(create_ms));
  statement.exchange(soci::into(update_ms));
  PrepareAndExecute(session, statement, query);
  std::vector<StoredRule> rules;
  while (statement.fetch()) {
    StoredRule& stored = rules.emplace_back();
    v1::CriterionTrainingRule& rule = stored.rule;
    FromJson(detail_json, &rule, "rule", id);
    rule.set_id(id);
    rule.set_criterion_key(criterion_key);
    rule.set_course_id(course_id);
    rule.set_active(active != 0);
    rule.set_etag(absl::StrCat(row_version));
    rule.set_created_by(created_by);
    *rule.mutable_create_time() = MillisToTimestamp(create_ms);
    *rule.mutable_update_time() = MillisToTimestamp(update_ms);
    stored.row_version = row_version;
  }
  return rules;
}

std::vector<v1::TrainingRecommendation> FetchRecommendations(soci::session& session,
                                                             BoundQuery& query) {
  long long id = 0, rule_id = 0, state = 0, create_ms = 0;
  std::string employee_id, team_id, course_id, criterion_key, detail_json, created_by;
  soci::indicator team_indicator = soci::i_null;
  soci::statement statement(session);
  statement.exchange(soci::into(id));
  statement.exchange(soci::into(employee_id));
  statement.exchange(soci::into(team_id, team_indicator));
  statement.exchange(soci::into(course_id));
  statement.exchange(soci::into(criterion_key));
  statement.exchange(soci::into(rule_id));
  statement.exchange(soci::into(state));
  statement.exchange(soci::into(detail_json));
  statement.exchange(soci::into(created_by));
  statement.exchange(soci::into(create_ms));
  PrepareAndExecute(session, statement, query);
  std::vector<v1::TrainingRecommendation> recommendations;
  while (statement.fetch()) {
    v1::TrainingRecommendation& r = recommendations.emplace_back();
    FromJson(detail_json, &r, "training recommendation", id);
    r.set_id(id);
    r.set_employee_id(employee_id);
    if (team_indicator == soci::i_ok) r.set_team_id(team_id);
    r.set_course_id(course_id);
    r.set_criterion_key(criterion_key);
    r.set_rule_id(rule_id);
    r.set_state(static_cast<v1::TrainingRecommendationState>(state));
    r.set_created_by(created_by);
    *r.mutable_create_time() = MillisToTimestamp(create_ms);
  }
  return recommendations;
}

std::string RuleName(int64_t id) { return absl::StrCat("criterionTrainingRules/", id); }
std::string RecommendationName(int64_t id) { return absl::StrCat("trainingRecommendations/", id); }

absl::StatusOr<StoredRule> OneRule(SessionPool::Lease& lease, int64_t id, bool lock) {
  BoundQuery query;
  query.Sql(kSelectRule).Sql(" WHERE id = ").Value(static_cast<long long>(id));
  if (lock && lease.dialect() == Dialect::kMysql) query.Sql(" FOR UPDATE");
  std::vector<StoredRule> rules = FetchRules(lease.session(), query);
  if (rules.empty()) {
    return absl::NotFoundError(absl::StrCat("criterion training rule ", id, " not found"));
  }
  return std::move(rules.front());
}

absl::StatusOr<v1::TrainingRecommendation> OneRecommendation(SessionPool::Lease& lease, int64_t id,
                                                             bool lock) {
  BoundQuery query;
  query.Sql(kSelectRecommendation).Sql(" WHERE id = ").Value(static_cast<long long>(id));
  if (lock && lease.dialect() == Dialect::kMysql) query.Sql(" FOR UPDATE");
  std::vector<v1::TrainingRecommendation> rows = FetchRecommendations(lease.session(), query);
  if (rows.empty()) {
    return absl::NotFoundError(absl::StrCat("training recommendation ", id, " not found"));
  }
  return std::move(rows.front());
}

void AuditRule(soci::session& session, const AuditStamp& stamp,
               const v1::CriterionTrainingRule* before, const v1::CriterionTrainingRule& after,
               absl::Time now) {
  ChangedFields changed = DiffForAudit(before, after);
  AppendAuditEvent(session, stamp,
                   AuditChange{"criterion_training_rule", RuleName(after.id()),
                               std::move(changed.before_json), std::move(changed.after_json)},
                   now);
}

void AuditRecommendation(soci::session& session, const AuditStamp& stamp,
                         const v1::TrainingRecommendation* before,
                         const v1::TrainingRecommendation& after, absl::Time now) {
  ChangedFields changed = DiffForAudit(before, after);
  AppendAuditEvent(session, stamp,
                   AuditChange{"training_recommendation", RecommendationName(after.id()),
                               std::move(changed.before_json), std::move(changed.after_json)},
                   now);
}

}  // namespace

absl::StatusOr<v1::CriterionTrainingRule> SociTrainingRecommendationRepository::CreateRule(
    const v1::CriterionTrainingRule& rule, const CreateRequest& request, const AuditStamp& stamp,
    absl::Time now) {
  absl::StatusOr<v1::CriterionTrainingRule> created = WithSession(
      pool_, "CreateCriterionTrainingRule",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::CriterionTrainingRule> {
        Transaction transaction(lease.session(), lease.dialect());
        const long long now_ms = absl::ToUnixMillis(now);
        BoundQuery query;
        query
            .Sql(
                "INSERT INTO criterion_training_rules (criterion_key, course_id, active,"
                " detail_json, row_version, created_by, create_ms, update_ms, request_id,"
                " request_hash) VALUES (")
            .Value(rule.criterion_key())
            .Sql(", ")
            .Value(rule.course_id())
            .Sql(", ")
            .Value(static_cast<long long>(rule.active() ? 1 : 0))
            .Sql(", ")
            .Value(RuleDetail(rule))
            .Sql(", 1, ")
            .Value(stamp.principal)
            .Sql(", ")
            .Value(now_ms)
            .Sql(", ")
            .Value(now_ms)
            .Sql(", ")
            .Value(NullIfEmpty(request.request_id))
            .Sql(", ")
            .Value(NullIfEmpty(request.request_hash))
            .Sql(")");
        query.Execute(lease.session());
        const long long id = LastInsertId(lease, "criterion_training_rules");
        absl::StatusOr<StoredRule> stored = OneRule(lease, id, false);
        if (!stored.ok()) return stored.status();
        AuditRule(lease.session(), stamp, nullptr, stored->rule, now);
        transaction.Commit();
        return std::move(stored->rule);
      });
  // request_id is the table's only unique key besides the id.
  if (absl::IsAlreadyExists(created.status())) {
    return WithErrorInfo(absl::AlreadyExistsError(absl::StrCat("request_id: '", request.request_id,
                                                               "' was already used")),
                         kReasonRequestIdReused);
  }
  return created;
}

absl::StatusOr<std::optional<CreatedByRequest<v1::CriterionTrainingRule>>>
SociTrainingRecommendationRepository::FindRuleByRequestId(const std::string& request_id) {
  using Found = std::optional<CreatedByRequest<v1::CriterionTrainingRule>>;
  return WithSession(pool_, "FindCriterionTrainingRuleByRequestId",
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<Found> {
                       const std::optional<RequestIdRow> row =
                           FindRowByRequestId(lease, "criterion_training_rules", request_id);
                       if (!row.has_value()) return Found();
                       absl::StatusOr<StoredRule> stored = OneRule(lease, row->id, false);
                       if (!stored.ok()) return stored.status();
                       return Found(CreatedByRequest<v1::CriterionTrainingRule>{
                           std::move(stored->rule), row->request_hash});
                     });
}

absl::StatusOr<v1::CriterionTrainingRule> SociTrainingRecommendationRepository::GetRule(
    int64_t id) {
  return WithSession(pool_, "GetCriterionTrainingRule",
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::CriterionTrainingRule> {
                       absl::StatusOr<StoredRule> stored = OneRule(lease, id, false);
                       if (!stored.ok()) return stored.status();
                       return std::move(stored->rule);
                     });
}

absl::StatusOr<std::vector<v1::CriterionTrainingRule>>
SociTrainingRecommendationRepository::ListRules(const RuleFilter& filter, int64_t after_id,
                                                int limit) {
  return WithSession(
      pool_, "ListCriterionTrainingRules",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::CriterionTrainingRule>> {
        BoundQuery query;
        query.Sql(kSelectRule).Sql(" WHERE id > ").Value(static_cast<long long>(after_id));
        if (!filter.criterion_key.empty()) {
          query.Sql(" AND criterion_key = ").Value(filter.criterion_key);
        }
        if (!filter.course_id.empty()) query.Sql(" AND course_id = ").Value(filter.course_id);
        if (filter.active_only) query.Sql(" AND active = 1");
        query.Sql(" ORDER BY id LIMIT ").Value(static_cast<long long>(limit));
        std::vector<v1::CriterionTrainingRule> rules;
        for (StoredRule& stored : FetchRules(lease.session(), query)) {
          rules.push_back(std::move(stored.rule));
        }
        return rules;
      });
}

absl::StatusOr<v1::CriterionTrainingRule> SociTrainingRecommendationRepository::UpdateRule(
    const v1::CriterionTrainingRule& rule, int64_t expected_version, const AuditStamp& stamp,
    absl::Time now) {
  const int64_t id = rule.id();
  return WithSession(
      pool_, "UpdateCriterionTrainingRule",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::CriterionTrainingRule> {
        Transaction transaction(lease.session(), lease.dialect());
        absl::StatusOr<StoredRule> before = OneRule(lease, id, true);
        if (!before.ok()) return before.status();
        const auto stale = [id] {
          return WithErrorInfo(
              absl::AbortedError(absl::StrCat(
                  "criterion training rule ", id,
                  " was changed since it was read (etag mismatch); re-read and retry")),
              kReasonEtagMismatch, {{"resource", RuleName(id)}});
        };
        if (before->row_version != expected_version) return stale();
        BoundQuery update;
        update.Sql("UPDATE criterion_training_rules SET criterion_key = ")
            .Value(rule.criterion_key())
            .Sql(", course_id = ")
            .Value(rule.course_id())
            .Sql(", active = ")
            .Value(static_cast<long long>(rule.active() ? 1 : 0))
            .Sql(", detail_json = ")
            .Value(RuleDetail(rule))
            .Sql(", update_ms = ")
            .Value(static_cast<long long>(absl::ToUnixMillis(now)))
            .Sql(", row_version = row_version + 1 WHERE id = ")
            .Value(static_cast<long long>(id))
            .Sql(" AND row_version = ")
            .Value(static_cast<long long>(expected_version));
        if (update.Execute(lease.session()) == 0) return stale();
        absl::StatusOr<StoredRule> after = OneRule(lease, id, false);
        if (!after.ok()) return after.status();
        AuditRule(lease.session(), stamp, &before->rule, after->rule, now);
        transaction.Commit();
        return std::move(after->rule);
      });
}

absl::StatusOr<std::vector<v1::TrainingRecommendation>>
SociTrainingRecommendationRepository::InsertRecommendations(
    const std::vector<v1::TrainingRecommendation>& recommendations, const std::string& request_id,
    const AuditStamp& stamp, absl::Time now) {
  return WithSession(
      pool_, "GenerateTrainingRecommendations",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::TrainingRecommendation>> {
        std::vector<v1::TrainingRecommendation> stored;
        if (recommendations.empty()) return stored;
        Transaction transaction(lease.session(), lease.dialect());
        const long long now_ms = absl::ToUnixMillis(now);
        for (const v1::TrainingRecommendation& r : recommendations) {
          v1::TrainingRecommendation fresh = r;
          fresh.clear_dismiss_reason();
          fresh.clear_dismissed_by();
          fresh.clear_dismiss_time();
          BoundQuery insert;
          insert
              .Sql(
                  "INSERT INTO training_recommendations (employee_id, team_id, course_id,"
                  " criterion_key, rule_id, state, detail_json, created_by, create_ms,"
                  " request_id) VALUES (")
              .Value(fresh.employee_id())
              .Sql(", ")
              .Value(NullIfEmpty(fresh.team_id()))
              .Sql(", ")
              .Value(fresh.course_id())
              .Sql(", ")
              .Value(fresh.criterion_key())
              .Sql(", ")
              .Value(static_cast<long long>(fresh.rule_id()))
              .Sql(", ")
              .Value(static_cast<long long>(v1::TRAINING_RECOMMENDATION_STATE_OPEN))
              .Sql(", ")
              .Value(RecommendationDetail(fresh))
              .Sql(", ")
              .Value(stamp.principal)
              .Sql(", ")
              .Value(now_ms)
              .Sql(", ")
              .Value(NullIfEmpty(request_id))
              .Sql(")");
          insert.Execute(lease.session());
          const long long id = LastInsertId(lease, "training_recommendations");
          absl::StatusOr<v1::TrainingRecommendation> row = OneRecommendation(lease, id, false);
          if (!row.ok()) return row.status();
          AuditRecommendation(lease.session(), stamp, nullptr, *row, now);
          stored.push_back(*std::move(row));
        }
        transaction.Commit();
        return stored;
      });
}

absl::StatusOr<v1::TrainingRecommendation> SociTrainingRecommendationRepository::GetRecommendation(
    int64_t id) {
  return WithSession(pool_, "GetTrainingRecommendation",
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::TrainingRecommendation> {
                       return OneRecommendation(lease, id, false);
                     });
}

absl::StatusOr<std::vector<v1::TrainingRecommendation>>
SociTrainingRecommendationRepository::ListRecommendations(const RecommendationFilter& filter,
                                                          int64_t before_id, int limit) {
  return WithSession(
      pool_, "ListTrainingRecommendations",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::TrainingRecommendation>> {
        BoundQuery query;
        query.Sql(kSelectRecommendation).Sql(" WHERE 1 = 1");
        if (before_id > 0) query.Sql(" AND id < ").Value(static_cast<long long>(before_id));
        if (!filter.employee_id.empty()) {
          query.Sql(" AND employee_id = ").Value(filter.employee_id);
        }
        if (!filter.team_id.empty()) query.Sql(" AND team_id = ").Value(filter.team_id);
        if (!filter.course_id.empty()) query.Sql(" AND course_id = ").Value(filter.course_id);
        if (filter.state != v1::TRAINING_RECOMMENDATION_STATE_UNSPECIFIED) {
          query.Sql(" AND state = ").Value(static_cast<long long>(filter.state));
        }
        query.Sql(" ORDER BY id DESC LIMIT ").Value(static_cast<long long>(limit));
        return FetchRecommendations(lease.session(), query);
      });
}

absl::StatusOr<std::vector<v1::TrainingRecommendation>>
SociTrainingRecommendationRepository::RecommendationsOfRequest(const std::string& created_by,
                                                               const std::string& request_id) {
  return WithSession(
      pool_, "TrainingRecommendationsOfRequest",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::TrainingRecommendation>> {
        BoundQuery query;
        query.Sql(kSelectRecommendation)
            .Sql(" WHERE created_by = ")
            .Value(created_by)
            .Sql(" AND request_id = ")
            .Value(request_id)
            .Sql(" ORDER BY id");
        return FetchRecommendations(lease.session(), query);
      });
}

absl::StatusOr<std::vector<CourseRecommendationHistory>>
SociTrainingRecommendationRepository::HistoryOf(const std::string& employee_id) {
  return WithSession(
      pool_, "TrainingRecommendationHistory",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<CourseRecommendationHistory>> {
        BoundQuery query;
        query
            .Sql(
                "SELECT course_id, MAX(create_ms), MAX(CASE WHEN state = 1 THEN 1 ELSE 0 END)"
                " FROM training_recommendations WHERE employee_id = ")
            .Value(employee_id)
            .Sql(" GROUP BY course_id ORDER BY course_id");
        std::string course_id;
        long long last_ms = 0, open = 0;
        soci::statement statement(lease.session());
        statement.exchange(soci::into(course_id));
        statement.exchange(soci::into(last_ms));
        statement.exchange(soci::into(open));
        PrepareAndExecute(lease.session(), statement, query);
        std::vector<CourseRecommendationHistory> history;
        while (statement.fetch()) {
          history.push_back({course_id, absl::FromUnixMillis(last_ms), open != 0});
        }
        return history;
      });
}

absl::StatusOr<v1::TrainingRecommendation> SociTrainingRecommendationRepository::Dismiss(
    int64_t id, const std::string& reason, const AuditStamp& stamp, absl::Time now) {
  return WithSession(
      pool_, "DismissTrainingRecommendation",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::TrainingRecommendation> {
        Transaction transaction(lease.session(), lease.dialect());
        absl::StatusOr<v1::TrainingRecommendation> before = OneRecommendation(lease, id, true);
        if (!before.ok()) return before.status();
        if (before->state() != v1::TRAINING_RECOMMENDATION_STATE_OPEN) {
          const std::string state = v1::TrainingRecommendationState_Name(before->state());
          return WithErrorInfo(
              absl::FailedPreconditionError(absl::StrCat("training recommendation ", id, " is ",
                                                         state, ": only an open one is dismissed")),
              kReasonInvalidStateTransition,
              {{"resource", RecommendationName(id)}, {"state", state}});
        }
        v1::TrainingRecommendation after = *before;
        after.set_state(v1::TRAINING_RECOMMENDATION_STATE_DISMISSED);
        after.set_dismiss_reason(reason);
        after.set_dismissed_by(stamp.principal);
        *after.mutable_dismiss_time() = MillisToTimestamp(absl::ToUnixMillis(now));
        BoundQuery update;
        update.Sql("UPDATE training_recommendations SET state = ")
            .Value(static_cast<long long>(v1::TRAINING_RECOMMENDATION_STATE_DISMISSED))
            .Sql(", detail_json = ")
            .Value(RecommendationDetail(after))
            .Sql(" WHERE id = ")
            .Value(static_cast<long long>(id));
        update.Execute(lease.session());
        absl::StatusOr<v1::TrainingRecommendation> stored = OneRecommendation(lease, id, false);
        if (!stored.ok()) return stored.status();
        AuditRecommendation(lease.session(), stamp, &*before, *stored, now);
        transaction.Commit();
        return stored;
      });
}

}  // namespace escala::db
