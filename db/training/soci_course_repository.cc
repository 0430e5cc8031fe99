#include "db/training/soci_course_repository.h"

#include <google/protobuf/struct.pb.h>
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
#include "db/core/stored_json.h"
#include "db/core/transaction.h"
#include "db/core/with_session.h"

namespace escala::db {
namespace {

// A version joined with its course's row: what the course as a whole says (state, retirement,
// etag) is read with every version.
constexpr char kSelectVersion[] =
    "SELECT v.course_id, v.version, v.content_json, v.created_by, v.create_ms, c.state,"
    " c.retire_ms, c.row_version FROM course_versions AS v JOIN courses AS c"
    " ON c.course_id = v.course_id";

// The course's own row, for writers.
struct CourseRow {
  long long state = 0;
  long long newest_version = 0;
  long long row_version = 0;
};

// The content only: what the caller controls. Output-only fields live in their own columns.
std::string ContentJson(const v1::Course& course) {
  v1::Course content = course;
  content.clear_course_id();
  content.clear_version();
  content.clear_state();
  content.clear_created_by();
  content.clear_create_time();
  content.clear_retire_time();
  content.clear_etag();
  return StoredJson(content, "course content");
}

std::vector<v1::Course> FetchVersions(soci::session& session, BoundQuery& query) {
  std::string course_id, content_json, created_by;
  long long version = 0, create_ms = 0, state = 0, retire_ms = 0, row_version = 0;
  soci::indicator retire_indicator = soci::i_null;
  soci::statement statement(session);
  statement.exchange(soci::into(course_id));
  statement.exchange(soci::into(version));
  statement.exchange(soci::into(content_json));
  statement.exchange(soci::into(created_by));
  statement.exchange(soci::into(create_ms));
  statement.exchange(soci::into(state));
  statement.exchange(soci::into(retire_ms, retire_indicator));
  statement.exchange(soci::into(row_version));
  PrepareAndExecute(session, statement, query);
  std::vector<v1::Course> courses;
  while (statement.fetch()) {
    v1::Course& course = courses.emplace_back();
    google::protobuf::util::JsonParseOptions options;
    // Content written by a newer server may carry fields this one does not know.
    options.ignore_unknown_fields = true;
    if (!google::protobuf::util::JsonStringToMessage(content_json, &course, options).ok()) {
      throw soci::soci_error(absl::StrCat("course '", course_id, "' version ", version,
                                          ": stored content is not valid JSON"));
    }
    course.set_course_id(course_id);
    course.set_version(static_cast<int32_t>(version));
    course.set_state(static_cast<v1::CourseState>(state));
    course.set_created_by(created_by);
    *course.mutable_create_time() = MillisToTimestamp(create_ms);
    if (retire_indicator == soci::i_ok) {
      *course.mutable_retire_time() = MillisToTimestamp(retire_ms);
    }
    course.set_etag(absl::StrCat(row_version));
  }
  return courses;
}

absl::Status CourseNotFound(const std::string& course_id) {
  return absl::NotFoundError(absl::StrCat("course '", course_id, "' not found"));
}

std::map<std::string, std::string> CourseMetadata(const std::string& course_id) {
  return {{"resource", absl::StrCat("courses/", course_id)}};
}

absl::Status Stale(const std::string& course_id) {
  return WithErrorInfo(
      absl::AbortedError(absl::StrCat("course '", course_id,
                                      "' was changed since it was read (etag mismatch); re-read "
                                      "and retry")),
      kReasonEtagMismatch, CourseMetadata(course_id));
}

absl::Status Retired(const std::string& course_id, absl::string_view consequence) {
  return WithErrorInfo(absl::FailedPreconditionError(
                           absl::StrCat("course '", course_id, "' is retired ", consequence)),
                       kReasonCourseRetired, CourseMetadata(course_id));
}

// The course's row, locked until the transaction ends on MariaDB (SQLite's write transaction
// holds the database lock already); nullopt when there is none.
std::optional<CourseRow> LockCourse(SessionPool::Lease& lease, const std::string& course_id) {
  BoundQuery query;
  query.Sql("SELECT state, newest_version, row_version FROM courses WHERE course_id = ")
      .Value(course_id);
  if (lease.dialect() == Dialect::kMysql) query.Sql(" FOR UPDATE");
  CourseRow row;
  soci::statement statement(lease.session());
  statement.exchange(soci::into(row.state));
  statement.exchange(soci::into(row.newest_version));
  statement.exchange(soci::into(row.row_version));
  PrepareAndExecute(lease.session(), statement, query);
  if (!statement.fetch()) return std::nullopt;
  return row;
}

absl::StatusOr<v1::Course> OneVersion(soci::session& session, const std::string& course_id,
                                      long long version) {
  BoundQuery query;
  query.Sql(kSelectVersion).Sql(" WHERE v.course_id = ").Value(course_id);
  if (version == 0) {
    query.Sql(" AND v.version = c.newest_version");
  } else {
    query.Sql(" AND v.version = ").Value(version);
  }
  std::vector<v1::Course> courses = FetchVersions(session, query);
  if (courses.empty()) {
    if (version == 0) return CourseNotFound(course_id);
    return absl::NotFoundError(absl::StrCat("course '", course_id, "' has no version ", version));
  }
  return std::move(courses.front());
}

void InsertVersion(soci::session& session, const v1::Course& course, long long version,
                   const AuditStamp& stamp, long long now_ms) {
  BoundQuery query;
  query
      .Sql(
          "INSERT INTO course_versions (course_id, version, title, content_json, created_by,"
          " create_ms) VALUES (")
      .Value(course.course_id())
      .Sql(", ")
      .Value(version)
      .Sql(", ")
      .Value(course.title())
      .Sql(", ")
      .Value(ContentJson(course))
      .Sql(", ")
      .Value(stamp.principal)
      .Sql(", ")
      .Value(now_ms)
      .Sql(")");
  query.Execute(session);
}

// `json` (an object) with one more string member at its end.
std::string WithStringMember(const std::string& json, const std::string& name,
                             const std::string& value) {
  google::protobuf::Value text;
  text.set_string_value(value);
  std::string quoted;
  if (!google::protobuf::util::MessageToJsonString(text, &quoted).ok()) quoted = "\"\"";
  if (json.size() < 2 || json.back() != '}') return absl::StrCat("{\"", name, "\":", quoted, "}");
  std::string out = json.substr(0, json.size() - 1);
  if (out != "{") out += ",";
  absl::StrAppend(&out, "\"", name, "\":", quoted, "}");
  return out;
}

// Records one change of a course in the open transaction; `before` is nullptr for a new course.
void AuditCourse(soci::session& session, const AuditStamp& stamp, const v1::Course* before,
                 const v1::Course& after, absl::Time now, const std::string& reason = "") {
  ChangedFields changed = DiffForAudit(before, after);
  if (!reason.empty()) changed.after_json = WithStringMember(changed.after_json, "reason", reason);
  AppendAuditEvent(session, stamp,
                   AuditChange{"course", absl::StrCat("courses/", after.course_id()),
                               std::move(changed.before_json), std::move(changed.after_json)},
                   now);
}

// Whether a course row with `course_id` exists: tells a taken id from a reused request_id
// after a unique-key violation.
bool CourseExists(soci::session& session, const std::string& course_id) {
  BoundQuery query;
  query.Sql("SELECT COUNT(*) FROM courses WHERE course_id = ").Value(course_id);
  long long count = 0;
  soci::statement statement(session);
  statement.exchange(soci::into(count));
  PrepareAndExecute(session, statement, query);
  statement.fetch();
  return count > 0;
}

}  // namespace

absl::StatusOr<v1::Course> SociCourseRepository::Create(const v1::Course& course,
                                                        const CreateRequest& request,
                                                        const AuditStamp& stamp, absl::Time now) {
  absl::StatusOr<v1::Course> created = WithSession(
      pool_, "CreateCourse", [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::Course> {
        Transaction transaction(lease.session(), lease.dialect());
        const long long now_ms = absl::ToUnixMillis(now);
        BoundQuery query;
        query
            .Sql(
                "INSERT INTO courses (course_id, state, kind, newest_version, row_version,"
                " created_by, create_ms, retire_ms, request_id, request_hash) VALUES (")
            .Value(course.course_id())
            .Sql(", ")
            .Value(static_cast<long long>(v1::COURSE_STATE_ACTIVE))
            .Sql(", ")
            .Value(static_cast<long long>(course.kind()))
            .Sql(", 1, 1, ")
            .Value(stamp.principal)
            .Sql(", ")
            .Value(now_ms)
            .Sql(", NULL, ")
            .Value(NullIfEmpty(request.request_id))
            .Sql(", ")
            .Value(NullIfEmpty(request.request_hash))
            .Sql(")");
        query.Execute(lease.session());
        InsertVersion(lease.session(), course, 1, stamp, now_ms);
        absl::StatusOr<v1::Course> stored = OneVersion(lease.session(), course.course_id(), 1);
        if (!stored.ok()) return stored.status();
        AuditCourse(lease.session(), stamp, nullptr, *stored, now);
        transaction.Commit();
        return stored;
      });
  if (!absl::IsAlreadyExists(created.status())) return created;
  // Two unique keys: the course_id and the request_id. Whichever a stored row holds decides.
  absl::StatusOr<bool> taken =
      WithSession(pool_, "CreateCourse", [&](SessionPool::Lease& lease) -> absl::StatusOr<bool> {
        return CourseExists(lease.session(), course.course_id());
      });
  if (!taken.ok()) return taken.status();
  if (*taken || request.request_id.empty()) {
    return WithErrorInfo(
        absl::AlreadyExistsError(absl::StrCat("course '", course.course_id(), "' already exists")),
        kReasonDuplicateId, CourseMetadata(course.course_id()));
  }
  return WithErrorInfo(absl::AlreadyExistsError(
                           absl::StrCat("request_id: '", request.request_id, "' was already used")),
                       kReasonRequestIdReused);
}

absl::StatusOr<std::optional<CreatedByRequest<v1::Course>>> SociCourseRepository::FindByRequestId(
    const std::string& request_id) {
  using Found = std::optional<CreatedByRequest<v1::Course>>;
  return WithSession(pool_, "FindCourseByRequestId",
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<Found> {
                       BoundQuery query;
                       query.Sql("SELECT course_id, request_hash FROM courses WHERE request_id = ")
                           .Value(request_id);
                       std::string course_id, hash;
                       soci::indicator hash_indicator = soci::i_null;
                       soci::statement statement(lease.session());
                       statement.exchange(soci::into(course_id));
                       statement.exchange(soci::into(hash, hash_indicator));
                       PrepareAndExecute(lease.session(), statement, query);
                       if (!statement.fetch()) return Found();
                       absl::StatusOr<v1::Course> first = OneVersion(lease.session(), course_id, 1);
                       if (!first.ok()) return first.status();
                       return Found(CreatedByRequest<v1::Course>{
                           *std::move(first), hash_indicator == soci::i_ok ? hash : std::string()});
                     });
}

absl::StatusOr<v1::Course> SociCourseRepository::Get(const std::string& course_id,
                                                     int32_t version) {
  return WithSession(pool_, "GetCourse",
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::Course> {
                       return OneVersion(lease.session(), course_id, version);
                     });
}

absl::StatusOr<std::vector<v1::Course>> SociCourseRepository::List(
    const std::string& after_course_id, v1::CourseState state, v1::CourseKind kind, int limit) {
  return WithSession(
      pool_, "ListCourses",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::Course>> {
        BoundQuery query;
        query.Sql(kSelectVersion)
            .Sql(" WHERE v.version = c.newest_version AND c.course_id > ")
            .Value(after_course_id);
        if (state != v1::COURSE_STATE_UNSPECIFIED) {
          query.Sql(" AND c.state = ").Value(static_cast<long long>(state));
        }
        if (kind != v1::COURSE_KIND_UNSPECIFIED) {
          query.Sql(" AND c.kind = ").Value(static_cast<long long>(kind));
        }
        query.Sql(" ORDER BY c.course_id LIMIT ").Value(static_cast<long long>(limit));
        return FetchVersions(lease.session(), query);
      });
}

absl::StatusOr<std::vector<v1::Course>> SociCourseRepository::ListVersions(
    const std::string& course_id, int32_t before_version, int limit) {
  return WithSession(
      pool_, "ListCourseVersions",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::Course>> {
        BoundQuery query;
        query.Sql(kSelectVersion).Sql(" WHERE v.course_id = ").Value(course_id);
        if (before_version > 0) {
          query.Sql(" AND v.version < ").Value(static_cast<long long>(before_version));
        }
        query.Sql(" ORDER BY v.version DESC LIMIT ").Value(static_cast<long long>(limit));
        return FetchVersions(lease.session(), query);
      });
}

absl::StatusOr<v1::Course> SociCourseRepository::AddVersion(const v1::Course& course,
                                                            int64_t expected_version,
                                                            const AuditStamp& stamp,
                                                            absl::Time now) {
  const std::string& id = course.course_id();
  return WithSession(
      pool_, "UpdateCourse", [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::Course> {
        Transaction transaction(lease.session(), lease.dialect());
        std::optional<CourseRow> row = LockCourse(lease, id);
        if (!row) return CourseNotFound(id);
        if (row->state == v1::COURSE_STATE_RETIRED) {
          return Retired(id, "and can no longer be changed");
        }
        if (row->row_version != expected_version) return Stale(id);
        absl::StatusOr<v1::Course> before = OneVersion(lease.session(), id, row->newest_version);
        if (!before.ok()) return before.status();
        const long long now_ms = absl::ToUnixMillis(now);
        const long long version = row->newest_version + 1;
        InsertVersion(lease.session(), course, version, stamp, now_ms);
        BoundQuery update;
        update.Sql("UPDATE courses SET newest_version = ")
            .Value(version)
            .Sql(", kind = ")
            .Value(static_cast<long long>(course.kind()))
            .Sql(", row_version = row_version + 1 WHERE course_id = ")
            .Value(id)
            .Sql(" AND row_version = ")
            .Value(static_cast<long long>(expected_version));
        // The row-version check stays in the UPDATE too, so a row that was not locked after all
        // is never overwritten blindly.
        if (update.Execute(lease.session()) == 0) return Stale(id);
        absl::StatusOr<v1::Course> after = OneVersion(lease.session(), id, version);
        if (!after.ok()) return after.status();
        AuditCourse(lease.session(), stamp, &*before, *after, now);
        transaction.Commit();
        return after;
      });
}

absl::StatusOr<v1::Course> SociCourseRepository::Retire(const std::string& course_id,
                                                        int64_t expected_version,
                                                        const std::string& reason,
                                                        const AuditStamp& stamp, absl::Time now) {
  return WithSession(pool_, "RetireCourse",
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::Course> {
                       Transaction transaction(lease.session(), lease.dialect());
                       std::optional<CourseRow> row = LockCourse(lease, course_id);
                       if (!row) return CourseNotFound(course_id);
                       if (row->state == v1::COURSE_STATE_RETIRED)
                         return Retired(course_id, "already");
                       if (expected_version != 0 && row->row_version != expected_version) {
                         return Stale(course_id);
                       }
                       absl::StatusOr<v1::Course> before =
                           OneVersion(lease.session(), course_id, row->newest_version);
                       if (!before.ok()) return before.status();
                       BoundQuery update;
                       update.Sql("UPDATE courses SET state = ")
                           .Value(static_cast<long long>(v1::COURSE_STATE_RETIRED))
                           .Sql(", retire_ms = ")
                           .Value(static_cast<long long>(absl::ToUnixMillis(now)))
                           .Sql(", row_version = row_version + 1 WHERE course_id = ")
                           .Value(course_id);
                       update.Execute(lease.session());
                       absl::StatusOr<v1::Course> after =
                           OneVersion(lease.session(), course_id, row->newest_version);
                       if (!after.ok()) return after.status();
                       AuditCourse(lease.session(), stamp, &*before, *after, now, reason);
                       transaction.Commit();
                       return after;
                     });
}

}  // namespace escala::db
