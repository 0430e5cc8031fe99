#include "client/core/output.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "client/core/csv_reader.h"
#include "client/directory/person_columns.h"
#include "client/interactions/interaction_columns.h"
#include "escala/v1/interactions.pb.h"
#include "escala/v1/people.pb.h"

namespace escala::client {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

escala::v1::ListInteractionsResponse TwoInteractions() {
  escala::v1::ListInteractionsResponse response;
  for (int i = 1; i <= 2; ++i) {
    escala::v1::Interaction* interaction = response.add_interactions();
    interaction->set_id(i);
    interaction->set_source_id("s," + std::to_string(i));
    interaction->set_agent_employee_id("e1");
    interaction->set_channel(escala::v1::CHANNEL_EMAIL);
    interaction->mutable_start_time()->set_seconds(1793524500);
  }
  response.set_next_page_token("tok");
  return response;
}

TEST(OutputTest, ParsesOutputFormats) {
  EXPECT_EQ(*ParseOutputFormat("json"), OutputFormat::kJson);
  EXPECT_EQ(*ParseOutputFormat("csv"), OutputFormat::kCsv);
  EXPECT_EQ(*ParseOutputFormat("table"), OutputFormat::kTable);
  EXPECT_FALSE(ParseOutputFormat("yaml").ok());
}

TEST(OutputTest, JsonUsesLowerCamelCaseNamesOfTheWholeResponse) {
  const escala::v1::ListInteractionsResponse response = TwoInteractions();
  const std::string json = RenderList(
      OutputFormat::kJson, response, AsMessages(response.interactions()), InteractionColumns(),
      [] { return Table{}; }, 80);
  EXPECT_THAT(json, HasSubstr("\"agentEmployeeId\""));
  EXPECT_THAT(json, HasSubstr("\"nextPageToken\""));
  EXPECT_THAT(json, HasSubstr("\"CHANNEL_EMAIL\""));
  EXPECT_THAT(json, Not(HasSubstr("agent_employee_id")));
  EXPECT_THAT(json, HasSubstr("\n"));
}

TEST(OutputTest, CsvHasExactlyTheImportColumnsAndOneRowPerItem) {
  const escala::v1::ListInteractionsResponse response = TwoInteractions();
  std::istringstream in(RenderList(
      OutputFormat::kCsv, response, AsMessages(response.interactions()), InteractionColumns(),
      [] { return Table{}; }, 80));
  CsvReader reader(in);
  CsvRecord record;
  ASSERT_TRUE(reader.Next(&record));
  EXPECT_EQ(record.fields, ColumnNames(InteractionColumns()));
  ASSERT_TRUE(reader.Next(&record));
  EXPECT_EQ(record.fields[1], "s,1");
  ASSERT_TRUE(reader.Next(&record));
  EXPECT_EQ(record.fields[1], "s,2");
  EXPECT_FALSE(reader.Next(&record));
}

TEST(OutputTest, TableIsTheOneTheCommandBuilds) {
  const escala::v1::ListInteractionsResponse response = TwoInteractions();
  const std::string text = RenderList(
      OutputFormat::kTable, response, AsMessages(response.interactions()), InteractionColumns(),
      [] {
        return Table{{"ONLY"}, {{"row"}}};
      },
      80);
  EXPECT_EQ(text, "ONLY\nrow\n");
}

TEST(OutputTest, ResourceTableShowsTheFieldsThatAreSetIncludingOutputOnlyOnes) {
  escala::v1::Person person;
  person.set_employee_id("e1");
  person.set_role(escala::v1::ROLE_TEAM_LEAD);
  person.set_etag("abc");
  const std::string text =
      RenderResource(OutputFormat::kTable, person, PersonColumns(), PersonDetailColumns(), 80);
  EXPECT_EQ(text, "employee_id  e1\nrole         team-lead\nlevel        0\netag         abc\n");
}

TEST(OutputTest, ResourceCsvIsHeaderAndOneRow) {
  escala::v1::Team team;
  team.set_team_id("t1");
  team.set_display_name("Billing");
  EXPECT_EQ(RenderResource(OutputFormat::kCsv, team, TeamColumns(), TeamDetailColumns(), 80),
            "team_id,display_name,lead_employee_id\nt1,Billing,\n");
}

}  // namespace
}  // namespace escala::client
