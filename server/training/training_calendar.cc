#include "server/training/training_calendar.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "db/common/proto_time.h"

namespace escala::server {
namespace {

absl::Time ToTime(const google::protobuf::Timestamp& t) {
  return absl::FromUnixMillis(db::TimestampToMillis(t));
}

// "Course L1-ETIQ-101 v2. Trainers: T1, T2." and, for a cancelled session, its reason.
std::string Description(const v1::TrainingSession& session) {
  std::string text =
      absl::StrCat("Course ", session.course_id(), " v", session.course_version(),
                   ". Trainers: ", absl::StrJoin(session.trainer_employee_ids(), ", "), ".");
  if (session.state() == v1::TRAINING_SESSION_STATE_CANCELLED) {
    absl::StrAppend(&text, "\nCancelled: ", session.cancel_reason());
  }
  return text;
}

// One event per block; `uid_prefix` + "-block-<n>@escala".
std::vector<CalendarEvent> BlockEvents(const v1::TrainingSession& session,
                                       const SessionLabel& label, const std::string& uid_prefix,
                                       int sequence, absl::Time stamp) {
  std::vector<CalendarEvent> events;
  for (int i = 0; i < session.blocks_size(); ++i) {
    CalendarEvent& event = events.emplace_back();
    event.uid = absl::StrCat(uid_prefix, "-block-", i + 1, "@escala");
    event.sequence = sequence;
    event.stamp = stamp;
    event.start = ToTime(session.blocks(i).start_time());
    event.end = ToTime(session.blocks(i).end_time());
    event.summary = label.course_title.empty() ? session.course_id() : label.course_title;
    event.location = session.location();
    event.url = session.video_link();
    event.description = Description(session);
  }
  return events;
}

// The events of the block numbers above the session's current count up to the most it had:
// blocks an update removed. Their times are no longer known, so they carry none.
std::vector<CalendarEvent> RemovedBlockEvents(const v1::TrainingSession& session,
                                              const SessionLabel& label,
                                              const std::string& uid_prefix, int sequence,
                                              absl::Time stamp) {
  std::vector<CalendarEvent> events;
  for (int n = session.blocks_size() + 1; n <= session.issued_block_count(); ++n) {
    CalendarEvent& event = events.emplace_back();
    event.uid = absl::StrCat(uid_prefix, "-block-", n, "@escala");
    event.sequence = sequence;
    event.stamp = stamp;
    event.start = absl::InfinitePast();
    event.end = absl::InfinitePast();
    event.summary = label.course_title.empty() ? session.course_id() : label.course_title;
    event.description = "This block was removed from the session.";
  }
  return events;
}

void Append(std::vector<CalendarEvent>& to, std::vector<CalendarEvent> events) {
  for (CalendarEvent& event : events) to.push_back(std::move(event));
}

}  // namespace

std::vector<CalendarEvent> SessionEvents(const v1::TrainingSession& session,
                                         const SessionLabel& label, absl::Time stamp) {
  return BlockEvents(session, label, absl::StrCat("session-", session.id()),
                     session.schedule_sequence(), stamp);
}

std::vector<CalendarEvent> RemovedSessionEvents(const v1::TrainingSession& session,
                                                const SessionLabel& label, absl::Time stamp) {
  return RemovedBlockEvents(session, label, absl::StrCat("session-", session.id()),
                            session.schedule_sequence(), stamp);
}

EnrolmentEntry EntryOf(v1::EnrolmentState state) {
  switch (state) {
    // The attendance outcomes of a closed session: the seat was held, the events stay.
    case v1::ENROLMENT_STATE_BOOKED:
    case v1::ENROLMENT_STATE_ATTENDED:
    case v1::ENROLMENT_STATE_PARTIALLY_ATTENDED:
    case v1::ENROLMENT_STATE_NO_SHOW:
    case v1::ENROLMENT_STATE_EXCUSED:
      return EnrolmentEntry::kLive;
    case v1::ENROLMENT_STATE_DECLINED:
    case v1::ENROLMENT_STATE_WITHDRAWN:
    case v1::ENROLMENT_STATE_SESSION_CANCELLED:
      return EnrolmentEntry::kCancelled;
    default:
      return EnrolmentEntry::kNone;
  }
}

std::vector<CalendarEvent> EnrolmentEvents(const v1::Enrolment& enrolment,
                                           const v1::TrainingSession& session,
                                           const SessionLabel& label, absl::Time stamp) {
  const bool is_final = EntryOf(enrolment.state()) == EnrolmentEntry::kCancelled;
  return BlockEvents(session, label, absl::StrCat("enrolment-", enrolment.id()),
                     session.schedule_sequence() + (is_final ? 1 : 0), stamp);
}

std::string SessionCalendar(const v1::TrainingSession& session, const SessionLabel& label,
                            absl::Time stamp) {
  const bool cancelled = session.state() == v1::TRAINING_SESSION_STATE_CANCELLED;
  std::vector<CalendarEvent> events = SessionEvents(session, label, stamp);
  if (cancelled) Append(events, RemovedSessionEvents(session, label, stamp));
  return RenderCalendar(cancelled ? CalendarMethod::kCancel : CalendarMethod::kRequest, events);
}

std::string SessionCancellationCalendar(const v1::TrainingSession& session,
                                        const SessionLabel& label, absl::Time stamp) {
  if (session.state() == v1::TRAINING_SESSION_STATE_CANCELLED) return "";
  std::vector<CalendarEvent> removed = RemovedSessionEvents(session, label, stamp);
  if (removed.empty()) return "";
  return RenderCalendar(CalendarMethod::kCancel, removed);
}

PersonCalendar RenderPersonCalendar(const std::vector<v1::Enrolment>& enrolments,
                                    const std::map<int64_t, v1::TrainingSession>& sessions,
                                    const std::vector<v1::TrainingSession>& train,
                                    const std::map<int64_t, SessionLabel>& labels,
                                    absl::Time stamp) {
  std::vector<CalendarEvent> live;
  std::vector<CalendarEvent> cancelled;
  auto label_of = [&labels](int64_t id) {
    auto found = labels.find(id);
    return found == labels.end() ? SessionLabel{} : found->second;
  };
  for (const v1::Enrolment& enrolment : enrolments) {
    const EnrolmentEntry entry = EntryOf(enrolment.state());
    auto session = sessions.find(enrolment.training_session_id());
    if (entry == EnrolmentEntry::kNone || session == sessions.end()) continue;
    const SessionLabel label = label_of(session->first);
    const bool is_final = entry == EnrolmentEntry::kCancelled;
    Append(is_final ? cancelled : live, EnrolmentEvents(enrolment, session->second, label, stamp));
    Append(cancelled,
           RemovedBlockEvents(session->second, label, absl::StrCat("enrolment-", enrolment.id()),
                              session->second.schedule_sequence() + (is_final ? 1 : 0), stamp));
  }
  for (const v1::TrainingSession& session : train) {
    const bool is_cancelled = session.state() == v1::TRAINING_SESSION_STATE_CANCELLED;
    const SessionLabel label = label_of(session.id());
    Append(is_cancelled ? cancelled : live, SessionEvents(session, label, stamp));
    Append(cancelled, RemovedSessionEvents(session, label, stamp));
  }
  PersonCalendar calendar;
  calendar.calendar = RenderCalendar(CalendarMethod::kRequest, live);
  if (!cancelled.empty()) {
    calendar.cancellation_calendar = RenderCalendar(CalendarMethod::kCancel, cancelled);
  }
  return calendar;
}

}  // namespace escala::server
