// Hostile input against the real escala-server: quotes, backslashes, SQL fragments, LIKE
// wildcards, multi-byte and 4-byte UTF-8 come back byte for byte from every free-text field; a
// NUL byte, an SQL-looking identifier, an order or resource type outside the allow-list and an
// unknown enum value are INVALID_ARGUMENT naming the field; and the size limits (message bytes,
// page size, batch size, import records, text length) are enforced with a message that says which.

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"
#include "escala/v1/assignments.grpc.pb.h"
#include "escala/v1/audit.grpc.pb.h"
#include "escala/v1/calibration.grpc.pb.h"
#include "escala/v1/evaluations.grpc.pb.h"
#include "escala/v1/identity.grpc.pb.h"
#include "escala/v1/interactions.grpc.pb.h"
#include "escala/v1/people.grpc.pb.h"
#include "escala/v1/scorecards.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/platform/access_policy.h"
#include "tests/e2e/harness/grpc_client.h"
#include "tests/e2e/harness/server_fixture.h"
#include "tests/testing/test_database.h"

namespace escala::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// Texts that break naive quoting, escaping, LIKE patterns or byte-counting.
const std::vector<std::string>& HostileTexts() {
  static const std::vector<std::string> texts = {
      "O'Brien",
      "say \"cheese\"",
      "back\\slash \\' \\\" \\\\",
      "'; DROP TABLE people; --",
      "\"); DELETE FROM teams WHERE ('1'='1",
      "100% of _all_ rows",
      "%",
      "_",
      "\xC3\x9Cn\xC3\xAF" "c\xC3\xB6" "d\xC3\xA9 \xC3\xB1 \xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E",  // "Ünïcödé ñ 日本語"
      "\xF0\x9F\x99\x82\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD",  // "🙂👍🏽"
      "tab\there\nand a new line",
      "  padded with spaces  ",
      "<b>markup</b> & ampersand",
  };
  return texts;
}

// URIs may not hold spaces or control characters, but everything else above.
const std::vector<std::string>& HostileUris() {
  static const std::vector<std::string> uris = {
      "s3://bucket/O'Brien.ogg",
      "s3://bucket/\"quoted\".ogg",
      "s3://bucket/back\\slash",
      "s3://bucket/';DROP%20TABLE%20people;--",
      "https://media.example/100%25_of_?q=a%&r=_",
      "s3://bucket/\xC3\x9Cn\xC3\xAF" "c\xC3\xB6" "d\xC3\xA9/\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E.vtt",
      "s3://bucket/\xF0\x9F\x99\x82\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD.ogg",
  };
  return uris;
}

// A text with a NUL byte in the middle.
const std::string kWithNul("before\0after", 12);
// An identifier that would widen a naively built WHERE clause.
constexpr char kSqlIdentifier[] = "x' OR '1'='1";

// The server under test with the administrator's stubs; `ServerFlags` picks its flags.
class ServerFixture : public ServerUnderTestFixture {
 protected:
  void SetUp() override {
    ServerUnderTestFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    channel_ = PlaintextChannel(server_->address());
    people_ = NewStub<v1::PeopleService>(channel_);
    interactions_ = NewStub<v1::InteractionService>(channel_);
    identity_ = NewStub<v1::IdentityService>(channel_);
    audit_ = NewStub<v1::AuditService>(channel_);
    v1::CreateTeamRequest team;
    team.mutable_team()->set_team_id("t-a");
    team.mutable_team()->set_display_name("Team A");
    v1::Team created_team;
    ASSERT_TRUE(Call(*people_, &v1::PeopleService::Stub::CreateTeam, team, &created_team).ok());
    v1::CreatePersonRequest person;
    *person.mutable_person() = Person("A1", "Ana Agent");
    v1::Person created_person;
    ASSERT_TRUE(Call(*people_, &v1::PeopleService::Stub::CreatePerson, person, &created_person).ok());
  }

  void TearDown() override {
    // The connection closes first: a server stopping with a client still connected waits for it.
    people_.reset();
    interactions_.reset();
    identity_.reset();
    audit_.reset();
    channel_.reset();
    ServerUnderTestFixture::TearDown();
  }

  // Calls one unary RPC as the administrator.
  template <typename Stub, typename Request, typename Response>
  grpc::Status Call(Stub& stub, grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                    const Request& request, Response* response) {
    return CallAs(server_->admin_token(), stub, method, request, response);
  }

  // Calls one unary RPC with `token`.
  template <typename Stub, typename Request, typename Response>
  grpc::Status CallAs(const std::string& token, Stub& stub,
                      grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                      const Request& request, Response* response) {
    grpc::ClientContext context;
    Authorize(context, token);
    return (stub.*method)(&context, request, response);
  }

  // A token of a new person with `role`, made by the administrator.
  std::string TokenOfNewPerson(const std::string& employee_id, v1::Role role) {
    v1::Person person = Person(employee_id, "Token Holder");
    person.set_role(role);
    v1::Person created;
    EXPECT_TRUE(CreatePerson(person, &created).ok());
    v1::CreateTokenRequest request;
    request.mutable_token()->set_principal("people/" + employee_id);
    request.mutable_token()->set_description("limits test");
    v1::CreateTokenResponse response;
    grpc::Status status = Call(*identity_, &v1::IdentityService::Stub::CreateToken, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.secret();
  }

  static v1::Person Person(const std::string& employee_id, const std::string& display_name) {
    v1::Person person;
    person.set_employee_id(employee_id);
    person.set_display_name(display_name);
    person.set_role(v1::ROLE_AGENT);
    person.set_level(1);
    person.set_team_id("t-a");
    person.set_active(true);
    return person;
  }

  grpc::Status CreatePerson(const v1::Person& person, v1::Person* created) {
    v1::CreatePersonRequest request;
    *request.mutable_person() = person;
    return Call(*people_, &v1::PeopleService::Stub::CreatePerson, request, created);
  }

  grpc::Status CreateTeam(const std::string& team_id, const std::string& display_name, v1::Team* created) {
    v1::CreateTeamRequest request;
    request.mutable_team()->set_team_id(team_id);
    request.mutable_team()->set_display_name(display_name);
    return Call(*people_, &v1::PeopleService::Stub::CreateTeam, request, created);
  }

  grpc::Status CreateInteraction(const v1::Interaction& interaction, v1::Interaction* created) {
    v1::CreateInteractionRequest request;
    *request.mutable_interaction() = interaction;
    return Call(*interactions_, &v1::InteractionService::Stub::CreateInteraction, request, created);
  }

  grpc::Status CreateServiceAccount(const std::string& account_id, const std::string& display_name,
                                    const std::string& client_certificate_cn, v1::ServiceAccount* created) {
    v1::CreateServiceAccountRequest request;
    request.mutable_service_account()->set_account_id(account_id);
    request.mutable_service_account()->set_display_name(display_name);
    request.mutable_service_account()->set_role(v1::ROLE_INTEGRATION);
    request.mutable_service_account()->set_client_certificate_cn(client_certificate_cn);
    return Call(*identity_, &v1::IdentityService::Stub::CreateServiceAccount, request, created);
  }

  grpc::Status CreateToken(const std::string& description, v1::CreateTokenResponse* created) {
    v1::CreateTokenRequest request;
    request.mutable_token()->set_principal("people/A1");
    request.mutable_token()->set_description(description);
    return Call(*identity_, &v1::IdentityService::Stub::CreateToken, request, created);
  }

  // Streams `records`, `per_message` to a message, as the administrator.
  grpc::Status Import(const std::vector<v1::Interaction>& records, int per_message,
                      v1::ImportInteractionsResponse* response, std::string* committed_through = nullptr) {
    grpc::ClientContext context;
    Authorize(context, server_->admin_token());
    std::unique_ptr<grpc::ClientWriter<v1::ImportInteractionsRequest>> writer =
        interactions_->ImportInteractions(&context, response);
    v1::ImportInteractionsRequest request;
    request.set_mode(v1::IMPORT_MODE_KEEP_VALID);
    for (std::size_t i = 0; i < records.size(); ++i) {
      *request.add_interactions() = records[i];
      if (request.interactions_size() == per_message || i + 1 == records.size()) {
        if (!writer->Write(request)) break;  // the server has ended the call
        request.Clear();
      }
    }
    writer->WritesDone();
    grpc::Status status = writer->Finish();
    if (committed_through != nullptr) {
      const auto& trailers = context.GetServerTrailingMetadata();
      auto found = trailers.find("escala-committed-through");
      if (found != trailers.end()) committed_through->assign(found->second.data(), found->second.size());
    }
    return status;
  }

  // Every interaction of agent A1.
  std::vector<v1::Interaction> InteractionsOfA1() {
    v1::ListInteractionsRequest request;
    request.set_agent_employee_id("A1");
    request.set_page_size(1000);
    v1::ListInteractionsResponse response;
    grpc::Status status = Call(*interactions_, &v1::InteractionService::Stub::ListInteractions, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.interactions().begin(), response.interactions().end()};
  }

  // The id of the newest audit event; 0 when there is none.
  int64_t NewestEventId() {
    v1::ListAuditEventsRequest request;
    request.set_page_size(1);
    v1::ListAuditEventsResponse response;
    grpc::Status status = Call(*audit_, &v1::AuditService::Stub::ListAuditEvents, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.events().empty() ? 0 : response.events(0).id();
  }

  // Every table still exists and every List RPC still answers with what SetUp stored.
  void ExpectEveryTableStillAnswers() {
    for (const char* table : {"teams", "people", "interactions", "audit_events", "service_accounts", "api_tokens"}) {
      absl::StatusOr<long long> rows = database().QueryInt(absl::StrCat("SELECT COUNT(*) FROM ", table));
      EXPECT_TRUE(rows.ok()) << table << ": " << rows.status();
    }
    v1::ListPeopleRequest people_request;
    people_request.set_team_id("t-a");
    v1::ListPeopleResponse people;
    ASSERT_TRUE(Call(*people_, &v1::PeopleService::Stub::ListPeople, people_request, &people).ok());
    ASSERT_GE(people.people_size(), 1);
    EXPECT_EQ(people.people(0).employee_id(), "A1");
    v1::ListTeamsResponse teams;
    ASSERT_TRUE(Call(*people_, &v1::PeopleService::Stub::ListTeams, v1::ListTeamsRequest(), &teams).ok());
    ASSERT_GE(teams.teams_size(), 1);
    EXPECT_EQ(teams.teams(0).team_id(), "t-a");
    v1::ListServiceAccountsResponse accounts;
    ASSERT_TRUE(Call(*identity_, &v1::IdentityService::Stub::ListServiceAccounts,
                     v1::ListServiceAccountsRequest(), &accounts).ok());
    ASSERT_GE(accounts.service_accounts_size(), 1);
    EXPECT_EQ(accounts.service_accounts(0).account_id(), "admin");
    v1::ListTokensRequest tokens_request;
    tokens_request.set_principal("serviceAccounts/admin");
    v1::ListTokensResponse tokens;
    ASSERT_TRUE(Call(*identity_, &v1::IdentityService::Stub::ListTokens, tokens_request, &tokens).ok());
    EXPECT_EQ(tokens.tokens_size(), 1);
    v1::ListInteractionsResponse interactions;
    EXPECT_TRUE(Call(*interactions_, &v1::InteractionService::Stub::ListInteractions,
                     v1::ListInteractionsRequest(), &interactions).ok());
    EXPECT_GE(NewestEventId(), 2);  // at least team t-a and person A1
  }

  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::PeopleService::Stub> people_;
  std::unique_ptr<v1::InteractionService::Stub> interactions_;
  std::unique_ptr<v1::IdentityService::Stub> identity_;
  std::unique_ptr<v1::AuditService::Stub> audit_;
};

// An INVALID_ARGUMENT whose message starts with "<field>: ".
void ExpectInvalidNaming(const grpc::Status& status, const std::string& field) {
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << field << ": " << status.error_message();
  EXPECT_THAT(status.error_message(), StartsWith(field + ": "));
}

class InputSafetyTest : public ServerFixture {};

TEST_P(InputSafetyTest, HostileTextComesBackByteForByteFromEveryFreeTextField) {
  const std::vector<std::string>& texts = HostileTexts();
  std::map<int64_t, v1::Interaction> sent_interactions;
  std::vector<v1::Interaction> to_import;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const std::string& text = texts[i];
    SCOPED_TRACE(absl::StrCat("text #", i, ": ", text));

    v1::Person person;
    ASSERT_TRUE(CreatePerson(Person(absl::StrCat("H", i), text), &person).ok());
    EXPECT_EQ(person.display_name(), text);
    v1::GetPersonRequest get_person;
    get_person.set_employee_id(absl::StrCat("H", i));
    ASSERT_TRUE(Call(*people_, &v1::PeopleService::Stub::GetPerson, get_person, &person).ok());
    EXPECT_EQ(person.display_name(), text);
    // The UPDATE path as well: the text doubled.
    v1::UpdatePersonRequest update_person;
    update_person.mutable_person()->set_employee_id(absl::StrCat("H", i));
    update_person.mutable_person()->set_display_name(text + text);
    update_person.mutable_update_mask()->add_paths("display_name");
    ASSERT_TRUE(Call(*people_, &v1::PeopleService::Stub::UpdatePerson, update_person, &person).ok());
    ASSERT_TRUE(Call(*people_, &v1::PeopleService::Stub::GetPerson, get_person, &person).ok());
    EXPECT_EQ(person.display_name(), text + text);

    v1::Team team;
    ASSERT_TRUE(CreateTeam(absl::StrCat("team-", i), text, &team).ok());
    v1::GetTeamRequest get_team;
    get_team.set_team_id(absl::StrCat("team-", i));
    ASSERT_TRUE(Call(*people_, &v1::PeopleService::Stub::GetTeam, get_team, &team).ok());
    EXPECT_EQ(team.display_name(), text);

    // Free text in an interaction: the source key, the queue and the media formats.
    v1::Interaction interaction = NewInteraction(text, absl::StrCat("sid-", i), "A1");
    interaction.set_queue(text);
    interaction.mutable_recording()->set_uri(absl::StrCat("s3://recordings/", i));
    interaction.mutable_recording()->set_format(text);
    interaction.mutable_transcript()->set_uri(absl::StrCat("s3://transcripts/", i));
    interaction.mutable_transcript()->set_format(text);
    v1::Interaction created;
    ASSERT_TRUE(CreateInteraction(interaction, &created).ok());
    sent_interactions[created.id()] = interaction;
    v1::Interaction keyed_by_text = NewInteraction("safety", text, "A1");
    ASSERT_TRUE(CreateInteraction(keyed_by_text, &created).ok());
    sent_interactions[created.id()] = keyed_by_text;
    // The same through an update, and through the import's bulk insert.
    v1::UpdateInteractionRequest update_interaction;
    update_interaction.mutable_interaction()->set_id(created.id());
    update_interaction.mutable_interaction()->set_queue(text);
    update_interaction.mutable_update_mask()->add_paths("queue");
    ASSERT_TRUE(Call(*interactions_, &v1::InteractionService::Stub::UpdateInteraction, update_interaction, &created).ok());
    sent_interactions[created.id()].set_queue(text);
    v1::Interaction imported = NewInteraction("imported", text, "A1");
    imported.set_queue(text);
    imported.mutable_recording()->set_uri(absl::StrCat("s3://imported/", i));
    imported.mutable_recording()->set_format(text);
    to_import.push_back(imported);

    v1::ServiceAccount account;
    ASSERT_TRUE(CreateServiceAccount(absl::StrCat("sa-", i), text, text, &account).ok());
    v1::GetServiceAccountRequest get_account;
    get_account.set_account_id(absl::StrCat("sa-", i));
    ASSERT_TRUE(Call(*identity_, &v1::IdentityService::Stub::GetServiceAccount, get_account, &account).ok());
    EXPECT_EQ(account.display_name(), text);
    EXPECT_EQ(account.client_certificate_cn(), text);

    v1::CreateTokenResponse token;
    ASSERT_TRUE(CreateToken(text, &token).ok());
    EXPECT_EQ(token.token().description(), text);
    v1::ListTokensRequest list_tokens;
    list_tokens.set_principal("people/A1");
    list_tokens.set_page_size(1000);
    v1::ListTokensResponse tokens;
    ASSERT_TRUE(Call(*identity_, &v1::IdentityService::Stub::ListTokens, list_tokens, &tokens).ok());
    int listed = 0;
    for (const v1::ApiToken& listed_token : tokens.tokens()) {
      if (listed_token.token_id() != token.token().token_id()) continue;
      ++listed;
      EXPECT_EQ(listed_token.description(), text);
    }
    EXPECT_EQ(listed, 1);
  }

  // Source ids that differ only in trailing spaces or in case are different ids.
  for (const std::string source_id : {"pad", "pad ", "pad  ", "PAD"}) {
    v1::Interaction interaction = NewInteraction("padding", source_id, "A1");
    v1::Interaction created;
    grpc::Status status = CreateInteraction(interaction, &created);
    ASSERT_TRUE(status.ok()) << "'" << source_id << "': " << status.error_message();
    sent_interactions[created.id()] = interaction;
  }

  const std::vector<std::string>& uris = HostileUris();
  for (std::size_t i = 0; i < uris.size(); ++i) {
    v1::Interaction interaction = NewInteraction("uri", absl::StrCat("uri-", i), "A1");
    interaction.mutable_recording()->set_uri(uris[i]);
    interaction.mutable_transcript()->set_uri(uris[i]);
    v1::Interaction created;
    grpc::Status status = CreateInteraction(interaction, &created);
    ASSERT_TRUE(status.ok()) << uris[i] << ": " << status.error_message();
    sent_interactions[created.id()] = interaction;
  }

  v1::ImportInteractionsResponse import_response;
  grpc::Status import_status = Import(to_import, 100, &import_response);
  ASSERT_TRUE(import_status.ok()) << import_status.error_message();
  EXPECT_EQ(import_response.imported_count(), static_cast<int64_t>(texts.size()));
  EXPECT_EQ(import_response.rejections_size(), 0);

  // Read back through GetInteraction, and every record through the list as well.
  for (const auto& [id, sent] : sent_interactions) {
    v1::GetInteractionRequest get;
    get.set_id(id);
    v1::Interaction stored;
    ASSERT_TRUE(Call(*interactions_, &v1::InteractionService::Stub::GetInteraction, get, &stored).ok());
    EXPECT_EQ(stored.source_system(), sent.source_system());
    EXPECT_EQ(stored.source_id(), sent.source_id());
    EXPECT_EQ(stored.queue(), sent.queue());
    EXPECT_EQ(stored.recording().uri(), sent.recording().uri());
    EXPECT_EQ(stored.recording().format(), sent.recording().format());
    EXPECT_EQ(stored.transcript().uri(), sent.transcript().uri());
    EXPECT_EQ(stored.transcript().format(), sent.transcript().format());
  }
  std::set<std::string> imported_ids;
  for (const v1::Interaction& stored : InteractionsOfA1()) {
    if (stored.source_system() != "imported") continue;
    imported_ids.insert(stored.source_id());
    EXPECT_EQ(stored.queue(), stored.source_id());
    EXPECT_EQ(stored.recording().format(), stored.source_id());
  }
  EXPECT_EQ(imported_ids, std::set<std::string>(texts.begin(), texts.end()));

  // The audit records hold the texts as JSON strings that read back as sent.
  for (std::size_t i = 0; i < texts.size(); ++i) {
    v1::ListAuditEventsRequest request;
    request.set_resource_name(absl::StrCat("teams/team-", i));
    v1::ListAuditEventsResponse events;
    ASSERT_TRUE(Call(*audit_, &v1::AuditService::Stub::ListAuditEvents, request, &events).ok());
    ASSERT_EQ(events.events_size(), 1);
    google::protobuf::Struct after;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(events.events(0).after_json(), &after).ok())
        << events.events(0).after_json();
    EXPECT_EQ(after.fields().at("display_name").string_value(), texts[i]);
  }
  v1::ListAuditEventsRequest imports;
  imports.set_resource_name("interactions");
  v1::ListAuditEventsResponse import_events;
  ASSERT_TRUE(Call(*audit_, &v1::AuditService::Stub::ListAuditEvents, imports, &import_events).ok());
  ASSERT_EQ(import_events.events_size(), 1);
  google::protobuf::Struct import_after;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(import_events.events(0).after_json(), &import_after).ok())
      << import_events.events(0).after_json();
  std::set<std::string> audited_keys;
  for (const google::protobuf::Value& key : import_after.fields().at("source_keys").list_value().values()) {
    audited_keys.insert(key.string_value());
  }
  std::set<std::string> expected_keys;
  for (const std::string& text : texts) expected_keys.insert("imported/" + text);
  EXPECT_EQ(audited_keys, expected_keys);
  ExpectEveryTableStillAnswers();
}

TEST_P(InputSafetyTest, TagsAndLanguageAreNotFreeTextAndRefuseHostileValues) {
  v1::Interaction quoted_tag = NewInteraction("safety", "tag", "A1");
  quoted_tag.add_tags("vip");
  quoted_tag.add_tags("it's");
  v1::Interaction created;
  ExpectInvalidNaming(CreateInteraction(quoted_tag, &created), "interaction.tags[1]");
  v1::Interaction percent_tag = NewInteraction("safety", "percent", "A1");
  percent_tag.add_tags("100%");
  ExpectInvalidNaming(CreateInteraction(percent_tag, &created), "interaction.tags[0]");
  v1::Interaction sql_language = NewInteraction("safety", "language", "A1");
  sql_language.set_language("en'--");
  ExpectInvalidNaming(CreateInteraction(sql_language, &created), "interaction.language");
  // What the tag alphabet allows comes back as sent.
  v1::Interaction allowed = NewInteraction("safety", "allowed", "A1");
  allowed.add_tags("_");
  allowed.add_tags("--");
  allowed.add_tags("a/b:c.d_e-f");
  allowed.set_language("en-GB");
  ASSERT_TRUE(CreateInteraction(allowed, &created).ok());
  v1::GetInteractionRequest get;
  get.set_id(created.id());
  v1::Interaction stored;
  ASSERT_TRUE(Call(*interactions_, &v1::InteractionService::Stub::GetInteraction, get, &stored).ok());
  EXPECT_EQ(std::vector<std::string>(stored.tags().begin(), stored.tags().end()),
            (std::vector<std::string>{"_", "--", "a/b:c.d_e-f"}));
  EXPECT_EQ(stored.language(), "en-GB");
  ExpectEveryTableStillAnswers();
}

TEST_P(InputSafetyTest, ANulByteInAnyFreeTextFieldIsRejectedNamingTheField) {
  const int64_t newest_before = NewestEventId();
  v1::Person person;
  ExpectInvalidNaming(CreatePerson(Person("N1", kWithNul), &person), "person.display_name");
  v1::UpdatePersonRequest update_person;
  update_person.mutable_person()->set_employee_id("A1");
  update_person.mutable_person()->set_display_name(kWithNul);
  update_person.mutable_update_mask()->add_paths("display_name");
  ExpectInvalidNaming(Call(*people_, &v1::PeopleService::Stub::UpdatePerson, update_person, &person),
                      "person.display_name");
  v1::Team team;
  ExpectInvalidNaming(CreateTeam("t-nul", kWithNul, &team), "team.display_name");

  const std::map<std::string, std::function<void(v1::Interaction&)>> interaction_fields = {
      {"interaction.source_system", [](v1::Interaction& i) { i.set_source_system(kWithNul); }},
      {"interaction.source_id", [](v1::Interaction& i) { i.set_source_id(kWithNul); }},
      {"interaction.queue", [](v1::Interaction& i) { i.set_queue(kWithNul); }},
      {"interaction.recording.uri", [](v1::Interaction& i) { i.mutable_recording()->set_uri("s3://a/" + kWithNul); }},
      {"interaction.recording.format",
       [](v1::Interaction& i) {
         i.mutable_recording()->set_uri("s3://a/b");
         i.mutable_recording()->set_format(kWithNul);
       }},
      {"interaction.transcript.uri", [](v1::Interaction& i) { i.mutable_transcript()->set_uri("s3://a/" + kWithNul); }},
      {"interaction.transcript.format",
       [](v1::Interaction& i) {
         i.mutable_transcript()->set_uri("s3://a/b");
         i.mutable_transcript()->set_format(kWithNul);
       }},
  };
  for (const auto& [field, spoil] : interaction_fields) {
    v1::Interaction interaction = NewInteraction("nul", field, "A1");
    spoil(interaction);
    v1::Interaction created;
    ExpectInvalidNaming(CreateInteraction(interaction, &created), field);
    // An import reports the same field for the record, without the request's prefix.
    v1::ImportInteractionsResponse response;
    ASSERT_TRUE(Import({interaction}, 1, &response).ok());
    EXPECT_EQ(response.imported_count(), 0);
    ASSERT_EQ(response.rejections_size(), 1) << field;
    EXPECT_EQ("interaction." + response.rejections(0).field(), field);
    EXPECT_EQ(response.rejections(0).code(), static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  }

  v1::ServiceAccount account;
  ExpectInvalidNaming(CreateServiceAccount("sa-nul", kWithNul, "", &account), "service_account.display_name");
  ExpectInvalidNaming(CreateServiceAccount("sa-nul", "Feed", kWithNul, &account),
                      "service_account.client_certificate_cn");
  v1::CreateTokenResponse token;
  ExpectInvalidNaming(CreateToken(kWithNul, &token), "token.description");

  EXPECT_EQ(NewestEventId(), newest_before) << "a refused call changed something";
  EXPECT_TRUE(InteractionsOfA1().empty());
  ExpectEveryTableStillAnswers();
}

TEST_P(InputSafetyTest, AStringThatIsNotUtf8IsInvalidArgumentNotUnimplemented) {
  const int64_t newest_before = NewestEventId();
  // "Jos\xE9" is Latin-1; proto3 refuses to parse it, so no handler ever sees the request.
  v1::Person person;
  const grpc::Status status = CreatePerson(Person("L1", "Jos\xE9"), &person);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("not valid UTF-8"));
  EXPECT_EQ(NewestEventId(), newest_before) << "a refused call changed something";
}

TEST_P(InputSafetyTest, SqlLookingIdentifiersAreRejectedNamingTheField) {
  v1::ListInteractionsRequest by_agent;
  by_agent.set_agent_employee_id(kSqlIdentifier);
  v1::ListInteractionsResponse interactions;
  ExpectInvalidNaming(Call(*interactions_, &v1::InteractionService::Stub::ListInteractions, by_agent, &interactions),
                      "agent_employee_id");
  v1::ListInteractionsRequest by_team;
  by_team.set_team_id(kSqlIdentifier);
  ExpectInvalidNaming(Call(*interactions_, &v1::InteractionService::Stub::ListInteractions, by_team, &interactions),
                      "team_id");
  v1::ListPeopleRequest people_by_team;
  people_by_team.set_team_id(kSqlIdentifier);
  v1::ListPeopleResponse people;
  ExpectInvalidNaming(Call(*people_, &v1::PeopleService::Stub::ListPeople, people_by_team, &people), "team_id");
  EXPECT_EQ(people.people_size(), 0);
  v1::GetPersonRequest get_person;
  get_person.set_employee_id(kSqlIdentifier);
  v1::Person person;
  ExpectInvalidNaming(Call(*people_, &v1::PeopleService::Stub::GetPerson, get_person, &person), "employee_id");
  v1::UpdatePersonRequest update_person;
  update_person.mutable_person()->set_employee_id(kSqlIdentifier);
  update_person.mutable_person()->set_level(2);
  update_person.mutable_update_mask()->add_paths("level");
  ExpectInvalidNaming(Call(*people_, &v1::PeopleService::Stub::UpdatePerson, update_person, &person),
                      "person.employee_id");
  v1::GetTeamRequest get_team;
  get_team.set_team_id(kSqlIdentifier);
  v1::Team team;
  ExpectInvalidNaming(Call(*people_, &v1::PeopleService::Stub::GetTeam, get_team, &team), "team_id");
  v1::GetServiceAccountRequest get_account;
  get_account.set_account_id(kSqlIdentifier);
  v1::ServiceAccount account;
  ExpectInvalidNaming(Call(*identity_, &v1::IdentityService::Stub::GetServiceAccount, get_account, &account),
                      "account_id");
  v1::RevokeTokenRequest revoke;
  revoke.set_token_id(kSqlIdentifier);
  v1::ApiToken revoked;
  ExpectInvalidNaming(Call(*identity_, &v1::IdentityService::Stub::RevokeToken, revoke, &revoked), "token_id");

  // Principals are free text in filters: an SQL-looking one simply matches nothing.
  v1::ListTokensRequest tokens_request;
  tokens_request.set_principal(absl::StrCat("people/", kSqlIdentifier));
  v1::ListTokensResponse tokens;
  ASSERT_TRUE(Call(*identity_, &v1::IdentityService::Stub::ListTokens, tokens_request, &tokens).ok());
  EXPECT_EQ(tokens.tokens_size(), 0);
  ExpectEveryTableStillAnswers();
}

TEST_P(InputSafetyTest, AuditFiltersMatchLiterallyAndOrderAndTypeComeFromAnAllowList) {
  auto count = [this](const std::string& principal, const std::string& resource_name) {
    v1::ListAuditEventsRequest request;
    request.set_principal(principal);
    request.set_resource_name(resource_name);
    request.set_page_size(1000);
    v1::ListAuditEventsResponse response;
    grpc::Status status = Call(*audit_, &v1::AuditService::Stub::ListAuditEvents, request, &response);
    EXPECT_TRUE(status.ok()) << principal << " " << resource_name << ": " << status.error_message();
    return response.events_size();
  };
  // The literal values match; the same as patterns must not.
  EXPECT_EQ(count("", "people/A1"), 1);
  EXPECT_EQ(count("serviceAccounts/admin", ""), 2);
  EXPECT_EQ(count("", "people/%"), 0);
  EXPECT_EQ(count("", "people/A_"), 0);
  EXPECT_EQ(count("", "%"), 0);
  EXPECT_EQ(count("serviceAccounts/%", ""), 0);
  EXPECT_EQ(count("serviceAccounts/admi_", ""), 0);
  EXPECT_EQ(count(kSqlIdentifier, ""), 0);
  EXPECT_EQ(count("", absl::StrCat("people/", kSqlIdentifier)), 0);
  // Neither padding nor case is ignored.
  EXPECT_EQ(count("", "people/A1 "), 0);
  EXPECT_EQ(count("", "PEOPLE/A1"), 0);
  EXPECT_EQ(count("serviceAccounts/admin ", ""), 0);

  for (const std::string order_by : {"id; DROP TABLE audit_events", "event_time", "id desc",
                                     "event_time asc; --", "EVENT_TIME DESC"}) {
    v1::ListAuditEventsRequest request;
    request.set_order_by(order_by);
    v1::ListAuditEventsResponse response;
    ExpectInvalidNaming(Call(*audit_, &v1::AuditService::Stub::ListAuditEvents, request, &response), "order_by");
  }
  for (const std::string resource_type : {"people", "person' OR '1'='1", "%", "tokens"}) {
    v1::ListAuditEventsRequest request;
    request.set_resource_type(resource_type);
    v1::ListAuditEventsResponse response;
    ExpectInvalidNaming(Call(*audit_, &v1::AuditService::Stub::ListAuditEvents, request, &response),
                        "resource_type");
  }
  ExpectEveryTableStillAnswers();
}

TEST_P(InputSafetyTest, OutOfRangeEnumValuesInListFiltersAreRejected) {
  for (int value : {999, -1}) {
    SCOPED_TRACE(value);
    v1::ListInteractionsRequest by_channel;
    by_channel.set_channel(static_cast<v1::Channel>(value));
    v1::ListInteractionsResponse interactions;
    ExpectInvalidNaming(Call(*interactions_, &v1::InteractionService::Stub::ListInteractions, by_channel, &interactions),
                        "channel");
    v1::ListInteractionsRequest by_priority;
    by_priority.set_priority(static_cast<v1::Priority>(value));
    ExpectInvalidNaming(Call(*interactions_, &v1::InteractionService::Stub::ListInteractions, by_priority, &interactions),
                        "priority");
    v1::ListPeopleRequest by_role;
    by_role.set_role(static_cast<v1::Role>(value));
    v1::ListPeopleResponse people;
    ExpectInvalidNaming(Call(*people_, &v1::PeopleService::Stub::ListPeople, by_role, &people), "role");
  }
  ExpectEveryTableStillAnswers();
}

INSTANTIATE_TEST_SUITE_P(Backends, InputSafetyTest, ::testing::ValuesIn(AllBackends()), BackendName);

// A server with small limits: 64 KiB per request message and 5 records per import.
class LimitsTest : public ServerFixture {
 protected:
  std::vector<std::string> ServerFlags() const override {
    return {"--plaintext", "--max_message_bytes=65536", "--max_import_records=5"};
  }
};

TEST_P(LimitsTest, ARequestOverTheMessageLimitIsResourceExhausted) {
  v1::Interaction huge = NewInteraction("limits", "huge", "A1");
  huge.mutable_transcript()->set_uri("s3://transcripts/" + std::string(100 * 1024, 'a'));
  v1::Interaction created;
  grpc::Status status = CreateInteraction(huge, &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
  // A record of ordinary size still goes through.
  v1::Interaction ordinary = NewInteraction("limits", "ordinary", "A1");
  ordinary.mutable_transcript()->set_uri("s3://transcripts/" + std::string(2000, 'a'));
  status = CreateInteraction(ordinary, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  // The limit holds for each message of an import stream too.
  v1::ImportInteractionsResponse response;
  status = Import({huge}, 1, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
  const std::vector<v1::Interaction> stored = InteractionsOfA1();
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].source_id(), "ordinary");
}

TEST_P(LimitsTest, APageSizeOverOneThousandIsRejectedByEveryList) {
  // The QA lists are a manager's to read, not the administrator's.
  const std::string manager = TokenOfNewPerson("M1", v1::ROLE_MANAGER);
  auto scorecards = NewStub<v1::ScorecardService>(channel_);
  auto evaluations = NewStub<v1::EvaluationService>(channel_);
  auto calibration = NewStub<v1::CalibrationService>(channel_);
  auto assignments = NewStub<v1::AssignmentService>(channel_);
  {
    v1::CreateScorecardRequest request;
    v1::Scorecard* card = request.mutable_scorecard();
    card->set_scorecard_id("limits");
    card->set_title("Limits");
    v1::ScorecardSection* section = card->add_sections();
    section->set_key("s");
    section->set_title("Section");
    v1::Criterion* criterion = section->add_criteria();
    criterion->set_key("c");
    criterion->set_title("Criterion");
    criterion->set_weight(1);
    criterion->mutable_scale()->set_kind(v1::SCALE_KIND_YES_NO);
    v1::Scorecard created;
    grpc::Status status =
        CallAs(manager, *scorecards, &v1::ScorecardService::Stub::CreateScorecard, request, &created);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  using PageCall = std::function<grpc::Status(int32_t page_size)>;
  const std::map<std::string, PageCall> lists = {
      {"escala.v1.PeopleService/ListPeople",
       [this](int32_t page_size) {
         v1::ListPeopleRequest request;
         request.set_page_size(page_size);
         v1::ListPeopleResponse response;
         return Call(*people_, &v1::PeopleService::Stub::ListPeople, request, &response);
       }},
      {"escala.v1.PeopleService/ListTeams",
       [this](int32_t page_size) {
         v1::ListTeamsRequest request;
         request.set_page_size(page_size);
         v1::ListTeamsResponse response;
         return Call(*people_, &v1::PeopleService::Stub::ListTeams, request, &response);
       }},
      {"escala.v1.InteractionService/ListInteractions",
       [this](int32_t page_size) {
         v1::ListInteractionsRequest request;
         request.set_page_size(page_size);
         v1::ListInteractionsResponse response;
         return Call(*interactions_, &v1::InteractionService::Stub::ListInteractions, request, &response);
       }},
      {"escala.v1.IdentityService/ListTokens",
       [this](int32_t page_size) {
         v1::ListTokensRequest request;
         request.set_page_size(page_size);
         v1::ListTokensResponse response;
         return Call(*identity_, &v1::IdentityService::Stub::ListTokens, request, &response);
       }},
      {"escala.v1.IdentityService/ListServiceAccounts",
       [this](int32_t page_size) {
         v1::ListServiceAccountsRequest request;
         request.set_page_size(page_size);
         v1::ListServiceAccountsResponse response;
         return Call(*identity_, &v1::IdentityService::Stub::ListServiceAccounts, request, &response);
       }},
      {"escala.v1.AuditService/ListAuditEvents",
       [this](int32_t page_size) {
         v1::ListAuditEventsRequest request;
         request.set_page_size(page_size);
         v1::ListAuditEventsResponse response;
         return Call(*audit_, &v1::AuditService::Stub::ListAuditEvents, request, &response);
       }},
      {"escala.v1.ScorecardService/ListScorecards",
       [&](int32_t page_size) {
         v1::ListScorecardsRequest request;
         request.set_page_size(page_size);
         v1::ListScorecardsResponse response;
         return CallAs(manager, *scorecards, &v1::ScorecardService::Stub::ListScorecards, request, &response);
       }},
      {"escala.v1.ScorecardService/ListScorecardVersions",
       [&](int32_t page_size) {
         v1::ListScorecardVersionsRequest request;
         request.set_scorecard_id("limits");
         request.set_page_size(page_size);
         v1::ListScorecardsResponse response;
         return CallAs(manager, *scorecards, &v1::ScorecardService::Stub::ListScorecardVersions, request,
                       &response);
       }},
      {"escala.v1.EvaluationService/ListEvaluations",
       [&](int32_t page_size) {
         v1::ListEvaluationsRequest request;
         request.set_page_size(page_size);
         v1::ListEvaluationsResponse response;
         return CallAs(manager, *evaluations, &v1::EvaluationService::Stub::ListEvaluations, request, &response);
       }},
      {"escala.v1.CalibrationService/ListCalibrationSessions",
       [&](int32_t page_size) {
         v1::ListCalibrationSessionsRequest request;
         request.set_page_size(page_size);
         v1::ListCalibrationSessionsResponse response;
         return CallAs(manager, *calibration, &v1::CalibrationService::Stub::ListCalibrationSessions, request,
                       &response);
       }},
      {"escala.v1.CalibrationService/ListCalibrationScores",
       [&](int32_t page_size) {
         // The page size is checked before the session is looked up: no session is needed.
         v1::ListCalibrationScoresRequest request;
         request.set_session_id(999999);
         request.set_page_size(page_size);
         v1::ListCalibrationScoresResponse response;
         return CallAs(manager, *calibration, &v1::CalibrationService::Stub::ListCalibrationScores, request,
                       &response);
       }},
      {"escala.v1.AssignmentService/ListSamplingPlans",
       [&](int32_t page_size) {
         v1::ListSamplingPlansRequest request;
         request.set_page_size(page_size);
         v1::ListSamplingPlansResponse response;
         return CallAs(manager, *assignments, &v1::AssignmentService::Stub::ListSamplingPlans, request, &response);
       }},
      {"escala.v1.AssignmentService/ListAssignments",
       [&](int32_t page_size) {
         v1::ListAssignmentsRequest request;
         request.set_page_size(page_size);
         v1::ListAssignmentsResponse response;
         return CallAs(manager, *assignments, &v1::AssignmentService::Stub::ListAssignments, request, &response);
       }},
      {"escala.v1.AssignmentService/ListAgentQaSummaries",
       [&](int32_t page_size) {
         v1::ListAgentQaSummariesRequest request;
         request.set_page_size(page_size);
         v1::ListAgentQaSummariesResponse response;
         return CallAs(manager, *assignments, &v1::AssignmentService::Stub::ListAgentQaSummaries, request,
                       &response);
       }},
  };
  std::set<std::string> list_methods;
  for (const server::PolicyRow& row : server::AccessPolicy()) {
    if (absl::StrContains(row.method, "/List")) list_methods.insert(row.method);
  }
  std::set<std::string> covered;
  for (const auto& [method, call] : lists) covered.insert(method);
  EXPECT_EQ(covered, list_methods) << "every List RPC of the policy table needs a case here";

  for (const auto& [method, call] : lists) {
    SCOPED_TRACE(method);
    // Above the maximum is coerced down (AIP-158), so it answers like any valid size.
    grpc::Status status = call(5000);
    if (method == "escala.v1.CalibrationService/ListCalibrationScores") {
      EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << status.error_message();
    } else {
      EXPECT_TRUE(status.ok()) << status.error_message();
    }
    ExpectInvalidNaming(call(-1), "page_size");
  }
}

TEST_P(LimitsTest, AnUpsertOfMoreThanOneThousandPeopleIsRejectedWhole) {
  v1::UpsertPeopleRequest request;
  for (int i = 0; i < 1001; ++i) *request.add_people() = Person(absl::StrCat("U", i), "Bulk");
  v1::UpsertPeopleResponse response;
  grpc::Status status = Call(*people_, &v1::PeopleService::Stub::UpsertPeople, request, &response);
  ExpectInvalidNaming(status, "people");
  EXPECT_EQ(status.error_message(), "people: at most 1000 per request, got 1001");
  v1::GetPersonRequest get;
  get.set_employee_id("U0");
  v1::Person person;
  EXPECT_EQ(Call(*people_, &v1::PeopleService::Stub::GetPerson, get, &person).error_code(),
            grpc::StatusCode::NOT_FOUND);

  request.mutable_people()->RemoveLast();
  status = Call(*people_, &v1::PeopleService::Stub::UpsertPeople, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.created_count(), 1000);
}

TEST_P(LimitsTest, AnImportOverTheRecordLimitStopsAndSaysWhatIsFinal) {
  std::vector<v1::Interaction> records;
  for (int i = 1; i <= 12; ++i) records.push_back(NewInteraction("limits", absl::StrCat("over-", i), "A1"));
  v1::ImportInteractionsResponse response;
  std::string committed_through;
  grpc::Status status = Import(records, 1, &response, &committed_through);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("at most 5 records (--max_import_records)"));
  // The first batch of 500 never filled, so no record was committed.
  EXPECT_THAT(status.error_message(), HasSubstr("nothing was written; re-send the whole import"));
  EXPECT_EQ(committed_through, "0");
  EXPECT_TRUE(InteractionsOfA1().empty());

  // At the limit, the import goes through whole.
  records.resize(5);
  status = Import(records, 2, &response, &committed_through);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.imported_count(), 5);
  EXPECT_EQ(InteractionsOfA1().size(), 5u);
}

TEST_P(LimitsTest, OverlongTextIsRejectedNamingTheFieldAndTheLimit) {
  int next = 0;
  // Makes a record with `value` in one field; returns the call's status.
  using TextCall = std::function<grpc::Status(const std::string& value)>;
  auto interaction_with = [this, &next](std::function<void(v1::Interaction&, const std::string&)> set) {
    return [this, &next, set](const std::string& value) {
      v1::Interaction interaction = NewInteraction("limits", absl::StrCat("long-", ++next), "A1");
      set(interaction, value);
      v1::Interaction created;
      return CreateInteraction(interaction, &created);
    };
  };
  struct LengthCase {
    std::string field;
    std::size_t limit;
    TextCall call;
  };
  const std::vector<LengthCase> cases = {
      {"person.display_name", 200,
       [this, &next](const std::string& value) {
         v1::Person person;
         return CreatePerson(Person(absl::StrCat("L", ++next), value), &person);
       }},
      {"team.display_name", 200,
       [this, &next](const std::string& value) {
         v1::Team team;
         return CreateTeam(absl::StrCat("t-long-", ++next), value, &team);
       }},
      {"service_account.display_name", 200,
       [this, &next](const std::string& value) {
         v1::ServiceAccount account;
         return CreateServiceAccount(absl::StrCat("sa-long-", ++next), value, "", &account);
       }},
      {"service_account.client_certificate_cn", 255,
       [this, &next](const std::string& value) {
         v1::ServiceAccount account;
         return CreateServiceAccount(absl::StrCat("sa-long-", ++next), "Feed", value, &account);
       }},
      {"token.description", 200,
       [this](const std::string& value) {
         v1::CreateTokenResponse token;
         return CreateToken(value, &token);
       }},
      {"interaction.queue", 128,
       interaction_with([](v1::Interaction& i, const std::string& value) { i.set_queue(value); })},
      {"interaction.source_system", 64,
       interaction_with([](v1::Interaction& i, const std::string& value) { i.set_source_system(value); })},
      {"interaction.source_id", 128,
       interaction_with([](v1::Interaction& i, const std::string& value) { i.set_source_id(value); })},
      {"interaction.recording.format", 64,
       interaction_with([](v1::Interaction& i, const std::string& value) {
         i.mutable_recording()->set_uri("s3://recordings/long");
         i.mutable_recording()->set_format(value);
       })},
  };
  const std::string u_umlaut = "\xC3\xBC";  // "ü": two bytes, one character
  for (const LengthCase& c : cases) {
    SCOPED_TRACE(c.field);
    std::string at_limit;
    for (std::size_t i = 0; i < c.limit; ++i) at_limit += u_umlaut;
    grpc::Status status = c.call(at_limit);
    EXPECT_TRUE(status.ok()) << "a limit counts characters, not bytes: " << status.error_message();
    status = c.call(std::string(c.limit + 1, 'x'));
    ExpectInvalidNaming(status, c.field);
    EXPECT_EQ(status.error_message(), absl::StrCat(c.field, ": must be at most ", c.limit, " characters, got ",
                                                   c.limit + 1));
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, LimitsTest, ::testing::ValuesIn(AllBackends()), BackendName);

}  // namespace
}  // namespace escala::testing
