#include "tools/demo/demo_certification_plan.h"

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "tools/demo/demo_tokens.h"

namespace escala::demo {
namespace {

namespace v1 = escala::v1;

v1::CalendarPeriod Days(int count) {
  v1::CalendarPeriod period;
  period.set_count(count);
  period.set_unit(v1::CALENDAR_PERIOD_UNIT_DAYS);
  return period;
}

v1::Certification CustomerBasics() {
  v1::Certification c;
  c.set_certification_id("L1-CUSTOMER-CONTACT");
  c.set_title("Customer contact (L1)");
  c.set_description("Greeting, identity checks and closing summaries; renewed every year.");
  c.add_course_ids("L1-BASICS-101");
  *c.mutable_active_period() = Days(365);
  *c.mutable_renewal_window() = Days(45);
  c.set_renewal_basis(v1::RENEWAL_BASIS_PREVIOUS_EXPIRY);
  c.add_required_roles(v1::ROLE_AGENT);
  c.add_required_levels(1);
  return c;
}

v1::Certification WrittenChannels() {
  v1::Certification c;
  c.set_certification_id("WRITTEN-CHANNELS");
  c.set_title("Chat and e-mail etiquette");
  c.set_description("Writing on chat and e-mail; renewed every six months.");
  c.add_course_ids("CH-CHAT-150");
  *c.mutable_active_period() = Days(180);
  *c.mutable_renewal_window() = Days(30);
  c.set_renewal_basis(v1::RENEWAL_BASIS_COMPLETION_DATE);
  c.add_required_roles(v1::ROLE_SPECIALIST);
  return c;
}

v1::LearningPath AgentPath() {
  v1::LearningPath path;
  path.set_learning_path_id("L1-AGENT-PATH");
  path.set_title("Becoming a confident L1 agent");
  path.set_role(v1::ROLE_AGENT);
  path.set_level(1);
  const struct {
    const char* course;
    bool required;
    int due_days;
  } items[] = {{"L1-BASICS-101", true, 30},
               {"L1-ROLEPLAY-110", true, 90},
               {"L1-REVIEW-120", true, 180},
               {"CH-CHAT-150", false, 0}};
  for (const auto& item : items) {
    v1::LearningPathItem* added = path.add_items();
    added->set_course_id(item.course);
    added->set_required(item.required);
    added->set_due_within_days(item.due_days);
  }
  return path;
}

}  // namespace

DemoCertificationPlan PlanDemoCertifications(const DemoData& data, const DemoOptions& options) {
  DemoCertificationPlan plan;
  std::string demo_agent, team;
  for (const DemoTokenHolder& holder : PickDemoTokenHolders(data)) {
    if (holder.role == "agent") demo_agent = holder.employee_id;
  }
  std::vector<std::string> teammates, specialists;
  for (const v1::Person& person : data.people) {
    if (person.employee_id() == demo_agent) team = person.team_id();
  }
  for (const v1::Person& person : data.people) {
    if (!person.active()) continue;
    if (plan.author_employee_id.empty() && person.role() == v1::ROLE_TRAINER) {
      plan.author_employee_id = person.employee_id();
    }
    if (person.employee_id() == demo_agent) continue;
    if (person.role() == v1::ROLE_AGENT && person.level() == 1 && !team.empty() &&
        person.team_id() == team) {
      teammates.push_back(person.employee_id());
    }
    if (person.role() == v1::ROLE_SPECIALIST) specialists.push_back(person.employee_id());
  }
  if (plan.author_employee_id.empty()) return plan;
  plan.certifications = {CustomerBasics(), WrittenChannels()};
  plan.paths = {AgentPath()};

  const absl::CivilDay today = absl::ToCivilDay(options.end, absl::UTCTimeZone());
  plan.history_request_id =
      absl::StrCat("demo-", options.seed, "-", absl::FormatCivilTime(today), "-history");
  auto add = [&](const std::string& person, const char* course, int days_ago, int score) {
    if (person.empty()) return;
    v1::CompletionImportRecord& record = plan.history.emplace_back();
    record.set_person_employee_id(person);
    record.set_course_id(course);
    const absl::Time at = absl::FromCivil(today - days_ago, absl::UTCTimeZone()) + absl::Hours(10);
    record.mutable_completion_time()->set_seconds(absl::ToUnixSeconds(at));
    if (score > 0) record.set_assessment_score_percent(score);
  };
  auto teammate = [&](size_t i) { return i < teammates.size() ? teammates[i] : std::string(); };
  auto specialist = [&](size_t i) {
    return i < specialists.size() ? specialists[i] : std::string();
  };
  // L1-CUSTOMER-CONTACT holds 365 days: the demo agent's expires in 25 days (its renewal window
  // is open), the first teammate's in 10, the second's expired 15 days ago; the third and fourth
  // renewed recently.
  add(demo_agent, "L1-BASICS-101", 340, 86);
  add(demo_agent, "CH-CHAT-150", 100, 0);
  add(teammate(0), "L1-BASICS-101", 355, 91);
  add(teammate(1), "L1-BASICS-101", 380, 82);
  add(teammate(2), "L1-BASICS-101", 200, 88);
  add(teammate(3), "L1-BASICS-101", 90, 95);
  add(teammate(3), "L1-ROLEPLAY-110", 60, 0);
  // The promotion story's agents (demo_promotion_candidates.h) took the L1 courses the policy
  // asks for and hold L1-CUSTOMER-CONTACT (earned by L1-BASICS-101 200 days ago).
  std::vector<std::string> candidates = data.promotion.ready;
  candidates.push_back(data.promotion.nearly_ready);
  candidates.push_back(data.promotion.regressing);
  for (const std::string& candidate : candidates) {
    add(candidate, "L1-BASICS-101", 200, 92);
    add(candidate, "L1-ROLEPLAY-110", 150, 0);
    add(candidate, "L1-REVIEW-120", 90, 0);
  }
  // WRITTEN-CHANNELS holds 180 days: the first specialist's expires in 12 days, the second's
  // expired 10 days ago.
  add(specialist(0), "CH-CHAT-150", 168, 0);
  add(specialist(1), "CH-CHAT-150", 190, 0);
  return plan;
}

}  // namespace escala::demo
