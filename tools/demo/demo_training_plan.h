#pragma once

// What the demo's trainers have put on: a course catalogue for every role of the department, the
// sessions of the last three weeks (two closed, one delivered and waiting to be closed) and those
// of the next two (one with two seats and a waitlist, one that needs approval), with their
// learners enrolled. A pure function of
// the demo data and its window, so that loading twice sends the same records and the tests can
// check the shape without a server.

#include <string>
#include <vector>

#include "escala/v1/courses.pb.h"
#include "escala/v1/training_recommendations.pb.h"
#include "escala/v1/training_sessions.pb.h"
#include "tools/demo/demo_data.h"

namespace escala::demo {

// The IANA zone the demo department trains in.
inline constexpr char kDemoTrainingTimeZone[] = "Europe/Berlin";

// Someone enrolled in a coming session by its trainer.
struct DemoEnrolment {
  std::string employee_id;
  // Fixed per seed, day, session and person, like the session's.
  std::string request_id;
  // The session needs approval: the trainer approves this request too.
  bool approve = false;
};

struct DemoTrainingSession {
  // Trainers, blocks, place and seats; the server assigns the id.
  escala::v1::TrainingSession session;
  // Who schedules it: its first trainer.
  std::string scheduler_employee_id;
  // Fixed per seed and position, so that a second load replays the first one's create instead
  // of scheduling the session twice.
  std::string request_id;
  // Closed after delivery (a past session whose attendance is final).
  bool close = false;
  // In enrolment order. Only coming sessions take enrolments; the two-seat one gets three, the
  // demo agent last, so that agent waits first in its queue.
  std::vector<DemoEnrolment> enrolments;
};

struct DemoTrainingPlan {
  // Who writes the catalogue: the first active trainer. Empty when the data has no trainer, and
  // then the plan is empty too.
  std::string author_employee_id;
  // Prerequisites come before the courses that name them.
  std::vector<escala::v1::Course> courses;
  // In start order.
  std::vector<DemoTrainingSession> sessions;
  // QA → training rules on the demo scorecard's criteria, written by the author, each with a
  // fixed request_id so that a second load replays it.
  std::vector<escala::v1::CriterionTrainingRule> rules;
  std::vector<std::string> rule_request_ids;
  // One generation run over everyone after the rules are in, as the author; fixed per seed and
  // day like the sessions' keys.
  std::string generation_request_id;
};

// The plan for `data` and the window of `options` (sessions are placed around options.end, the
// demo's "today").
DemoTrainingPlan PlanDemoTraining(const DemoData& data, const DemoOptions& options);

}  // namespace escala::demo
