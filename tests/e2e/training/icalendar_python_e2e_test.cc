// The iCalendar writer's output read by an independent parser: Python's icalendar package
// (Debian's python3-icalendar, which tools/test.sh installs), run as a child process on a file
// the writer made. It must find the method, the events' UID, SEQUENCE and DTSTART, and get the
// escaped and folded text back as it was.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "server/training/icalendar_writer.h"
#include "tests/e2e/harness/process.h"

namespace escala::testing {
namespace {

using ::testing::ElementsAre;

// Prints what it parsed, one "NAME value" a line; strings as JSON, ASCII only, so that the
// expectations below are plain C++ literals.
constexpr char kParser[] = R"(import json
import sys
from icalendar import Calendar

with open(sys.argv[1], 'rb') as f:
    calendar = Calendar.from_ical(f.read())
print('METHOD', str(calendar['METHOD']))
for event in calendar.walk('VEVENT'):
    print('UID', json.dumps(str(event['UID'])))
    print('SEQUENCE', int(event['SEQUENCE']))
    print('DTSTART', event.decoded('DTSTART').isoformat())
    print('STATUS', str(event['STATUS']))
    print('SUMMARY', json.dumps(str(event['SUMMARY'])))
    print('DESCRIPTION', json.dumps(str(event.get('DESCRIPTION', ''))))
)";

absl::Time Utc(int year, int month, int day, int hour, int minute) {
  return absl::FromCivil(absl::CivilMinute(year, month, day, hour, minute), absl::UTCTimeZone());
}

// Writes `calendar` and the parser to a temporary directory and runs the parser on it.
std::vector<std::string> Parse(const TempDir& dir, const std::string& calendar) {
  WriteFile(dir.File("parse.py"), kParser);
  WriteFile(dir.File("invite.ics"), calendar);
  const ProcessResult result =
      RunProcess({"/usr/bin/python3", dir.File("parse.py"), dir.File("invite.ics")});
  EXPECT_EQ(result.exit_code, 0) << "python3 with the icalendar package (python3-icalendar) "
                                    "could not parse the calendar:\n"
                                 << result.err;
  std::vector<std::string> lines = absl::StrSplit(result.out, '\n', absl::SkipEmpty());
  return lines;
}

TEST(ICalendarPythonTest, AnIndependentParserReadsTheRequestAsWritten) {
  server::CalendarEvent event;
  event.uid = "session-42@escala";
  event.sequence = 3;
  event.stamp = Utc(2027, 1, 2, 8, 30);
  event.start = Utc(2027, 1, 5, 9, 0);
  event.end = Utc(2027, 1, 5, 10, 30);
  // Every character TEXT escapes, and a description long enough to be folded across a UTF-8
  // character ("Ü" is two octets; 60 of them need two folds).
  event.summary = "Complaints, refunds; escalation \\ part 1";
  event.description = "Line one\nLine two";
  for (int i = 0; i < 60; ++i) event.description += "\xC3\x9C";
  event.location = "Room 2";
  event.url = "https://meet.example/room?a=1;b=2";
  const TempDir dir;
  const std::string calendar = server::RenderCalendar(server::CalendarMethod::kRequest, {event});
  std::string expected_description = "Line one\\nLine two";
  for (int i = 0; i < 60; ++i) expected_description += "\\u00dc";
  EXPECT_THAT(Parse(dir, calendar),
              ElementsAre("METHOD REQUEST", "UID \"session-42@escala\"", "SEQUENCE 3",
                          "DTSTART 2027-01-05T09:00:00+00:00", "STATUS CONFIRMED",
                          "SUMMARY \"Complaints, refunds; escalation \\\\ part 1\"",
                          "DESCRIPTION \"" + expected_description + "\""));
}

TEST(ICalendarPythonTest, AnIndependentParserReadsACancellationOfTwoEvents) {
  server::CalendarEvent first;
  first.uid = "session-7@escala";
  first.sequence = 1;
  first.stamp = Utc(2027, 2, 1, 12, 0);
  first.start = Utc(2027, 2, 10, 14, 0);
  first.end = Utc(2027, 2, 10, 15, 0);
  first.summary = "Tone of voice";
  server::CalendarEvent second = first;
  second.uid = "session-8@escala";
  second.sequence = 4;
  second.start = Utc(2027, 2, 11, 7, 45);
  second.end = Utc(2027, 2, 11, 8, 45);
  const TempDir dir;
  EXPECT_THAT(
      Parse(dir, server::RenderCalendar(server::CalendarMethod::kCancel, {first, second})),
      ElementsAre("METHOD CANCEL", "UID \"session-7@escala\"", "SEQUENCE 1",
                  "DTSTART 2027-02-10T14:00:00+00:00", "STATUS CANCELLED",
                  "SUMMARY \"Tone of voice\"", "DESCRIPTION \"\"", "UID \"session-8@escala\"",
                  "SEQUENCE 4", "DTSTART 2027-02-11T07:45:00+00:00", "STATUS CANCELLED",
                  "SUMMARY \"Tone of voice\"", "DESCRIPTION \"\""));
}

// Prints the UTF-8 bytes of each event's LOCATION, DESCRIPTION and SUMMARY in hex, one event a
// line, so that any text compares exactly.
constexpr char kTextParser[] = R"(import sys
from icalendar import Calendar

with open(sys.argv[1], 'rb') as f:
    calendar = Calendar.from_ical(f.read())
for event in calendar.walk('VEVENT'):
    print(' '.join(str(event.get(name, '')).encode('utf-8').hex()
                   for name in ('LOCATION', 'DESCRIPTION', 'SUMMARY')))
)";

TEST(ICalendarPythonTest, HostilePlacesAndDescriptionsComeBackAsWritten) {
  // What a session's place and a course's description may hold: TEXT's special characters,
  // line breaks of every kind, quotes, SQL and HTML, a bidi override, emoji and a text long
  // enough to be folded in the middle of multi-octet characters.
  std::vector<std::string> texts = {
      "Room 1, floor 2; east wing",
      // A backslash on its own: python-icalendar reads a backslash written before ';', ',' or
      // 'n' ambiguously (the writer's escaping of those is checked exactly by its unit test).
      "back\\slash",
      "first line\nsecond line\r\nthird line",
      "tab\there",
      "'; DROP TABLE training_sessions; --",
      "<a href=\"https://x.example/?a=1&b=2\">link</a> & <b>bold</b>",
      "\xE2\x80\xAE"
      "evil"
      "\xE2\x80\xAC"
      " override",
      "\xF0\x9F\x99\x82\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD"
      " Ünïcödé",
      "BEGIN:VEVENT\nUID:injected@evil\nEND:VEVENT",
      "  padded  ",
  };
  std::string long_text;
  for (int i = 0; i < 200; ++i) long_text += "\xE6\x97\xA5;";
  texts.push_back(long_text);
  std::vector<server::CalendarEvent> events;
  for (size_t i = 0; i < texts.size(); ++i) {
    server::CalendarEvent& event = events.emplace_back();
    event.uid = absl::StrCat("session-", i + 1, "-block-1@escala");
    event.sequence = 0;
    event.stamp = Utc(2027, 1, 2, 8, 30);
    event.start = Utc(2027, 1, 5, 9, 0);
    event.end = Utc(2027, 1, 5, 10, 30);
    event.summary = texts[i];
    event.description = texts[(i + 1) % texts.size()];
    event.location = texts[(i + 2) % texts.size()];
  }
  const std::string calendar = server::RenderCalendar(server::CalendarMethod::kRequest, events);
  // No text broke out of its property: one BEGIN:VEVENT per event, every line ends in CRLF.
  EXPECT_EQ(std::count(calendar.begin(), calendar.end(), '\r'),
            std::count(calendar.begin(), calendar.end(), '\n'));
  for (size_t at = calendar.find('\n'); at != std::string::npos; at = calendar.find('\n', at + 1)) {
    EXPECT_TRUE(at > 0 && calendar[at - 1] == '\r') << "a bare line feed at " << at;
  }
  std::vector<std::string> begins = absl::StrSplit(calendar, "\r\nBEGIN:VEVENT\r\n");
  EXPECT_EQ(begins.size(), texts.size() + 1);
  const TempDir dir;
  WriteFile(dir.File("texts.py"), kTextParser);
  WriteFile(dir.File("texts.ics"), calendar);
  const ProcessResult result =
      RunProcess({"/usr/bin/python3", dir.File("texts.py"), dir.File("texts.ics")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::vector<std::string> lines = absl::StrSplit(result.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), texts.size());
  const auto hex = [](const std::string& text) { return absl::BytesToHexString(text); };
  for (size_t i = 0; i < texts.size(); ++i) {
    // Line breaks come back as the parser's "\n"; everything else byte for byte.
    const auto unified = [](std::string text) {
      absl::StrReplaceAll({{"\r\n", "\n"}, {"\r", "\n"}}, &text);
      return text;
    };
    EXPECT_EQ(lines[i], absl::StrCat(hex(unified(texts[(i + 2) % texts.size()])), " ",
                                     hex(unified(texts[(i + 1) % texts.size()])), " ",
                                     hex(unified(texts[i]))))
        << "event " << i + 1;
  }
}

}  // namespace
}  // namespace escala::testing
