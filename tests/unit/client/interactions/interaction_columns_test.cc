#include "client/interactions/interaction_columns.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include "client/core/field_text.h"

namespace escala::client {
namespace {

using escala::v1::Interaction;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// A row with the minimum columns an import needs.
const std::vector<std::string> kRequiredHeader = {"channel", "direction", "priority",
                                                  "agent_employee_id", "start_time"};

Interaction FullInteraction() {
  Interaction interaction;
  interaction.set_source_system("genesys");
  interaction.set_source_id("c-1");
  interaction.set_channel(escala::v1::CHANNEL_WEB_FORM);
  interaction.set_direction(escala::v1::DIRECTION_INBOUND);
  interaction.set_queue("billing, tier 1");
  interaction.set_priority(escala::v1::PRIORITY_URGENT);
  interaction.set_agent_employee_id("e-7");
  interaction.mutable_start_time()->set_seconds(1793524500);
  interaction.mutable_start_time()->set_nanos(250000000);
  interaction.mutable_end_time()->set_seconds(1793525000);
  interaction.mutable_talk_duration()->set_seconds(300);
  interaction.mutable_hold_duration()->set_nanos(500000000);
  interaction.set_first_contact_resolution(true);
  interaction.set_escalated(true);
  interaction.set_escalated_to_level(2);
  interaction.set_csat(5);
  interaction.set_nps(0);
  interaction.mutable_recording()->set_uri("s3://calls/1.ogg");
  interaction.mutable_recording()->set_size_bytes(123456);
  interaction.mutable_recording()->mutable_duration()->set_seconds(480);
  interaction.mutable_recording()->mutable_retain_until()->set_seconds(1893456000);
  interaction.add_tags("vip");
  interaction.add_tags("refund");
  interaction.set_language("en-GB");
  return interaction;
}

TEST(InteractionColumnsTest, EveryColumnNamesARealField) {
  for (const ColumnSpec& column : InteractionDetailColumns()) {
    EXPECT_TRUE(CheckFieldPath(*Interaction::descriptor(), column.field_path).ok()) << column.name;
  }
}

TEST(InteractionColumnsTest, ColumnsAreTheFlattenedProtoNames) {
  const std::vector<std::string> names = ColumnNames(InteractionColumns());
  EXPECT_EQ(names.front(), "source_system");
  EXPECT_EQ(names.back(), "language");
  EXPECT_THAT(names, ::testing::Contains("recording_duration_seconds"));
  EXPECT_THAT(names, ::testing::Contains("transcript_retain_until"));
  EXPECT_THAT(names, ::testing::Contains("after_contact_seconds"));
  EXPECT_EQ(names.size(), 35u);
}

TEST(InteractionColumnsTest, RowRoundTripsThroughTheLayout) {
  const Interaction original = FullInteraction();
  const std::vector<std::string> row = InteractionToRow(original);
  absl::StatusOr<CsvLayout> layout =
      CsvLayout::Bind(InteractionColumns(), ColumnNames(InteractionColumns()));
  ASSERT_TRUE(layout.ok()) << layout.status();
  Interaction parsed;
  EXPECT_THAT(layout->Fill(row, 2, &parsed), IsEmpty());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(original, parsed))
      << original.DebugString() << "\nvs\n"
      << parsed.DebugString();
}

TEST(InteractionColumnsTest, RowUsesShortEnumsUtcTimesAndDecimalSeconds) {
  const std::vector<std::string> row = InteractionToRow(FullInteraction());
  const std::vector<std::string> names = ColumnNames(InteractionColumns());
  auto cell = [&](const std::string& name) {
    return row[std::find(names.begin(), names.end(), name) - names.begin()];
  };
  EXPECT_EQ(cell("channel"), "web-form");
  EXPECT_EQ(cell("start_time"), "2026-11-01T09:15:00.250Z");
  EXPECT_EQ(cell("hold_seconds"), "0.5");
  EXPECT_EQ(cell("ces"), "");
  EXPECT_EQ(cell("nps"), "0");
  EXPECT_EQ(cell("tags"), "vip;refund");
  EXPECT_EQ(cell("transcript_uri"), "");
}

TEST(InteractionColumnsTest, EmptyMediaCellsLeaveNoMediaReference) {
  std::vector<std::string> header = kRequiredHeader;
  header.insert(header.end(), {"transcript_uri", "transcript_size_bytes"});
  absl::StatusOr<CsvLayout> layout = CsvLayout::Bind(InteractionColumns(), header);
  ASSERT_TRUE(layout.ok());
  Interaction parsed;
  EXPECT_THAT(
      layout->Fill({"phone", "inbound", "low", "e1", "2026-11-01T09:15:00Z", "", ""}, 2, &parsed),
      IsEmpty());
  EXPECT_FALSE(parsed.has_transcript());
}

TEST(InteractionColumnsTest, MissingRequiredColumnIsFatalAndNamed) {
  absl::StatusOr<CsvLayout> layout =
      CsvLayout::Bind(InteractionColumns(), {"channel", "direction", "priority", "start_time"});
  ASSERT_FALSE(layout.ok());
  EXPECT_THAT(layout.status().message(), HasSubstr("agent_employee_id"));
}

TEST(InteractionColumnsTest, UnknownColumnIsFatalAndNamed) {
  std::vector<std::string> header = kRequiredHeader;
  header.push_back("talk_time");
  absl::StatusOr<CsvLayout> layout = CsvLayout::Bind(InteractionColumns(), header);
  ASSERT_FALSE(layout.ok());
  EXPECT_THAT(layout.status().message(), HasSubstr("unknown column 'talk_time'"));
}

TEST(InteractionColumnsTest, DuplicateColumnIsFatalAndNamed) {
  std::vector<std::string> header = kRequiredHeader;
  header.push_back("channel");
  absl::StatusOr<CsvLayout> layout = CsvLayout::Bind(InteractionColumns(), header);
  ASSERT_FALSE(layout.ok());
  EXPECT_THAT(layout.status().message(), HasSubstr("'channel' appears twice"));
}

TEST(InteractionColumnsTest, HeaderNamesMayBePaddedAndInAnyOrder) {
  absl::StatusOr<CsvLayout> layout =
      CsvLayout::Bind(InteractionColumns(),
                      {" start_time", "agent_employee_id ", "priority", "direction", "channel"});
  ASSERT_TRUE(layout.ok()) << layout.status();
  Interaction parsed;
  EXPECT_THAT(layout->Fill({"2026-11-01T09:15:00Z", "e1", "high", "outbound", "chat"}, 2, &parsed),
              IsEmpty());
  EXPECT_EQ(parsed.channel(), escala::v1::CHANNEL_CHAT);
  EXPECT_EQ(parsed.agent_employee_id(), "e1");
}

TEST(InteractionColumnsTest, BadCellsAreReportedPerColumnWithTheLine) {
  std::vector<std::string> header = kRequiredHeader;
  header.push_back("csat");
  absl::StatusOr<CsvLayout> layout = CsvLayout::Bind(InteractionColumns(), header);
  ASSERT_TRUE(layout.ok());
  Interaction parsed;
  std::vector<FieldProblem> problems =
      layout->Fill({"fax", "inbound", "high", "e1", "2026-11-01 9am", "great"}, 7, &parsed);
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].line, 7);
  EXPECT_EQ(problems[0].field, "channel");
  EXPECT_THAT(problems[0].reason, HasSubstr("'fax'"));
  EXPECT_EQ(problems[1].field, "start_time");
  EXPECT_EQ(problems[2].field, "csat");
  EXPECT_EQ(FormatProblem(problems[1]).rfind("line 7: start_time: ", 0), 0u);
}

TEST(InteractionColumnsTest, WrongNumberOfFieldsIsOneProblem) {
  absl::StatusOr<CsvLayout> layout = CsvLayout::Bind(InteractionColumns(), kRequiredHeader);
  ASSERT_TRUE(layout.ok());
  Interaction parsed;
  std::vector<FieldProblem> problems = layout->Fill({"phone", "inbound"}, 3, &parsed);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0].reason, HasSubstr("expected 5 fields"));
  EXPECT_THAT(problems[0].reason, HasSubstr("found 2"));
}

TEST(InteractionColumnsTest, NegativeDurationIsLeftForTheServerToJudge) {
  std::vector<std::string> header = kRequiredHeader;
  header.push_back("talk_seconds");
  absl::StatusOr<CsvLayout> layout = CsvLayout::Bind(InteractionColumns(), header);
  ASSERT_TRUE(layout.ok());
  Interaction parsed;
  EXPECT_THAT(
      layout->Fill({"phone", "inbound", "high", "e1", "2026-11-01T09:15:00Z", "-30"}, 2, &parsed),
      IsEmpty());
  EXPECT_EQ(parsed.talk_duration().seconds(), -30);
}

TEST(InteractionColumnsTest, MaskPathOfMediaColumnIsTheWholeReference) {
  EXPECT_EQ(InteractionMaskPath("recording.sha256"), "recording");
  EXPECT_EQ(InteractionMaskPath("talk_duration"), "talk_duration");
}

}  // namespace
}  // namespace escala::client
