#include "db/audit_diff.h"

#include <gtest/gtest.h>

#include "escala/v1/interactions.pb.h"
#include "escala/v1/people.pb.h"

namespace escala::db {
namespace {

v1::Person StoredPerson() {
  v1::Person person;
  person.set_employee_id("E1001");
  person.set_display_name("Ana Ruiz");
  person.set_role(v1::ROLE_AGENT);
  person.set_level(1);
  person.set_team_id("blue");
  person.set_active(true);
  person.mutable_create_time()->set_seconds(1700000000);
  person.mutable_update_time()->set_seconds(1700000500);
  person.set_etag("3");
  return person;
}

TEST(DiffForAudit, CreateListsEverySetFieldWithoutBookkeeping) {
  const ChangedFields changed = DiffForAudit(nullptr, StoredPerson());
  EXPECT_EQ(changed.before_json, "");
  EXPECT_EQ(changed.after_json,
            R"({"employee_id":"E1001","display_name":"Ana Ruiz","role":"ROLE_AGENT",)"
            R"("level":1,"team_id":"blue","active":true})");
  EXPECT_FALSE(changed.empty());
}

TEST(DiffForAudit, CreateOfAnEmptyMessageIsAnEmptyObject) {
  const ChangedFields changed = DiffForAudit(nullptr, v1::Team());
  EXPECT_EQ(changed.before_json, "");
  EXPECT_EQ(changed.after_json, "{}");
}

TEST(DiffForAudit, UpdateOfOneFieldShowsOnlyThatField) {
  const v1::Person before = StoredPerson();
  v1::Person after = before;
  after.set_level(2);
  const ChangedFields changed = DiffForAudit(&before, after);
  EXPECT_EQ(changed.before_json, R"({"level":1})");
  EXPECT_EQ(changed.after_json, R"({"level":2})");
}

TEST(DiffForAudit, UpdateOfSeveralFieldsKeepsDeclarationOrder) {
  const v1::Person before = StoredPerson();
  v1::Person after = before;
  after.set_team_id("green");
  after.set_role(v1::ROLE_SPECIALIST);
  after.set_email("ana@example.com");
  const ChangedFields changed = DiffForAudit(&before, after);
  EXPECT_EQ(changed.before_json, R"({"email":null,"role":"ROLE_AGENT","team_id":"blue"})");
  EXPECT_EQ(changed.after_json,
            R"({"email":"ana@example.com","role":"ROLE_SPECIALIST","team_id":"green"})");
}

TEST(DiffForAudit, FieldClearedToItsDefaultBecomesNull) {
  const v1::Person before = StoredPerson();
  v1::Person after = before;
  after.clear_team_id();
  after.set_active(false);
  const ChangedFields changed = DiffForAudit(&before, after);
  EXPECT_EQ(changed.before_json, R"({"team_id":"blue","active":true})");
  EXPECT_EQ(changed.after_json, R"({"team_id":null,"active":null})");
}

TEST(DiffForAudit, BookkeepingChangesAloneAreNoChange) {
  const v1::Person before = StoredPerson();
  v1::Person after = before;
  after.mutable_update_time()->set_seconds(1800000000);
  after.set_etag("4");
  const ChangedFields changed = DiffForAudit(&before, after);
  EXPECT_TRUE(changed.empty());
  EXPECT_EQ(changed.before_json, "{}");
  EXPECT_EQ(changed.after_json, "{}");
}

TEST(DiffForAudit, IdenticalMessagesAreNoChange) {
  const v1::Person person = StoredPerson();
  EXPECT_TRUE(DiffForAudit(&person, person).empty());
}

v1::Interaction StoredInteraction() {
  v1::Interaction interaction;
  interaction.set_id(42);
  interaction.set_channel(v1::CHANNEL_PHONE);
  interaction.set_agent_employee_id("E1001");
  interaction.add_tags("billing");
  interaction.mutable_recording()->set_uri("s3://calls/42.opus");
  interaction.mutable_recording()->set_size_bytes(1000);
  interaction.set_etag("1");
  return interaction;
}

TEST(DiffForAudit, RepeatedFieldIsComparedAndShownWhole) {
  const v1::Interaction before = StoredInteraction();
  v1::Interaction after = before;
  after.add_tags("vip");
  const ChangedFields changed = DiffForAudit(&before, after);
  EXPECT_EQ(changed.before_json, R"({"tags":["billing"]})");
  EXPECT_EQ(changed.after_json, R"({"tags":["billing","vip"]})");
}

TEST(DiffForAudit, NestedMessageChangeShowsTheWholeTopLevelField) {
  const v1::Interaction before = StoredInteraction();
  v1::Interaction after = before;
  after.mutable_recording()->set_size_bytes(2048);
  after.mutable_recording()->mutable_duration()->set_seconds(90);
  const ChangedFields changed = DiffForAudit(&before, after);
  // int64 values are JSON strings in the proto3 JSON mapping.
  EXPECT_EQ(changed.before_json,
            R"({"recording":{"uri":"s3://calls/42.opus","size_bytes":"1000"}})");
  EXPECT_EQ(changed.after_json,
            R"({"recording":{"uri":"s3://calls/42.opus","duration":"90s","size_bytes":"2048"}})");
}

TEST(DiffForAudit, ExplicitPresenceFieldSetToZeroIsAChange) {
  const v1::Interaction before = StoredInteraction();
  v1::Interaction after = before;
  after.set_nps(0);
  const ChangedFields changed = DiffForAudit(&before, after);
  EXPECT_EQ(changed.before_json, R"({"nps":null})");
  EXPECT_EQ(changed.after_json, R"({"nps":0})");
}

TEST(DiffForAudit, TextIsEscapedAsJson) {
  v1::Team team;
  team.set_team_id("t1");
  team.set_display_name("Say \"hi\" \\ ñ");
  const ChangedFields changed = DiffForAudit(nullptr, team);
  EXPECT_EQ(changed.after_json, R"({"team_id":"t1","display_name":"Say \"hi\" \\ ñ"})");
}

}  // namespace
}  // namespace escala::db
