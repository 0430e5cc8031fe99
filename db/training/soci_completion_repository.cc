#include "db/training/soci_completion_repository.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "db/common/audit_diff.h"
#include "db/common/proto_time.h"
#include "db/core/audit_log.h"
#include "db/core/bound_query.h"
#include "db/core/last_insert_id.h"
#include "db/core/transaction.h"
#include "db/core/with_session.h"

namespace escala::db {
namespace {

constexpr char kSelectCompletion[] =
    "SELECT c.id, c.person_employee_id, c.course_id, c.course_version, c.session_id,"
    " c.enrolment_id, c.completion_ms, c.score_percent, c.source, c.created_by, c.create_ms"
    " FROM training_completions c";

// Employee ids per IN list: well below SQLite's parameter limit.
constexpr std::size_t kIdsPerQuery = 500;

std::vector<v1::TrainingCompletion> FetchCompletions(soci::session& session, BoundQuery& query) {
  long long id = 0, version = 0, session_id = 0, enrolment_id = 0, completion_ms = 0, score = 0,
            source = 0, create_ms = 0;
  std::string person, course, created_by;
  soci::indicator session_indicator = soci::i_null, enrolment_indicator = soci::i_null,
                  score_indicator = soci::i_null;
  soci::statement statement(session);
  statement.exchange(soci::into(id));
  statement.exchange(soci::into(person));
  statement.exchange(soci::into(course));
  statement.exchange(soci::into(version));
  statement.exchange(soci::into(session_id, session_indicator));
  statement.exchange(soci::into(enrolment_id, enrolment_indicator));
  statement.exchange(soci::into(completion_ms));
  statement.exchange(soci::into(score, score_indicator));
  statement.exchange(soci::into(source));
  statement.exchange(soci::into(created_by));
  statement.exchange(soci::into(create_ms));
  PrepareAndExecute(session, statement, query);
  std::vector<v1::TrainingCompletion> completions;
  while (statement.fetch()) {
    v1::TrainingCompletion& c = completions.emplace_back();
    c.set_id(id);
    c.set_person_employee_id(person);
    c.set_course_id(course);
    c.set_course_version(static_cast<int32_t>(version));
    if (session_indicator == soci::i_ok) c.set_training_session_id(session_id);
    if (enrolment_indicator == soci::i_ok) c.set_enrolment_id(enrolment_id);
    *c.mutable_completion_time() = MillisToTimestamp(completion_ms);
    if (score_indicator == soci::i_ok) {
      c.set_assessment_score_percent(static_cast<double>(score));
    }
    c.set_source(static_cast<v1::CompletionSource>(source));
    c.set_created_by(created_by);
    *c.mutable_create_time() = MillisToTimestamp(create_ms);
  }
  return completions;
}

// completion_time and create_time both at or before `as_of`.
void KnownAt(BoundQuery& query, absl::Time as_of) {
  const long long as_of_ms = absl::ToUnixMillis(as_of);
  query.Sql(" AND c.completion_ms <= ").Value(as_of_ms).Sql(" AND c.create_ms <= ").Value(as_of_ms);
}

bool OldestFirst(const v1::TrainingCompletion& a, const v1::TrainingCompletion& b) {
  const int64_t a_ms = TimestampToMillis(a.completion_time());
  const int64_t b_ms = TimestampToMillis(b.completion_time());
  return a_ms != b_ms ? a_ms < b_ms : a.id() < b.id();
}

// The stored completion with the import's identity of `c`, if any.
std::optional<v1::TrainingCompletion> FindSame(soci::session& session,
                                               const std::string& employee_id,
                                               const std::string& course_id, int32_t course_version,
                                               long long completion_ms) {
  BoundQuery query;
  query.Sql(kSelectCompletion)
      .Sql(" WHERE c.person_employee_id = ")
      .Value(employee_id)
      .Sql(" AND c.completion_ms = ")
      .Value(completion_ms)
      .Sql(" AND c.course_id = ")
      .Value(course_id)
      .Sql(" AND c.course_version = ")
      .Value(static_cast<long long>(course_version))
      .Sql(" ORDER BY c.id LIMIT 1");
  std::vector<v1::TrainingCompletion> found = FetchCompletions(session, query);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

}  // namespace

absl::StatusOr<std::optional<v1::TrainingCompletion>> SociCompletionRepository::FindCompletion(
    const std::string& employee_id, const std::string& course_id, int32_t course_version,
    absl::Time completion_time) {
  return WithSession(
      pool_, "FindCompletion",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::optional<v1::TrainingCompletion>> {
        return FindSame(lease.session(), employee_id, course_id, course_version,
                        absl::ToUnixMillis(completion_time));
      });
}

absl::StatusOr<std::vector<ImportedCompletion>> SociCompletionRepository::ImportCompletions(
    const std::vector<v1::TrainingCompletion>& completions, const AuditStamp& stamp,
    absl::Time now) {
  return WithSession(
      pool_, "ImportCompletions",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<ImportedCompletion>> {
        Transaction transaction(lease.session(), lease.dialect());
        std::vector<ImportedCompletion> results;
        for (const v1::TrainingCompletion& completion : completions) {
          ImportedCompletion& result = results.emplace_back();
          // Read inside the transaction, so that a record written earlier in this import is
          // found too.
          std::optional<v1::TrainingCompletion> stored = FindSame(
              lease.session(), completion.person_employee_id(), completion.course_id(),
              completion.course_version(), TimestampToMillis(completion.completion_time()));
          if (stored.has_value()) {
            result.completion = std::move(*stored);
            result.already_present = true;
            continue;
          }
          v1::TrainingCompletion imported = completion;
          imported.set_source(v1::COMPLETION_SOURCE_IMPORT);
          imported.set_training_session_id(0);
          imported.set_enrolment_id(0);
          result.completion = InsertCompletion(lease, imported, stamp, now);
        }
        transaction.Commit();
        return results;
      });
}

absl::StatusOr<std::vector<v1::TrainingCompletion>> SociCompletionRepository::ListCompletions(
    const CompletionFilter& filter, const v1::TrainingCompletion* after, int limit) {
  return WithSession(
      pool_, "ListCompletions",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::TrainingCompletion>> {
        BoundQuery query;
        query.Sql(kSelectCompletion).Sql(" WHERE 1 = 1");
        if (!filter.employee_id.empty()) {
          query.Sql(" AND c.person_employee_id = ").Value(filter.employee_id);
        }
        if (!filter.team_id.empty()) {
          query
              .Sql(
                  " AND c.person_employee_id IN (SELECT p.employee_id FROM people p"
                  " WHERE p.team_id = ")
              .Value(filter.team_id)
              .Sql(")");
        }
        if (!filter.course_id.empty()) query.Sql(" AND c.course_id = ").Value(filter.course_id);
        if (after != nullptr) {
          const long long after_ms = TimestampToMillis(after->completion_time());
          query.Sql(" AND (c.completion_ms < ")
              .Value(after_ms)
              .Sql(" OR (c.completion_ms = ")
              .Value(after_ms)
              .Sql(" AND c.id < ")
              .Value(static_cast<long long>(after->id()))
              .Sql("))");
        }
        query.Sql(" ORDER BY c.completion_ms DESC, c.id DESC LIMIT ")
            .Value(static_cast<long long>(limit));
        return FetchCompletions(lease.session(), query);
      });
}

absl::StatusOr<std::vector<v1::TrainingCompletion>> SociCompletionRepository::CompletionsOf(
    const std::vector<std::string>& employee_ids, absl::Time as_of) {
  return WithSession(
      pool_, "CompletionsOf",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::TrainingCompletion>> {
        std::vector<v1::TrainingCompletion> all;
        for (std::size_t first = 0; first < employee_ids.size(); first += kIdsPerQuery) {
          const std::size_t end = std::min(employee_ids.size(), first + kIdsPerQuery);
          BoundQuery query;
          query.Sql(kSelectCompletion)
              .Sql(" WHERE c.person_employee_id IN ")
              .InList(std::vector<std::string>(employee_ids.begin() + first,
                                               employee_ids.begin() + end));
          KnownAt(query, as_of);
          for (v1::TrainingCompletion& c : FetchCompletions(lease.session(), query)) {
            all.push_back(std::move(c));
          }
        }
        // A person listed twice is read twice: keep each record once.
        std::sort(all.begin(), all.end(), OldestFirst);
        all.erase(std::unique(all.begin(), all.end(),
                              [](const v1::TrainingCompletion& a, const v1::TrainingCompletion& b) {
                                return a.id() == b.id();
                              }),
                  all.end());
        return all;
      });
}

absl::StatusOr<std::vector<v1::TrainingCompletion>> SociCompletionRepository::CompletionsOfCourse(
    const std::string& course_id, absl::Time as_of) {
  return WithSession(
      pool_, "CompletionsOfCourse",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::TrainingCompletion>> {
        BoundQuery query;
        query.Sql(kSelectCompletion).Sql(" WHERE c.course_id = ").Value(course_id);
        KnownAt(query, as_of);
        query.Sql(" ORDER BY c.completion_ms, c.id");
        return FetchCompletions(lease.session(), query);
      });
}

v1::TrainingCompletion InsertCompletion(SessionPool::Lease& lease,
                                        const v1::TrainingCompletion& completion,
                                        const AuditStamp& stamp, absl::Time now) {
  const auto optional_id = [](int64_t id) {
    return id > 0 ? std::optional<long long>(id) : std::nullopt;
  };
  BoundQuery insert;
  insert
      .Sql(
          "INSERT INTO training_completions (person_employee_id, course_id, course_version,"
          " session_id, enrolment_id, completion_ms, score_percent, source, created_by,"
          " create_ms) VALUES (")
      .Value(completion.person_employee_id())
      .Sql(", ")
      .Value(completion.course_id())
      .Sql(", ")
      .Value(static_cast<long long>(completion.course_version()))
      .Sql(", ")
      .Value(optional_id(completion.training_session_id()))
      .Sql(", ")
      .Value(optional_id(completion.enrolment_id()))
      .Sql(", ")
      .Value(static_cast<long long>(TimestampToMillis(completion.completion_time())))
      .Sql(", ")
      .Value(completion.has_assessment_score_percent()
                 ? std::optional<long long>(
                       static_cast<long long>(completion.assessment_score_percent()))
                 : std::nullopt)
      .Sql(", ")
      .Value(static_cast<long long>(completion.source()))
      .Sql(", ")
      .Value(stamp.principal)
      .Sql(", ")
      .Value(static_cast<long long>(absl::ToUnixMillis(now)))
      .Sql(")");
  insert.Execute(lease.session());
  const long long id = LastInsertId(lease, "training_completions");
  BoundQuery read;
  read.Sql(kSelectCompletion).Sql(" WHERE c.id = ").Value(id);
  std::vector<v1::TrainingCompletion> stored = FetchCompletions(lease.session(), read);
  if (stored.empty()) throw soci::soci_error(absl::StrCat("completion ", id, " vanished"));
  ChangedFields changed = DiffForAudit(nullptr, stored.front());
  AppendAuditEvent(lease.session(), stamp,
                   AuditChange{"training_completion", absl::StrCat("trainingCompletions/", id),
                               std::move(changed.before_json), std::move(changed.after_json)},
                   now);
  return std::move(stored.front());
}

}  // namespace escala::db
