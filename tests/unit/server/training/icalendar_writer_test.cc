// The iCalendar writer: escaping, folding and the shape of a REQUEST and a CANCEL.
#include "server/training/icalendar_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"

namespace escala::server {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

absl::Time Utc(int year, int month, int day, int hour, int minute) {
  return absl::FromCivil(absl::CivilMinute(year, month, day, hour, minute), absl::UTCTimeZone());
}

CalendarEvent Session() {
  CalendarEvent event;
  event.uid = "session-42@escala";
  event.sequence = 3;
  event.stamp = Utc(2027, 1, 2, 8, 30);
  event.start = Utc(2027, 1, 5, 9, 0);
  event.end = Utc(2027, 1, 5, 10, 30);
  event.summary = "Handling complaints";
  event.location = "Room 2";
  event.url = "https://meet.example/a,b;c";
  event.description = "Bring a headset";
  return event;
}

// The lines of `calendar`, which must all end in CRLF.
std::vector<std::string> Lines(const std::string& calendar) {
  EXPECT_TRUE(absl::EndsWith(calendar, "\r\n"));
  std::vector<std::string> lines = absl::StrSplit(calendar, "\r\n");
  lines.pop_back();  // after the last CRLF
  for (const std::string& line : lines) {
    EXPECT_THAT(line, Not(HasSubstr("\n"))) << "a bare line feed";
    EXPECT_THAT(line, Not(HasSubstr("\r"))) << "a bare carriage return";
  }
  return lines;
}

TEST(CalendarTextTest, EscapesBackslashSemicolonCommaAndLineBreaks) {
  EXPECT_EQ(EscapeCalendarText(R"(a\b;c,d)"), R"(a\\b\;c\,d)");
  EXPECT_EQ(EscapeCalendarText("one\ntwo\r\nthree\rfour"), R"(one\ntwo\nthree\nfour)");
  // Tab stays; other control characters may not appear in TEXT and are dropped.
  EXPECT_EQ(EscapeCalendarText(std::string("tab\there\x01\x7F", 11)), "tab\there");
  // Colons, quotes and UTF-8 need no escaping in a value.
  EXPECT_EQ(EscapeCalendarText("10:00 \"Ünï\""), "10:00 \"Ünï\"");
}

TEST(CalendarFoldTest, ALineOfSeventyFiveOctetsIsNotFoldedAndOneMoreIs) {
  const std::string exact(75, 'x');
  EXPECT_EQ(FoldCalendarLine(exact), exact + "\r\n");
  const std::string longer(76, 'x');
  EXPECT_EQ(FoldCalendarLine(longer), std::string(75, 'x') + "\r\n x\r\n");
}

TEST(CalendarFoldTest, ContinuationLinesHoldSeventyFourOctetsAfterTheirSpace) {
  // 75 + 74 + 1 octets: three lines, each at most 75 octets with the leading space.
  const std::string line(150, 'y');
  EXPECT_THAT(Lines(FoldCalendarLine(line)),
              ElementsAre(std::string(75, 'y'), " " + std::string(74, 'y'), " y"));
}

TEST(CalendarFoldTest, AFoldNeverSplitsAUtf8Character) {
  // "SUMMARY:" (8 octets) and 40 × "é" (2 octets each): the 75-octet cut would fall inside the
  // 34th "é" (octets 74–75), so the first line ends after 33 of them (8 + 66 = 74 octets).
  std::string line = "SUMMARY:";
  for (int i = 0; i < 40; ++i) line += "\xC3\xA9";
  const std::vector<std::string> lines = Lines(FoldCalendarLine(line));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].size(), 74u);
  EXPECT_EQ(lines[1].size(), 1u + 14u);  // the space and the 7 characters left
  // Unfolding (drop CRLF + space) gives the line back.
  EXPECT_EQ(lines[0] + lines[1].substr(1), line);
  // A 4-octet emoji straddling the cut moves whole to the next line.
  std::string emoji_line = std::string(73, 'z') + "\xF0\x9F\x99\x82" + "end";
  const std::vector<std::string> emoji = Lines(FoldCalendarLine(emoji_line));
  ASSERT_EQ(emoji.size(), 2u);
  EXPECT_EQ(emoji[0], std::string(73, 'z'));
  EXPECT_EQ(emoji[1],
            " \xF0\x9F\x99\x82"
            "end");
}

TEST(CalendarTest, ARequestHasTheEventsPropertiesInUtcAndConfirmed) {
  const std::vector<std::string> lines =
      Lines(RenderCalendar(CalendarMethod::kRequest, {Session()}));
  EXPECT_THAT(
      lines,
      ElementsAre("BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Escala//Training sessions//EN",
                  "CALSCALE:GREGORIAN", "METHOD:REQUEST", "BEGIN:VEVENT", "UID:session-42@escala",
                  "SEQUENCE:3", "DTSTAMP:20270102T083000Z", "DTSTART:20270105T090000Z",
                  "DTEND:20270105T103000Z", "SUMMARY:Handling complaints", "LOCATION:Room 2",
                  "URL:https://meet.example/a,b;c", "DESCRIPTION:Bring a headset",
                  "STATUS:CONFIRMED", "END:VEVENT", "END:VCALENDAR"));
}

TEST(CalendarTest, ACancelMarksEveryEventCancelledAndLeavesOutEmptyProperties) {
  CalendarEvent first = Session();
  first.location.clear();
  first.url.clear();
  first.description.clear();
  CalendarEvent second = Session();
  second.uid = "session-43@escala";
  const std::string calendar = RenderCalendar(CalendarMethod::kCancel, {first, second});
  const std::vector<std::string> lines = Lines(calendar);
  EXPECT_THAT(lines, ::testing::Contains("METHOD:CANCEL"));
  EXPECT_EQ(std::count(lines.begin(), lines.end(), "STATUS:CANCELLED"), 2);
  EXPECT_EQ(std::count(lines.begin(), lines.end(), "BEGIN:VEVENT"), 2);
  EXPECT_EQ(std::count(lines.begin(), lines.end(), "LOCATION:Room 2"), 1);  // the second's only
  EXPECT_THAT(calendar, Not(HasSubstr("CONFIRMED")));
}

TEST(CalendarTest, TextCannotStartAPropertyOfItsOwn) {
  CalendarEvent event = Session();
  event.summary = "Intro\r\nATTENDEE:mailto:someone@example.com";
  event.url = "https://meet.example/x\r\nORGANIZER:mailto:evil@example.com";
  const std::vector<std::string> lines = Lines(RenderCalendar(CalendarMethod::kRequest, {event}));
  EXPECT_THAT(lines, ::testing::Contains("SUMMARY:Intro\\nATTENDEE:mailto:someone@example.com"));
  EXPECT_THAT(lines,
              ::testing::Contains("URL:https://meet.example/xORGANIZER:mailto:evil@example.com"));
  for (const std::string& line : lines) {
    EXPECT_FALSE(absl::StartsWith(line, "ATTENDEE") || absl::StartsWith(line, "ORGANIZER")) << line;
  }
}

}  // namespace
}  // namespace escala::server
