#include "client/core/csv_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace escala::client {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<CsvRecord> ReadAll(const std::string& text) {
  std::istringstream in(text);
  CsvReader reader(in);
  std::vector<CsvRecord> records;
  CsvRecord record;
  while (reader.Next(&record)) records.push_back(record);
  return records;
}

TEST(CsvReaderTest, SplitsPlainFieldsAndKeepsEmptyOnes) {
  std::vector<CsvRecord> records = ReadAll("a,b,c\n1,,3\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_THAT(records[0].fields, ElementsAre("a", "b", "c"));
  EXPECT_THAT(records[1].fields, ElementsAre("1", "", "3"));
  EXPECT_FALSE(records[1].error.has_value());
}

TEST(CsvReaderTest, QuotedFieldMayHoldCommas) {
  std::vector<CsvRecord> records = ReadAll("\"Smith, Ann\",x\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_THAT(records[0].fields, ElementsAre("Smith, Ann", "x"));
}

TEST(CsvReaderTest, DoubledQuoteIsOneQuote) {
  std::vector<CsvRecord> records = ReadAll("\"say \"\"hi\"\"\",\"\"\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_THAT(records[0].fields, ElementsAre("say \"hi\"", ""));
}

TEST(CsvReaderTest, QuotedFieldMayHoldLineBreaksAndRecordKeepsItsStartLine) {
  std::vector<CsvRecord> records = ReadAll("h1,h2\n\"two\nlines\",x\nnext,y\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[1].line, 2);
  EXPECT_THAT(records[1].fields, ElementsAre("two\nlines", "x"));
  EXPECT_EQ(records[2].line, 4);
  EXPECT_THAT(records[2].fields, ElementsAre("next", "y"));
}

TEST(CsvReaderTest, AcceptsCrlfLineEndsWithoutKeepingTheCr) {
  std::vector<CsvRecord> records = ReadAll("a,b\r\n\"q\",c\r\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_THAT(records[0].fields, ElementsAre("a", "b"));
  EXPECT_THAT(records[1].fields, ElementsAre("q", "c"));
  EXPECT_EQ(records[1].line, 2);
}

TEST(CsvReaderTest, KeepsCrlfInsideQuotedField) {
  std::vector<CsvRecord> records = ReadAll("\"x\r\ny\",z\r\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_THAT(records[0].fields, ElementsAre("x\r\ny", "z"));
}

TEST(CsvReaderTest, SkipsByteOrderMark) {
  std::vector<CsvRecord> records = ReadAll(
      "\xEF\xBB\xBF"
      "channel,queue\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_THAT(records[0].fields, ElementsAre("channel", "queue"));
}

TEST(CsvReaderTest, LastRecordNeedsNoLineBreak) {
  std::vector<CsvRecord> records = ReadAll("a,b\nc,d");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_THAT(records[1].fields, ElementsAre("c", "d"));
}

TEST(CsvReaderTest, SkipsEmptyLinesButCountsThem) {
  std::vector<CsvRecord> records = ReadAll("a\n\n\r\nb\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].line, 4);
  EXPECT_THAT(records[1].fields, ElementsAre("b"));
}

TEST(CsvReaderTest, UnterminatedQuoteIsAnErrorOnTheLineWhereTheRecordStarts) {
  std::vector<CsvRecord> records = ReadAll("a,b\nx,\"never closed\nmore\n");
  ASSERT_EQ(records.size(), 2u);
  ASSERT_TRUE(records[1].error.has_value());
  EXPECT_EQ(records[1].line, 2);
  EXPECT_EQ(records[1].error->field_index, 1u);
  EXPECT_THAT(records[1].error->reason, HasSubstr("unterminated"));
}

TEST(CsvReaderTest, StrayQuoteInUnquotedFieldIsAnErrorAndReadingGoesOn) {
  std::vector<CsvRecord> records = ReadAll("a,b,c\nok,ba\"d,x\nfine,1,2\n");
  ASSERT_EQ(records.size(), 3u);
  ASSERT_TRUE(records[1].error.has_value());
  EXPECT_EQ(records[1].error->field_index, 1u);
  EXPECT_THAT(records[1].error->reason, HasSubstr("stray quote"));
  EXPECT_FALSE(records[2].error.has_value());
  EXPECT_EQ(records[2].line, 3);
  EXPECT_THAT(records[2].fields, ElementsAre("fine", "1", "2"));
}

TEST(CsvReaderTest, TextAfterClosingQuoteIsAnError) {
  std::vector<CsvRecord> records = ReadAll("\"abc\"x,y\n");
  ASSERT_EQ(records.size(), 1u);
  ASSERT_TRUE(records[0].error.has_value());
  EXPECT_EQ(records[0].error->field_index, 0u);
}

TEST(CsvReaderTest, EmptyInputHasNoRecords) { EXPECT_TRUE(ReadAll("").empty()); }

}  // namespace
}  // namespace escala::client
