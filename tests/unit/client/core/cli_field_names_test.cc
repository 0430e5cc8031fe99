#include "client/core/cli_field_names.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "client/core/command.h"
#include "client/directory/person_columns.h"
#include "client/interactions/interaction_columns.h"
#include "escala/v1/interactions.pb.h"

namespace escala::client {
namespace {

TEST(CliFieldNamesTest, ImportColumnsNameTheFieldsTheServerReports) {
  CliFieldNames names;
  names.AddColumns(InteractionColumns());
  EXPECT_EQ(names.Find("talk_duration"), "talk_seconds");
  EXPECT_EQ(names.Find("interaction.talk_duration"), "talk_seconds");
  EXPECT_EQ(names.Find("recording.uri"), "recording_uri");
  EXPECT_EQ(names.Find("interaction.recording.sha256"), "recording_sha256");
  EXPECT_EQ(names.Find("no_such_field"), std::nullopt);
}

TEST(CliFieldNamesTest, FlagsAreNamedWithTheirDashesAndIndexesAreIgnored) {
  CliFieldNames names;
  names.AddFlags(ColumnFlags(InteractionColumns(), *v1::Interaction::descriptor()));
  EXPECT_EQ(names.Find("interaction.talk_duration"), "--talk-seconds");
  // A short alias is the flag's name.
  EXPECT_EQ(names.Find("interaction.agent_employee_id"), "--agent");
  CliFieldNames people;
  people.AddColumns(PersonColumns());
  EXPECT_EQ(people.Find("people[3].hire_date"), "hire_date");
}

TEST(CliFieldNamesTest, RewritesFieldPathsInAServerMessage) {
  CliFieldNames names;
  names.Add("period_start", "--from");
  names.Add("period_end", "--until");
  names.AddColumns(InteractionColumns());
  EXPECT_EQ(names.Rewrite("period_end: must be after period_start"),
            "--until: must be after --from");
  EXPECT_EQ(names.Rewrite("interaction.talk_duration: must not be negative."),
            "talk_seconds: must not be negative.");
  EXPECT_EQ(names.Rewrite("wait... period_start."), "wait... --from.");
  // A field name in prose without '_' stays a word; before ':' it is the field at fault.
  EXPECT_EQ(names.Rewrite("queue: too long; the queue is the routing queue"),
            "queue: too long; the queue is the routing queue");
  // Quoted text is the user's value, not a field.
  EXPECT_EQ(names.Rewrite("no team 'period_start'"), "no team 'period_start'");
  // Unknown paths and an empty table leave the message alone.
  EXPECT_EQ(names.Rewrite("scorecard_id: unknown"), "scorecard_id: unknown");
  EXPECT_EQ(CliFieldNames().Rewrite("period_start: x"), "period_start: x");
}

}  // namespace
}  // namespace escala::client
