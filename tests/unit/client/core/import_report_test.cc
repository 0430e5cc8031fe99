#include "client/core/import_report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace escala::client {
namespace {

using ::testing::ElementsAre;
using ::testing::Optional;

std::vector<std::string> Formatted(const ImportReport& report) {
  std::vector<std::string> lines;
  for (const FieldProblem& problem : report.SortedProblems()) {
    lines.push_back(FormatProblem(problem));
  }
  return lines;
}

TEST(ImportReportTest, PositionCountsOnlyRecordsThatWereSent) {
  ImportReport report;
  // Line 2 sent, line 3 rejected by the client, lines 5 and 9 sent (line 4 started a
  // multi-line record... or was blank; only sent records count).
  EXPECT_EQ(report.NoteSent(2), 1);
  report.AddRejectedRecord({{3, "channel", "'fax' is not a valid Channel"}});
  EXPECT_EQ(report.NoteSent(5), 2);
  EXPECT_EQ(report.NoteSent(9), 3);
  EXPECT_THAT(report.LineOfPosition(2), Optional(5));
  EXPECT_THAT(report.LineOfPosition(3), Optional(9));
  EXPECT_EQ(report.LineOfPosition(4), std::nullopt);
  EXPECT_EQ(report.LineOfPosition(0), std::nullopt);
}

TEST(ImportReportTest, MapsServerRejectionsToLinesAndSortsEverythingByLine) {
  ImportReport report;
  report.NoteSent(2);
  report.AddRejectedRecord({{3, "channel", "bad channel"}});
  report.NoteSent(4);
  report.NoteSent(8);
  report.AddServerRejection(3, "start_time", "is required");
  report.AddServerRejection(1, "agent_employee_id", "unknown agent");
  EXPECT_THAT(Formatted(report),
              ElementsAre("line 2: agent_employee_id: unknown agent",
                          "line 3: channel: bad channel", "line 8: start_time: is required"));
  EXPECT_EQ(report.rejected_count(), 3);
  EXPECT_EQ(report.sent_count(), 3);
}

TEST(ImportReportTest, SeveralRejectionsOfOneRecordCountOnce) {
  ImportReport report;
  report.NoteSent(2);
  report.AddServerRejection(1, "csat", "must be 1-5");
  report.AddServerRejection(1, "nps", "must be 0-10");
  EXPECT_EQ(report.rejected_count(), 1);
  EXPECT_EQ(report.SortedProblems().size(), 2u);
}

TEST(ImportReportTest, RejectionAtUnknownPositionIsKeptAndSortedLast) {
  ImportReport report;
  report.NoteSent(2);
  report.AddServerRejection(7, "", "odd");
  report.AddServerRejection(1, "queue", "too long");
  EXPECT_THAT(Formatted(report),
              ElementsAre("line 2: queue: too long", "record at position 7 of the import: odd"));
}

TEST(ImportReportTest, SplitsAFieldPathOfTheDetailsIntoIndexAndPath) {
  auto parsed = ParseElementPath("people[12].email", "people");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->first, 12);
  EXPECT_EQ(parsed->second, "email");
  parsed = ParseElementPath("people[3]", "people");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->first, 3);
  EXPECT_EQ(parsed->second, "");
}

TEST(ImportReportTest, IgnoresPathsNotAboutOneElementOfTheList) {
  EXPECT_EQ(ParseElementPath("people", "people"), std::nullopt);
  EXPECT_EQ(ParseElementPath("people[x].email", "people"), std::nullopt);
  EXPECT_EQ(ParseElementPath("people[-1].email", "people"), std::nullopt);
  EXPECT_EQ(ParseElementPath("people[1]email", "people"), std::nullopt);
  EXPECT_EQ(ParseElementPath("teams[1].x", "people"), std::nullopt);
  EXPECT_EQ(ParseElementPath("peoples[1].x", "people"), std::nullopt);
}

}  // namespace
}  // namespace escala::client
