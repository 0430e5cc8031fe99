// Certification statuses and learning path progress computed from completions; every date
// worked out by hand on a calendar. Policy: 12 months active, a 1-month window.
#include "server/training/certification_status.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

#include "db/common/proto_time.h"
#include "server/training/learning_path_progress.h"
#include "tests/testing/status_matchers.h"

namespace escala::server {
namespace {

using Day = absl::CivilDay;

v1::Certification Yearly(v1::RenewalBasis basis) {
  v1::Certification c;
  c.set_certification_id("DP");
  c.set_title("Data protection");
  c.add_course_ids("DP-101");
  c.add_course_ids("DP-REFRESH");
  c.mutable_active_period()->set_count(12);
  c.mutable_active_period()->set_unit(v1::CALENDAR_PERIOD_UNIT_MONTHS);
  c.mutable_renewal_window()->set_count(1);
  c.mutable_renewal_window()->set_unit(v1::CALENDAR_PERIOD_UNIT_MONTHS);
  c.set_renewal_basis(basis);
  c.add_required_roles(v1::ROLE_AGENT);
  return c;
}

v1::TrainingCompletion Completed(const std::string& course, Day day, int64_t id = 1) {
  v1::TrainingCompletion c;
  c.set_id(id);
  c.set_person_employee_id("A1");
  c.set_course_id(course);
  c.set_course_version(1);
  const absl::Time at = absl::FromCivil(day, absl::UTCTimeZone()) + absl::Hours(9);
  *c.mutable_completion_time() = db::MillisToTimestamp(absl::ToUnixMillis(at));
  return c;
}

v1::Person Agent() {
  v1::Person p;
  p.set_employee_id("A1");
  p.set_display_name("Ana");
  p.set_role(v1::ROLE_AGENT);
  p.set_level(1);
  p.set_team_id("t-a");
  return p;
}

v1::CertificationStatus StatusAt(const v1::Certification& certification,
                                 const std::vector<v1::TrainingCompletion>& completions, Day day) {
  absl::StatusOr<CertificationWalk> walk = WalkCompletions(certification, completions);
  EXPECT_TRUE(walk.ok()) << walk.status();
  return StatusOf(certification, Agent(), walk.ok() ? *walk : CertificationWalk{}, day);
}

TEST(CertificationStatusTest, NoCompletionIsNotCertifiedAndOtherCoursesDoNotCount) {
  const v1::Certification c = Yearly(v1::RENEWAL_BASIS_COMPLETION_DATE);
  const v1::CertificationStatus none =
      StatusAt(c, {Completed("OTHER", Day(2026, 3, 10))}, Day(2026, 6, 1));
  EXPECT_EQ(none.state(), v1::CERTIFICATION_STATE_NOT_CERTIFIED);
  EXPECT_EQ(none.expiry_date(), "");
  EXPECT_EQ(none.completions_counted(), 0);
  EXPECT_TRUE(none.required());
  EXPECT_FALSE(none.has_last_renewal());
}

TEST(CertificationStatusTest, FirstCompletionCertifiesAndTheStateFollowsTheCalendar) {
  const v1::Certification c = Yearly(v1::RENEWAL_BASIS_COMPLETION_DATE);
  const std::vector<v1::TrainingCompletion> done = {Completed("DP-101", Day(2026, 3, 10), 7)};
  // 2026-03-10 + 12 months = 2027-03-10; window a month before, 2027-02-10.
  const v1::CertificationStatus s = StatusAt(c, done, Day(2026, 6, 1));
  EXPECT_EQ(s.state(), v1::CERTIFICATION_STATE_CERTIFIED);
  EXPECT_EQ(s.certified_date(), "2026-03-10");
  EXPECT_EQ(s.expiry_date(), "2027-03-10");
  EXPECT_EQ(s.window_open_date(), "2027-02-10");
  EXPECT_EQ(s.last_renewal().id(), 7);
  // June 1 2026 → March 10 2027: 30 + 31 + 31 + 30 + 31 + 30 + 31 + 31 + 28 + 9 = 282 days.
  EXPECT_EQ(s.days_to_expiry(), 282);
  EXPECT_EQ(StatusAt(c, done, Day(2027, 2, 9)).state(), v1::CERTIFICATION_STATE_CERTIFIED);
  EXPECT_EQ(StatusAt(c, done, Day(2027, 2, 10)).state(), v1::CERTIFICATION_STATE_RENEWAL_OPEN);
  EXPECT_EQ(StatusAt(c, done, Day(2027, 3, 9)).state(), v1::CERTIFICATION_STATE_RENEWAL_OPEN);
  const v1::CertificationStatus expired = StatusAt(c, done, Day(2027, 3, 12));
  EXPECT_EQ(expired.state(), v1::CERTIFICATION_STATE_EXPIRED);
  EXPECT_EQ(expired.days_to_expiry(), -2);
}

TEST(CertificationStatusTest, RenewalInsideTheWindowOnEachBasis) {
  // Either earning course renews (an OR set), whatever the order the completions come in.
  const std::vector<v1::TrainingCompletion> done = {Completed("DP-REFRESH", Day(2027, 2, 20), 2),
                                                    Completed("DP-101", Day(2026, 3, 10), 1)};
  // Completion date: 2027-02-20 + 12 months.
  v1::CertificationStatus s =
      StatusAt(Yearly(v1::RENEWAL_BASIS_COMPLETION_DATE), done, Day(2027, 6, 1));
  EXPECT_EQ(s.certified_date(), "2027-02-20");
  EXPECT_EQ(s.expiry_date(), "2028-02-20");
  EXPECT_EQ(s.window_open_date(), "2028-01-20");
  EXPECT_EQ(s.last_renewal().id(), 2);
  EXPECT_EQ(s.completions_counted(), 2);
  // Previous expiry: 2027-03-10 + 12 months, no day lost by renewing early in the window.
  s = StatusAt(Yearly(v1::RENEWAL_BASIS_PREVIOUS_EXPIRY), done, Day(2027, 6, 1));
  EXPECT_EQ(s.certified_date(), "2027-02-20");
  EXPECT_EQ(s.expiry_date(), "2028-03-10");
  EXPECT_EQ(s.window_open_date(), "2028-02-10");
  // Fixed: the old expiry moved by one period, 2028-03-10, is after the completion.
  s = StatusAt(Yearly(v1::RENEWAL_BASIS_FIXED), done, Day(2027, 6, 1));
  EXPECT_EQ(s.expiry_date(), "2028-03-10");
  EXPECT_EQ(s.state(), v1::CERTIFICATION_STATE_CERTIFIED);
}

TEST(CertificationStatusTest, AnEarlyCompletionBeforeTheWindowChangesNothing) {
  const v1::Certification c = Yearly(v1::RENEWAL_BASIS_COMPLETION_DATE);
  const std::vector<v1::TrainingCompletion> done = {Completed("DP-101", Day(2026, 3, 10), 1),
                                                    Completed("DP-101", Day(2026, 11, 2), 2)};
  const v1::CertificationStatus s = StatusAt(c, done, Day(2026, 12, 1));
  EXPECT_EQ(s.certified_date(), "2026-03-10");
  EXPECT_EQ(s.expiry_date(), "2027-03-10");
  EXPECT_EQ(s.last_renewal().id(), 1);
  EXPECT_EQ(s.completions_counted(), 2);
}

TEST(CertificationStatusTest, AnOverdueCompletionRestartsExceptOnTheFixedBasis) {
  const std::vector<v1::TrainingCompletion> done = {Completed("DP-101", Day(2026, 3, 10), 1),
                                                    Completed("DP-101", Day(2027, 5, 1), 2)};
  // Expired on 2027-03-10; between then and the completion the state was EXPIRED.
  EXPECT_EQ(StatusAt(Yearly(v1::RENEWAL_BASIS_PREVIOUS_EXPIRY), {done[0]}, Day(2027, 4, 1)).state(),
            v1::CERTIFICATION_STATE_EXPIRED);
  for (v1::RenewalBasis basis :
       {v1::RENEWAL_BASIS_COMPLETION_DATE, v1::RENEWAL_BASIS_PREVIOUS_EXPIRY}) {
    const v1::CertificationStatus s = StatusAt(Yearly(basis), done, Day(2027, 6, 1));
    EXPECT_EQ(s.certified_date(), "2027-05-01");
    EXPECT_EQ(s.expiry_date(), "2028-05-01");
    EXPECT_EQ(s.state(), v1::CERTIFICATION_STATE_CERTIFIED);
  }
  // Fixed keeps the cycle: 2027-03-10 + 12 months = 2028-03-10.
  const v1::CertificationStatus fixed =
      StatusAt(Yearly(v1::RENEWAL_BASIS_FIXED), done, Day(2027, 6, 1));
  EXPECT_EQ(fixed.certified_date(), "2027-05-01");
  EXPECT_EQ(fixed.expiry_date(), "2028-03-10");
  EXPECT_EQ(fixed.window_open_date(), "2028-02-10");
}

TEST(CertificationStatusTest, RequiredByRoleAndLevel) {
  v1::Certification c = Yearly(v1::RENEWAL_BASIS_COMPLETION_DATE);
  v1::Person agent = Agent();
  EXPECT_TRUE(Requires(c, agent));
  c.add_required_levels(2);
  EXPECT_FALSE(Requires(c, agent));
  agent.set_level(2);
  EXPECT_TRUE(Requires(c, agent));
  c.clear_required_roles();
  c.clear_required_levels();
  EXPECT_FALSE(Requires(c, agent));  // nobody must hold it
}

v1::LearningPath Onboarding() {
  v1::LearningPath p;
  p.set_learning_path_id("L1-ONBOARDING");
  p.set_title("L1 onboarding");
  p.set_role(v1::ROLE_AGENT);
  p.set_level(1);
  for (auto [course, required, days] : {std::tuple<const char*, bool, int>{"ETIQ", true, 30},
                                        {"TOOLS", true, 60},
                                        {"CRISIS", true, 90},
                                        {"EXTRA", false, 0}}) {
    v1::LearningPathItem* item = p.add_items();
    item->set_course_id(course);
    item->set_required(required);
    item->set_due_within_days(days);
  }
  return p;
}

TEST(LearningPathProgressTest, DueDatesOverdueAndPercentByHand) {
  // Started 2026-01-15: ETIQ due 2026-02-14, TOOLS 2026-03-16, CRISIS 2026-04-15.
  const std::vector<v1::TrainingCompletion> done = {
      Completed("ETIQ", Day(2026, 2, 1), 1), Completed("ETIQ", Day(2026, 3, 1), 2),
      Completed("EXTRA", Day(2026, 3, 2), 3), Completed("OTHER", Day(2026, 3, 3), 4)};
  const v1::LearningPathProgress p =
      ProgressOf(Onboarding(), Day(2026, 1, 15), done, Day(2026, 3, 17));
  ASSERT_EQ(p.items_size(), 4);
  EXPECT_EQ(p.items(0).due_date(), "2026-02-14");
  EXPECT_TRUE(p.items(0).completed());
  EXPECT_EQ(p.items(0).completion().id(), 2);  // the newest
  EXPECT_FALSE(p.items(0).overdue());
  EXPECT_EQ(p.items(1).due_date(), "2026-03-16");
  EXPECT_FALSE(p.items(1).completed());
  EXPECT_TRUE(p.items(1).overdue());  // the day after its due date
  EXPECT_EQ(p.items(2).due_date(), "2026-04-15");
  EXPECT_FALSE(p.items(2).overdue());
  EXPECT_EQ(p.items(3).due_date(), "");
  EXPECT_TRUE(p.items(3).completed());
  EXPECT_EQ(p.required_completed(), 1);  // the optional EXTRA is left out
  EXPECT_EQ(p.required_total(), 3);
  EXPECT_NEAR(p.percent_done(), 100.0 / 3, 1e-9);
  EXPECT_EQ(p.overdue_count(), 1);
  // On the due date itself TOOLS is still in time.
  EXPECT_FALSE(
      ProgressOf(Onboarding(), Day(2026, 1, 15), done, Day(2026, 3, 16)).items(1).overdue());
}

TEST(LearningPathProgressTest, StartDateIsTheHireDateElseTheDirectoryEntry) {
  v1::Person person = Agent();
  person.set_hire_date("2025-09-01");
  *person.mutable_create_time() = db::MillisToTimestamp(absl::ToUnixMillis(
      absl::FromCivil(absl::CivilSecond(2026, 1, 2, 23, 0, 0), absl::UTCTimeZone())));
  EXPECT_EQ(StartDateOf(person), Day(2025, 9, 1));
  person.clear_hire_date();
  EXPECT_EQ(StartDateOf(person), Day(2026, 1, 2));
  v1::LearningPath path = Onboarding();
  EXPECT_TRUE(PathApplies(path, person));
  person.set_level(2);
  EXPECT_FALSE(PathApplies(path, person));
  path.set_level(0);
  EXPECT_TRUE(PathApplies(path, person));
  person.set_role(v1::ROLE_TEAM_LEAD);
  EXPECT_FALSE(PathApplies(path, person));
}

}  // namespace
}  // namespace escala::server
