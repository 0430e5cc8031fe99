#include "db/common/audit_diff.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <string>

#include "escala/v1/evaluations.pb.h"
#include "escala/v1/identity.pb.h"
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

// `active` has presence: false is a value the person was given, not a cleared field.
TEST(DiffForAudit, FieldClearedToItsDefaultBecomesNull) {
  const v1::Person before = StoredPerson();
  v1::Person after = before;
  after.clear_team_id();
  after.set_active(false);
  const ChangedFields changed = DiffForAudit(&before, after);
  EXPECT_EQ(changed.before_json, R"({"team_id":"blue","active":true})");
  EXPECT_EQ(changed.after_json, R"({"team_id":null,"active":false})");
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

// An interaction with every kind of field set, including the awkward cases of the proto3 JSON
// mapping: int64 beyond double precision, fractions of 0/3/6/9 digits, negative times and
// durations, an empty nested message, a false bool (unset in proto3) and a zero with presence.
v1::Interaction FullInteraction() {
  v1::Interaction interaction;
  interaction.set_id(9007199254740993);
  interaction.set_source_system("genesys");
  interaction.set_source_id("q\"b\\s/\n\t\r\b\f\x01\x1f\x7f<>&' é 日本 😀");
  interaction.set_channel(v1::CHANNEL_CHAT);
  interaction.set_direction(v1::DIRECTION_OUTBOUND);
  interaction.set_queue("billing-es");
  interaction.set_priority(v1::PRIORITY_HIGH);
  interaction.set_agent_employee_id("E1001");
  interaction.mutable_start_time()->set_seconds(1767323045);
  interaction.mutable_first_response_time()->set_seconds(1767323046);
  interaction.mutable_first_response_time()->set_nanos(500000000);
  interaction.mutable_answer_time()->set_seconds(1767323047);
  interaction.mutable_answer_time()->set_nanos(123456000);
  interaction.mutable_end_time()->set_seconds(1767323048);
  interaction.mutable_end_time()->set_nanos(1);
  interaction.mutable_resolve_time()->set_seconds(-1);
  interaction.mutable_talk_duration()->set_seconds(1);
  interaction.mutable_talk_duration()->set_nanos(500000000);
  interaction.mutable_hold_duration()->set_seconds(30);
  interaction.mutable_after_contact_duration()->set_nanos(-250000);
  interaction.set_first_contact_resolution(false);
  interaction.set_escalated(true);
  interaction.set_escalated_to_level(2);
  interaction.set_csat(5);
  interaction.set_nps(0);
  v1::MediaReference& recording = *interaction.mutable_recording();
  recording.set_uri("s3://calls/42.opus");
  recording.set_format("audio/ogg");
  recording.mutable_duration()->set_seconds(-90);
  recording.mutable_duration()->set_nanos(-7);
  recording.set_size_bytes(-5);
  recording.set_sha256(std::string(64, 'a'));
  recording.mutable_retain_until()->set_seconds(253402300799);
  recording.mutable_retain_until()->set_nanos(999999999);
  interaction.mutable_transcript();
  interaction.add_tags("billing");
  interaction.add_tags("");
  interaction.add_tags("a/b:c");
  interaction.set_language("es");
  interaction.mutable_create_time()->set_seconds(1767323049);
  interaction.mutable_update_time()->set_seconds(1767323050);
  interaction.set_etag("7");
  return interaction;
}

constexpr char kFullInteractionJson[] =
    R"({"id":"9007199254740993","source_system":"genesys",)"
    R"("source_id":"q\"b\\s/\n\t\r\b\f\u0001\u001f\u007f\u003c\u003e&' é 日本 😀",)"
    R"("channel":"CHANNEL_CHAT","direction":"DIRECTION_OUTBOUND","queue":"billing-es",)"
    R"("priority":"PRIORITY_HIGH","agent_employee_id":"E1001",)"
    R"("start_time":"2026-01-02T03:04:05Z","first_response_time":"2026-01-02T03:04:06.500Z",)"
    R"("answer_time":"2026-01-02T03:04:07.123456Z",)"
    R"("end_time":"2026-01-02T03:04:08.000000001Z","resolve_time":"1969-12-31T23:59:59Z",)"
    R"("talk_duration":"1.500s","hold_duration":"30s","after_contact_duration":"-0.000250s",)"
    R"("escalated":true,"escalated_to_level":2,"csat":5,"nps":0,)"
    R"("recording":{"uri":"s3://calls/42.opus","format":"audio/ogg",)"
    R"("duration":"-90.000000007s","size_bytes":"-5",)"
    R"("sha256":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",)"
    R"("retain_until":"9999-12-31T23:59:59.999999999Z"},"transcript":{},)"
    R"("tags":["billing","","a/b:c"],"language":"es"})";

TEST(DiffForAudit, CreateOfAFullInteractionPrintsEveryFieldKind) {
  const ChangedFields changed = DiffForAudit(nullptr, FullInteraction());
  EXPECT_EQ(changed.before_json, "");
  EXPECT_EQ(changed.after_json, kFullInteractionJson);
}

TEST(DiffForAudit, UpdateFromEmptyToFullShowsEveryFieldAsNullBefore) {
  const v1::Interaction before;
  const ChangedFields changed = DiffForAudit(&before, FullInteraction());
  EXPECT_EQ(changed.after_json, kFullInteractionJson);
  EXPECT_EQ(changed.before_json,
            R"({"id":null,"source_system":null,"source_id":null,"channel":null,)"
            R"("direction":null,"queue":null,"priority":null,"agent_employee_id":null,)"
            R"("start_time":null,"first_response_time":null,"answer_time":null,)"
            R"("end_time":null,"resolve_time":null,"talk_duration":null,"hold_duration":null,)"
            R"("after_contact_duration":null,"escalated":null,"escalated_to_level":null,)"
            R"("csat":null,"nps":null,"recording":null,"transcript":null,"tags":null,)"
            R"("language":null})");
}

TEST(DiffForAudit, UpdateOfManyFieldKindsShowsOnlyTheChangedOnes) {
  const v1::Interaction before = FullInteraction();
  v1::Interaction after = before;
  after.mutable_answer_time()->set_nanos(0);
  after.mutable_talk_duration()->set_nanos(0);
  after.set_escalated(false);
  after.clear_csat();
  after.set_first_contact_resolution(true);
  after.clear_transcript();
  after.mutable_recording()->clear_duration();
  after.set_tags(1, "x");
  after.set_priority(v1::PRIORITY_UNSPECIFIED);
  after.mutable_update_time()->set_seconds(1);
  const ChangedFields changed = DiffForAudit(&before, after);
  EXPECT_EQ(changed.before_json,
            R"({"priority":"PRIORITY_HIGH","answer_time":"2026-01-02T03:04:07.123456Z",)"
            R"("talk_duration":"1.500s","first_contact_resolution":null,"escalated":true,)"
            R"("csat":5,"recording":{"uri":"s3://calls/42.opus","format":"audio/ogg",)"
            R"("duration":"-90.000000007s","size_bytes":"-5",)"
            R"("sha256":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",)"
            R"("retain_until":"9999-12-31T23:59:59.999999999Z"},"transcript":{},)"
            R"("tags":["billing","","a/b:c"]})");
  EXPECT_EQ(changed.after_json,
            R"({"priority":null,"answer_time":"2026-01-02T03:04:07Z",)"
            R"("talk_duration":"1s","first_contact_resolution":true,"escalated":null,)"
            R"("csat":null,"recording":{"uri":"s3://calls/42.opus","format":"audio/ogg",)"
            R"("size_bytes":"-5",)"
            R"("sha256":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",)"
            R"("retain_until":"9999-12-31T23:59:59.999999999Z"},"transcript":null,)"
            R"("tags":["billing","x","a/b:c"]})");
}

TEST(DiffForAudit, EnumValueWithoutANameIsPrintedAsItsNumber) {
  v1::Interaction interaction;
  interaction.set_channel(static_cast<v1::Channel>(99));
  EXPECT_EQ(DiffForAudit(nullptr, interaction).after_json, R"({"channel":99})");
}

TEST(DiffForAudit, TimesAndDurationsOutsideTheJsonRangeReadAsUnset) {
  v1::Interaction interaction;
  interaction.mutable_start_time()->set_seconds(-62135596801);
  interaction.mutable_answer_time()->set_seconds(-62135596800);
  interaction.mutable_resolve_time()->set_nanos(1000000000);
  interaction.mutable_end_time()->set_nanos(-1);
  interaction.mutable_talk_duration()->set_seconds(-3);
  interaction.mutable_talk_duration()->set_nanos(-500);
  // Mixed signs with positive seconds are not rejected; the nanos print as unsigned.
  interaction.mutable_hold_duration()->set_seconds(1);
  interaction.mutable_hold_duration()->set_nanos(-5);
  interaction.mutable_after_contact_duration()->set_seconds(-1);
  interaction.mutable_after_contact_duration()->set_nanos(5);
  interaction.mutable_recording()->mutable_duration()->set_seconds(315576000001);
  interaction.mutable_transcript()->mutable_duration()->set_seconds(315576000000);
  interaction.mutable_transcript()->mutable_duration()->set_nanos(999999999);
  EXPECT_EQ(DiffForAudit(nullptr, interaction).after_json,
            R"({"answer_time":"0001-01-01T00:00:00Z","talk_duration":"-3.000000500s",)"
            R"("hold_duration":"1.294967291s",)"
            R"("transcript":{"duration":"315576000000.999999999s"}})");
}

TEST(DiffForAudit, InvalidTimeOnBothSidesIsNoChange) {
  v1::Interaction before;
  before.mutable_start_time()->set_seconds(-62135596801);
  v1::Interaction after;
  after.mutable_start_time()->set_seconds(-62135596802);
  EXPECT_TRUE(DiffForAudit(&before, after).empty());
}

TEST(DiffForAudit, TextEscapingFollowsTheProtobufJsonPrinter) {
  v1::Team team;
  // Overlong, surrogate, out-of-range and cut-off UTF-8 sequences are dropped together with the
  // byte that showed them to be invalid; some invisible code points are escaped.
  constexpr char kTeamId[] =
      "\xC3"
      "A|\xC0\x80|\xC1\x81|\xED\xA0\x80|\xF4\x90\x80\x80|\xC2\x80\xC2\x9f\xC2\xA0|"
      "\xE2\x80\x8B|\xF0\x9D\x85\xB3|\xE2\x80\xA8\xC2\xAD\xEF\xBB\xBF\xF3\xA0\x80\x81|\x00|"
      "\xE0\x80";
  team.set_team_id(std::string(kTeamId, sizeof(kTeamId) - 1));
  team.set_display_name(
      "\xE2\x80"
      "B\xFF\xFE ok \xC3");
  EXPECT_EQ(DiffForAudit(nullptr, team).after_json,
            "{\"team_id\":\"|\\u0000|\xC1\x81|||\\u0080\\u009f\xC2\xA0|\\u200b|\\ud834\\udd73|"
            "\\u2028\\u00ad\\ufeff\\udb40\\udc01|\\u0000|\",\"display_name\":\" ok \"}");
}

TEST(DiffForAudit, FieldMaskPrintsAsCamelCasePaths) {
  v1::UpdatePersonRequest request;
  request.mutable_person()->set_level(3);
  request.mutable_update_mask()->add_paths("display_name");
  request.mutable_update_mask()->add_paths("team_id");
  EXPECT_EQ(DiffForAudit(nullptr, request).after_json,
            R"({"person":{"level":3},"update_mask":"displayName,teamId"})");
}

TEST(DiffForAudit, ServiceAccountCreateAndUpdate) {
  v1::ServiceAccount before;
  before.set_account_id("hr-sync");
  before.set_display_name("HR sync");
  before.set_role(v1::ROLE_HR_SYSTEM);
  before.set_client_certificate_cn("hr.example.com");
  before.set_active(true);
  before.mutable_create_time()->set_seconds(1767323045);
  before.mutable_update_time()->set_seconds(1767323045);
  before.set_etag("1");
  const ChangedFields created = DiffForAudit(nullptr, before);
  EXPECT_EQ(created.before_json, "");
  EXPECT_EQ(created.after_json,
            R"({"account_id":"hr-sync","display_name":"HR sync","role":"ROLE_HR_SYSTEM",)"
            R"("client_certificate_cn":"hr.example.com","active":true})");
  v1::ServiceAccount after = before;
  after.set_active(false);
  after.clear_client_certificate_cn();
  after.set_etag("2");
  const ChangedFields updated = DiffForAudit(&before, after);
  EXPECT_EQ(updated.before_json, R"({"client_certificate_cn":"hr.example.com","active":true})");
  EXPECT_EQ(updated.after_json, R"({"client_certificate_cn":null,"active":null})");
}

TEST(DiffForAudit, ApiTokenCreateAndRevoke) {
  v1::ApiToken before;
  before.set_token_id("tok_1");
  before.set_principal("serviceAccounts/hr-sync");
  before.set_description("nightly \"sync\"");
  before.mutable_expire_time()->set_seconds(1767323045);
  before.mutable_expire_time()->set_nanos(120000000);
  before.mutable_create_time()->set_seconds(1767323000);
  before.set_created_by("people/E1001");
  const ChangedFields created = DiffForAudit(nullptr, before);
  EXPECT_EQ(created.before_json, "");
  EXPECT_EQ(created.after_json,
            R"({"token_id":"tok_1","principal":"serviceAccounts/hr-sync",)"
            R"("description":"nightly \"sync\"","expire_time":"2026-01-02T03:04:05.120Z",)"
            R"("created_by":"people/E1001"})");
  v1::ApiToken after = before;
  after.mutable_revoke_time()->set_seconds(1767323100);
  after.mutable_last_use_time()->set_seconds(1767323060);
  const ChangedFields revoked = DiffForAudit(&before, after);
  EXPECT_EQ(revoked.before_json, R"({"last_use_time":null,"revoke_time":null})");
  EXPECT_EQ(revoked.after_json,
            R"({"last_use_time":"2026-01-02T03:04:20Z","revoke_time":"2026-01-02T03:05:00Z"})");
}

// Prints how long creating the record of a full interaction takes; run with
// --gtest_also_run_disabled_tests to measure a change to the printer.
TEST(DiffForAudit, DISABLED_TimeCreateOfAFullInteraction) {
  const v1::Interaction interaction = FullInteraction();
  constexpr int kCalls = 20000;
  size_t total_size = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kCalls; ++i)
    total_size += DiffForAudit(nullptr, interaction).after_json.size();
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  std::cout << kCalls << " calls in " << elapsed.count() << " s (" << kCalls / elapsed.count()
            << " calls/s, " << total_size << " bytes)\n";
}

}  // namespace
}  // namespace escala::db

namespace escala::db {
namespace {

// An evaluation's stored detail is written with PrintJson and read with protobuf's parser: every
// kind of field it holds must come back unchanged.
TEST(PrintJson, AnEvaluationDetailReadsBackUnchanged) {
  v1::Evaluation detail;
  v1::CriterionAnswer* answer = detail.add_answers();
  answer->set_criterion_key("greeting");
  answer->set_value(0);
  answer->set_comment("Said \"hi\" — then\nwaited; emoji \xF0\x9F\x98\x80");
  detail.add_answers()->set_not_applicable(true);
  detail.set_overall_comment("Good");
  v1::SectionResult* section = detail.add_sections();
  section->set_section_key("opening");
  section->set_score(87.49999999999999);
  detail.add_sections()->set_section_key("closing");  // all N/A: no score
  detail.add_failed_critical_keys("verify-identity");
  detail.set_zeroed_by_critical(true);
  v1::ContestedCriterion* item = detail.mutable_dispute()->add_items();
  item->set_criterion_key("greeting");
  item->set_reason("I did greet");
  item->set_outcome(v1::DISPUTE_OUTCOME_PARTLY_ACCEPTED);
  item->set_adjusted_value(3);
  item->set_original_value(0);
  detail.mutable_dispute()->mutable_open_time()->set_seconds(1'764'000'000);
  detail.mutable_dispute()->mutable_open_time()->set_nanos(123'000'000);
  detail.mutable_dispute()->set_score_before(0);

  std::optional<std::string> json = PrintJson(detail);
  ASSERT_TRUE(json.has_value());
  v1::Evaluation read;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(*json, &read).ok()) << *json;
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(detail, read))
      << *json << "\n"
      << read.DebugString();
}

}  // namespace
}  // namespace escala::db
