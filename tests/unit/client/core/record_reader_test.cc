#include "client/core/record_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "client/directory/person_columns.h"
#include "client/interactions/interaction_columns.h"
#include "escala/v1/interactions.pb.h"
#include "escala/v1/people.pb.h"

namespace escala::client {
namespace {

using escala::v1::Interaction;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Each test writes its files into its own temporary directory, removed afterwards.
class RecordReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/escala_record_reader_XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    for (const std::string& path : files_) std::remove(path.c_str());
    rmdir(dir_.c_str());
  }

  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    files_.push_back(path);
    return path;
  }

  std::string dir_;
  std::vector<std::string> files_;
};

struct Read {
  int64_t line;
  Interaction interaction;
  std::vector<FieldProblem> problems;
};

std::vector<Read> ReadAll(RecordReader& reader) {
  std::vector<Read> records;
  Read record;
  while (reader.Next(&record.interaction, &record.line, &record.problems)) {
    records.push_back(record);
  }
  return records;
}

TEST_F(RecordReaderTest, ChoosesFormatFromFlagThenExtension) {
  EXPECT_EQ(*ChooseFileFormat(std::nullopt, "a.CSV"), FileFormat::kCsv);
  EXPECT_EQ(*ChooseFileFormat(std::nullopt, "a.jsonl"), FileFormat::kJsonLines);
  EXPECT_EQ(*ChooseFileFormat(std::nullopt, "a.json"), FileFormat::kJsonLines);
  EXPECT_EQ(*ChooseFileFormat("csv", "a.jsonl"), FileFormat::kCsv);
  EXPECT_FALSE(ChooseFileFormat(std::nullopt, "a.txt").ok());
  EXPECT_FALSE(ChooseFileFormat("xml", "a.csv").ok());
}

TEST_F(RecordReaderTest, ReadsCsvRecordsWithTheLineTheyStartOn) {
  const std::string path = Write("i.csv",
                                 "channel,direction,priority,agent_employee_id,start_time,queue\n"
                                 "phone,inbound,high,e1,2026-11-01T09:15:00Z,\"multi\nline\"\n"
                                 "fax,inbound,high,e1,2026-11-01T09:15:00Z,q\n"
                                 "chat,outbound,low,e2,2026-11-01T10:00:00Z,q\n");
  absl::StatusOr<std::unique_ptr<RecordReader>> reader =
      RecordReader::Open(path, FileFormat::kCsv, InteractionColumns());
  ASSERT_TRUE(reader.ok()) << reader.status();
  std::vector<Read> records = ReadAll(**reader);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].line, 2);
  EXPECT_THAT(records[0].problems, IsEmpty());
  EXPECT_EQ(records[0].interaction.queue(), "multi\nline");
  EXPECT_EQ(records[1].line, 4);
  ASSERT_EQ(records[1].problems.size(), 1u);
  EXPECT_EQ(records[1].problems[0].field, "channel");
  EXPECT_EQ(records[2].line, 5);
  EXPECT_EQ(records[2].interaction.agent_employee_id(), "e2");
}

TEST_F(RecordReaderTest, SyntaxErrorNamesTheColumnWhereItHappened) {
  const std::string path = Write("i.csv",
                                 "channel,direction,priority,agent_employee_id,start_time\n"
                                 "phone,in\"bound,high,e1,2026-11-01T09:15:00Z\n");
  absl::StatusOr<std::unique_ptr<RecordReader>> reader =
      RecordReader::Open(path, FileFormat::kCsv, InteractionColumns());
  ASSERT_TRUE(reader.ok());
  std::vector<Read> records = ReadAll(**reader);
  ASSERT_EQ(records.size(), 1u);
  ASSERT_EQ(records[0].problems.size(), 1u);
  EXPECT_EQ(FormatProblem(records[0].problems[0]).rfind("line 2: direction: stray quote", 0), 0u)
      << FormatProblem(records[0].problems[0]);
}

TEST_F(RecordReaderTest, BadHeaderFailsTheOpenNamingTheColumn) {
  const std::string path = Write("i.csv", "channel,direction,priority,agent,start_time\n");
  absl::StatusOr<std::unique_ptr<RecordReader>> reader =
      RecordReader::Open(path, FileFormat::kCsv, InteractionColumns());
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(reader.status().message(), HasSubstr("'agent'"));
}

TEST_F(RecordReaderTest, EmptyCsvFileFailsTheOpen) {
  const std::string path = Write("empty.csv", "");
  EXPECT_FALSE(RecordReader::Open(path, FileFormat::kCsv, InteractionColumns()).ok());
}

TEST_F(RecordReaderTest, MissingFileIsNotFound) {
  EXPECT_EQ(RecordReader::Open(dir_ + "/none.csv", FileFormat::kCsv, InteractionColumns())
                .status()
                .code(),
            absl::StatusCode::kNotFound);
}

TEST_F(RecordReaderTest, ReadsJsonLinesSkippingBlankLines) {
  const std::string path =
      Write("i.jsonl",
            "{\"channel\": \"CHANNEL_PHONE\", \"agentEmployeeId\": \"e1\"}\n"
            "\n"
            "{\"channel\": \"CHANNEL_FAX\"}\n"
            "{\"source_id\": \"x\", \"startTime\": \"2026-11-01T09:15:00Z\"}\r\n");
  absl::StatusOr<std::unique_ptr<RecordReader>> reader =
      RecordReader::Open(path, FileFormat::kJsonLines, InteractionColumns());
  ASSERT_TRUE(reader.ok());
  std::vector<Read> records = ReadAll(**reader);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].line, 1);
  EXPECT_EQ(records[0].interaction.agent_employee_id(), "e1");
  EXPECT_EQ(records[1].line, 3);
  ASSERT_EQ(records[1].problems.size(), 1u);
  EXPECT_THAT(records[1].problems[0].reason, HasSubstr("invalid JSON"));
  EXPECT_EQ(records[2].line, 4);
  EXPECT_THAT(records[2].problems, IsEmpty());
  EXPECT_EQ(records[2].interaction.source_id(), "x");
  EXPECT_EQ(records[2].interaction.start_time().seconds(), 1793524500);
}

TEST_F(RecordReaderTest, PeopleCsvDefaultsToActive) {
  const std::string path = Write("p.csv", "employee_id,display_name,role,level\ne1,Ann,agent,1\n");
  absl::StatusOr<std::unique_ptr<RecordReader>> reader =
      RecordReader::Open(path, FileFormat::kCsv, PersonColumns());
  ASSERT_TRUE(reader.ok());
  escala::v1::Person person;
  int64_t line = 0;
  std::vector<FieldProblem> problems;
  ASSERT_TRUE((*reader)->Next(&person, &line, &problems));
  EXPECT_THAT(problems, IsEmpty());
  EXPECT_TRUE(person.active());
  EXPECT_FALSE((*reader)->Next(&person, &line, &problems));
}

TEST_F(RecordReaderTest, OutputOnlyColumnsOfAListedFileAreIgnored) {
  // What `interactions list --output csv` writes starts with the id the server gave.
  const std::string path = Write("listed.csv",
                                 "id,channel,direction,priority,agent_employee_id,start_time,etag\n"
                                 "99,phone,inbound,high,e1,2026-11-01T09:15:00Z,3\n");
  absl::StatusOr<std::unique_ptr<RecordReader>> reader =
      RecordReader::Open(path, FileFormat::kCsv, InteractionDetailColumns());
  ASSERT_TRUE(reader.ok()) << reader.status();
  std::vector<Read> records = ReadAll(**reader);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_THAT(records[0].problems, IsEmpty());
  EXPECT_EQ(records[0].interaction.id(), 0);
  EXPECT_EQ(records[0].interaction.etag(), "");
  EXPECT_EQ(records[0].interaction.agent_employee_id(), "e1");
}

TEST_F(RecordReaderTest, Latin1CellIsRejectedWithItsLineAndColumn) {
  // "Jos\xE9" is "José" in Latin-1: not UTF-8, so the record could not be sent as it is.
  const std::string path = Write("latin1.csv",
                                 "channel,direction,priority,agent_employee_id,start_time,queue\n"
                                 "phone,inbound,high,e1,2026-11-01T09:15:00Z,Jos\xE9\n"
                                 "chat,inbound,high,e1,2026-11-01T09:15:00Z,ok\n");
  absl::StatusOr<std::unique_ptr<RecordReader>> reader =
      RecordReader::Open(path, FileFormat::kCsv, InteractionColumns());
  ASSERT_TRUE(reader.ok()) << reader.status();
  std::vector<Read> records = ReadAll(**reader);
  ASSERT_EQ(records.size(), 2u);
  ASSERT_EQ(records[0].problems.size(), 1u);
  EXPECT_EQ(records[0].problems[0].line, 2);
  EXPECT_EQ(records[0].problems[0].field, "queue");
  EXPECT_THAT(records[0].problems[0].reason, HasSubstr("not valid UTF-8 (byte 0xE9"));
  EXPECT_THAT(records[1].problems, IsEmpty());
}

TEST_F(RecordReaderTest, Latin1JsonLineIsRejectedWithItsLine) {
  const std::string path = Write("latin1.jsonl",
                                 "{\"queue\": \"ok\"}\n"
                                 "{\"queue\": \"Jos\xE9\"}\n");
  absl::StatusOr<std::unique_ptr<RecordReader>> reader =
      RecordReader::Open(path, FileFormat::kJsonLines, InteractionColumns());
  ASSERT_TRUE(reader.ok());
  std::vector<Read> records = ReadAll(**reader);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_THAT(records[0].problems, IsEmpty());
  ASSERT_EQ(records[1].problems.size(), 1u);
  EXPECT_EQ(records[1].problems[0].line, 2);
  EXPECT_THAT(records[1].problems[0].reason, HasSubstr("not valid UTF-8"));
}

}  // namespace
}  // namespace escala::client
