#include "server/training/course_handler.h"

#include <deque>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "db/common/error_details.h"
#include "server/api/etag.h"
#include "server/api/field_mask.h"
#include "server/api/list_page.h"
#include "server/api/request_id.h"
#include "server/api/text_rules.h"
#include "server/api/violations.h"
#include "server/training/course_validation.h"

namespace escala::server {
namespace {

constexpr std::size_t kMaxReason = 1000;
// Rows read per round while the role, level or criterion filters drop some: the catalogue is
// small, so filtering after reading stays cheap.
constexpr int kFilterScanBatch = 200;
// How far the prerequisite check follows chains; deeper catalogues are refused as cycles would
// be, since nobody plans 100 courses in a row.
constexpr int kMaxPrerequisiteChecks = 1000;

// The fields UpdateCourse may change.
const std::set<std::string>& CourseUpdatableFields() {
  static const std::set<std::string>* const fields =
      new std::set<std::string>{"title",
                                "description",
                                "kind",
                                "target_roles",
                                "target_levels",
                                "planned_duration",
                                "prerequisite_course_ids",
                                "pass_mark_percent",
                                "criterion_keys"};
  return *fields;
}

// The caller-controlled content of a course, for telling whether an update changes anything.
v1::Course Content(v1::Course course) {
  course.clear_version();
  course.clear_state();
  course.clear_created_by();
  course.clear_create_time();
  course.clear_retire_time();
  course.clear_etag();
  return course;
}

void ClearOutputFields(v1::Course& course) {
  course.clear_version();
  course.clear_state();
  course.clear_created_by();
  course.clear_create_time();
  course.clear_retire_time();
  course.clear_etag();
}

bool MeantFor(const v1::Course& course, const v1::ListCoursesRequest& request) {
  if (request.role() != v1::ROLE_UNSPECIFIED && !course.target_roles().empty()) {
    bool listed = false;
    for (int role : course.target_roles()) listed |= role == request.role();
    if (!listed) return false;
  }
  if (request.level() != 0 && !course.target_levels().empty()) {
    bool listed = false;
    for (int level : course.target_levels()) listed |= level == request.level();
    if (!listed) return false;
  }
  if (!request.criterion_key().empty()) {
    bool listed = false;
    for (const std::string& key : course.criterion_keys()) listed |= key == request.criterion_key();
    if (!listed) return false;
  }
  return true;
}

absl::Status RetiredCourse(const std::string& course_id) {
  return db::WithErrorInfo(absl::FailedPreconditionError(absl::StrCat(
                               "course '", course_id, "' is retired and can no longer be changed")),
                           db::kReasonCourseRetired,
                           {{"resource", absl::StrCat("courses/", course_id)}});
}

}  // namespace

absl::Status CourseHandler::CheckPrerequisites(const v1::Course& course) {
  google::rpc::BadRequest bad_request;
  bool any_retired = false;
  int checks = 0;
  for (int i = 0; i < course.prerequisite_course_ids_size(); ++i) {
    const std::string field = absl::StrCat("course.prerequisite_course_ids[", i, "]");
    const std::string& id = course.prerequisite_course_ids(i);
    auto add = [&](const std::string& rule) {
      google::rpc::BadRequest::FieldViolation* violation = bad_request.add_field_violations();
      violation->set_field(field);
      violation->set_description(rule);
    };
    absl::StatusOr<v1::Course> prerequisite = courses_.Get(id, 0);
    if (absl::IsNotFound(prerequisite.status())) {
      add(absl::StrCat("course '", id, "' does not exist"));
      continue;
    }
    if (!prerequisite.ok()) return prerequisite.status();
    if (prerequisite->state() == v1::COURSE_STATE_RETIRED) {
      add(absl::StrCat("course '", id, "' is retired"));
      any_retired = true;
      continue;
    }
    // Breadth-first through the newest versions: a path back to this course is a cycle.
    std::map<std::string, std::string> reached_from{{id, ""}};
    std::deque<v1::Course> queue{*std::move(prerequisite)};
    std::vector<std::string> cycle;
    while (!queue.empty() && cycle.empty()) {
      const v1::Course current = std::move(queue.front());
      queue.pop_front();
      for (const std::string& next : current.prerequisite_course_ids()) {
        if (next == course.course_id()) {
          // reached_from leads from `current` back to the prerequisite named in the request.
          std::vector<std::string> back;
          for (std::string at = current.course_id(); !at.empty(); at = reached_from[at]) {
            back.push_back(at);
          }
          cycle.push_back(course.course_id());
          cycle.insert(cycle.end(), back.rbegin(), back.rend());
          cycle.push_back(course.course_id());
          break;
        }
        if (!reached_from.emplace(next, current.course_id()).second) continue;
        if (++checks > kMaxPrerequisiteChecks) {
          return absl::FailedPreconditionError(
              "course.prerequisite_course_ids: the prerequisite chains are too long to check");
        }
        absl::StatusOr<v1::Course> further = courses_.Get(next, 0);
        if (absl::IsNotFound(further.status())) continue;
        if (!further.ok()) return further.status();
        queue.push_back(*std::move(further));
      }
    }
    if (!cycle.empty()) {
      add(absl::StrCat("a course cannot require itself: ", absl::StrJoin(cycle, " requires ")));
    }
  }
  if (bad_request.field_violations().empty()) return absl::OkStatus();
  std::vector<std::string> parts;
  for (const auto& violation : bad_request.field_violations()) {
    parts.push_back(absl::StrCat(violation.field(), ": ", violation.description()));
  }
  absl::Status status =
      db::WithBadRequest(absl::FailedPreconditionError(absl::StrJoin(parts, "; ")), bad_request);
  if (any_retired) status = db::WithErrorInfo(status, db::kReasonCourseRetired);
  return status;
}

absl::StatusOr<v1::Course> CourseHandler::CreateCourse(const CallContext& call,
                                                       const v1::CreateCourseRequest& request) {
  if (absl::Status s = CheckRequestId("request_id", request.request_id()); !s.ok()) return s;
  const db::CreateRequest key = CreateRequestOf(request);
  // A replay is answered before any check: one that would now fail (a prerequisite retired
  // since) still gets its original course.
  if (!key.request_id.empty()) {
    absl::StatusOr<std::optional<db::CreatedByRequest<v1::Course>>> original =
        courses_.FindByRequestId(key.request_id);
    if (!original.ok()) return original.status();
    if (original->has_value()) {
      return Replay(**original, (*original)->resource.created_by(), key, call.caller.principal);
    }
  }
  if (!request.has_course()) return InvalidField("course", "is required");
  v1::Course course = request.course();
  ClearOutputFields(course);
  if (absl::Status s = Nested("course.", ValidateCourse(course)); !s.ok()) return s;
  if (absl::Status s = CheckPrerequisites(course); !s.ok()) return s;
  absl::StatusOr<v1::Course> created =
      courses_.Create(course, key, call.Stamp(key.request_id), clock_());
  if (db::ErrorReason(created.status()) != db::kReasonRequestIdReused) return created;
  // A concurrent retry with the same request_id won the insert: answer as a replay.
  absl::StatusOr<std::optional<db::CreatedByRequest<v1::Course>>> original =
      courses_.FindByRequestId(key.request_id);
  if (!original.ok() || !original->has_value()) return created;
  return Replay(**original, (*original)->resource.created_by(), key, call.caller.principal);
}

absl::StatusOr<v1::Course> CourseHandler::GetCourse(const CallContext&,
                                                    const v1::GetCourseRequest& request) {
  Violations violations;
  violations.Add(RequireIdentifier("course_id", request.course_id(), 64));
  if (request.version() < 0) {
    violations.Add("version", absl::StrCat("must be 0 (the newest) or a version number, got ",
                                           request.version()));
  }
  if (!violations.empty()) return violations.ToStatus();
  return courses_.Get(request.course_id(), request.version());
}

absl::StatusOr<v1::ListCoursesResponse> CourseHandler::ListCourses(
    const CallContext& call, const v1::ListCoursesRequest& request) {
  absl::StatusOr<ListPage> page = ListPage::Start(request, "courses", call.PageScope());
  if (!page.ok()) return page.status();
  Violations violations;
  if (!v1::CourseState_IsValid(request.state())) {
    violations.Add("state", absl::StrCat("unknown value ", request.state()));
  }
  if (!v1::CourseKind_IsValid(request.kind())) {
    violations.Add("kind", absl::StrCat("unknown value ", request.kind()));
  }
  if (!v1::Role_IsValid(request.role())) {
    violations.Add("role", absl::StrCat("unknown value ", request.role()));
  }
  if (request.level() != 0 && (request.level() < kMinLevel || request.level() > kMaxLevel)) {
    violations.Add("level", absl::StrCat("must be 0 (every level) or between ", kMinLevel, " and ",
                                         kMaxLevel, ", got ", request.level()));
  }
  if (!request.criterion_key().empty()) {
    violations.Add(RequireIdentifier("criterion_key", request.criterion_key(), 64));
  }
  if (!violations.empty()) return violations.ToStatus();
  const bool filtered = request.role() != v1::ROLE_UNSPECIFIED || request.level() != 0 ||
                        !request.criterion_key().empty();
  std::string after = page->after_key();
  const int wanted = page->fetch_limit();
  const int batch = filtered ? kFilterScanBatch : wanted;
  std::vector<v1::Course> rows;
  while (static_cast<int>(rows.size()) < wanted) {
    absl::StatusOr<std::vector<v1::Course>> read =
        courses_.List(after, request.state(), request.kind(), batch);
    if (!read.ok()) return read.status();
    for (v1::Course& course : *read) {
      if (static_cast<int>(rows.size()) == wanted) break;
      if (MeantFor(course, request)) rows.push_back(std::move(course));
    }
    if (static_cast<int>(read->size()) < batch) break;
    after = read->back().course_id();
  }
  v1::ListCoursesResponse response;
  response.set_next_page_token(
      page->Finish(rows, [](const v1::Course& course) { return course.course_id(); }));
  for (v1::Course& course : rows) *response.add_courses() = std::move(course);
  return response;
}

absl::StatusOr<v1::ListCoursesResponse> CourseHandler::ListCourseVersions(
    const CallContext& call, const v1::ListCourseVersionsRequest& request) {
  if (absl::Status s = RequireIdentifier("course_id", request.course_id(), 64); !s.ok()) return s;
  absl::StatusOr<ListPage> page = ListPage::Start(request, "course_versions", call.PageScope());
  if (!page.ok()) return page.status();
  absl::StatusOr<int64_t> after = page->after_int();
  if (!after.ok()) return after.status();
  if (*after < 0 || *after > std::numeric_limits<int32_t>::max()) {
    return InvalidField("page_token", "malformed version");
  }
  const int32_t before = static_cast<int32_t>(*after);
  absl::StatusOr<std::vector<v1::Course>> rows =
      courses_.ListVersions(request.course_id(), before, page->fetch_limit());
  if (!rows.ok()) return rows.status();
  if (rows->empty() && before == 0) {
    // Every course has version 1, so no rows means no course.
    return absl::NotFoundError(absl::StrCat("course '", request.course_id(), "' not found"));
  }
  v1::ListCoursesResponse response;
  response.set_next_page_token(
      page->Finish(*rows, [](const v1::Course& course) { return absl::StrCat(course.version()); }));
  for (v1::Course& course : *rows) *response.add_courses() = std::move(course);
  return response;
}

absl::StatusOr<v1::Course> CourseHandler::UpdateCourse(const CallContext& call,
                                                       const v1::UpdateCourseRequest& request) {
  const std::string& id = request.course().course_id();
  if (absl::Status s = RequireIdentifier("course.course_id", id, 64); !s.ok()) return s;
  absl::StatusOr<v1::Course> current = courses_.Get(id, 0);
  if (!current.ok()) return current.status();
  if (current->state() == v1::COURSE_STATE_RETIRED) return RetiredCourse(id);
  if (absl::Status s = CheckEtag("course.etag", request.course().etag(), current->etag(),
                                 absl::StrCat("courses/", id));
      !s.ok()) {
    return s;
  }
  v1::Course changed = Content(*current);
  if (absl::Status s = ApplyFieldMask(request.update_mask(), CourseUpdatableFields(),
                                      request.course(), &changed);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = Nested("course.", ValidateCourse(changed)); !s.ok()) return s;
  // Nothing to write: no new version, no audit event.
  if (changed.SerializeAsString() == Content(*current).SerializeAsString()) return *current;
  if (absl::Status s = CheckPrerequisites(changed); !s.ok()) return s;
  // The repository checks the etag again under its lock: a change between this read and the
  // write is ABORTED there.
  return courses_.AddVersion(changed, VersionFromEtag(current->etag()), call.Stamp(), clock_());
}

absl::StatusOr<v1::Course> CourseHandler::RetireCourse(const CallContext& call,
                                                       const v1::RetireCourseRequest& request) {
  Violations violations;
  violations.Add(RequireIdentifier("course_id", request.course_id(), 64));
  violations.Add(RequireText("reason", request.reason(), kMaxReason));
  violations.Add(CheckRequestId("request_id", request.request_id()));
  if (!violations.empty()) return violations.ToStatus();
  int64_t expected = 0;
  if (!request.etag().empty()) {
    expected = VersionFromEtag(request.etag());
    // An etag the repository never issued can match nothing: report it as stale.
    if (expected <= 0) expected = -1;
  }
  const db::CreateRequest key = CreateRequestOf(request);
  return ApplyOnce<v1::Course>(
      requests_, call.caller.principal, call.method, key,
      [&] {
        return courses_.Retire(request.course_id(), expected, request.reason(), call.Stamp(key),
                               clock_());
      },
      // A replay answers the course as it is now.
      [&](const db::LoggedRequest&) { return courses_.Get(request.course_id(), 0); });
}

}  // namespace escala::server
