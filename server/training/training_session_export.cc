// TrainingSessionService's calendars: ExportSessionCalendar and ExportPersonCalendar, computed
// on each call from the sessions, the enrolments and the course catalogue (training_calendar.h
// does the mapping).

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"
#include "db/training/enrolment_rules.h"
#include "server/api/text_rules.h"
#include "server/api/violations.h"
#include "server/training/training_calendar.h"
#include "server/training/training_session_handler.h"

namespace escala::server {
namespace {

// Rows fetched per repository call while collecting a person's schedule.
constexpr int kBatch = 500;

absl::Status PersonNotFound(const std::string& employee_id) {
  return absl::NotFoundError(absl::StrCat("person '", employee_id, "' not found"));
}

// Whether `session` overlaps [from_ms, to_ms) (either bound absent: unbounded).
bool InWindow(const v1::TrainingSession& session, const v1::ExportPersonCalendarRequest& request) {
  if (session.blocks().empty()) return false;
  int64_t first = 0, last = 0;
  for (int i = 0; i < session.blocks_size(); ++i) {
    const int64_t start = db::TimestampToMillis(session.blocks(i).start_time());
    const int64_t end = db::TimestampToMillis(session.blocks(i).end_time());
    if (i == 0 || start < first) first = start;
    if (i == 0 || end > last) last = end;
  }
  if (request.has_from_time() && last <= db::TimestampToMillis(request.from_time())) return false;
  if (request.has_to_time() && first >= db::TimestampToMillis(request.to_time())) return false;
  return true;
}

}  // namespace

absl::StatusOr<std::string> TrainingSessionHandler::CourseTitle(
    const v1::TrainingSession& session) {
  absl::StatusOr<v1::Course> course = courses_.Get(session.course_id(), session.course_version());
  if (absl::IsNotFound(course.status())) return std::string();
  if (!course.ok()) return course.status();
  return course->title();
}

absl::Status TrainingSessionHandler::CheckPersonReach(const CallContext& call,
                                                      const std::string& employee_id) {
  const bool self = !call.caller.employee_id.empty() && employee_id == call.caller.employee_id;
  if (call.scope == Scope::kOwn && !self) return PersonNotFound(employee_id);
  absl::StatusOr<v1::Person> person = people_.Get(employee_id);
  if (absl::IsNotFound(person.status())) return PersonNotFound(employee_id);
  if (!person.ok()) return person.status();
  if (call.scope == Scope::kTeam && !self &&
      (call.caller.team_id.empty() || person->team_id() != call.caller.team_id)) {
    return PersonNotFound(employee_id);
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::ExportSessionCalendarResponse> TrainingSessionHandler::ExportSessionCalendar(
    const CallContext&, const v1::ExportSessionCalendarRequest& request) {
  if (absl::Status s = RequirePositiveId("id", request.id()); !s.ok()) return s;
  const absl::Time now = clock_();
  absl::StatusOr<v1::TrainingSession> session = sessions_.Get(request.id(), now);
  if (!session.ok()) return session.status();
  absl::StatusOr<std::string> title = CourseTitle(*session);
  if (!title.ok()) return title.status();
  v1::ExportSessionCalendarResponse response;
  response.set_calendar(SessionCalendar(*session, SessionLabel{*title}, now));
  response.set_cancellation_calendar(
      SessionCancellationCalendar(*session, SessionLabel{*title}, now));
  return response;
}

absl::StatusOr<v1::ExportPersonCalendarResponse> TrainingSessionHandler::ExportPersonCalendar(
    const CallContext& call, const v1::ExportPersonCalendarRequest& request) {
  const std::string employee_id =
      request.employee_id().empty() ? call.caller.employee_id : request.employee_id();
  Violations violations;
  if (employee_id.empty()) {
    violations.Add("employee_id", "is required when the caller is not a person");
  } else {
    violations.Add(RequireIdentifier("employee_id", employee_id, 64));
  }
  if (request.has_from_time() && request.has_to_time() &&
      db::TimestampToMillis(request.to_time()) <= db::TimestampToMillis(request.from_time())) {
    violations.Add("to_time", "must be after from_time");
  }
  if (!violations.empty()) return violations.ToStatus();
  if (absl::Status s = CheckPersonReach(call, employee_id); !s.ok()) return s;
  const absl::Time now = clock_();

  // Every enrolment of the person, then the sessions they name within the window.
  std::vector<v1::Enrolment> enrolments;
  db::EnrolmentFilter filter;
  filter.person_employee_id = employee_id;
  for (int64_t after_session = 0, after_id = 0;;) {
    absl::StatusOr<std::vector<v1::Enrolment>> page =
        enrolments_.List(filter, after_session, after_id, kBatch);
    if (!page.ok()) return page.status();
    for (v1::Enrolment& enrolment : *page) enrolments.push_back(std::move(enrolment));
    if (static_cast<int>(page->size()) < kBatch) break;
    after_session = enrolments.back().training_session_id();
    after_id = enrolments.back().id();
  }
  std::map<int64_t, v1::TrainingSession> sessions;
  std::vector<v1::Enrolment> shown;
  for (v1::Enrolment& enrolment : enrolments) {
    const int64_t id = enrolment.training_session_id();
    if (!sessions.count(id)) {
      absl::StatusOr<v1::TrainingSession> session = sessions_.Get(id, now);
      if (!session.ok()) return session.status();
      sessions.emplace(id, *std::move(session));
    }
    if (InWindow(sessions.at(id), request)) shown.push_back(std::move(enrolment));
  }

  // The sessions they train, within the window.
  db::TrainingSessionFilter trained;
  trained.trainer_employee_id = employee_id;
  if (request.has_from_time()) trained.from_ms = db::TimestampToMillis(request.from_time());
  if (request.has_to_time()) trained.to_ms = db::TimestampToMillis(request.to_time());
  std::vector<v1::TrainingSession> train;
  for (int64_t after_start = 0, after_id = 0;;) {
    absl::StatusOr<std::vector<v1::TrainingSession>> page =
        sessions_.List(trained, after_start, after_id, kBatch, now);
    if (!page.ok()) return page.status();
    for (v1::TrainingSession& session : *page) train.push_back(std::move(session));
    if (static_cast<int>(page->size()) < kBatch) break;
    after_start = db::FirstStartMs(train.back());
    after_id = train.back().id();
  }

  std::map<int64_t, SessionLabel> labels;
  std::map<std::pair<std::string, int32_t>, std::string> titles;
  auto label = [&](const v1::TrainingSession& session) -> absl::Status {
    const std::pair<std::string, int32_t> key{session.course_id(), session.course_version()};
    if (!titles.count(key)) {
      absl::StatusOr<std::string> title = CourseTitle(session);
      if (!title.ok()) return title.status();
      titles[key] = *title;
    }
    labels[session.id()] = SessionLabel{titles[key]};
    return absl::OkStatus();
  };
  for (const auto& [id, session] : sessions) {
    if (absl::Status s = label(session); !s.ok()) return s;
  }
  for (const v1::TrainingSession& session : train) {
    if (absl::Status s = label(session); !s.ok()) return s;
  }
  PersonCalendar calendar = RenderPersonCalendar(shown, sessions, train, labels, now);
  v1::ExportPersonCalendarResponse response;
  response.set_calendar(std::move(calendar.calendar));
  response.set_cancellation_calendar(std::move(calendar.cancellation_calendar));
  return response;
}

}  // namespace escala::server
