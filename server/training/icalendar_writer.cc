#include "server/training/icalendar_writer.h"

#include <cstddef>

#include "absl/strings/str_cat.h"

namespace escala::server {
namespace {

// RFC 5545 section 3.1: lines "SHOULD NOT be longer than 75 octets, excluding the line break".
constexpr std::size_t kMaxLineOctets = 75;

bool IsUtf8Continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::string UtcStamp(absl::Time time) {
  return absl::FormatTime("%Y%m%dT%H%M%SZ", time, absl::UTCTimeZone());
}

// Appends "NAME:value" folded, when `value` is not empty or `always`.
void AddLine(std::string& out, const char* name, const std::string& value, bool always = true) {
  if (value.empty() && !always) return;
  out += FoldCalendarLine(absl::StrCat(name, ":", value));
}

// A URI without control characters: a line break in it would end the property and start a
// line of the caller's choosing.
std::string WithoutControls(const std::string& uri) {
  std::string out;
  for (char c : uri) {
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) out += c;
  }
  return out;
}

}  // namespace

std::string EscapeCalendarText(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case ';':
        out += "\\;";
        break;
      case ',':
        out += "\\,";
        break;
      case '\r':
        // CRLF is one line break; a lone CR is one too.
        if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        out += "\\n";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        // TEXT excludes the control characters but tab (section 3.3.11).
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F) break;
        out += c;
    }
  }
  return out;
}

std::string FoldCalendarLine(const std::string& line) {
  std::string out;
  std::size_t position = 0;
  // The first line holds 75 octets; each continuation line's leading space is one of its 75.
  std::size_t room = kMaxLineOctets;
  while (line.size() - position > room) {
    std::size_t cut = position + room;
    // Back off to the start of the character the cut would split.
    while (cut > position && IsUtf8Continuation(line[cut])) --cut;
    // Only text that is not UTF-8 has no character start in a whole line's room: cut it there.
    if (cut == position) cut = position + room;
    out.append(line, position, cut - position);
    out += "\r\n ";
    position = cut;
    room = kMaxLineOctets - 1;
  }
  out.append(line, position, std::string::npos);
  out += "\r\n";
  return out;
}

std::string RenderCalendar(CalendarMethod method, const std::vector<CalendarEvent>& events) {
  const bool cancel = method == CalendarMethod::kCancel;
  std::string out;
  AddLine(out, "BEGIN", "VCALENDAR");
  AddLine(out, "VERSION", "2.0");
  AddLine(out, "PRODID", "-//Escala//Training sessions//EN");
  AddLine(out, "CALSCALE", "GREGORIAN");
  AddLine(out, "METHOD", cancel ? "CANCEL" : "REQUEST");
  for (const CalendarEvent& event : events) {
    AddLine(out, "BEGIN", "VEVENT");
    AddLine(out, "UID", EscapeCalendarText(event.uid));
    AddLine(out, "SEQUENCE", absl::StrCat(event.sequence));
    AddLine(out, "DTSTAMP", UtcStamp(event.stamp));
    if (event.start != absl::InfinitePast()) {
      AddLine(out, "DTSTART", UtcStamp(event.start));
      AddLine(out, "DTEND", UtcStamp(event.end));
    }
    AddLine(out, "SUMMARY", EscapeCalendarText(event.summary));
    AddLine(out, "LOCATION", EscapeCalendarText(event.location), /*always=*/false);
    // A URI value is not TEXT: its commas and semicolons are part of it and stay as they are.
    AddLine(out, "URL", WithoutControls(event.url), /*always=*/false);
    AddLine(out, "DESCRIPTION", EscapeCalendarText(event.description), /*always=*/false);
    AddLine(out, "STATUS", cancel ? "CANCELLED" : "CONFIRMED");
    AddLine(out, "END", "VEVENT");
  }
  AddLine(out, "END", "VCALENDAR");
  return out;
}

}  // namespace escala::server
