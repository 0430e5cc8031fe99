#include "tests/testing/fakes/fake_course_repository.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"

namespace escala::testing {
namespace {

std::map<std::string, std::string> CourseMetadata(const std::string& course_id) {
  return {{"resource", absl::StrCat("courses/", course_id)}};
}

absl::Status CourseNotFound(const std::string& course_id) {
  return absl::NotFoundError(absl::StrCat("course '", course_id, "' not found"));
}

absl::Status CourseStale(const std::string& course_id) {
  return db::WithErrorInfo(
      absl::AbortedError(
          absl::StrCat("course '", course_id, "' was changed since it was read (etag mismatch)")),
      db::kReasonEtagMismatch, CourseMetadata(course_id));
}

absl::Status Retired(const std::string& course_id) {
  return db::WithErrorInfo(
      absl::FailedPreconditionError(absl::StrCat("course '", course_id, "' is retired")),
      db::kReasonCourseRetired, CourseMetadata(course_id));
}

// What the repository stores of a version: the caller's content, its number, author and time.
v1::Course Written(const v1::Course& course, int32_t version, const db::AuditStamp& stamp,
                   absl::Time now) {
  v1::Course written = course;
  written.set_version(version);
  written.clear_state();
  written.clear_retire_time();
  written.clear_etag();
  written.set_created_by(stamp.principal);
  *written.mutable_create_time() = db::MillisToTimestamp(absl::ToUnixMillis(now));
  return written;
}

}  // namespace

v1::Course FakeCourseRepository::Read(const Stored& stored, int32_t version) {
  v1::Course course = stored.versions[version - 1];
  course.set_state(stored.state);
  if (stored.retire_time) {
    *course.mutable_retire_time() = db::MillisToTimestamp(absl::ToUnixMillis(*stored.retire_time));
  }
  course.set_etag(absl::StrCat(stored.row_version));
  return course;
}

absl::StatusOr<v1::Course> FakeCourseRepository::Create(const v1::Course& course,
                                                        const db::CreateRequest& request,
                                                        const db::AuditStamp& stamp,
                                                        absl::Time now) {
  absl::MutexLock lock(&mutex_);
  if (courses_.count(course.course_id()) > 0) {
    return db::WithErrorInfo(
        absl::AlreadyExistsError(absl::StrCat("course '", course.course_id(), "' already exists")),
        db::kReasonDuplicateId, CourseMetadata(course.course_id()));
  }
  if (!request.request_id.empty()) {
    for (const auto& [id, stored] : courses_) {
      if (stored.request_id == request.request_id) {
        return db::WithErrorInfo(absl::AlreadyExistsError(absl::StrCat(
                                     "request_id: '", request.request_id, "' was already used")),
                                 db::kReasonRequestIdReused);
      }
    }
  }
  Stored& stored = courses_[course.course_id()];
  stored.versions.push_back(Written(course, 1, stamp, now));
  stored.request_id = request.request_id;
  stored.request_hash = request.request_hash;
  ++writes_;
  return Read(stored, 1);
}

absl::StatusOr<std::optional<db::CreatedByRequest<v1::Course>>>
FakeCourseRepository::FindByRequestId(const std::string& request_id) {
  absl::MutexLock lock(&mutex_);
  for (const auto& [id, stored] : courses_) {
    if (!request_id.empty() && stored.request_id == request_id) {
      return std::optional<db::CreatedByRequest<v1::Course>>(
          db::CreatedByRequest<v1::Course>{Read(stored, 1), stored.request_hash});
    }
  }
  return std::optional<db::CreatedByRequest<v1::Course>>();
}

absl::StatusOr<v1::Course> FakeCourseRepository::Get(const std::string& course_id,
                                                     int32_t version) {
  absl::MutexLock lock(&mutex_);
  auto found = courses_.find(course_id);
  if (found == courses_.end()) return CourseNotFound(course_id);
  const Stored& stored = found->second;
  if (version == 0) return Read(stored, static_cast<int32_t>(stored.versions.size()));
  if (version < 0 || version > static_cast<int32_t>(stored.versions.size())) {
    return absl::NotFoundError(absl::StrCat("course '", course_id, "' has no version ", version));
  }
  return Read(stored, version);
}

absl::StatusOr<std::vector<v1::Course>> FakeCourseRepository::List(
    const std::string& after_course_id, v1::CourseState state, v1::CourseKind kind, int limit) {
  absl::MutexLock lock(&mutex_);
  std::vector<v1::Course> courses;
  for (auto it = courses_.upper_bound(after_course_id);
       it != courses_.end() && static_cast<int>(courses.size()) < limit; ++it) {
    const v1::Course newest = Read(it->second, static_cast<int32_t>(it->second.versions.size()));
    if (state != v1::COURSE_STATE_UNSPECIFIED && newest.state() != state) continue;
    if (kind != v1::COURSE_KIND_UNSPECIFIED && newest.kind() != kind) continue;
    courses.push_back(newest);
  }
  return courses;
}

absl::StatusOr<std::vector<v1::Course>> FakeCourseRepository::ListVersions(
    const std::string& course_id, int32_t before_version, int limit) {
  absl::MutexLock lock(&mutex_);
  std::vector<v1::Course> courses;
  auto found = courses_.find(course_id);
  if (found == courses_.end()) return courses;
  int32_t version = static_cast<int32_t>(found->second.versions.size());
  if (before_version > 0 && before_version - 1 < version) version = before_version - 1;
  for (; version >= 1 && static_cast<int>(courses.size()) < limit; --version) {
    courses.push_back(Read(found->second, version));
  }
  return courses;
}

absl::StatusOr<v1::Course> FakeCourseRepository::AddVersion(const v1::Course& course,
                                                            int64_t expected_version,
                                                            const db::AuditStamp& stamp,
                                                            absl::Time now) {
  absl::MutexLock lock(&mutex_);
  auto found = courses_.find(course.course_id());
  if (found == courses_.end()) return CourseNotFound(course.course_id());
  Stored& stored = found->second;
  if (stored.state == v1::COURSE_STATE_RETIRED) return Retired(course.course_id());
  if (stored.row_version != expected_version) return CourseStale(course.course_id());
  const int32_t version = static_cast<int32_t>(stored.versions.size()) + 1;
  stored.versions.push_back(Written(course, version, stamp, now));
  ++stored.row_version;
  ++writes_;
  return Read(stored, version);
}

absl::StatusOr<v1::Course> FakeCourseRepository::Retire(const std::string& course_id,
                                                        int64_t expected_version,
                                                        const std::string& reason,
                                                        const db::AuditStamp&, absl::Time now) {
  absl::MutexLock lock(&mutex_);
  auto found = courses_.find(course_id);
  if (found == courses_.end()) return CourseNotFound(course_id);
  Stored& stored = found->second;
  if (stored.state == v1::COURSE_STATE_RETIRED) return Retired(course_id);
  if (expected_version != 0 && stored.row_version != expected_version)
    return CourseStale(course_id);
  stored.state = v1::COURSE_STATE_RETIRED;
  stored.retire_time = now;
  ++stored.row_version;
  ++writes_;
  last_reason_ = reason;
  return Read(stored, static_cast<int32_t>(stored.versions.size()));
}

}  // namespace escala::testing
