// EnrolmentHandler over in-memory repositories and a manual clock: reach by scope, input
// violations, schedule conflicts (half-open, on a DST day), request_id replays, and the state
// machine as the handler drives it.
#include "server/training/enrolment_handler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "db/common/error_details.h"
#include "db/training/enrolment_rules.h"
#include "server/training/schedule_conflicts.h"
#include "tests/testing/error_details.h"
#include "tests/testing/fakes/fake_audit_repository.h"
#include "tests/testing/fakes/fake_enrolment_repository.h"
#include "tests/testing/fakes/fake_people_repository.h"
#include "tests/testing/fakes/fake_training_session_repository.h"
#include "tests/testing/fakes/manual_clock.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_training_sessions.h"

namespace escala::testing {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

server::CallContext Caller(const std::string& employee_id, v1::Role role, server::Scope scope,
                           const std::string& team = "t-a") {
  server::CallContext call;
  call.caller.principal = "people/" + employee_id;
  call.caller.employee_id = employee_id;
  call.caller.role = role;
  call.caller.team_id = team;
  call.scope = scope;
  call.method = "escala.v1.EnrolmentService/Test";
  return call;
}

class EnrolmentHandlerTest : public ::testing::Test {
 protected:
  EnrolmentHandlerTest()
      : enrolments_(sessions_, &audit_),
        handler_(enrolments_, sessions_, people_, audit_, clock_.AsClock()) {
    for (const auto& [id, team] : std::vector<std::pair<std::string, std::string>>{{"T1", "t-a"},
                                                                                   {"T9", "t-a"},
                                                                                   {"A1", "t-a"},
                                                                                   {"A2", "t-a"},
                                                                                   {"A3", "t-a"},
                                                                                   {"B1", "t-b"}}) {
      v1::Person person;
      person.set_employee_id(id);
      person.set_display_name(id);
      person.set_role(id[0] == 'T' ? v1::ROLE_TRAINER : v1::ROLE_AGENT);
      person.set_level(1);
      person.set_team_id(team);
      person.set_active(true);
      people_.Add(person);
    }
  }

  v1::TrainingSession Schedule(v1::TrainingSession session = ValidTestSession()) {
    session.set_course_version(1);
    absl::StatusOr<v1::TrainingSession> created =
        sessions_.Create(session, {}, db::AuditStamp{}, clock_.Now());
    EXPECT_THAT(created, IsOk());
    return created.ok() ? *created : v1::TrainingSession();
  }

  absl::StatusOr<v1::Enrolment> Enrol(const server::CallContext& call, int64_t session,
                                      const std::string& person = "",
                                      const std::string& request_id = "",
                                      bool override_conflicts = false) {
    v1::EnrolRequest request;
    request.set_training_session_id(session);
    request.set_person_employee_id(person);
    request.set_request_id(request_id);
    request.set_override_conflicts(override_conflicts);
    return handler_.Enrol(call, request);
  }

  absl::StatusOr<v1::Enrolment> Withdraw(const server::CallContext& call, int64_t id,
                                         const std::string& request_id = "") {
    v1::WithdrawEnrolmentRequest request;
    request.set_id(id);
    request.set_request_id(request_id);
    return handler_.WithdrawEnrolment(call, request);
  }

  FakeTrainingSessionRepository sessions_;
  FakeAuditRepository audit_;
  FakeEnrolmentRepository enrolments_;
  FakePeopleRepository people_;
  ManualClock clock_;
  server::EnrolmentHandler handler_;
  server::CallContext manager_ = Caller("M1", v1::ROLE_MANAGER, server::Scope::kAll);
  server::CallContext agent_ = Caller("A1", v1::ROLE_AGENT, server::Scope::kOwn);
  server::CallContext lead_ = Caller("L1", v1::ROLE_TEAM_LEAD, server::Scope::kTeam);
  server::CallContext trainer_ = Caller("T1", v1::ROLE_TRAINER, server::Scope::kOwn);
};

TEST_F(EnrolmentHandlerTest, AnAgentEnrolsThemselvesOnlyAndALeadTheirTeam) {
  const v1::TrainingSession session = Schedule();
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Enrolment own, Enrol(agent_, session.id()));
  EXPECT_EQ(own.person_employee_id(), "A1");
  EXPECT_EQ(own.team_id(), "t-a");
  EXPECT_EQ(own.state(), v1::ENROLMENT_STATE_BOOKED);
  EXPECT_THAT(Enrol(agent_, session.id(), "A2"), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(Enrol(lead_, session.id(), "A2"), IsOk());
  EXPECT_THAT(Enrol(lead_, session.id(), "B1"), StatusIs(absl::StatusCode::kNotFound));
  // A trainer enrols anyone into a session they train.
  EXPECT_THAT(Enrol(trainer_, session.id(), "B1"), IsOk());
  // Out of reach, a person not in the directory is not found either; in reach, it is named.
  EXPECT_THAT(Enrol(lead_, session.id(), "X9"), StatusIs(absl::StatusCode::kNotFound));
  const absl::StatusOr<v1::Enrolment> unknown = Enrol(manager_, session.id(), "X9");
  EXPECT_THAT(unknown, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(db::ViolatedFields(unknown.status()), ElementsAre("person_employee_id"));
  const absl::StatusOr<v1::Enrolment> no_session = Enrol(manager_, 999, "A3");
  EXPECT_THAT(db::ViolatedFields(no_session.status()), ElementsAre("training_session_id"));
}

TEST_F(EnrolmentHandlerTest, InputErrorsNameEveryField) {
  v1::EnrolRequest request;
  request.set_training_session_id(-1);
  request.set_person_employee_id("bad id!");
  request.set_reason(std::string(1001, 'x'));
  request.set_request_id(std::string(65, 'r'));
  const absl::StatusOr<v1::Enrolment> refused = handler_.Enrol(manager_, request);
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(db::ViolatedFields(refused.status()),
              ElementsAre("training_session_id", "person_employee_id", "reason", "request_id"));
  v1::DeclineEnrolmentRequest decline;
  const absl::StatusOr<v1::Enrolment> no_reason = handler_.DeclineEnrolment(manager_, decline);
  EXPECT_THAT(db::ViolatedFields(no_reason.status()), ElementsAre("id", "reason"));
  // A service account names the person.
  server::CallContext account = manager_;
  account.caller.employee_id.clear();
  EXPECT_THAT(db::ViolatedFields(Enrol(account, 1).status()), ElementsAre("person_employee_id"));
}

TEST_F(EnrolmentHandlerTest, AReplayAnswersTheEnrolmentWithoutEnrollingAgain) {
  const v1::TrainingSession session = Schedule();
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Enrolment first, Enrol(agent_, session.id(), "", "r-1"));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Enrolment again, Enrol(agent_, session.id(), "", "r-1"));
  EXPECT_EQ(again.id(), first.id());
  const absl::StatusOr<v1::Enrolment> reused = Enrol(agent_, session.id(), "", "r-1", true);
  EXPECT_THAT(reused, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(db::ErrorReason(reused.status()), db::kReasonRequestIdReused);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Enrolment withdrawn, Withdraw(agent_, first.id(), "w-1"));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Enrolment withdrawn_again, Withdraw(agent_, first.id(), "w-1"));
  EXPECT_EQ(withdrawn_again.state(), v1::ENROLMENT_STATE_WITHDRAWN);
  EXPECT_EQ(withdrawn_again.update_time().seconds(), withdrawn.update_time().seconds());
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::EnrolmentHistoryEntry> history,
                              enrolments_.History(first.id(), 0, 10));
  EXPECT_EQ(history.size(), 2u);
}

TEST_F(EnrolmentHandlerTest, TheCutOffBindsLearnersAndTheirLeadsNotTrainers) {
  v1::TrainingSession with_cutoff = ValidTestSession();
  *with_cutoff.mutable_cancellation_cutoff_time() =
      db::MillisToTimestamp(absl::ToUnixMillis(TestDay(9, 2)));
  const v1::TrainingSession session = Schedule(with_cutoff);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Enrolment own, Enrol(agent_, session.id()));
  clock_ = ManualClock(TestDay(10, 2));
  const absl::StatusOr<v1::Enrolment> late = Withdraw(agent_, own.id());
  EXPECT_THAT(late, StatusIs(absl::StatusCode::kFailedPrecondition,
                             HasSubstr("cancellation cut-off passed at 2024-03-02T09:00:00Z")));
  EXPECT_EQ(db::ErrorReason(late.status()), db::kReasonEnrolmentRefused);
  EXPECT_THAT(Withdraw(lead_, own.id()), StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(Withdraw(trainer_, own.id()), IsOk());
}

TEST_F(EnrolmentHandlerTest, ApproveDeclineAndPromoteNeedTheTrainerOfTheSession) {
  v1::TrainingSession approval = ValidTestSession();
  approval.set_approval_required(true);
  const v1::TrainingSession session = Schedule(approval);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Enrolment requested, Enrol(agent_, session.id()));
  EXPECT_EQ(requested.state(), v1::ENROLMENT_STATE_REQUESTED);
  v1::ApproveEnrolmentRequest approve;
  approve.set_id(requested.id());
  // The learner reaches their enrolment, but not as its approver.
  EXPECT_THAT(handler_.ApproveEnrolment(agent_, approve), StatusIs(absl::StatusCode::kNotFound));
  const server::CallContext other_trainer = Caller("T2", v1::ROLE_TRAINER, server::Scope::kOwn);
  EXPECT_THAT(handler_.ApproveEnrolment(other_trainer, approve),
              StatusIs(absl::StatusCode::kNotFound));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Enrolment approved, handler_.ApproveEnrolment(trainer_, approve));
  EXPECT_EQ(approved.state(), v1::ENROLMENT_STATE_BOOKED);
  const absl::StatusOr<v1::Enrolment> twice = handler_.ApproveEnrolment(trainer_, approve);
  EXPECT_EQ(db::ErrorReason(twice.status()), db::kReasonInvalidStateTransition);
}

TEST_F(EnrolmentHandlerTest, ReadsAndListsStayWithinReach) {
  const v1::TrainingSession session = Schedule();
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Enrolment a1, Enrol(manager_, session.id(), "A1"));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Enrolment a2, Enrol(manager_, session.id(), "A2"));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Enrolment b1, Enrol(manager_, session.id(), "B1"));
  auto ids = [&](const server::CallContext& call) {
    v1::ListEnrolmentsRequest request;
    absl::StatusOr<v1::ListEnrolmentsResponse> listed = handler_.ListEnrolments(call, request);
    EXPECT_THAT(listed, IsOk());
    std::vector<int64_t> out;
    for (const v1::Enrolment& e : listed->enrolments()) out.push_back(e.id());
    return out;
  };
  EXPECT_THAT(ids(agent_), ElementsAre(a1.id()));
  EXPECT_THAT(ids(lead_), ElementsAre(a1.id(), a2.id()));
  EXPECT_THAT(ids(trainer_), ElementsAre(a1.id(), a2.id(), b1.id()));
  v1::GetEnrolmentRequest get;
  get.set_id(a2.id());
  EXPECT_THAT(handler_.GetEnrolment(agent_, get), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(handler_.GetEnrolment(lead_, get), IsOk());
  v1::ListEnrolmentHistoryRequest history;
  history.set_enrolment_id(b1.id());
  EXPECT_THAT(handler_.ListEnrolmentHistory(lead_, history), StatusIs(absl::StatusCode::kNotFound));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ListEnrolmentHistoryResponse entries,
                              handler_.ListEnrolmentHistory(trainer_, history));
  ASSERT_EQ(entries.entries_size(), 1);
  EXPECT_EQ(entries.entries(0).actor(), "people/M1");
}

TEST_F(EnrolmentHandlerTest, BlocksOverlapHalfOpen) {
  const v1::SessionBlock morning = TestBlock(TestDay(9), absl::Hours(3));
  EXPECT_FALSE(server::BlocksOverlap(morning, TestBlock(TestDay(12), absl::Hours(1))));
  EXPECT_FALSE(server::BlocksOverlap(TestBlock(TestDay(12), absl::Hours(1)), morning));
  EXPECT_TRUE(
      server::BlocksOverlap(morning, TestBlock(TestDay(12) - absl::Minutes(1), absl::Hours(1))));
  EXPECT_TRUE(server::BlocksOverlap(morning, TestBlock(TestDay(10), absl::Minutes(5))));
}

TEST_F(EnrolmentHandlerTest, AConflictOnADstDayIsRefusedUnlessOverridden) {
  // 2024-03-31, the day Berlin moves from UTC+1 to UTC+2: 09:00–12:00 local is 07:00–10:00 UTC.
  absl::TimeZone berlin;
  ASSERT_TRUE(absl::LoadTimeZone("Europe/Berlin", &berlin));
  auto local = [&](int hour, int minute) {
    return absl::FromCivil(absl::CivilSecond(2024, 3, 31, hour, minute, 0), berlin);
  };
  auto session_at = [&](absl::Time start, absl::Duration length) {
    v1::TrainingSession session = ValidTestSession();
    session.clear_blocks();
    *session.add_blocks() = TestBlock(start, length);
    session.set_trainer_employee_ids(0, "T9");
    return Schedule(session);
  };
  const v1::TrainingSession morning = session_at(local(9, 0), absl::Hours(3));
  ASSERT_EQ(absl::FormatTime("%H:%M", local(9, 0), absl::UTCTimeZone()), "07:00");
  const v1::TrainingSession noon = session_at(local(12, 0), absl::Hours(1));
  const v1::TrainingSession overlapping = session_at(local(11, 59), absl::Hours(1));
  ASSERT_THAT(Enrol(agent_, morning.id()), IsOk());
  // 12:00 local starts when the morning ends: no conflict.
  EXPECT_THAT(Enrol(agent_, noon.id()), IsOk());
  const absl::StatusOr<v1::Enrolment> refused = Enrol(agent_, overlapping.id());
  EXPECT_THAT(
      refused,
      StatusIs(absl::StatusCode::kFailedPrecondition,
               AllOf(HasSubstr(absl::StrCat("A1 is enrolled in training session ", morning.id(),
                                            ", whose block "
                                            "2024-03-31T07:00:00Z–2024-03-31T10:00:00Z")),
                     HasSubstr(absl::StrCat("training session ", noon.id())))));
  EXPECT_EQ(db::ErrorReason(refused.status()), db::kReasonScheduleConflict);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Enrolment overridden,
                              Enrol(agent_, overlapping.id(), "", "", true));
  EXPECT_TRUE(overridden.conflicts_overridden());
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::EnrolmentHistoryEntry> history,
                              enrolments_.History(overridden.id(), 0, 10));
  EXPECT_TRUE(history.at(0).conflicts_overridden());
  // A trainer's own sessions count too; a cancelled session does not.
  const server::CallContext t9 = Caller("T9", v1::ROLE_TRAINER, server::Scope::kAll);
  const v1::TrainingSession t9_elsewhere = [&] {
    v1::TrainingSession s = ValidTestSession();
    s.clear_blocks();
    *s.add_blocks() = TestBlock(local(10, 0), absl::Hours(1));
    return Schedule(s);
  }();
  EXPECT_THAT(Enrol(t9, t9_elsewhere.id()),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("T9 trains")));
  ASSERT_THAT(sessions_.Cancel(morning.id(), 0, "off", db::AuditStamp{}, clock_.Now()), IsOk());
  ASSERT_THAT(sessions_.Cancel(overlapping.id(), 0, "off", db::AuditStamp{}, clock_.Now()), IsOk());
  EXPECT_THAT(Enrol(t9, t9_elsewhere.id()), IsOk());
}

TEST_F(EnrolmentHandlerTest, EveryChangeIsAuditedWithBeforeAndAfter) {
  v1::TrainingSession one_seat = ValidTestSession();
  one_seat.set_capacity(1);
  const v1::TrainingSession session = Schedule(one_seat);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Enrolment a, Enrol(manager_, session.id(), "A1"));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Enrolment b, Enrol(manager_, session.id(), "A2"));
  ASSERT_THAT(Withdraw(manager_, a.id()), IsOk());
  db::AuditFilter filter;
  absl::StatusOr<std::vector<v1::AuditEvent>> events = audit_.List(filter, std::nullopt, 100);
  ASSERT_THAT(events, IsOk());
  std::vector<std::string> names;
  for (const v1::AuditEvent& event : *events) names.push_back(event.resource_name());
  const std::string name_a = absl::StrCat("enrolments/", a.id());
  const std::string name_b = absl::StrCat("enrolments/", b.id());
  // Created a, created b, withdrew a, promoted b.
  EXPECT_THAT(names, UnorderedElementsAre(name_a, name_b, name_a, name_b));
  EXPECT_EQ(enrolments_.Get(b.id())->state(), v1::ENROLMENT_STATE_BOOKED);
}

}  // namespace
}  // namespace escala::testing
