#include "tools/demo/demo_training_plan.h"

#include <cstdint>
#include <initializer_list>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "tools/demo/demo_time.h"
#include "tools/demo/demo_tokens.h"

namespace escala::demo {
namespace {

namespace v1 = escala::v1;

struct CourseSpec {
  const char* id;
  const char* title;
  const char* description;
  v1::CourseKind kind;
  std::initializer_list<v1::Role> roles;
  std::initializer_list<int> levels;
  int minutes;
  std::initializer_list<const char*> prerequisites;
  int pass_mark_percent;  // 0: no assessment.
  // Keys of the demo scorecard's criteria (tools/demo/scorecards/customer-contact.json).
  std::initializer_list<const char*> criteria;
};

// Prerequisites first: a course may only name courses that exist.
const CourseSpec kCourses[] = {
    {"L1-BASICS-101",
     "Customer contact basics",
     "Greeting, identity checks and a closing summary on every channel; ends with a short test.",
     v1::COURSE_KIND_THEORY,
     {v1::ROLE_AGENT},
     {1},
     7 * 60,
     {},
     80,
     {"greeting", "verify-identity", "summary"}},
    {"L1-ROLEPLAY-110",
     "Role play: the difficult caller",
     "Real contacts replayed in pairs: staying calm, owning the problem, saying what happens next.",
     v1::COURSE_KIND_ROLE_PLAY,
     {v1::ROLE_AGENT},
     {1},
     3 * 60,
     {"L1-BASICS-101"},
     0,
     {"tone", "ownership"}},
    {"L1-REVIEW-120",
     "Reviewing our own contacts: getting to the cause",
     "The group scores recent contacts of its own with the QA scorecard and discusses the gaps.",
     v1::COURSE_KIND_INTERACTION_REVIEW,
     {v1::ROLE_AGENT},
     {1},
     2 * 60,
     {"L1-BASICS-101"},
     0,
     {"discovery", "accuracy"}},
    {"L1-SHADOW-130",
     "Shadowing an L2 specialist",
     "Half a day beside a specialist, listening in on escalated contacts.",
     v1::COURSE_KIND_SHADOWING,
     {v1::ROLE_AGENT},
     {1},
     4 * 60,
     {"L1-BASICS-101"},
     0,
     {}},
    {"CH-CHAT-150",
     "Chat and e-mail etiquette",
     "Tone in writing, templates that do not sound like templates, and summaries that stand alone.",
     v1::COURSE_KIND_CHANNEL_ETIQUETTE,
     {v1::ROLE_AGENT, v1::ROLE_SPECIALIST},
     {},
     2 * 60,
     {},
     0,
     {"tone", "summary"}},
    {"L2-TECH-201",
     "Advanced troubleshooting for L2",
     "Structured diagnosis of product faults, with a written assessment.",
     v1::COURSE_KIND_REFRESHER,
     {v1::ROLE_SPECIALIST},
     {2},
     7 * 60,
     {"L1-BASICS-101"},
     75,
     {"discovery", "accuracy"}},
    {"TECH-CRISIS-301",
     "Major incident communication",
     "Keeping customers and the department informed while an outage lasts.",
     v1::COURSE_KIND_CRISIS_HANDLING,
     {v1::ROLE_TECHNICAL_ENGINEER, v1::ROLE_SPECIALIST},
     {},
     3 * 60,
     {},
     0,
     {"ownership", "tone"}},
    {"TL-COACH-401",
     "Coaching from QA results",
     "Turning evaluations and disputes into one-to-one coaching plans.",
     v1::COURSE_KIND_THEORY,
     {v1::ROLE_TEAM_LEAD},
     {},
     3 * 60,
     {},
     0,
     {}},
    {"MGR-CAL-501",
     "Running calibration sessions",
     "Preparing contacts, reading agreement figures and settling the scoring guide.",
     v1::COURSE_KIND_THEORY,
     {v1::ROLE_MANAGER, v1::ROLE_QA_ANALYST},
     {},
     2 * 60,
     {},
     0,
     {}},
};

struct BlockSpec {
  int day;  // Relative to the demo's "today".
  int start_hour;
  int start_minute;
  int end_hour;
  int end_minute;
};

// Who is enrolled in a coming session.
enum class Learners {
  kNone,
  kNewAgents,           // Three L1 agents of the demo agent's team, the demo agent among them.
  kDemoAgentLast,       // Two teammates of the demo agent, then the demo agent.
  kDigitalDesk,         // Two specialists and an L1 agent.
  kEngineers,           // Two technical engineers.
  kTeamLeadsToApprove,  // Two team leads asking; the first is approved.
};

struct SessionSpec {
  const char* course_id;
  // Indexes into the demo's trainers (wrapped when there are fewer).
  std::initializer_list<int> trainers;
  std::initializer_list<BlockSpec> blocks;
  const char* location;    // May be empty when there is a video link.
  const char* video_link;  // May be empty when there is a location.
  int capacity;            // -1: unlimited.
  bool waitlist;
  bool approval;
  int cutoff_days_before;  // 0: learners may withdraw until the start.
  bool close;
  Learners learners;
};

// No trainer is in two sessions at once. The first trainer (whose token the demo hands out)
// trains every coming session that has a queue or a request to approve.
// One session per line reads as a timetable.
// clang-format off
const SessionSpec kSessions[] = {
    {"L1-BASICS-101", {0}, {{-20, 9, 0, 12, 30}, {-19, 9, 0, 12, 30}}, "Training room 1", "",
     12, true, false, 0, true, Learners::kNone},
    {"L1-ROLEPLAY-110", {1}, {{-12, 13, 0, 16, 0}}, "Training room 2", "",
     8, true, false, 0, true, Learners::kNone},
    {"L2-TECH-201", {0}, {{-6, 9, 0, 12, 0}, {-6, 13, 0, 17, 0}}, "Training room 1", "",
     10, false, false, 0, false, Learners::kNone},
    {"CH-CHAT-150", {0}, {{3, 14, 0, 16, 0}}, "", "https://meet.example.com/escala-chat-150",
     -1, false, false, 0, false, Learners::kDigitalDesk},
    {"L1-BASICS-101", {0}, {{7, 9, 0, 12, 30}, {8, 9, 0, 12, 30}}, "Training room 1", "",
     12, true, false, 2, false, Learners::kNewAgents},
    {"L1-ROLEPLAY-110", {0}, {{9, 13, 0, 16, 0}}, "Training room 2", "",
     2, true, false, 1, false, Learners::kDemoAgentLast},
    {"TECH-CRISIS-301", {0, 1}, {{10, 9, 0, 12, 0}}, "Training room 1",
     "https://meet.example.com/escala-crisis-301",
     10, true, false, 0, false, Learners::kEngineers},
    {"TL-COACH-401", {0}, {{14, 9, 0, 12, 0}}, "", "https://meet.example.com/escala-coach-401",
     6, true, true, 2, false, Learners::kTeamLeadsToApprove},
};
// clang-format on

// QA → training: a criterion, the course that teaches it (it lists the criterion), the mean below
// which the rule fires, and which results it judges: the last N (window_days 0) or a window.
struct RuleSpec {
  const char* criterion_key;
  const char* course_id;
  double below_percent;
  int last_results;
  int window_days;
  int min_results;
};

const RuleSpec kRules[] = {
    {"tone", "L1-ROLEPLAY-110", 50, 3, 0, 3},
    {"verify-identity", "L1-BASICS-101", 60, 3, 0, 3},
    {"discovery", "L1-REVIEW-120", 50, 0, 30, 3},
    {"summary", "CH-CHAT-150", 40, 5, 0, 3},
};

// A month between two recommendations of the same course to the same person.
constexpr int kRuleCoolDownDays = 30;

v1::CriterionTrainingRule RuleOf(const RuleSpec& spec) {
  v1::CriterionTrainingRule rule;
  rule.set_criterion_key(spec.criterion_key);
  rule.set_course_id(spec.course_id);
  rule.set_below_percent(spec.below_percent);
  if (spec.window_days > 0) {
    rule.mutable_window_duration()->set_seconds(int64_t{spec.window_days} * 86400);
  } else {
    rule.set_last_results(spec.last_results);
  }
  rule.set_min_results(spec.min_results);
  rule.mutable_cool_down_duration()->set_seconds(int64_t{kRuleCoolDownDays} * 86400);
  rule.set_action(v1::TRAINING_RULE_ACTION_RECOMMEND);
  return rule;
}

// The people the coming sessions enrol, each list in employee-id order.
struct LearnerPool {
  std::string demo_agent;              // The agent whose token the demo hands out.
  std::vector<std::string> teammates;  // Other active L1 agents of the demo agent's team.
  std::vector<std::string> specialists;
  std::vector<std::string> engineers;
  std::vector<std::string> team_leads;
};

LearnerPool PoolOf(const DemoData& data) {
  LearnerPool pool;
  std::string team;
  for (const DemoTokenHolder& holder : PickDemoTokenHolders(data)) {
    if (holder.role == "agent") pool.demo_agent = holder.employee_id;
  }
  for (const v1::Person& person : data.people) {
    if (person.employee_id() == pool.demo_agent) team = person.team_id();
  }
  for (const v1::Person& person : data.people) {
    if (!person.active() || person.employee_id() == pool.demo_agent) continue;
    switch (person.role()) {
      case v1::ROLE_AGENT:
        if (!team.empty() && person.team_id() == team && person.level() == 1) {
          pool.teammates.push_back(person.employee_id());
        }
        break;
      case v1::ROLE_SPECIALIST:
        pool.specialists.push_back(person.employee_id());
        break;
      case v1::ROLE_TECHNICAL_ENGINEER:
        pool.engineers.push_back(person.employee_id());
        break;
      case v1::ROLE_TEAM_LEAD:
        pool.team_leads.push_back(person.employee_id());
        break;
      default:
        break;
    }
  }
  return pool;
}

// Appends list[index] when the data has that many people.
void AddFrom(const std::vector<std::string>& list, size_t index,
             std::vector<std::string>& learners) {
  if (index < list.size()) learners.push_back(list[index]);
}

std::vector<std::string> LearnersOf(Learners kind, const LearnerPool& pool) {
  std::vector<std::string> learners;
  auto add_demo_agent = [&] {
    if (!pool.demo_agent.empty()) learners.push_back(pool.demo_agent);
  };
  switch (kind) {
    case Learners::kNone:
      break;
    case Learners::kNewAgents:
      add_demo_agent();
      AddFrom(pool.teammates, 0, learners);
      AddFrom(pool.teammates, 1, learners);
      break;
    case Learners::kDemoAgentLast:
      AddFrom(pool.teammates, 2, learners);
      AddFrom(pool.teammates, 3, learners);
      add_demo_agent();
      break;
    case Learners::kDigitalDesk:
      AddFrom(pool.specialists, 0, learners);
      AddFrom(pool.specialists, 1, learners);
      AddFrom(pool.teammates, 4, learners);
      break;
    case Learners::kEngineers:
      AddFrom(pool.engineers, 0, learners);
      AddFrom(pool.engineers, 1, learners);
      break;
    case Learners::kTeamLeadsToApprove:
      AddFrom(pool.team_leads, 0, learners);
      AddFrom(pool.team_leads, 1, learners);
      break;
  }
  return learners;
}

v1::Course CourseOf(const CourseSpec& spec) {
  v1::Course course;
  course.set_course_id(spec.id);
  course.set_title(spec.title);
  course.set_description(spec.description);
  course.set_kind(spec.kind);
  for (v1::Role role : spec.roles) course.add_target_roles(role);
  for (int level : spec.levels) course.add_target_levels(level);
  course.mutable_planned_duration()->set_seconds(int64_t{spec.minutes} * 60);
  for (const char* prerequisite : spec.prerequisites) {
    course.add_prerequisite_course_ids(prerequisite);
  }
  if (spec.pass_mark_percent > 0) course.set_pass_mark_percent(spec.pass_mark_percent);
  for (const char* key : spec.criteria) course.add_criterion_keys(key);
  return course;
}

}  // namespace

DemoTrainingPlan PlanDemoTraining(const DemoData& data, const DemoOptions& options) {
  DemoTrainingPlan plan;
  std::vector<std::string> trainers;
  for (const v1::Person& person : data.people) {
    if (person.active() && person.role() == v1::ROLE_TRAINER) {
      trainers.push_back(person.employee_id());
    }
  }
  if (trainers.empty()) return plan;
  plan.author_employee_id = trainers.front();
  for (const CourseSpec& spec : kCourses) plan.courses.push_back(CourseOf(spec));
  for (const RuleSpec& spec : kRules) {
    plan.rules.push_back(RuleOf(spec));
    // The rules do not move with the window: the same key on every day.
    plan.rule_request_ids.push_back(
        absl::StrCat("demo-", options.seed, "-rule-", spec.criterion_key));
  }

  // Local wall-clock times in the training zone. Without the time-zone database the server
  // could not take the zone either, so a fixed offset is as good as any fallback here.
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(kDemoTrainingTimeZone, &zone)) {
    zone = absl::FixedTimeZone(static_cast<int>(absl::ToInt64Seconds(options.local_utc_offset)));
  }
  const absl::CivilDay today = absl::ToCivilDay(options.end, absl::UTCTimeZone());
  const LearnerPool pool = PoolOf(data);
  plan.generation_request_id =
      absl::StrCat("demo-", options.seed, "-", absl::FormatCivilTime(today), "-recommend");
  int position = 0;
  for (const SessionSpec& spec : kSessions) {
    ++position;
    DemoTrainingSession planned;
    v1::TrainingSession& session = planned.session;
    session.set_course_id(spec.course_id);
    for (int index : spec.trainers) {
      session.add_trainer_employee_ids(trainers[index % trainers.size()]);
    }
    absl::Time first_start = absl::InfiniteFuture();
    for (const BlockSpec& block : spec.blocks) {
      const absl::CivilDay day = today + block.day;
      const absl::Time start =
          absl::FromCivil(absl::CivilMinute(day.year(), day.month(), day.day(), block.start_hour,
                                            block.start_minute),
                          zone);
      const absl::Time end = absl::FromCivil(
          absl::CivilMinute(day.year(), day.month(), day.day(), block.end_hour, block.end_minute),
          zone);
      v1::SessionBlock* added = session.add_blocks();
      SetTimestamp(start, added->mutable_start_time());
      SetTimestamp(end, added->mutable_end_time());
      if (start < first_start) first_start = start;
    }
    session.set_time_zone(kDemoTrainingTimeZone);
    session.set_location(spec.location);
    session.set_video_link(spec.video_link);
    if (spec.capacity >= 0) session.set_capacity(spec.capacity);
    session.set_waitlist_enabled(spec.waitlist);
    session.set_approval_required(spec.approval);
    if (spec.cutoff_days_before > 0) {
      SetTimestamp(first_start - absl::Hours(24 * spec.cutoff_days_before),
                   session.mutable_cancellation_cutoff_time());
    }
    planned.scheduler_employee_id = session.trainer_employee_ids(0);
    // The day is part of the key: the same seed on another day places the sessions elsewhere,
    // which is another request.
    planned.request_id = absl::StrCat("escala-demo-", options.seed, "-",
                                      absl::FormatCivilTime(today), "-session-", position);
    planned.close = spec.close;
    const std::vector<std::string> learners = LearnersOf(spec.learners, pool);
    for (size_t i = 0; i < learners.size(); ++i) {
      // Short keys: the approval adds "-ok" and all must stay within 64 characters.
      planned.enrolments.push_back(
          {learners[i],
           absl::StrCat("demo-", options.seed, "-", absl::FormatCivilTime(today), "-s", position,
                        "-", learners[i]),
           spec.learners == Learners::kTeamLeadsToApprove && i == 0});
    }
    plan.sessions.push_back(std::move(planned));
  }
  return plan;
}

}  // namespace escala::demo
