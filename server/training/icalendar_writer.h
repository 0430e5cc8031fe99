#pragma once

// Training sessions as calendar invitations: an RFC 5545 VCALENDAR a mail client adds to (or,
// with METHOD:CANCEL, removes from) its calendar. Pure text rendering, no I/O.
//
// Clients match an update to the event they hold by UID and apply it only when its SEQUENCE is
// higher than the one they have, so the caller keeps one UID per event for good and raises the
// sequence on every change it sends (a move, a cancellation).

#include <string>
#include <vector>

#include "absl/time/time.h"

namespace escala::server {

struct CalendarEvent {
  // Required: the event's identity across updates, e.g. "session-42@escala".
  std::string uid;
  // 0 for the first invitation, one more for each change sent since.
  int sequence = 0;
  // When this version of the invitation was made.
  absl::Time stamp;
  // [start, end), written as UTC instants ("20270105T090000Z"); seconds, fractions dropped.
  // Both absl::InfinitePast(): neither is written, which only a METHOD:CANCEL event may do
  // (RFC 5545 section 3.6.1: DTSTART is optional when the calendar has a METHOD), for an event
  // whose times are no longer known.
  absl::Time start;
  absl::Time end;
  std::string summary;
  // Optional: left out when empty.
  std::string location;
  std::string url;
  std::string description;
};

enum class CalendarMethod {
  kRequest,  // METHOD:REQUEST, each event STATUS:CONFIRMED
  kCancel,   // METHOD:CANCEL, each event STATUS:CANCELLED
};

// The calendar: CRLF line ends, text values escaped (backslash, ';', ',' and line breaks as
// "\n"; other control characters but tab dropped, as TEXT may not hold them), control characters
// dropped from the URL, and lines longer
// than 75 octets folded (CRLF and a space) between whole UTF-8 characters.
std::string RenderCalendar(CalendarMethod method, const std::vector<CalendarEvent>& events);

// One TEXT value escaped as RFC 5545 section 3.3.11 asks.
std::string EscapeCalendarText(const std::string& text);

// One content line ("NAME:value", without its line end) folded into lines of at most 75 octets,
// each continuation starting with a space, never inside a UTF-8 sequence; CRLF after each line.
std::string FoldCalendarLine(const std::string& line);

}  // namespace escala::server
