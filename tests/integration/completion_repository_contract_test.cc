// Closing a session (TrainingSessionRepository::Close) with its outcomes and completions, the
// assessments (EnrolmentRepository), and the completion reads (CompletionRepository), against
// SQLite, MariaDB and the in-memory fakes. The close is one transaction: a refusal or a failure
// of any write leaves the session, its enrolments, their history and the completions as they
// were.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "db/directory/soci_people_repository.h"
#include "db/directory/soci_team_repository.h"
#include "db/training/session_closing.h"
#include "db/training/soci_completion_repository.h"
#include "db/training/soci_course_repository.h"
#include "db/training/soci_enrolment_repository.h"
#include "db/training/soci_training_session_repository.h"
#include "tests/integration/records.h"
#include "tests/testing/fakes/fake_completion_repository.h"
#include "tests/testing/fakes/fake_enrolment_repository.h"
#include "tests/testing/fakes/fake_people_repository.h"
#include "tests/testing/fakes/fake_team_repository.h"
#include "tests/testing/fakes/fake_training_session_repository.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_courses.h"
#include "tests/testing/test_database.h"
#include "tests/testing/test_training_sessions.h"

namespace escala::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Before the sessions: 2024-03-04 08:00 UTC (ValidTestSession runs 09:00–12:00, 13:00–17:00).
absl::Time Before(int ms = 0) { return TestDay(8) + absl::Milliseconds(ms); }

// A course without an assessment.
constexpr char kPlainCourse[] = "L1-PLAIN-101";

class CompletionRepositoryContract : public DatabaseTest {
 protected:
  void Open() {
    if (completions_) return;
    if (fake()) {
      auto teams = std::make_unique<FakeTeamRepository>();
      auto people = std::make_unique<FakePeopleRepository>(teams.get());
      auto sessions = std::make_unique<FakeTrainingSessionRepository>();
      auto completions = std::make_unique<FakeCompletionRepository>(people.get());
      fake_completions_ = completions.get();
      enrolments_ =
          std::make_unique<FakeEnrolmentRepository>(*sessions, nullptr, completions.get());
      completions_ = std::move(completions);
      sessions_ = std::move(sessions);
      people_ = std::move(people);
      teams_ = std::move(teams);
    } else {
      db::SociCourseRepository courses(database().pool());
      EXPECT_THAT(courses.Create(ValidTestCourse(), {}, TestStamp(), TestNow()), IsOk());
      v1::Course plain = ValidTestCourse(kPlainCourse, "Plain course");
      plain.clear_pass_mark_percent();
      EXPECT_THAT(courses.Create(plain, {}, TestStamp(), TestNow()), IsOk());
      teams_ = std::make_unique<db::SociTeamRepository>(database().pool());
      people_ = std::make_unique<db::SociPeopleRepository>(database().pool());
      sessions_ = std::make_unique<db::SociTrainingSessionRepository>(database().pool());
      enrolments_ = std::make_unique<db::SociEnrolmentRepository>(database().pool());
      completions_ = std::make_unique<db::SociCompletionRepository>(database().pool());
    }
    for (const char* team : {"t-a", "t-b"}) {
      EXPECT_THAT(teams_->Create(MakeTeam(team, team), TestStamp(), TestNow()), IsOk());
    }
    for (const auto& [person, team] : std::vector<std::pair<std::string, std::string>>{
             {"A1", "t-a"}, {"A2", "t-a"}, {"A3", "t-b"}}) {
      EXPECT_THAT(people_->Create(MakePerson(person, team), TestStamp(), TestNow()), IsOk());
    }
  }
  void TearDown() override {
    // The fake enrolments unregister from the fake sessions: destroy them first.
    enrolments_.reset();
    sessions_.reset();
    completions_.reset();
    people_.reset();
    teams_.reset();
    DatabaseTest::TearDown();
  }

  db::TrainingSessionRepository& sessions() {
    Open();
    return *sessions_;
  }
  db::EnrolmentRepository& enrolments() {
    Open();
    return *enrolments_;
  }
  db::CompletionRepository& completions() {
    Open();
    return *completions_;
  }

  // A session of `course` (version 1) with `blocks` from ValidTestSession shifted by `days`.
  v1::TrainingSession Schedule(const std::string& course = "L1-ETIQ-101", int days = 0) {
    v1::TrainingSession session = ValidTestSession(course);
    session.set_course_version(1);
    session.clear_capacity();
    for (v1::SessionBlock& block : *session.mutable_blocks()) {
      const int64_t shift = absl::ToInt64Milliseconds(absl::Hours(24) * days);
      *block.mutable_start_time() =
          db::MillisToTimestamp(db::TimestampToMillis(block.start_time()) + shift);
      *block.mutable_end_time() =
          db::MillisToTimestamp(db::TimestampToMillis(block.end_time()) + shift);
    }
    absl::StatusOr<v1::TrainingSession> created =
        sessions().Create(session, {}, TestStamp(), Before());
    EXPECT_THAT(created, IsOk());
    return created.ok() ? *created : v1::TrainingSession();
  }

  v1::Enrolment Enrol(int64_t session_id, const std::string& person) {
    db::NewEnrolment enrolment;
    enrolment.session_id = session_id;
    enrolment.person_employee_id = person;
    enrolment.team_id = "t-a";
    absl::StatusOr<v1::Enrolment> enrolled = enrolments().Enrol(enrolment, TestStamp(), Before(1));
    EXPECT_THAT(enrolled, IsOk());
    return enrolled.ok() ? *enrolled : v1::Enrolment();
  }

  void Mark(int64_t session_id, int64_t enrolment, int block, v1::AttendanceStatus status,
            absl::Time at) {
    db::MarkChange change;
    change.enrolment_id = enrolment;
    change.block_number = block;
    change.status = status;
    EXPECT_THAT(enrolments().MarkAttendance(session_id, {change}, "", TestStamp(), at), IsOk());
  }

  absl::StatusOr<db::AssessmentOutcome> Assess(int64_t session_id, int64_t enrolment, int score,
                                               absl::Time at, const std::string& note = "") {
    return enrolments().RecordAssessment(session_id, db::AssessmentChange{enrolment, score, note},
                                         TestStamp(), at);
  }

  v1::EnrolmentState StateOf(int64_t id) {
    absl::StatusOr<v1::Enrolment> read = enrolments().Get(id);
    EXPECT_THAT(read, IsOk());
    return read.ok() ? read->state() : v1::ENROLMENT_STATE_UNSPECIFIED;
  }

  std::vector<v1::EnrolmentHistoryEntry> HistoryOf(int64_t id) {
    absl::StatusOr<std::vector<v1::EnrolmentHistoryEntry>> history =
        enrolments().History(id, 0, 100);
    EXPECT_THAT(history, IsOk());
    return history.ok() ? *history : std::vector<v1::EnrolmentHistoryEntry>();
  }

  std::vector<v1::TrainingCompletion> All() {
    absl::StatusOr<std::vector<v1::TrainingCompletion>> all =
        completions().ListCompletions({}, nullptr, 100);
    EXPECT_THAT(all, IsOk());
    return all.ok() ? *all : std::vector<v1::TrainingCompletion>();
  }

  // A one-learner-each session of the plain course on 2024-03-(4 + days), everyone present,
  // closed at 18:00 that day: completion_time 17:00, create_time 18:00.
  void CompleteDay(int days, const std::vector<std::string>& people,
                   const std::string& course = kPlainCourse) {
    const v1::TrainingSession session = Schedule(course, days);
    std::vector<int64_t> ids;
    for (const std::string& person : people) ids.push_back(Enrol(session.id(), person).id());
    for (int64_t id : ids) {
      for (int block = 1; block <= 2; ++block) {
        Mark(session.id(), id, block, v1::ATTENDANCE_STATUS_PRESENT, TestDay(17, 4 + days));
      }
    }
    EXPECT_THAT(sessions().Close(session.id(), 0, {}, TestStamp(), TestDay(18, 4 + days)), IsOk());
  }

  FakeCompletionRepository* fake_completions_ = nullptr;

 private:
  std::unique_ptr<db::TeamRepository> teams_;
  std::unique_ptr<db::PeopleRepository> people_;
  std::unique_ptr<db::TrainingSessionRepository> sessions_;
  std::unique_ptr<db::EnrolmentRepository> enrolments_;
  std::unique_ptr<db::CompletionRepository> completions_;
};

std::vector<std::string> People(const std::vector<v1::TrainingCompletion>& completions) {
  std::vector<std::string> people;
  for (const v1::TrainingCompletion& c : completions) people.push_back(c.person_employee_id());
  return people;
}

TEST_P(CompletionRepositoryContract, AssessmentsAreRecordedCorrectedAndAppendedToTheHistory) {
  const v1::TrainingSession session = Schedule();
  const v1::Enrolment a = Enrol(session.id(), "A1");
  const v1::Enrolment b = Enrol(session.id(), "A2");
  ESCALA_ASSERT_OK_AND_ASSIGN(db::AssessmentOutcome first,
                              Assess(session.id(), a.id(), 70, TestDay(10), "written test"));
  EXPECT_TRUE(first.changed);
  EXPECT_EQ(first.assessment.score_percent(), 70);
  EXPECT_EQ(first.assessment.person_employee_id(), "A1");
  EXPECT_EQ(first.assessment.assessed_by(), TestStamp().principal);
  // The same again is a no-op; a correction is a change.
  ESCALA_ASSERT_OK_AND_ASSIGN(db::AssessmentOutcome same,
                              Assess(session.id(), a.id(), 70, TestDay(11), "written test"));
  EXPECT_FALSE(same.changed);
  ESCALA_ASSERT_OK_AND_ASSIGN(db::AssessmentOutcome corrected,
                              Assess(session.id(), a.id(), 85, TestDay(12), "re-marked"));
  EXPECT_TRUE(corrected.changed);
  EXPECT_EQ(db::TimestampToMillis(corrected.assessment.assess_time()),
            absl::ToUnixMillis(TestDay(12)));
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::Assessment> stored,
                              enrolments().Assessments(session.id()));
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].score_percent(), 85);
  EXPECT_EQ(stored[0].note(), "re-marked");
  const std::vector<v1::EnrolmentHistoryEntry> history = HistoryOf(a.id());
  ASSERT_EQ(history.size(), 3u);
  EXPECT_FALSE(history[1].has_from_score_percent());
  EXPECT_EQ(history[1].to_score_percent(), 70);
  EXPECT_EQ(history[2].from_score_percent(), 70);
  EXPECT_EQ(history[2].to_score_percent(), 85);
  EXPECT_EQ(history[2].reason(), "re-marked");
  EXPECT_EQ(history[2].block_number(), 0);
  EXPECT_EQ(history[2].to_state(), v1::ENROLMENT_STATE_BOOKED);
  EXPECT_FALSE(history[0].has_to_score_percent());
  // A withdrawn enrolment is not assessed.
  ASSERT_THAT(enrolments().Withdraw(b.id(), "", false, TestStamp(), TestDay(10)), IsOk());
  absl::StatusOr<db::AssessmentOutcome> withdrawn = Assess(session.id(), b.id(), 90, TestDay(12));
  EXPECT_THAT(withdrawn, StatusIs(absl::StatusCode::kFailedPrecondition,
                                  HasSubstr("is not a booked enrolment of the session")));
}

TEST_P(CompletionRepositoryContract, CloseWritesOutcomesHistoryAndCompletionsTogether) {
  const v1::TrainingSession session = Schedule();
  const v1::Enrolment a = Enrol(session.id(), "A1");
  const v1::Enrolment b = Enrol(session.id(), "A2");
  const v1::Enrolment c = Enrol(session.id(), "A3");
  // A1 attends both blocks (100 %), A2 one of two (50 %), A3 none (never marked).
  Mark(session.id(), a.id(), 1, v1::ATTENDANCE_STATUS_PRESENT, TestDay(14));
  Mark(session.id(), a.id(), 2, v1::ATTENDANCE_STATUS_LATE, TestDay(14));
  Mark(session.id(), b.id(), 1, v1::ATTENDANCE_STATUS_PRESENT, TestDay(14));
  Mark(session.id(), b.id(), 2, v1::ATTENDANCE_STATUS_ABSENT, TestDay(14));
  ASSERT_THAT(Assess(session.id(), a.id(), 90, TestDay(16)), IsOk());
  ASSERT_THAT(Assess(session.id(), b.id(), 85, TestDay(16)), IsOk());
  db::CloseOptions options;
  options.pass_mark_percent = 80;

  // A3 has no score: refused, naming it, and nothing changed.
  absl::StatusOr<v1::TrainingSession> refused =
      sessions().Close(session.id(), 0, options, TestStamp(), TestDay(18));
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kFailedPrecondition,
                                HasSubstr(absl::StrCat("enrolment ", c.id(), " (A3)"))));
  EXPECT_EQ(db::ErrorReason(refused.status()), db::kReasonAssessmentsMissing);
  EXPECT_EQ(sessions().Get(session.id(), TestDay(18))->state(),
            v1::TRAINING_SESSION_STATE_DELIVERED);
  EXPECT_EQ(StateOf(a.id()), v1::ENROLMENT_STATE_BOOKED);
  EXPECT_THAT(All(), IsEmpty());

  options.allow_missing_assessments = true;
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession closed,
                              sessions().Close(session.id(), 0, options, TestStamp(), TestDay(18)));
  EXPECT_EQ(closed.state(), v1::TRAINING_SESSION_STATE_CLOSED);
  EXPECT_EQ(StateOf(a.id()), v1::ENROLMENT_STATE_ATTENDED);
  EXPECT_EQ(StateOf(b.id()), v1::ENROLMENT_STATE_PARTIALLY_ATTENDED);
  EXPECT_EQ(StateOf(c.id()), v1::ENROLMENT_STATE_NO_SHOW);
  const std::vector<v1::EnrolmentHistoryEntry> history = HistoryOf(a.id());
  ASSERT_FALSE(history.empty());
  EXPECT_EQ(history.back().from_state(), v1::ENROLMENT_STATE_BOOKED);
  EXPECT_EQ(history.back().to_state(), v1::ENROLMENT_STATE_ATTENDED);
  EXPECT_THAT(history.back().reason(),
              HasSubstr("2 of 2 counted blocks attended (100.0 %); assessment 90 %"));
  EXPECT_THAT(HistoryOf(c.id()).back().reason(),
              HasSubstr("no assessment score: closed with allow_missing_assessments"));

  const std::vector<v1::TrainingCompletion> all = All();
  ASSERT_EQ(all.size(), 1u);
  const v1::TrainingCompletion& completion = all[0];
  EXPECT_GT(completion.id(), 0);
  EXPECT_EQ(completion.person_employee_id(), "A1");
  EXPECT_EQ(completion.course_id(), "L1-ETIQ-101");
  EXPECT_EQ(completion.course_version(), 1);
  EXPECT_EQ(completion.training_session_id(), session.id());
  EXPECT_EQ(completion.enrolment_id(), a.id());
  EXPECT_EQ(db::TimestampToMillis(completion.completion_time()), absl::ToUnixMillis(TestDay(17)));
  EXPECT_EQ(completion.assessment_score_percent(), 90);
  EXPECT_EQ(completion.source(), v1::COMPLETION_SOURCE_SESSION);
  EXPECT_EQ(completion.created_by(), TestStamp().principal);
  EXPECT_EQ(db::TimestampToMillis(completion.create_time()), absl::ToUnixMillis(TestDay(18)));

  // The grid's roster keeps the closed enrolments with their outcomes.
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<db::RosterEntry> roster,
                              enrolments().Roster(session.id()));
  ASSERT_EQ(roster.size(), 3u);
  EXPECT_EQ(roster[2].enrolment.state(), v1::ENROLMENT_STATE_NO_SHOW);
  // Scores are final once closed.
  EXPECT_THAT(Assess(session.id(), c.id(), 90, TestDay(19)),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("its attendance can no longer change")));
}

TEST_P(CompletionRepositoryContract, AFailedCompletionWriteRollsTheWholeCloseBack) {
  const v1::TrainingSession session = Schedule(kPlainCourse);
  const v1::Enrolment a = Enrol(session.id(), "A1");
  const v1::Enrolment b = Enrol(session.id(), "A2");
  for (const v1::Enrolment& e : {a, b}) {
    Mark(session.id(), e.id(), 1, v1::ATTENDANCE_STATUS_PRESENT, TestDay(14));
    Mark(session.id(), e.id(), 2, v1::ATTENDANCE_STATUS_PRESENT, TestDay(14));
  }
  const std::size_t history_before = HistoryOf(a.id()).size();
  // The write of B's completion fails: on the fake by an injected failure, on SQL by a row that
  // takes B's enrolment (training_completions.enrolment_id is unique), written after A's.
  if (fake()) {
    fake_completions_->FailWrites(absl::InternalError("injected"));
  } else {
    ASSERT_THAT(database().Execute(absl::StrCat(
                    "INSERT INTO training_completions (person_employee_id, course_id,"
                    " course_version, enrolment_id, completion_ms, source, created_by, create_ms)"
                    " VALUES ('A2', '",
                    kPlainCourse, "', 1, ", b.id(), ", 0, 2, 'test', 0)")),
                IsOk());
  }
  absl::StatusOr<v1::TrainingSession> failed =
      sessions().Close(session.id(), 0, {}, TestStamp(), TestDay(18));
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(sessions().Get(session.id(), TestDay(18))->state(),
            v1::TRAINING_SESSION_STATE_DELIVERED);
  EXPECT_EQ(StateOf(a.id()), v1::ENROLMENT_STATE_BOOKED);
  EXPECT_EQ(StateOf(b.id()), v1::ENROLMENT_STATE_BOOKED);
  EXPECT_EQ(HistoryOf(a.id()).size(), history_before);
  // A's completion was not kept either (only the planted row is there on SQL).
  if (fake()) {
    EXPECT_THAT(All(), IsEmpty());
  } else {
    EXPECT_THAT(People(All()), ElementsAre("A2"));
  }

  // Once the obstacle is gone the close goes through.
  if (fake()) fake_completions_->FailWrites(absl::OkStatus());
  if (!fake()) {
    ASSERT_THAT(database().Execute("DELETE FROM training_completions"), IsOk());
  }
  ASSERT_THAT(sessions().Close(session.id(), 0, {}, TestStamp(), TestDay(18)), IsOk());
  EXPECT_THAT(People(All()), ElementsAre("A2", "A1"));
  EXPECT_EQ(StateOf(b.id()), v1::ENROLMENT_STATE_ATTENDED);
}

TEST_P(CompletionRepositoryContract, ListFiltersAndPagesNewestFirst) {
  CompleteDay(1, {"A1", "A3"});
  CompleteDay(2, {"A2"});
  CompleteDay(3, {"A1"}, "L1-ETIQ-101");
  // The last one's course has a pass mark, but the close was told of none: the repository
  // applies the options it is given (the handler reads the pass mark).
  EXPECT_THAT(People(All()), ElementsAre("A1", "A2", "A3", "A1"));
  ESCALA_ASSERT_OK_AND_ASSIGN(
      std::vector<v1::TrainingCompletion> mine,
      completions().ListCompletions(db::CompletionFilter{"A1", "", ""}, nullptr, 10));
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_GT(db::TimestampToMillis(mine[0].completion_time()),
            db::TimestampToMillis(mine[1].completion_time()));
  // The team is the person's team now: A1 and A2 are in t-a.
  ESCALA_ASSERT_OK_AND_ASSIGN(
      std::vector<v1::TrainingCompletion> team,
      completions().ListCompletions(db::CompletionFilter{"", "t-a", ""}, nullptr, 10));
  EXPECT_THAT(People(team), ElementsAre("A1", "A2", "A1"));
  ESCALA_ASSERT_OK_AND_ASSIGN(
      std::vector<v1::TrainingCompletion> course,
      completions().ListCompletions(db::CompletionFilter{"", "", "L1-ETIQ-101"}, nullptr, 10));
  EXPECT_THAT(People(course), ElementsAre("A1"));
  // Pages continue after (completion_time, id); A1 and A3 share a completion time.
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::TrainingCompletion> first,
                              completions().ListCompletions({}, nullptr, 3));
  ASSERT_EQ(first.size(), 3u);
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::TrainingCompletion> rest,
                              completions().ListCompletions({}, &first[2], 3));
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(db::TimestampToMillis(rest[0].completion_time()),
            db::TimestampToMillis(first[2].completion_time()));
  EXPECT_LT(rest[0].id(), first[2].id());
}

TEST_P(CompletionRepositoryContract, CompletionsOfReadWhatWasKnownAtAPastTime) {
  CompleteDay(1, {"A1", "A3"});
  CompleteDay(2, {"A2", "A1"});
  // Completed at 17:00 on the 6th, written at 18:00: known from 18:00 only.
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::TrainingCompletion> before_written,
                              completions().CompletionsOf({"A1", "A2"}, TestDay(17, 6)));
  EXPECT_THAT(People(before_written), ElementsAre("A1"));
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::TrainingCompletion> written,
                              completions().CompletionsOf({"A1", "A2", "A1"}, TestDay(18, 6)));
  ASSERT_EQ(written.size(), 3u);
  // Oldest first; each record once although A1 was asked for twice.
  EXPECT_EQ(written[0].person_employee_id(), "A1");
  EXPECT_LT(db::TimestampToMillis(written[0].completion_time()),
            db::TimestampToMillis(written[1].completion_time()));
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::TrainingCompletion> nobody,
                              completions().CompletionsOf({"X9"}, TestDay(23, 9)));
  EXPECT_THAT(nobody, IsEmpty());
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::TrainingCompletion> course,
                              completions().CompletionsOfCourse(kPlainCourse, TestDay(23, 5)));
  EXPECT_THAT(People(course), ElementsAre("A1", "A3"));
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::TrainingCompletion> later,
                              completions().CompletionsOfCourse(kPlainCourse, TestDay(23, 9)));
  EXPECT_EQ(later.size(), 4u);
}

v1::TrainingCompletion Imported(const std::string& person, const std::string& course,
                                absl::Time completed, int version = 1) {
  v1::TrainingCompletion c;
  c.set_person_employee_id(person);
  c.set_course_id(course);
  c.set_course_version(version);
  *c.mutable_completion_time() = db::MillisToTimestamp(absl::ToUnixMillis(completed));
  // What the repository sets itself is overwritten: an import has no session or enrolment.
  c.set_source(v1::COMPLETION_SOURCE_SESSION);
  c.set_training_session_id(99);
  return c;
}

TEST_P(CompletionRepositoryContract, ImportWritesOnceAndFindsWhatIsStoredAlready) {
  const absl::Time may1 =
      absl::FromCivil(absl::CivilSecond(2023, 5, 1, 10, 0, 0), absl::UTCTimeZone()) +
      absl::Milliseconds(250);
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<db::ImportedCompletion> first,
                              completions().ImportCompletions({Imported("A1", kPlainCourse, may1),
                                                               Imported("A2", kPlainCourse, may1),
                                                               Imported("A1", kPlainCourse, may1)},
                                                              TestStamp(), TestDay(8)));
  ASSERT_EQ(first.size(), 3u);
  EXPECT_FALSE(first[0].already_present);
  EXPECT_FALSE(first[1].already_present);
  // Repeated within the import: the record the first row wrote.
  EXPECT_TRUE(first[2].already_present);
  EXPECT_EQ(first[2].completion.id(), first[0].completion.id());
  const v1::TrainingCompletion& stored = first[0].completion;
  EXPECT_GT(stored.id(), 0);
  EXPECT_EQ(stored.source(), v1::COMPLETION_SOURCE_IMPORT);
  EXPECT_EQ(stored.training_session_id(), 0);
  EXPECT_EQ(stored.enrolment_id(), 0);
  EXPECT_EQ(stored.created_by(), TestStamp().principal);
  EXPECT_EQ(db::TimestampToMillis(stored.create_time()), absl::ToUnixMillis(TestDay(8)));
  EXPECT_EQ(db::TimestampToMillis(stored.completion_time()), absl::ToUnixMillis(may1));
  EXPECT_FALSE(stored.has_assessment_score_percent());

  // Another import: the stored ones are found, a new instant or version is another record.
  v1::TrainingCompletion scored = Imported("A1", "L1-ETIQ-101", may1);
  scored.set_assessment_score_percent(88);
  ESCALA_ASSERT_OK_AND_ASSIGN(
      std::vector<db::ImportedCompletion> second,
      completions().ImportCompletions(
          {Imported("A2", kPlainCourse, may1),
           Imported("A2", kPlainCourse, may1 + absl::Milliseconds(1)), scored},
          TestStamp(), TestDay(9)));
  EXPECT_TRUE(second[0].already_present);
  EXPECT_EQ(second[0].completion.id(), first[1].completion.id());
  EXPECT_FALSE(second[1].already_present);
  EXPECT_FALSE(second[2].already_present);
  EXPECT_EQ(second[2].completion.assessment_score_percent(), 88);
  EXPECT_EQ(All().size(), 4u);

  ESCALA_ASSERT_OK_AND_ASSIGN(std::optional<v1::TrainingCompletion> found,
                              completions().FindCompletion("A1", kPlainCourse, 1, may1));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id(), stored.id());
  ESCALA_ASSERT_OK_AND_ASSIGN(std::optional<v1::TrainingCompletion> other_version,
                              completions().FindCompletion("A1", kPlainCourse, 2, may1));
  EXPECT_FALSE(other_version.has_value());

  // Known from its create_time on, although completed long before.
  ESCALA_ASSERT_OK_AND_ASSIGN(
      std::vector<v1::TrainingCompletion> before,
      completions().CompletionsOf({"A1"}, TestDay(8) - absl::Milliseconds(1)));
  EXPECT_THAT(before, IsEmpty());
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::TrainingCompletion> after,
                              completions().CompletionsOf({"A1"}, TestDay(8)));
  EXPECT_THAT(People(after), ElementsAre("A1"));
}

TEST_P(CompletionRepositoryContract, ImportFindsASessionsCompletion) {
  CompleteDay(1, {"A1"});
  const std::vector<v1::TrainingCompletion> closed = All();
  ASSERT_EQ(closed.size(), 1u);
  v1::TrainingCompletion same =
      Imported("A1", closed[0].course_id(), absl::UnixEpoch(), closed[0].course_version());
  *same.mutable_completion_time() = closed[0].completion_time();
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<db::ImportedCompletion> imported,
                              completions().ImportCompletions({same}, TestStamp(), TestDay(23, 9)));
  ASSERT_EQ(imported.size(), 1u);
  EXPECT_TRUE(imported[0].already_present);
  EXPECT_EQ(imported[0].completion.id(), closed[0].id());
  EXPECT_EQ(imported[0].completion.source(), v1::COMPLETION_SOURCE_SESSION);
  EXPECT_EQ(All().size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, CompletionRepositoryContract,
                         ::testing::ValuesIn(AllBackendsAndFake()), BackendName);

}  // namespace
}  // namespace escala::testing
