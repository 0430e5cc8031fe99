// CourseHandler over the in-memory repository: what the handler checks before the repository is
// reached (validation, prerequisites, etags, update masks, request ids), and how it pages and
// filters the catalogue.
#include "server/training/course_handler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "db/common/error_details.h"
#include "tests/testing/error_details.h"
#include "tests/testing/fakes/fake_audit_repository.h"
#include "tests/testing/fakes/fake_course_repository.h"
#include "tests/testing/fakes/manual_clock.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_courses.h"

namespace escala::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// The course fake writing a retirement's audit event, as the SOCI repository does in the same
// transaction: what a request_id replay is looked up in.
class AuditedCourseRepository : public FakeCourseRepository {
 public:
  explicit AuditedCourseRepository(FakeAuditRepository& audit) : audit_(audit) {}

  absl::StatusOr<v1::Course> Retire(const std::string& course_id, int64_t expected_version,
                                    const std::string& reason, const db::AuditStamp& stamp,
                                    absl::Time now) override {
    ++retire_calls;
    absl::StatusOr<v1::Course> retired =
        FakeCourseRepository::Retire(course_id, expected_version, reason, stamp, now);
    if (retired.ok()) {
      audit_.Append(stamp, {"course", absl::StrCat("courses/", course_id), "{}", "{}"}, now);
    }
    return retired;
  }

  int retire_calls = 0;

 private:
  FakeAuditRepository& audit_;
};

class CourseHandlerTest : public ::testing::Test {
 protected:
  CourseHandlerTest() : handler_(repository_, audit_, clock_.AsClock()) {
    call_.caller.principal = "people/T1";
    call_.caller.role = v1::ROLE_TRAINER;
  }

  v1::Course Create(const v1::Course& course, const std::string& request_id = "") {
    v1::CreateCourseRequest request;
    *request.mutable_course() = course;
    request.set_request_id(request_id);
    absl::StatusOr<v1::Course> created = handler_.CreateCourse(call_, request);
    EXPECT_THAT(created, IsOk());
    return created.ok() ? *created : v1::Course();
  }

  absl::StatusOr<v1::Course> Update(const v1::Course& course,
                                    const std::vector<std::string>& paths = {}) {
    v1::UpdateCourseRequest request;
    *request.mutable_course() = course;
    for (const std::string& path : paths) request.mutable_update_mask()->add_paths(path);
    return handler_.UpdateCourse(call_, request);
  }

  std::vector<std::string> ListIds(v1::ListCoursesRequest request) {
    std::vector<std::string> ids;
    for (int pages = 0; pages < 100; ++pages) {
      absl::StatusOr<v1::ListCoursesResponse> page = handler_.ListCourses(call_, request);
      EXPECT_THAT(page, IsOk());
      if (!page.ok()) break;
      for (const v1::Course& course : page->courses()) ids.push_back(course.course_id());
      if (page->next_page_token().empty()) break;
      request.set_page_token(page->next_page_token());
    }
    return ids;
  }

  FakeAuditRepository audit_;
  AuditedCourseRepository repository_{audit_};
  ManualClock clock_;
  server::CourseHandler handler_;
  server::CallContext call_;
};

TEST_F(CourseHandlerTest, CreateStoresVersionOneAndIgnoresOutputFields) {
  v1::Course course = ValidTestCourse();
  course.set_version(7);
  course.set_state(v1::COURSE_STATE_RETIRED);
  course.set_etag("99");
  const v1::Course created = Create(course);
  EXPECT_EQ(created.version(), 1);
  EXPECT_EQ(created.state(), v1::COURSE_STATE_ACTIVE);
  EXPECT_EQ(created.created_by(), "people/T1");
  EXPECT_EQ(created.title(), "Phone etiquette");
  EXPECT_EQ(created.pass_mark_percent(), 80);
}

TEST_F(CourseHandlerTest, CreateRefusesAnInvalidCourseNamingEveryFieldUnderCourse) {
  v1::CreateCourseRequest request;
  EXPECT_THAT(handler_.CreateCourse(call_, request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("course: is required")));
  *request.mutable_course() = ValidTestCourse();
  request.mutable_course()->set_title("");
  request.mutable_course()->add_target_levels(0);
  EXPECT_THAT(FieldViolations(handler_.CreateCourse(call_, request)),
              ElementsAre(HasSubstr("course.title: "), HasSubstr("course.target_levels[1]: ")));
  EXPECT_EQ(repository_.writes(), 0);
}

TEST_F(CourseHandlerTest, CreateRefusesEveryMissingOrRetiredPrerequisite) {
  Create(ValidTestCourse("L0-BASICS", "Basics"));
  Create(ValidTestCourse("L0-OLD", "Old basics"));
  v1::RetireCourseRequest retire;
  retire.set_course_id("L0-OLD");
  retire.set_reason("replaced");
  ASSERT_THAT(handler_.RetireCourse(call_, retire), IsOk());

  v1::Course course = ValidTestCourse();
  course.add_prerequisite_course_ids("L0-BASICS");
  course.add_prerequisite_course_ids("L0-NOWHERE");
  course.add_prerequisite_course_ids("L0-OLD");
  v1::CreateCourseRequest request;
  *request.mutable_course() = course;
  absl::StatusOr<v1::Course> refused = handler_.CreateCourse(call_, request);
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(FieldViolations(refused),
              ElementsAre("course.prerequisite_course_ids[1]: course 'L0-NOWHERE' does not exist",
                          "course.prerequisite_course_ids[2]: course 'L0-OLD' is retired"));
  EXPECT_EQ(db::ErrorReason(refused.status()), "COURSE_RETIRED");

  course.mutable_prerequisite_course_ids()->DeleteSubrange(1, 2);
  *request.mutable_course() = course;
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Course created, handler_.CreateCourse(call_, request));
  EXPECT_THAT(created.prerequisite_course_ids(), ElementsAre("L0-BASICS"));
}

TEST_F(CourseHandlerTest, CreateReplaysARequestIdAndRefusesItsReuse) {
  const v1::Course first = Create(ValidTestCourse(), "req-1");
  v1::CreateCourseRequest request;
  *request.mutable_course() = ValidTestCourse();
  request.set_request_id("req-1");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Course again, handler_.CreateCourse(call_, request));
  EXPECT_EQ(again.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(repository_.writes(), 1);

  // Another payload with the same request_id.
  request.mutable_course()->set_course_id("L1-OTHER");
  absl::StatusOr<v1::Course> reused = handler_.CreateCourse(call_, request);
  EXPECT_THAT(reused, StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("request_id")));
  EXPECT_EQ(db::ErrorReason(reused.status()), "REQUEST_ID_REUSED");

  // The same payload from another caller.
  *request.mutable_course() = ValidTestCourse();
  call_.caller.principal = "people/T2";
  EXPECT_THAT(handler_.CreateCourse(call_, request),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("request_id")));

  request.set_request_id("has space");
  EXPECT_THAT(handler_.CreateCourse(call_, request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("request_id")));
}

TEST_F(CourseHandlerTest, CreatingATakenCodeIsAlreadyExists) {
  Create(ValidTestCourse());
  v1::CreateCourseRequest request;
  *request.mutable_course() = ValidTestCourse();
  absl::StatusOr<v1::Course> taken = handler_.CreateCourse(call_, request);
  EXPECT_THAT(taken, StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("L1-ETIQ-101")));
  EXPECT_EQ(db::ErrorReason(taken.status()), "DUPLICATE_ID");
}

TEST_F(CourseHandlerTest, GetChecksTheIdAndVersion) {
  Create(ValidTestCourse());
  v1::GetCourseRequest request;
  request.set_version(-1);
  EXPECT_THAT(FieldViolations(handler_.GetCourse(call_, request)),
              ElementsAre(HasSubstr("course_id: "), HasSubstr("version: must be 0")));
  request.set_course_id("L1-ETIQ-101");
  request.set_version(0);
  EXPECT_THAT(handler_.GetCourse(call_, request), IsOk());
  request.set_version(2);
  EXPECT_THAT(handler_.GetCourse(call_, request), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(CourseHandlerTest, EveryContentChangeWritesANewVersionAndKeepsTheOldOne) {
  const v1::Course first = Create(ValidTestCourse());
  v1::Course change;
  change.set_course_id("L1-ETIQ-101");
  change.set_title("Phone etiquette, revised");
  change.set_etag(first.etag());
  clock_.Advance(absl::Hours(1));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Course second, Update(change));
  EXPECT_EQ(second.version(), 2);
  EXPECT_EQ(second.title(), "Phone etiquette, revised");
  // Fields the request left out keep their values.
  EXPECT_EQ(second.description(), first.description());
  EXPECT_EQ(second.pass_mark_percent(), 80);
  EXPECT_NE(second.etag(), first.etag());

  v1::GetCourseRequest get;
  get.set_course_id("L1-ETIQ-101");
  get.set_version(1);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Course old, handler_.GetCourse(call_, get));
  EXPECT_EQ(old.title(), "Phone etiquette");

  v1::ListCourseVersionsRequest versions;
  versions.set_course_id("L1-ETIQ-101");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ListCoursesResponse listed,
                              handler_.ListCourseVersions(call_, versions));
  ASSERT_EQ(listed.courses_size(), 2);
  EXPECT_EQ(listed.courses(0).version(), 2);
  EXPECT_EQ(listed.courses(1).version(), 1);
}

TEST_F(CourseHandlerTest, AnUpdateThatChangesNothingWritesNothing) {
  const v1::Course first = Create(ValidTestCourse());
  v1::Course same = ValidTestCourse();
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Course unchanged, Update(same, {"*"}));
  EXPECT_EQ(unchanged.version(), 1);
  EXPECT_EQ(unchanged.etag(), first.etag());
  EXPECT_EQ(repository_.writes(), 1);
}

TEST_F(CourseHandlerTest, UpdateMaskClearsNamedFieldsAndRefusesOthers) {
  Create(ValidTestCourse());
  v1::Course change;
  change.set_course_id("L1-ETIQ-101");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Course cleared,
                              Update(change, {"pass_mark_percent", "criterion_keys"}));
  EXPECT_FALSE(cleared.has_pass_mark_percent());
  EXPECT_THAT(cleared.criterion_keys(), IsEmpty());
  EXPECT_EQ(cleared.version(), 2);

  for (const char* path : {"course_id", "version", "state", "etag", "created_by"}) {
    EXPECT_THAT(Update(change, {path}),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("update_mask")))
        << path;
  }
  // "*" clears what the request leaves out, and the result must still be a valid course.
  EXPECT_THAT(FieldViolations(Update(change, {"*"})),
              ElementsAre(HasSubstr("course.title: "), "course.kind: is required",
                          HasSubstr("course.planned_duration: is required")));
}

TEST_F(CourseHandlerTest, UpdateWithAStaleEtagIsAborted) {
  const v1::Course first = Create(ValidTestCourse());
  v1::Course change;
  change.set_course_id("L1-ETIQ-101");
  change.set_title("One");
  change.set_etag(first.etag());
  ASSERT_THAT(Update(change), IsOk());
  change.set_title("Two");
  absl::StatusOr<v1::Course> stale = Update(change);
  EXPECT_THAT(stale, StatusIs(absl::StatusCode::kAborted, HasSubstr("course.etag")));
  EXPECT_EQ(db::ErrorReason(stale.status()), "ETAG_MISMATCH");
  // Without an etag the update is unconditional.
  change.clear_etag();
  EXPECT_THAT(Update(change), IsOk());
}

TEST_F(CourseHandlerTest, UpdateRefusesAPrerequisiteCycle) {
  Create(ValidTestCourse("A", "A"));
  v1::Course b = ValidTestCourse("B", "B");
  b.add_prerequisite_course_ids("A");
  Create(b);
  v1::Course c = ValidTestCourse("C", "C");
  c.add_prerequisite_course_ids("B");
  Create(c);
  v1::Course change;
  change.set_course_id("A");
  change.add_prerequisite_course_ids("C");
  absl::StatusOr<v1::Course> cycle = Update(change);
  EXPECT_THAT(cycle, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(FieldViolations(cycle),
              ElementsAre("course.prerequisite_course_ids[0]: a course cannot require itself: "
                          "A requires C requires B requires A"));
  EXPECT_EQ(repository_.writes(), 3);
}

TEST_F(CourseHandlerTest, ARetiredCourseCannotChangeOrRetireAgain) {
  const v1::Course first = Create(ValidTestCourse());
  v1::RetireCourseRequest retire;
  retire.set_course_id("L1-ETIQ-101");
  EXPECT_THAT(FieldViolations(handler_.RetireCourse(call_, retire)),
              ElementsAre(HasSubstr("reason: ")));
  retire.set_reason("merged into L1-ETIQ-102");
  retire.set_etag("12345");
  EXPECT_THAT(handler_.RetireCourse(call_, retire), StatusIs(absl::StatusCode::kAborted));
  retire.set_etag(first.etag());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Course retired, handler_.RetireCourse(call_, retire));
  EXPECT_EQ(retired.state(), v1::COURSE_STATE_RETIRED);
  EXPECT_TRUE(retired.has_retire_time());
  EXPECT_EQ(repository_.last_reason(), "merged into L1-ETIQ-102");

  retire.clear_etag();
  absl::StatusOr<v1::Course> again = handler_.RetireCourse(call_, retire);
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(db::ErrorReason(again.status()), "COURSE_RETIRED");
  v1::Course change;
  change.set_course_id("L1-ETIQ-101");
  change.set_title("Too late");
  absl::StatusOr<v1::Course> update = Update(change);
  EXPECT_THAT(update, StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("retired")));
  EXPECT_EQ(db::ErrorReason(update.status()), "COURSE_RETIRED");
}

TEST_F(CourseHandlerTest, ListFiltersByRoleLevelKindCriterionAndState) {
  v1::Course any = ValidTestCourse("ANY", "For everyone");
  any.clear_target_roles();
  any.clear_target_levels();
  any.clear_criterion_keys();
  any.set_kind(v1::COURSE_KIND_THEORY);
  Create(any);
  Create(ValidTestCourse("L1-AGENT", "For L1 agents"));
  v1::Course lead = ValidTestCourse("LEAD", "For team leads at level 3");
  lead.clear_target_roles();
  lead.add_target_roles(v1::ROLE_TEAM_LEAD);
  lead.clear_target_levels();
  lead.add_target_levels(3);
  lead.clear_criterion_keys();
  lead.add_criterion_keys("coaching");
  lead.set_kind(v1::COURSE_KIND_CRISIS_HANDLING);
  Create(lead);

  v1::ListCoursesRequest request;
  EXPECT_THAT(ListIds(request), ElementsAre("ANY", "L1-AGENT", "LEAD"));
  request.set_role(v1::ROLE_AGENT);
  EXPECT_THAT(ListIds(request), ElementsAre("ANY", "L1-AGENT"));
  request.set_level(3);
  EXPECT_THAT(ListIds(request), ElementsAre("ANY"));
  request.Clear();
  request.set_criterion_key("coaching");
  EXPECT_THAT(ListIds(request), ElementsAre("LEAD"));
  request.Clear();
  request.set_kind(v1::COURSE_KIND_CHANNEL_ETIQUETTE);
  EXPECT_THAT(ListIds(request), ElementsAre("L1-AGENT"));

  v1::RetireCourseRequest retire;
  retire.set_course_id("ANY");
  retire.set_reason("too general");
  ASSERT_THAT(handler_.RetireCourse(call_, retire), IsOk());
  request.Clear();
  request.set_state(v1::COURSE_STATE_ACTIVE);
  EXPECT_THAT(ListIds(request), ElementsAre("L1-AGENT", "LEAD"));
  request.set_state(v1::COURSE_STATE_RETIRED);
  EXPECT_THAT(ListIds(request), ElementsAre("ANY"));
}

TEST_F(CourseHandlerTest, ListPagesWithAFilterThatDropsRows) {
  for (int i = 0; i < 7; ++i) {
    v1::Course course = ValidTestCourse("C" + std::to_string(i), "Course");
    if (i % 2 == 1) {
      course.clear_target_roles();
      course.add_target_roles(v1::ROLE_TRAINER);
    }
    Create(course);
  }
  v1::ListCoursesRequest request;
  request.set_page_size(2);
  request.set_role(v1::ROLE_AGENT);
  EXPECT_THAT(ListIds(request), ElementsAre("C0", "C2", "C4", "C6"));
}

TEST_F(CourseHandlerTest, ListRefusesUnknownFilterValuesAndForeignTokens) {
  v1::ListCoursesRequest request;
  request.set_state(static_cast<v1::CourseState>(9));
  request.set_kind(static_cast<v1::CourseKind>(99));
  request.set_role(static_cast<v1::Role>(99));
  request.set_level(10);
  request.set_criterion_key("x' OR '1'='1");
  EXPECT_THAT(FieldViolations(handler_.ListCourses(call_, request)),
              ElementsAre(HasSubstr("state: "), HasSubstr("kind: "), HasSubstr("role: "),
                          HasSubstr("level: "), HasSubstr("criterion_key: ")));

  for (int i = 0; i < 3; ++i) Create(ValidTestCourse("C" + std::to_string(i), "Course"));
  v1::ListCoursesRequest first;
  first.set_page_size(1);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ListCoursesResponse page, handler_.ListCourses(call_, first));
  ASSERT_FALSE(page.next_page_token().empty());
  first.set_page_token(page.next_page_token());
  first.set_kind(v1::COURSE_KIND_THEORY);
  EXPECT_THAT(handler_.ListCourses(call_, first),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token")));
}

TEST_F(CourseHandlerTest, ListVersionsOfAnUnknownCourseIsNotFound) {
  v1::ListCourseVersionsRequest request;
  request.set_course_id("NOWHERE");
  EXPECT_THAT(handler_.ListCourseVersions(call_, request), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(CourseHandlerTest, ARetireReplayAnswersTheCourseWithoutRetiringAgain) {
  Create(ValidTestCourse("L0-OLD", "Old basics"));
  call_.method = "escala.v1.CourseService/RetireCourse";
  v1::RetireCourseRequest retire;
  retire.set_course_id("L0-OLD");
  retire.set_reason("replaced");
  retire.set_request_id("retire-1");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Course first, handler_.RetireCourse(call_, retire));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Course replay, handler_.RetireCourse(call_, retire));
  EXPECT_EQ(replay.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(repository_.retire_calls, 1);
  EXPECT_EQ(audit_.CountEvents(call_.method, "retire-1"), 1);

  retire.set_reason("another reason");
  const absl::StatusOr<v1::Course> reused = handler_.RetireCourse(call_, retire);
  EXPECT_THAT(reused, StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("request_id")));
  // Without a request_id a retry is refused as before: the course is retired already.
  retire.clear_request_id();
  EXPECT_THAT(handler_.RetireCourse(call_, retire),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

}  // namespace
}  // namespace escala::testing
