#include "client/core/csv_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "client/core/csv_reader.h"

namespace escala::client {
namespace {

TEST(CsvWriterTest, LeavesPlainFieldsUnquoted) { EXPECT_EQ(CsvField("queue-1"), "queue-1"); }

TEST(CsvWriterTest, QuotesFieldsWithCommasQuotesAndLineBreaks) {
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
}

TEST(CsvWriterTest, WhatItWritesReadsBackUnchanged) {
  const std::vector<std::string> fields = {"plain", "", "a,b", "q\"uote", "multi\r\nline", ";"};
  std::istringstream in(CsvLine(fields));
  CsvReader reader(in);
  CsvRecord record;
  ASSERT_TRUE(reader.Next(&record));
  EXPECT_FALSE(record.error.has_value());
  EXPECT_EQ(record.fields, fields);
  EXPECT_FALSE(reader.Next(&record));
}

}  // namespace
}  // namespace escala::client
