#include "tests/integration/records.h"

#include <google/protobuf/util/message_differencer.h>

#include "db/audit/soci_audit_repository.h"
#include "db/common/proto_time.h"

namespace escala::testing {

absl::Time TestNow(int64_t offset_ms) {
  return absl::FromUnixMillis(1'700'000'000'123 + offset_ms);
}

v1::Team MakeTeam(const std::string& team_id, const std::string& display_name) {
  v1::Team team;
  team.set_team_id(team_id);
  team.set_display_name(display_name);
  return team;
}

v1::Person MakePerson(const std::string& employee_id, const std::string& team_id, v1::Role role,
                      int level, bool active) {
  v1::Person person;
  person.set_employee_id(employee_id);
  person.set_display_name("Person " + employee_id);
  person.set_email(employee_id + "@example.com");
  person.set_role(role);
  person.set_level(level);
  person.set_team_id(team_id);
  person.set_hire_date("2021-03-15");
  person.set_active(active);
  return person;
}

v1::Interaction MakeInteraction(const std::string& agent_employee_id, int64_t start_ms) {
  v1::Interaction interaction;
  interaction.set_channel(v1::CHANNEL_CHAT);
  interaction.set_direction(v1::DIRECTION_INBOUND);
  interaction.set_queue("general");
  interaction.set_priority(v1::PRIORITY_MEDIUM);
  interaction.set_agent_employee_id(agent_employee_id);
  *interaction.mutable_start_time() = db::MillisToTimestamp(start_ms);
  interaction.set_language("en");
  return interaction;
}

namespace {

void FillMedia(v1::MediaReference& media, const std::string& uri, const std::string& format,
               int64_t duration_ms, int64_t size_bytes, char sha_digit, int64_t retain_until_ms) {
  media.set_uri(uri);
  media.set_format(format);
  *media.mutable_duration() = db::MillisToDuration(duration_ms);
  media.set_size_bytes(size_bytes);
  media.set_sha256(std::string(64, sha_digit));
  *media.mutable_retain_until() = db::MillisToTimestamp(retain_until_ms);
}

}  // namespace

v1::Interaction MakeFullInteraction(const std::string& agent_employee_id, int64_t start_ms,
                                    const std::string& source_id) {
  v1::Interaction interaction;
  interaction.set_source_system("crm-east");
  interaction.set_source_id(source_id);
  interaction.set_channel(v1::CHANNEL_PHONE);
  interaction.set_direction(v1::DIRECTION_OUTBOUND);
  interaction.set_queue("billing-tier2");
  interaction.set_priority(v1::PRIORITY_URGENT);
  interaction.set_agent_employee_id(agent_employee_id);
  *interaction.mutable_start_time() = db::MillisToTimestamp(start_ms);
  *interaction.mutable_first_response_time() = db::MillisToTimestamp(start_ms + 1'001);
  *interaction.mutable_answer_time() = db::MillisToTimestamp(start_ms + 2'002);
  *interaction.mutable_end_time() = db::MillisToTimestamp(start_ms + 603'003);
  *interaction.mutable_resolve_time() = db::MillisToTimestamp(start_ms + 86'400'004);
  *interaction.mutable_talk_duration() = db::MillisToDuration(540'321);
  *interaction.mutable_hold_duration() = db::MillisToDuration(60'009);
  *interaction.mutable_after_contact_duration() = db::MillisToDuration(90'001);
  interaction.set_first_contact_resolution(true);
  interaction.set_escalated(true);
  interaction.set_escalated_to_level(3);
  interaction.set_csat(4);
  interaction.set_nps(0);  // a real answer, distinct from "not asked"
  interaction.set_ces(7);
  FillMedia(*interaction.mutable_recording(), "s3://recordings/2023/11/" + source_id + ".opus",
            "audio/opus", 603'003, 4'812'345'678, 'a', start_ms + 31'536'000'005);
  FillMedia(*interaction.mutable_transcript(), "s3://transcripts/2023/11/" + source_id + ".json",
            "application/json", 602'999, 98'765, 'f', start_ms + 63'072'000'006);
  interaction.add_tags("refund");
  interaction.add_tags("vip");
  interaction.add_tags("follow-up");
  interaction.set_language("de-CH");
  return interaction;
}

v1::Interaction WithoutOutputFields(v1::Interaction interaction) {
  interaction.clear_id();
  interaction.clear_create_time();
  interaction.clear_update_time();
  interaction.clear_etag();
  return interaction;
}

v1::Person WithoutOutputFields(v1::Person person) {
  person.clear_create_time();
  person.clear_update_time();
  person.clear_etag();
  return person;
}

v1::Team WithoutOutputFields(v1::Team team) {
  team.clear_create_time();
  team.clear_update_time();
  team.clear_etag();
  return team;
}

std::string ProtoDiff(const google::protobuf::Message& expected,
                      const google::protobuf::Message& actual) {
  std::string report;
  google::protobuf::util::MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&report);
  if (differencer.Compare(expected, actual)) return "";
  return report;
}

db::AuditStamp TestStamp(const std::string& method, const std::string& request_id) {
  return db::AuditStamp{"serviceAccounts/contract-test", v1::ROLE_ADMINISTRATOR, method,
                        request_id};
}

absl::StatusOr<AuditTail> AuditTail::Start(db::SessionPool& pool) {
  db::SociAuditRepository audit(pool);
  absl::StatusOr<std::vector<v1::AuditEvent>> newest = audit.List({}, std::nullopt, 1);
  if (!newest.ok()) return newest.status();
  return AuditTail(pool, newest->empty() ? 0 : newest->front().id());
}

absl::StatusOr<std::vector<v1::AuditEvent>> AuditTail::Next() {
  db::SociAuditRepository audit(*pool_);
  db::AuditFilter oldest_first;
  oldest_first.oldest_first = true;
  std::vector<v1::AuditEvent> events;
  for (;;) {
    absl::StatusOr<std::vector<v1::AuditEvent>> page = audit.List(oldest_first, last_id_, 1000);
    if (!page.ok()) return page.status();
    if (page->empty()) return events;
    last_id_ = page->back().id();
    for (v1::AuditEvent& event : *page) events.push_back(std::move(event));
  }
}

v1::AuditEvent ExpectedAuditEvent(const db::AuditStamp& stamp, const std::string& resource_type,
                                  const std::string& resource_name, const std::string& before_json,
                                  const std::string& after_json, absl::Time now) {
  v1::AuditEvent event;
  *event.mutable_event_time() = db::MillisToTimestamp(absl::ToUnixMillis(now));
  event.set_principal(stamp.principal);
  event.set_principal_role(static_cast<v1::Role>(stamp.principal_role));
  event.set_method(stamp.method);
  event.set_resource_type(resource_type);
  event.set_resource_name(resource_name);
  event.set_request_id(stamp.request_id);
  event.set_before_json(before_json);
  event.set_after_json(after_json);
  return event;
}

v1::AuditEvent WithoutId(v1::AuditEvent event) {
  event.clear_id();
  return event;
}

const std::vector<std::string>& HostileStrings() {
  static const std::vector<std::string> kStrings = {
      "O'Brien",
      "say \"hello\", then leave",
      "back\\slash and trailing\\",
      "100% _under_score LIKE '%_'",
      "'; DROP TABLE people; --",
      ":p0 ? $1 @x :name",
      "Zoë Łukasiewicz – 東京 – Ελληνικά",
      "emoji 😀🎧 and 𝄞 clef",
      "tab\tnew\nline",
      "  leading and trailing spaces  ",
  };
  return kStrings;
}

}  // namespace escala::testing
