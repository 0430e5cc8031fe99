#include "client/core/table_printer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_split.h"

namespace escala::client {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines = absl::StrSplit(text, '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

TEST(TablePrinterTest, AlignsColumnsWhenTheyFit) {
  Table table{{"ID", "NAME"}, {{"1", "Ann"}, {"22", "Bo"}}};
  EXPECT_THAT(Lines(RenderTable(table, 80)), ElementsAre("ID  NAME", "1   Ann", "22  Bo"));
}

TEST(TablePrinterTest, ShrinksTheWidestColumnAndTruncatesWithEllipsis) {
  Table table{{"ID", "QUEUE", "AGENT"}, {{"1", "billing-and-refunds", "e1"}}};
  // Natural width 2+2+19+2+5 = 30; at 20 the queue column must lose 10 characters.
  const std::vector<std::string> lines = Lines(RenderTable(table, 20));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1], "1   billing-\xE2\x80\xA6  e1");
  for (const std::string& line : lines) EXPECT_LE(DisplayWidth(line), 20u) << line;
}

TEST(TablePrinterTest, ShrinksSeveralWideColumnsEvenly) {
  Table table{{}, {{std::string(30, 'a'), std::string(30, 'b'), "x"}}};
  const std::vector<std::string> lines = Lines(RenderTable(table, 45));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(DisplayWidth(lines[0]), 45u);
  EXPECT_EQ(lines[0],
            std::string(19, 'a') + "\xE2\x80\xA6  " + std::string(19, 'b') + "\xE2\x80\xA6  x");
}

TEST(TablePrinterTest, NeverShrinksBelowThreeCharacters) {
  Table table{{"A", "B"}, {{"abcdef", "ghijkl"}}};
  const std::vector<std::string> lines = Lines(RenderTable(table, 4));
  EXPECT_EQ(lines[1], "ab\xE2\x80\xA6  gh\xE2\x80\xA6");
}

TEST(TablePrinterTest, NeverCutsIdColumnsAndCutsTheFreeTextInstead) {
  Table table{{"ID", "AGENT", "TEAM ID", "NOTE"},
              {{"1234567890", "agent-with-a-long-id", "team-long-id", "a note that is long"}}};
  table.whole_columns = {1};
  const std::vector<std::string> lines = Lines(RenderTable(table, 60));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1], "1234567890  agent-with-a-long-id  team-long-id  a note that\xE2\x80\xA6");
  EXPECT_EQ(DisplayWidth(lines[1]), 60u);
}

TEST(TablePrinterTest, ATableOfWholeColumnsIsWiderThanTheLimitRatherThanCut) {
  Table table{{"ID", "EMPLOYEE ID"}, {{"1234567890", "employee-0001"}}};
  const std::vector<std::string> lines = Lines(RenderTable(table, 10));
  EXPECT_EQ(lines[1], "1234567890  employee-0001");
}

TEST(TablePrinterTest, NoLimitKeepsEveryCellWhole) {
  const std::string long_text(300, 'x');
  Table table{{"ID", "NOTE"}, {{"1", long_text}}};
  EXPECT_EQ(Lines(RenderTable(table, kNoWidthLimit))[1], "1   " + long_text);
  // The same table at 80 columns is cut to 80.
  EXPECT_EQ(DisplayWidth(Lines(RenderTable(table, 80))[1]), 80u);
}

TEST(TablePrinterTest, CountsUtf8CharactersNotBytes) {
  EXPECT_EQ(DisplayWidth("Zoë"), 3u);
  EXPECT_EQ(Truncate("Zoë Ångström", 5), "Zoë \xE2\x80\xA6");
  EXPECT_EQ(Truncate("short", 10), "short");
  Table table{{"N", "X"}, {{"Zoë", "1"}, {"Al", "2"}}};
  EXPECT_THAT(Lines(RenderTable(table, 80)), ElementsAre("N    X", "Zoë  1", "Al   2"));
}

TEST(TablePrinterTest, LineBreaksInCellsDoNotBreakRows) {
  Table table{{}, {{"two\nlines", "x"}}};
  EXPECT_THAT(Lines(RenderTable(table, 80)), ElementsAre("two lines  x"));
}

TEST(TablePrinterTest, HasNoTrailingBlanks) {
  Table table{{"A", "B"}, {{"long value", ""}}};
  for (const std::string& line : Lines(RenderTable(table, 80))) {
    EXPECT_NE(line.back(), ' ') << "'" << line << "'";
  }
}

}  // namespace
}  // namespace escala::client
