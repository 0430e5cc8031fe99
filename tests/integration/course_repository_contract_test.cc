// The CourseRepository contract, against SQLite, MariaDB and the in-memory fake.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "db/training/soci_course_repository.h"
#include "tests/integration/records.h"
#include "tests/testing/fakes/fake_course_repository.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_courses.h"
#include "tests/testing/test_database.h"

namespace escala::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

v1::Course CourseWithoutOutputFields(v1::Course course) {
  course.clear_version();
  course.clear_state();
  course.clear_created_by();
  course.clear_create_time();
  course.clear_retire_time();
  course.clear_etag();
  return course;
}

std::vector<std::string> Ids(const std::vector<v1::Course>& courses) {
  std::vector<std::string> ids;
  for (const v1::Course& course : courses) ids.push_back(course.course_id());
  return ids;
}

std::vector<int> Versions(const std::vector<v1::Course>& courses) {
  std::vector<int> versions;
  for (const v1::Course& course : courses) versions.push_back(course.version());
  return versions;
}

int64_t Millis(const google::protobuf::Timestamp& timestamp) {
  return db::TimestampToMillis(timestamp);
}

db::CreateRequest NoRequestId() { return {}; }

// Runs on SQLite, MariaDB and the fake (FakeCourseRepository).
class CourseRepositoryContract : public DatabaseTest {
 protected:
  db::CourseRepository& courses() {
    if (!repository_) {
      if (fake()) {
        repository_ = std::make_unique<FakeCourseRepository>();
      } else {
        repository_ = std::make_unique<db::SociCourseRepository>(database().pool());
      }
    }
    return *repository_;
  }

  v1::Course CreateCourse(const std::string& id, const std::string& title = "Course") {
    absl::StatusOr<v1::Course> created =
        courses().Create(ValidTestCourse(id, title), NoRequestId(), TestStamp(), TestNow());
    EXPECT_THAT(created, IsOk());
    return created.ok() ? *created : v1::Course();
  }

 private:
  std::unique_ptr<db::CourseRepository> repository_;
};

// The cases that read the audit log, which the SQL repository writes in the transaction of the
// change and the fake does not keep: SQLite and MariaDB only.
class CourseRepositorySqlContract : public CourseRepositoryContract {};

TEST_P(CourseRepositoryContract, CreateStoresVersionOneAsActive) {
  const v1::Course course = ValidTestCourse();
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Course created,
                              courses().Create(course, NoRequestId(), TestStamp(), TestNow()));
  EXPECT_EQ(ProtoDiff(course, CourseWithoutOutputFields(created)), "");
  EXPECT_EQ(created.version(), 1);
  EXPECT_EQ(created.state(), v1::COURSE_STATE_ACTIVE);
  EXPECT_EQ(created.created_by(), TestStamp().principal);
  EXPECT_EQ(created.etag(), "1");
  EXPECT_EQ(Millis(created.create_time()), absl::ToUnixMillis(TestNow()));
  EXPECT_FALSE(created.has_retire_time());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Course newest, courses().Get("L1-ETIQ-101", 0));
  EXPECT_EQ(ProtoDiff(created, newest), "");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Course first, courses().Get("L1-ETIQ-101", 1));
  EXPECT_EQ(ProtoDiff(created, first), "");
}

TEST_P(CourseRepositoryContract, AnAbsentPassMarkStaysAbsent) {
  v1::Course course = ValidTestCourse();
  course.clear_pass_mark_percent();
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Course created,
                              courses().Create(course, NoRequestId(), TestStamp(), TestNow()));
  EXPECT_FALSE(created.has_pass_mark_percent());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Course read, courses().Get(course.course_id(), 0));
  EXPECT_FALSE(read.has_pass_mark_percent());
}

TEST_P(CourseRepositoryContract, HostileTextSurvivesTheRoundTrip) {
  v1::Course current = CreateCourse("hostile");
  for (const std::string& text : HostileStrings()) {
    v1::Course course = ValidTestCourse("hostile", "Title " + text);
    course.set_description(text);
    ESCALA_ASSERT_OK_AND_ASSIGN(
        current, courses().AddVersion(course, std::stoll(current.etag()), TestStamp(), TestNow(1)));
    EXPECT_EQ(ProtoDiff(course, CourseWithoutOutputFields(current)), "");
    ESCALA_ASSERT_OK_AND_ASSIGN(v1::Course fetched, courses().Get("hostile", current.version()));
    EXPECT_EQ(ProtoDiff(current, fetched), "");
  }
}

TEST_P(CourseRepositoryContract, CreatingATakenIdIsAlreadyExists) {
  CreateCourse("taken", "First");
  absl::StatusOr<v1::Course> again =
      courses().Create(ValidTestCourse("taken", "Second"), NoRequestId(), TestStamp(), TestNow(1));
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("'taken'")));
  EXPECT_EQ(db::ErrorReason(again.status()), db::kReasonDuplicateId);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Course stored, courses().Get("taken", 0));
  EXPECT_EQ(stored.title(), "First");
}

TEST_P(CourseRepositoryContract, RequestIdsAreStoredAndUnique) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Course created,
      courses().Create(ValidTestCourse("A"), {"req-1", "hash-1"}, TestStamp(), TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(auto found, courses().FindByRequestId("req-1"));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(ProtoDiff(created, found->resource), "");
  EXPECT_EQ(found->request_hash, "hash-1");
  ESCALA_ASSERT_OK_AND_ASSIGN(auto missing, courses().FindByRequestId("req-2"));
  EXPECT_FALSE(missing.has_value());

  absl::StatusOr<v1::Course> reused =
      courses().Create(ValidTestCourse("B"), {"req-1", "hash-2"}, TestStamp(), TestNow());
  EXPECT_THAT(reused, StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("request_id")));
  EXPECT_EQ(db::ErrorReason(reused.status()), db::kReasonRequestIdReused);
  EXPECT_THAT(courses().Get("B", 0), StatusIs(absl::StatusCode::kNotFound));
  // The original is found as created even after later versions.
  ASSERT_THAT(courses().AddVersion(ValidTestCourse("A", "Changed"), 1, TestStamp(), TestNow(1)),
              IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(found, courses().FindByRequestId("req-1"));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->resource.version(), 1);
  EXPECT_EQ(found->resource.title(), "Phone etiquette");
}

TEST_P(CourseRepositoryContract, MissingCourseOrVersionIsNotFound) {
  EXPECT_THAT(courses().Get("nowhere", 0),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("nowhere")));
  CreateCourse("c");
  EXPECT_THAT(courses().Get("c", 2), StatusIs(absl::StatusCode::kNotFound, HasSubstr("version 2")));
  EXPECT_THAT(courses().ListVersions("nowhere", 0, 10), IsOkAndHolds(IsEmpty()));
  EXPECT_THAT(courses().AddVersion(ValidTestCourse("nowhere"), 1, TestStamp(), TestNow()),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(courses().Retire("nowhere", 0, "r", TestStamp(), TestNow()),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(CourseRepositoryContract, AddVersionAppendsAndLeavesOldVersionsAlone) {
  const v1::Course first = CreateCourse("c", "One");
  v1::Course second_content = ValidTestCourse("c", "Two");
  second_content.set_kind(v1::COURSE_KIND_THEORY);
  second_content.clear_pass_mark_percent();
  db::AuditStamp other = TestStamp();
  other.principal = "people/T9";
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Course second,
                              courses().AddVersion(second_content, 1, other, TestNow(500)));
  EXPECT_EQ(second.version(), 2);
  EXPECT_EQ(second.etag(), "2");
  EXPECT_EQ(second.created_by(), "people/T9");
  EXPECT_EQ(Millis(second.create_time()), absl::ToUnixMillis(TestNow(500)));
  EXPECT_EQ(ProtoDiff(second_content, CourseWithoutOutputFields(second)), "");

  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Course old, courses().Get("c", 1));
  EXPECT_EQ(old.title(), "One");
  EXPECT_EQ(old.created_by(), TestStamp().principal);
  EXPECT_EQ(old.pass_mark_percent(), 80);
  // The etag is the course's: the same on every version read.
  EXPECT_EQ(old.etag(), "2");
  ESCALA_ASSERT_OK_AND_ASSIGN(auto versions, courses().ListVersions("c", 0, 10));
  EXPECT_THAT(Versions(versions), ElementsAre(2, 1));
  ESCALA_ASSERT_OK_AND_ASSIGN(versions, courses().ListVersions("c", 2, 10));
  EXPECT_THAT(Versions(versions), ElementsAre(1));
  ESCALA_ASSERT_OK_AND_ASSIGN(versions, courses().ListVersions("c", 0, 1));
  EXPECT_THAT(Versions(versions), ElementsAre(2));
  // The list shows the newest version, and filters on its kind.
  ESCALA_ASSERT_OK_AND_ASSIGN(
      auto listed, courses().List("", v1::COURSE_STATE_UNSPECIFIED, v1::COURSE_KIND_THEORY, 10));
  ASSERT_THAT(Ids(listed), ElementsAre("c"));
  EXPECT_EQ(listed[0].version(), 2);
  EXPECT_THAT(
      courses().List("", v1::COURSE_STATE_UNSPECIFIED, v1::COURSE_KIND_CHANNEL_ETIQUETTE, 10),
      IsOkAndHolds(IsEmpty()));
}

TEST_P(CourseRepositoryContract, AStaleRowVersionIsAbortedAndWritesNothing) {
  CreateCourse("c", "One");
  ASSERT_THAT(courses().AddVersion(ValidTestCourse("c", "Two"), 1, TestStamp(), TestNow(1)),
              IsOk());
  absl::StatusOr<v1::Course> stale =
      courses().AddVersion(ValidTestCourse("c", "Three"), 1, TestStamp(), TestNow(2));
  EXPECT_THAT(stale, StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(db::ErrorReason(stale.status()), db::kReasonEtagMismatch);
  EXPECT_THAT(courses().Retire("c", 1, "r", TestStamp(), TestNow(3)),
              StatusIs(absl::StatusCode::kAborted));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Course newest, courses().Get("c", 0));
  EXPECT_EQ(newest.version(), 2);
  EXPECT_EQ(newest.state(), v1::COURSE_STATE_ACTIVE);
}

TEST_P(CourseRepositoryContract, RetireIsFinal) {
  CreateCourse("c");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Course retired,
                              courses().Retire("c", 1, "replaced", TestStamp(), TestNow(9)));
  EXPECT_EQ(retired.state(), v1::COURSE_STATE_RETIRED);
  EXPECT_EQ(retired.version(), 1);
  EXPECT_EQ(retired.etag(), "2");
  EXPECT_EQ(Millis(retired.retire_time()), absl::ToUnixMillis(TestNow(9)));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Course read, courses().Get("c", 1));
  EXPECT_EQ(ProtoDiff(retired, read), "");

  absl::StatusOr<v1::Course> again = courses().Retire("c", 0, "again", TestStamp(), TestNow(10));
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("retired")));
  EXPECT_EQ(db::ErrorReason(again.status()), db::kReasonCourseRetired);
  absl::StatusOr<v1::Course> update =
      courses().AddVersion(ValidTestCourse("c", "Late"), 2, TestStamp(), TestNow(11));
  EXPECT_THAT(update, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(db::ErrorReason(update.status()), db::kReasonCourseRetired);
}

TEST_P(CourseRepositoryContract, ListPagesByIdAndFiltersOnState) {
  for (const char* id : {"d", "a", "c", "b"}) CreateCourse(id);
  ASSERT_THAT(courses().Retire("b", 0, "r", TestStamp(), TestNow(1)), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(
      auto page, courses().List("", v1::COURSE_STATE_UNSPECIFIED, v1::COURSE_KIND_UNSPECIFIED, 2));
  EXPECT_THAT(Ids(page), ElementsAre("a", "b"));
  ESCALA_ASSERT_OK_AND_ASSIGN(
      page, courses().List("b", v1::COURSE_STATE_UNSPECIFIED, v1::COURSE_KIND_UNSPECIFIED, 10));
  EXPECT_THAT(Ids(page), ElementsAre("c", "d"));
  ESCALA_ASSERT_OK_AND_ASSIGN(
      page, courses().List("", v1::COURSE_STATE_ACTIVE, v1::COURSE_KIND_UNSPECIFIED, 10));
  EXPECT_THAT(Ids(page), ElementsAre("a", "c", "d"));
  ESCALA_ASSERT_OK_AND_ASSIGN(
      page, courses().List("", v1::COURSE_STATE_RETIRED, v1::COURSE_KIND_UNSPECIFIED, 10));
  EXPECT_THAT(Ids(page), ElementsAre("b"));
}

TEST_P(CourseRepositoryContract, ConcurrentWritersOfOneCourseTakeTurns) {
  CreateCourse("c");
  constexpr int kWriters = 6;
  std::atomic<int> written{0}, aborted{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&, i] {
      absl::StatusOr<v1::Course> result = courses().AddVersion(
          ValidTestCourse("c", "Writer " + std::to_string(i)), 1, TestStamp(), TestNow(i));
      if (result.ok()) ++written;
      if (absl::IsAborted(result.status())) ++aborted;
    });
  }
  for (std::thread& thread : threads) thread.join();
  // All read etag 1: exactly one may write.
  EXPECT_EQ(written.load(), 1);
  EXPECT_EQ(aborted.load(), kWriters - 1);
  ESCALA_ASSERT_OK_AND_ASSIGN(auto versions, courses().ListVersions("c", 0, 10));
  EXPECT_THAT(Versions(versions), ElementsAre(2, 1));
}

TEST_P(CourseRepositorySqlContract, EveryChangeWritesOneAuditEvent) {
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));
  const db::AuditStamp stamp = TestStamp("escala.v1.CourseService/CreateCourse", "req-1");
  ASSERT_THAT(courses().Create(ValidTestCourse("c", "One"), {"req-1", "h"}, stamp, TestNow()),
              IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(auto events, audit.Next());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].resource_type(), "course");
  EXPECT_EQ(events[0].resource_name(), "courses/c");
  EXPECT_EQ(events[0].request_id(), "req-1");
  EXPECT_EQ(events[0].before_json(), "");
  EXPECT_THAT(events[0].after_json(), HasSubstr(R"("title":"One")"));
  EXPECT_THAT(events[0].after_json(), HasSubstr(R"("state":"COURSE_STATE_ACTIVE")"));

  ASSERT_THAT(courses().AddVersion(ValidTestCourse("c", "Two"), 1, TestStamp(), TestNow(1)),
              IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(events, audit.Next());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].before_json(), R"({"version":1,"title":"One"})");
  EXPECT_EQ(events[0].after_json(), R"({"version":2,"title":"Two"})");

  ASSERT_THAT(courses().Retire("c", 2, "policy \"v2\" replaces it", TestStamp(), TestNow(5)),
              IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(events, audit.Next());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_THAT(events[0].after_json(), HasSubstr(R"("state":"COURSE_STATE_RETIRED")"));
  EXPECT_THAT(events[0].after_json(), HasSubstr(R"("reason":"policy \"v2\" replaces it")"));
}

TEST_P(CourseRepositorySqlContract, FailedChangesWriteNoAuditEvent) {
  CreateCourse("c");
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));
  EXPECT_THAT(courses().Create(ValidTestCourse("c"), NoRequestId(), TestStamp(), TestNow(1)),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(courses().AddVersion(ValidTestCourse("c", "Stale"), 7, TestStamp(), TestNow(2)),
              StatusIs(absl::StatusCode::kAborted));
  EXPECT_THAT(courses().Retire("c", 7, "r", TestStamp(), TestNow(3)),
              StatusIs(absl::StatusCode::kAborted));
  EXPECT_THAT(audit.Next(), IsOkAndHolds(IsEmpty()));
}

INSTANTIATE_TEST_SUITE_P(Backends, CourseRepositoryContract,
                         ::testing::ValuesIn(AllBackendsAndFake()), BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, CourseRepositorySqlContract, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace escala::testing
