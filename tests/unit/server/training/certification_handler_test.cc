// CertificationHandler and LearningPathHandler over in-memory repositories and a manual clock:
// definitions validated naming the field, checked against the catalogue, etags and masks; the
// statuses and progress computed from completions (dates by hand), by the caller's reach and as
// of a past instant.
#include "server/training/certification_handler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "server/training/learning_path_handler.h"
#include "tests/testing/error_details.h"
#include "tests/testing/fakes/fake_audit_repository.h"
#include "tests/testing/fakes/fake_certification_repository.h"
#include "tests/testing/fakes/fake_course_repository.h"
#include "tests/testing/fakes/fake_learning_path_repository.h"
#include "tests/testing/fakes/fake_people_repository.h"
#include "tests/testing/fakes/fake_team_repository.h"
#include "tests/testing/fakes/manual_clock.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_courses.h"
#include "tests/unit/server/training/in_memory_completions.h"

namespace escala::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;
using Day = absl::CivilDay;

// 2027-03-01 09:00 UTC.
absl::Time Start() {
  return absl::FromCivil(absl::CivilSecond(2027, 3, 1, 9, 0, 0), absl::UTCTimeZone());
}

v1::Certification DataProtection() {
  v1::Certification c;
  c.set_certification_id("DP");
  c.set_title("Data protection");
  c.add_course_ids("DP-101");
  c.mutable_active_period()->set_count(12);
  c.mutable_active_period()->set_unit(v1::CALENDAR_PERIOD_UNIT_MONTHS);
  c.mutable_renewal_window()->set_count(1);
  c.mutable_renewal_window()->set_unit(v1::CALENDAR_PERIOD_UNIT_MONTHS);
  c.set_renewal_basis(v1::RENEWAL_BASIS_COMPLETION_DATE);
  c.add_required_roles(v1::ROLE_AGENT);
  return c;
}

class CertificationHandlerTest : public ::testing::Test {
 protected:
  CertificationHandlerTest()
      : clock_(Start()),
        certifications_(&audit_),
        paths_(&audit_),
        handler_(server::CertificationStores{.certifications = certifications_,
                                             .courses = courses_,
                                             .people = people_,
                                             .teams = teams_,
                                             .completions = completions_},
                 clock_.AsClock()),
        path_handler_(server::LearningPathStores{.paths = paths_,
                                                 .courses = courses_,
                                                 .people = people_,
                                                 .teams = teams_,
                                                 .completions = completions_},
                      clock_.AsClock()) {
    for (const char* team : {"t-a", "t-b"}) {
      v1::Team t;
      t.set_team_id(team);
      t.set_display_name(team);
      teams_.Add(t);
    }
    AddPerson("A1", v1::ROLE_AGENT, "t-a", "2027-01-01");
    AddPerson("A2", v1::ROLE_AGENT, "t-a", "2026-12-01");
    AddPerson("B1", v1::ROLE_AGENT, "t-b", "2026-12-01");
    AddPerson("L1", v1::ROLE_TEAM_LEAD, "t-a", "2020-01-01");
    for (const char* course : {"DP-101", "DP-REFRESH", "ETIQ", "TOOLS"}) {
      EXPECT_THAT(
          courses_.Create(ValidTestCourse(course, course), {}, db::AuditStamp{}, clock_.Now()),
          IsOk());
    }
    admin_.caller.principal = "serviceAccounts/admin";
    admin_.caller.role = v1::ROLE_ADMINISTRATOR;
    admin_.method = "escala.v1.CertificationService/X";
    lead_.caller.principal = "people/L1";
    lead_.caller.employee_id = "L1";
    lead_.caller.team_id = "t-a";
    lead_.caller.role = v1::ROLE_TEAM_LEAD;
    lead_.scope = server::Scope::kTeam;
    agent_.caller.principal = "people/A1";
    agent_.caller.employee_id = "A1";
    agent_.caller.team_id = "t-a";
    agent_.caller.role = v1::ROLE_AGENT;
    agent_.scope = server::Scope::kOwn;
  }

  void AddPerson(const std::string& id, v1::Role role, const std::string& team,
                 const std::string& hired) {
    v1::Person person;
    person.set_employee_id(id);
    person.set_display_name(id);
    person.set_role(role);
    person.set_level(1);
    person.set_team_id(team);
    person.set_hire_date(hired);
    person.set_active(true);
    people_.Add(person);
  }

  absl::StatusOr<v1::Certification> Create(const v1::Certification& c) {
    v1::CreateCertificationRequest request;
    *request.mutable_certification() = c;
    return handler_.CreateCertification(admin_, request);
  }

  std::vector<std::string> Statuses(const server::CallContext& call,
                                    v1::ListCertificationStatusesRequest request = {}) {
    absl::StatusOr<v1::ListCertificationStatusesResponse> response =
        handler_.ListCertificationStatuses(call, request);
    EXPECT_THAT(response, IsOk());
    std::vector<std::string> rows;
    if (!response.ok()) return rows;
    for (const v1::CertificationStatus& s : response->statuses()) {
      rows.push_back(absl::StrCat(s.employee_id(), " ", s.certification_id(), " ",
                                  v1::CertificationState_Name(s.state()), " ", s.expiry_date()));
    }
    return rows;
  }

  ManualClock clock_;
  FakeAuditRepository audit_;
  FakeCertificationRepository certifications_;
  FakeLearningPathRepository paths_;
  FakeCourseRepository courses_;
  FakePeopleRepository people_;
  FakeTeamRepository teams_;
  InMemoryCompletions completions_;
  server::CertificationHandler handler_;
  server::LearningPathHandler path_handler_;
  server::CallContext admin_;
  server::CallContext lead_;
  server::CallContext agent_;
};

TEST_F(CertificationHandlerTest, CreateValidatesEveryFieldAndTheCatalogue) {
  v1::Certification bad = DataProtection();
  bad.set_certification_id("x y");
  bad.clear_title();
  bad.add_course_ids("DP-101");
  bad.mutable_renewal_window()->set_count(12);
  bad.mutable_minimum_active_period()->set_count(1);
  bad.add_required_levels(10);
  EXPECT_THAT(
      FieldViolations(Create(bad)),
      ElementsAre(StartsWith("certification.certification_id: "),
                  StartsWith("certification.title: "), StartsWith("certification.course_ids[1]: "),
                  StartsWith("certification.minimum_active_period: "),
                  StartsWith("certification.renewal_window: "),
                  StartsWith("certification.required_levels[0]: ")));
  v1::Certification unknown = DataProtection();
  unknown.add_course_ids("NOPE");
  EXPECT_THAT(Create(unknown), StatusIs(absl::StatusCode::kFailedPrecondition,
                                        HasSubstr("certification.course_ids[1]: course 'NOPE'")));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Certification created, Create(DataProtection()));
  EXPECT_TRUE(created.active());
  EXPECT_EQ(created.etag(), "1");
  EXPECT_EQ(created.created_by(), "serviceAccounts/admin");
  absl::StatusOr<v1::Certification> again = Create(DataProtection());
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(db::ErrorReason(again.status()), db::kReasonDuplicateId);
  EXPECT_EQ(audit_.events().size(), 1u);
}

TEST_F(CertificationHandlerTest, UpdateTakesTheMaskAndRefusesAStaleEtag) {
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Certification created, Create(DataProtection()));
  v1::UpdateCertificationRequest request;
  request.mutable_certification()->set_certification_id("DP");
  request.mutable_certification()->set_etag(created.etag());
  request.mutable_certification()->add_course_ids("DP-101");
  request.mutable_certification()->add_course_ids("DP-REFRESH");
  request.mutable_update_mask()->add_paths("course_ids");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Certification updated,
                              handler_.UpdateCertification(admin_, request));
  EXPECT_THAT(updated.course_ids(), ElementsAre("DP-101", "DP-REFRESH"));
  EXPECT_EQ(updated.title(), "Data protection");
  EXPECT_EQ(updated.etag(), "2");
  EXPECT_THAT(handler_.UpdateCertification(admin_, request), StatusIs(absl::StatusCode::kAborted));
  request.mutable_certification()->clear_etag();
  request.mutable_update_mask()->set_paths(0, "certification_id");
  EXPECT_THAT(FieldViolations(handler_.UpdateCertification(admin_, request)),
              ElementsAre(StartsWith("update_mask: ")));
}

TEST_F(CertificationHandlerTest, StatusesFollowTheCompletionsAndTheCallersReach) {
  ASSERT_THAT(Create(DataProtection()), IsOk());
  completions_.Add("A1", "DP-101", Day(2026, 3, 20));  // expires 2027-03-20: in the window
  completions_.Add("A2", "DP-101", Day(2026, 9, 1));   // expires 2027-09-01
  completions_.Add("L1", "DP-101", Day(2025, 1, 5));   // a lead need not hold it; expired
  EXPECT_THAT(Statuses(admin_), ElementsAre("A1 DP CERTIFICATION_STATE_RENEWAL_OPEN 2027-03-20",
                                            "A2 DP CERTIFICATION_STATE_CERTIFIED 2027-09-01",
                                            "B1 DP CERTIFICATION_STATE_NOT_CERTIFIED ",
                                            "L1 DP CERTIFICATION_STATE_EXPIRED 2026-01-05"));
  EXPECT_THAT(Statuses(agent_), ElementsAre("A1 DP CERTIFICATION_STATE_RENEWAL_OPEN 2027-03-20"));
  EXPECT_THAT(Statuses(lead_), ElementsAre("A1 DP CERTIFICATION_STATE_RENEWAL_OPEN 2027-03-20",
                                           "A2 DP CERTIFICATION_STATE_CERTIFIED 2027-09-01",
                                           "L1 DP CERTIFICATION_STATE_EXPIRED 2026-01-05"));
  v1::ListCertificationStatusesRequest other;
  other.set_employee_id("B1");
  EXPECT_THAT(handler_.ListCertificationStatuses(lead_, other),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("employee_id")));
  // As of a past instant: A2's completion was not made yet.
  v1::ListCertificationStatusesRequest past;
  past.set_employee_id("A2");
  past.set_certification_id("DP");
  *past.mutable_as_of_time() = db::MillisToTimestamp(absl::ToUnixMillis(
      absl::FromCivil(absl::CivilSecond(2026, 8, 1, 0, 0, 0), absl::UTCTimeZone())));
  EXPECT_THAT(Statuses(admin_, past), ElementsAre("A2 DP CERTIFICATION_STATE_NOT_CERTIFIED "));
}

TEST_F(CertificationHandlerTest, ExpiringListsTheWindowAndTheExpiredByExpiry) {
  ASSERT_THAT(Create(DataProtection()), IsOk());
  completions_.Add("A1", "DP-101", Day(2026, 3, 20));  // 2027-03-20: 19 days ahead
  completions_.Add("A2", "DP-101", Day(2026, 4, 15));  // 2027-04-15: 45 days ahead
  completions_.Add("B1", "DP-101", Day(2026, 2, 10));  // 2027-02-10: expired
  auto expiring = [&](int within, bool exclude_expired) {
    v1::ListExpiringCertificationsRequest request;
    request.set_within_days(within);
    request.set_exclude_expired(exclude_expired);
    absl::StatusOr<v1::ListExpiringCertificationsResponse> response =
        handler_.ListExpiringCertifications(admin_, request);
    EXPECT_THAT(response, IsOk());
    std::vector<std::string> rows;
    for (const v1::CertificationStatus& s : response->statuses()) {
      rows.push_back(absl::StrCat(s.employee_id(), " ", s.expiry_date(), " ", s.days_to_expiry()));
    }
    return rows;
  };
  EXPECT_THAT(expiring(0, false), ElementsAre("B1 2027-02-10 -19", "A1 2027-03-20 19"));
  EXPECT_THAT(expiring(45, true), ElementsAre("A1 2027-03-20 19"));
  EXPECT_THAT(expiring(46, true), ElementsAre("A1 2027-03-20 19", "A2 2027-04-15 45"));
  v1::ListExpiringCertificationsRequest bad;
  bad.set_within_days(-1);
  EXPECT_THAT(FieldViolations(handler_.ListExpiringCertifications(admin_, bad)),
              ElementsAre(StartsWith("within_days: ")));
}

TEST_F(CertificationHandlerTest, StatusPagesFollowTheKeyset) {
  ASSERT_THAT(Create(DataProtection()), IsOk());
  v1::ListCertificationStatusesRequest request;
  request.set_page_size(2);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ListCertificationStatusesResponse first,
                              handler_.ListCertificationStatuses(admin_, request));
  ASSERT_EQ(first.statuses_size(), 2);
  EXPECT_EQ(first.statuses(1).employee_id(), "A2");
  ASSERT_FALSE(first.next_page_token().empty());
  request.set_page_token(first.next_page_token());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ListCertificationStatusesResponse second,
                              handler_.ListCertificationStatuses(admin_, request));
  // B1; L1 must not hold it and never completed one of its courses.
  ASSERT_EQ(second.statuses_size(), 1);
  EXPECT_EQ(second.statuses(0).employee_id(), "B1");
  EXPECT_EQ(second.next_page_token(), "");
}

v1::LearningPath Onboarding() {
  v1::LearningPath p;
  p.set_learning_path_id("L1-ONBOARDING");
  p.set_title("L1 onboarding");
  p.set_role(v1::ROLE_AGENT);
  p.set_level(1);
  v1::LearningPathItem* etiq = p.add_items();
  etiq->set_course_id("ETIQ");
  etiq->set_required(true);
  etiq->set_due_within_days(30);
  v1::LearningPathItem* tools = p.add_items();
  tools->set_course_id("TOOLS");
  tools->set_required(true);
  tools->set_due_within_days(90);
  return p;
}

TEST_F(CertificationHandlerTest, PathsAreValidatedAndProgressIsComputedByReach) {
  v1::CreateLearningPathRequest bad;
  *bad.mutable_learning_path() = Onboarding();
  bad.mutable_learning_path()->set_role(v1::ROLE_ADMINISTRATOR);
  bad.mutable_learning_path()->mutable_items(1)->set_course_id("ETIQ");
  bad.mutable_learning_path()->mutable_items(0)->set_due_within_days(-2);
  EXPECT_THAT(FieldViolations(path_handler_.CreateLearningPath(admin_, bad)),
              ElementsAre(StartsWith("learning_path.role: "),
                          StartsWith("learning_path.items[0].due_within_days: "),
                          StartsWith("learning_path.items[1].course_id: ")));
  v1::CreateLearningPathRequest unknown;
  *unknown.mutable_learning_path() = Onboarding();
  unknown.mutable_learning_path()->mutable_items(1)->set_course_id("NOPE");
  EXPECT_THAT(path_handler_.CreateLearningPath(admin_, unknown),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("learning_path.items[1].course_id")));
  v1::CreateLearningPathRequest good;
  *good.mutable_learning_path() = Onboarding();
  ASSERT_THAT(path_handler_.CreateLearningPath(admin_, good), IsOk());

  // A1 hired 2027-01-01: ETIQ due 2027-01-31 (overdue on 2027-03-01), TOOLS due 2027-04-01.
  completions_.Add("A1", "TOOLS", Day(2027, 2, 1), 2);
  v1::GetLearningPathProgressRequest mine;
  mine.set_employee_id("A1");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::PersonLearningProgress progress,
                              path_handler_.GetLearningPathProgress(agent_, mine));
  EXPECT_EQ(progress.start_date(), "2027-01-01");
  ASSERT_EQ(progress.paths_size(), 1);
  const v1::LearningPathProgress& path = progress.paths(0);
  EXPECT_EQ(path.items(0).due_date(), "2027-01-31");
  EXPECT_TRUE(path.items(0).overdue());
  EXPECT_EQ(path.items(1).due_date(), "2027-04-01");
  EXPECT_TRUE(path.items(1).completed());
  EXPECT_EQ(path.items(1).completion().course_version(), 2);
  EXPECT_DOUBLE_EQ(path.percent_done(), 50);
  v1::GetLearningPathProgressRequest other;
  other.set_employee_id("A2");
  EXPECT_THAT(path_handler_.GetLearningPathProgress(agent_, other),
              StatusIs(absl::StatusCode::kNotFound));

  // The lead's team: A1 and A2 (the lead has no path of their own role).
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ListLearningPathProgressResponse team,
                              path_handler_.ListLearningPathProgress(lead_, {}));
  ASSERT_EQ(team.people_size(), 2);
  EXPECT_EQ(team.people(0).employee_id(), "A1");
  EXPECT_EQ(team.people(1).employee_id(), "A2");
  EXPECT_EQ(team.people(1).paths(0).overdue_count(), 1);  // ETIQ due 2026-12-31
  v1::ListLearningPathProgressRequest other_team;
  other_team.set_team_id("t-b");
  EXPECT_THAT(path_handler_.ListLearningPathProgress(lead_, other_team),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("team_id")));
}

}  // namespace
}  // namespace escala::testing
