#pragma once

// Training sessions and enrolments as calendar events (RFC 5545, rendered by
// icalendar_writer.h). Pure mapping, no I/O.
//
// Identity: a session's events are "session-<id>-block-<n>@escala", a learner's are
// "enrolment-<id>-block-<n>@escala" (n from 1, in start order). A learner's events belong to
// the enrolment, not the session, so that a withdrawal followed by a new enrolment is a
// cancellation of the old events and an invitation with new UIDs, never a revival of events a
// calendar has already deleted.
//
// Removed blocks: an update that removes a block leaves the session with fewer block numbers
// than calendars have events for; the events of the numbers above the current count, up to the
// session's issued_block_count, are cancelled (METHOD:CANCEL, without times: they are no longer
// known), so that an attendee's calendar drops them.
//
// Sequence: the session's schedule_sequence, which rises with every move and on cancel. A final
// enrolment (withdrawn, declined, session cancelled) adds one, so that its cancellation outranks
// the last invitation of the session it was sent for.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "escala/v1/enrolments.pb.h"
#include "escala/v1/training_sessions.pb.h"
#include "server/training/icalendar_writer.h"

namespace escala::server {

// What the events of one session show besides its own fields.
struct SessionLabel {
  // The course's title (SUMMARY); the course id when empty.
  std::string course_title;
};

// The events of `session`, one per block, with the session's UIDs and sequence.
std::vector<CalendarEvent> SessionEvents(const v1::TrainingSession& session,
                                         const SessionLabel& label, absl::Time stamp);

// The events of `enrolment` in `session`, one per block, with the enrolment's UIDs.
std::vector<CalendarEvent> EnrolmentEvents(const v1::Enrolment& enrolment,
                                           const v1::TrainingSession& session,
                                           const SessionLabel& label, absl::Time stamp);

// The cancelled events of the blocks removed from `session` (numbers blocks_size() + 1 to
// issued_block_count), with the session's UIDs and sequence; none when nothing was removed.
std::vector<CalendarEvent> RemovedSessionEvents(const v1::TrainingSession& session,
                                                const SessionLabel& label, absl::Time stamp);

// The calendar of one session: METHOD:REQUEST, or METHOD:CANCEL once it is cancelled (then
// with the events of removed blocks too).
std::string SessionCalendar(const v1::TrainingSession& session, const SessionLabel& label,
                            absl::Time stamp);

// METHOD:CANCEL for the events of the blocks removed from a session that is not cancelled;
// empty when there are none (a cancelled session's SessionCalendar cancels them already).
std::string SessionCancellationCalendar(const v1::TrainingSession& session,
                                        const SessionLabel& label, absl::Time stamp);

// Whether an enrolment in `state` is in a person's calendar as an invitation (booked, or an
// attendance outcome once closed), as a cancellation (declined, withdrawn, session cancelled),
// or not at all (requested, waitlisted: no seat yet).
enum class EnrolmentEntry { kNone, kLive, kCancelled };
EnrolmentEntry EntryOf(v1::EnrolmentState state);

// A person's schedule: the live events and the cancelled ones, each its own calendar object
// (one method per object).
struct PersonCalendar {
  std::string calendar;
  // Empty when nothing is cancelled.
  std::string cancellation_calendar;
};

// The calendar of a person's `enrolments` and of the sessions they `train`; `sessions` holds
// every session an enrolment names (an enrolment whose session is missing is left out), and
// `labels` the label of every session by id.
PersonCalendar RenderPersonCalendar(const std::vector<v1::Enrolment>& enrolments,
                                    const std::map<int64_t, v1::TrainingSession>& sessions,
                                    const std::vector<v1::TrainingSession>& train,
                                    const std::map<int64_t, SessionLabel>& labels,
                                    absl::Time stamp);

}  // namespace escala::server
