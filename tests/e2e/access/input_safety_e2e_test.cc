// Hostile input against the real escala-server: quotes, backslashes, SQL fragments, LIKE
// wildcards, multi-byte and 4-byte UTF-8 come back byte for byte from every free-text field; a
// NUL byte, text that is not UTF-8, an SQL-looking identifier, an order or resource type outside
// the allow-list and an unknown enum value are INVALID_ARGUMENT naming the field; and the size
// limits (message bytes, page size, batch size, import records, text length) are enforced with a
// message that says which.
//
// The cases are registered per domain (tests/e2e/access/*_input_cases.cc, see
// input_safety_registry.h); each test below runs every registered case of one kind. A List RPC
// of the policy table without a paging case, or a string field of the covered requests with
// neither a round trip nor a reason, fails InputCoverageTest.

#include <google/protobuf/descriptor.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "escala/v1/audit.grpc.pb.h"
#include "escala/v1/identity.grpc.pb.h"
#include "escala/v1/interactions.grpc.pb.h"
#include "escala/v1/people.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/platform/access_policy.h"
#include "tests/e2e/access/input_safety_registry.h"
#include "tests/e2e/harness/grpc_client.h"
#include "tests/e2e/harness/server_fixture.h"
#include "tests/testing/test_database.h"

namespace escala::testing {
namespace {

using input_safety::AllInputCases;
using input_safety::FieldWrite;
using input_safety::InputCases;
using input_safety::InputClient;
using input_safety::ReadBack;
using input_safety::RoundTrip;
using input_safety::TextKind;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// The services whose create and update requests (and for TransitionCheckedServices every
// state-changing request) have every string field accounted for: a hostile-text round trip, or a
// reason why the field is not free text. A domain whose free text gets round trips adds its
// service here.
const std::vector<std::string>& TextCheckedServices() {
  static const std::vector<std::string> services = {
      "escala.v1.PeopleService",          "escala.v1.InteractionService",
      "escala.v1.IdentityService",        "escala.v1.CourseService",
      "escala.v1.TrainingSessionService", "escala.v1.ScorecardService",
      "escala.v1.EvaluationService",      "escala.v1.CalibrationService",
      "escala.v1.AssignmentService",      "escala.v1.TrainingRecommendationService",
      "escala.v1.CertificationService",   "escala.v1.LearningPathService",
      "escala.v1.EnrolmentService",       "escala.v1.AttendanceService",
      "escala.v1.CompletionService"};
  return services;
}

// The services of TextCheckedServices whose state-changing custom methods (every method but
// Get, List and Compute) are checked too: their requests carry free text of their own (a
// dispute's reason, a skip's reason), not only the resource's.
const std::vector<std::string>& TransitionCheckedServices() {
  static const std::vector<std::string> services = {
      "escala.v1.EvaluationService",      "escala.v1.CalibrationService",
      "escala.v1.AssignmentService",      "escala.v1.TrainingRecommendationService",
      "escala.v1.TrainingSessionService", "escala.v1.EnrolmentService",
      "escala.v1.AttendanceService",      "escala.v1.CompletionService"};
  return services;
}

bool Contains(const std::vector<std::string>& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

// Whether the string fields of the request of `method` of `service` are checked.
bool IsTextChecked(const std::string& service, const std::string& method) {
  if (!Contains(TextCheckedServices(), service)) return false;
  if (absl::StartsWith(method, "Create") || absl::StartsWith(method, "Update")) return true;
  return Contains(TransitionCheckedServices(), service) && !absl::StartsWith(method, "Get") &&
         !absl::StartsWith(method, "List") && !absl::StartsWith(method, "Compute");
}

// Adds the string fields of `message` to `fields` by the path the server names them with
// ("person.display_name", "interaction.recording.uri"), walking into nested messages except
// the well-known types (a FieldMask's paths, a Timestamp).
void AddStringFields(const google::protobuf::Descriptor* message, const std::string& prefix,
                     int depth, std::set<std::string>* fields) {
  for (int i = 0; i < message->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = message->field(i);
    const std::string path = prefix + field->name();
    if (field->type() == google::protobuf::FieldDescriptor::TYPE_STRING) {
      fields->insert(path);
    } else if (field->type() == google::protobuf::FieldDescriptor::TYPE_MESSAGE &&
               !absl::StartsWith(field->message_type()->full_name(), "google.protobuf.") &&
               depth < 5) {
      AddStringFields(field->message_type(), path + ".", depth + 1, fields);
    }
  }
}

// `path` without its repeated-element indexes: "sections[0].title" is "sections.title".
std::string WithoutIndexes(const std::string& path) {
  std::string out;
  bool in_index = false;
  for (char c : path) {
    if (c == '[') in_index = true;
    if (!in_index) out += c;
    if (c == ']') in_index = false;
  }
  return out;
}

// The names of `fields` that are in neither `covered` nor `reasons`.
std::vector<std::string> Uncovered(const std::set<std::string>& fields,
                                   const std::set<std::string>& covered,
                                   const std::map<std::string, std::string>& reasons) {
  std::vector<std::string> uncovered;
  for (const std::string& field : fields) {
    if (!covered.contains(field) && !reasons.contains(field)) uncovered.push_back(field);
  }
  return uncovered;
}

TEST(InputCoverageTest, EveryListRpcOfThePolicyTableHasAPagingCase) {
  std::set<std::string> list_methods;
  for (const server::PolicyRow& row : server::AccessPolicy()) {
    if (absl::StrContains(row.method, "/List")) list_methods.insert(row.method);
  }
  std::set<std::string> covered;
  for (const input_safety::PagedList& list : AllInputCases().paged_lists) {
    covered.insert(list.method);
  }
  std::vector<std::string> missing;
  for (const std::string& method : list_methods) {
    if (!covered.contains(method)) missing.push_back(method);
  }
  EXPECT_TRUE(missing.empty())
      << "List RPCs of the policy table without a paging case in their domain's "
         "tests/e2e/access/*_input_cases.cc: "
      << absl::StrJoin(missing, ", ");
  std::vector<std::string> unknown;
  for (const std::string& method : covered) {
    if (!list_methods.contains(method)) unknown.push_back(method);
  }
  EXPECT_TRUE(unknown.empty()) << "paging cases of methods the policy table has no List row for: "
                               << absl::StrJoin(unknown, ", ");
}

TEST(InputCoverageTest, EveryStringFieldOfTheCoveredRequestsHasATextCaseOrAReason) {
  const InputCases cases = AllInputCases();
  std::set<std::string> fields;
  int requests = 0;
  for (const server::PolicyRow& row : server::AccessPolicy()) {
    const std::string service = row.method.substr(0, row.method.find('/'));
    const std::string method = row.method.substr(row.method.find('/') + 1);
    if (!IsTextChecked(service, method)) continue;
    const google::protobuf::MethodDescriptor* descriptor =
        google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(service + "." +
                                                                             method);
    ASSERT_NE(descriptor, nullptr) << row.method;
    AddStringFields(descriptor->input_type(), "", 0, &fields);
    ++requests;
  }
  ASSERT_GT(requests, 0) << "no checked request of " << absl::StrJoin(TextCheckedServices(), ", ");

  std::set<std::string> round_tripped;
  std::set<std::string> free_text;  // round trips of the hostile texts
  for (const RoundTrip& trip : cases.round_trips) {
    round_tripped.insert(trip.field);
    if (trip.texts.empty()) free_text.insert(trip.field);
  }
  const std::vector<std::string> uncovered = Uncovered(fields, round_tripped, cases.not_free_text);
  EXPECT_TRUE(uncovered.empty())
      << "string fields of the checked requests of " << absl::StrJoin(TextCheckedServices(), ", ")
      << " with neither a hostile-text round trip nor a not_free_text reason in their domain's "
         "tests/e2e/access/*_input_cases.cc: "
      << absl::StrJoin(uncovered, ", ");

  // A free-text field also needs a write case: the NUL byte, the UTF-8 and the length cases.
  std::set<std::string> written;
  for (const FieldWrite& write : cases.field_writes) written.insert(WithoutIndexes(write.field));
  const std::vector<std::string> unwritten = Uncovered(free_text, written, {});
  EXPECT_TRUE(unwritten.empty()) << "free-text fields with a round trip but no FieldWrite case: "
                                 << absl::StrJoin(unwritten, ", ");
}

// Each write case with the call that writes it, after its prepare (FieldWrite::prepare) ran.
// With `limited_only`, only the cases that probe a limit.
std::vector<std::pair<FieldWrite, input_safety::WriteCall>> PreparedWrites(
    InputClient& client, bool limited_only = false) {
  std::vector<std::pair<FieldWrite, input_safety::WriteCall>> writes;
  for (FieldWrite& write : AllInputCases().field_writes) {
    if (limited_only && write.max_characters == 0) continue;
    input_safety::WriteCall call = write.prepare ? write.prepare(client) : write.write;
    writes.emplace_back(std::move(write), std::move(call));
  }
  return writes;
}

// "person.display_name via CreatePerson".
template <typename Case>
std::string NameOf(const Case& c) {
  return absl::StrCat(c.field, " via ", c.via);
}

// An INVALID_ARGUMENT whose message starts with "<field>: ".
void ExpectInvalidNaming(const grpc::Status& status, const std::string& field) {
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << field << ": " << status.error_message();
  EXPECT_THAT(status.error_message(), StartsWith(field + ": "));
}

// The server under test with the world every case starts from (team t-a, agent A1) and the
// administrator's client; `ServerFlags` picks its flags.
class ServerFixture : public ServerUnderTestFixture {
 protected:
  void SetUp() override {
    ServerUnderTestFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    client_ =
        std::make_unique<InputClient>(PlaintextChannel(server_->address()), server_->admin_token());
    v1::CreateTeamRequest team;
    team.mutable_team()->set_team_id("t-a");
    team.mutable_team()->set_display_name("Team A");
    v1::Team created_team;
    ASSERT_TRUE(client_->Call(&v1::PeopleService::Stub::CreateTeam, team, &created_team).ok());
    v1::CreatePersonRequest person;
    *person.mutable_person() = InputClient::NewPerson("A1", "Ana Agent");
    v1::Person created_person;
    ASSERT_TRUE(
        client_->Call(&v1::PeopleService::Stub::CreatePerson, person, &created_person).ok());
  }

  void TearDown() override {
    // The connection closes first: a server stopping with a client still connected waits for it.
    client_.reset();
    ServerUnderTestFixture::TearDown();
  }

  InputClient& client() { return *client_; }

  // Every interaction of agent A1.
  std::vector<v1::Interaction> InteractionsOfA1() {
    v1::ListInteractionsRequest request;
    request.set_agent_employee_id("A1");
    request.set_page_size(1000);
    v1::ListInteractionsResponse response;
    grpc::Status status =
        client_->Call(&v1::InteractionService::Stub::ListInteractions, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.interactions().begin(), response.interactions().end()};
  }

  // Every table still exists and every List RPC still answers with what SetUp stored.
  void ExpectEveryTableStillAnswers() {
    for (const char* table :
         {"teams", "people", "interactions", "audit_events", "service_accounts", "api_tokens"}) {
      absl::StatusOr<long long> rows =
          database().QueryInt(absl::StrCat("SELECT COUNT(*) FROM ", table));
      EXPECT_TRUE(rows.ok()) << table << ": " << rows.status();
    }
    v1::ListPeopleRequest people_request;
    people_request.set_team_id("t-a");
    v1::ListPeopleResponse people;
    ASSERT_TRUE(client_->Call(&v1::PeopleService::Stub::ListPeople, people_request, &people).ok());
    ASSERT_GE(people.people_size(), 1);
    EXPECT_EQ(people.people(0).employee_id(), "A1");
    v1::ListTeamsResponse teams;
    ASSERT_TRUE(
        client_->Call(&v1::PeopleService::Stub::ListTeams, v1::ListTeamsRequest(), &teams).ok());
    ASSERT_GE(teams.teams_size(), 1);
    EXPECT_EQ(teams.teams(0).team_id(), "t-a");
    v1::ListServiceAccountsResponse accounts;
    ASSERT_TRUE(client_
                    ->Call(&v1::IdentityService::Stub::ListServiceAccounts,
                           v1::ListServiceAccountsRequest(), &accounts)
                    .ok());
    ASSERT_GE(accounts.service_accounts_size(), 1);
    EXPECT_EQ(accounts.service_accounts(0).account_id(), "admin");
    v1::ListTokensRequest tokens_request;
    tokens_request.set_principal("serviceAccounts/admin");
    v1::ListTokensResponse tokens;
    ASSERT_TRUE(
        client_->Call(&v1::IdentityService::Stub::ListTokens, tokens_request, &tokens).ok());
    EXPECT_EQ(tokens.tokens_size(), 1);
    v1::ListInteractionsResponse interactions;
    EXPECT_TRUE(client_
                    ->Call(&v1::InteractionService::Stub::ListInteractions,
                           v1::ListInteractionsRequest(), &interactions)
                    .ok());
    EXPECT_GE(client_->NewestEventId(), 2);  // at least team t-a and person A1
  }

  std::unique_ptr<InputClient> client_;
};

class InputSafetyTest : public ServerFixture {};

TEST_P(InputSafetyTest, HostileTextComesBackByteForByteFromEveryFreeTextField) {
  const std::vector<RoundTrip> trips = AllInputCases().round_trips;
  ASSERT_FALSE(trips.empty());
  for (const RoundTrip& trip : trips) {
    SCOPED_TRACE(NameOf(trip));
    const std::vector<std::string>& texts = !trip.texts.empty() ? trip.texts
                                            : trip.kind == TextKind::kFreeText
                                                ? input_safety::HostileTexts()
                                                : input_safety::HostileUris();
    const std::vector<ReadBack> read = trip.run(client(), texts);
    EXPECT_GE(read.size(), texts.size()) << NameOf(trip) << " read back fewer values than it wrote";
    for (const ReadBack& back : read) {
      EXPECT_EQ(back.got, back.sent) << NameOf(trip) << ", read back through " << back.via;
    }
  }
  ExpectEveryTableStillAnswers();
}

TEST_P(InputSafetyTest, ANulByteInAnyFreeTextFieldIsRejectedNamingTheField) {
  // The QA writes call as the manager, whose token is made on first use: make it before counting.
  client().ManagerToken();
  const auto writes = PreparedWrites(client());
  const int64_t newest_before = client().NewestEventId();
  ASSERT_FALSE(writes.empty());
  for (const auto& [write, call] : writes) {
    SCOPED_TRACE(NameOf(write));
    ExpectInvalidNaming(call(client(), input_safety::kWithNul), write.field);
  }
  EXPECT_EQ(client().NewestEventId(), newest_before) << "a refused call changed something";
  EXPECT_TRUE(InteractionsOfA1().empty());
  ExpectEveryTableStillAnswers();
}

TEST_P(InputSafetyTest, AStringThatIsNotUtf8IsInvalidArgumentNotUnimplemented) {
  // The QA writes call as the manager, whose token is made on first use: make it before counting.
  client().ManagerToken();
  const auto writes = PreparedWrites(client());
  const int64_t newest_before = client().NewestEventId();
  int unary = 0;
  for (const auto& [write, call] : writes) {
    if (write.streamed) continue;
    SCOPED_TRACE(NameOf(write));
    ++unary;
    // "Jos\xE9" is Latin-1; proto3 refuses to parse it, so no handler ever sees the request.
    const grpc::Status status = call(client(), "Jos\xE9");
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
    EXPECT_THAT(status.error_message(), HasSubstr("not valid UTF-8"));
  }
  EXPECT_GT(unary, 0);
  EXPECT_EQ(client().NewestEventId(), newest_before) << "a refused call changed something";
}

TEST_P(InputSafetyTest, SqlLookingIdsAndValuesOutsideTheirAlphabetAreRejectedNamingTheField) {
  // The QA writes call as the manager, whose token is made on first use: make it before counting.
  client().ManagerToken();
  const int64_t newest_before = client().NewestEventId();
  const std::vector<input_safety::RefusedValues> refused = AllInputCases().refused;
  ASSERT_FALSE(refused.empty());
  for (const input_safety::RefusedValues& c : refused) {
    for (const std::string& value : c.values) {
      SCOPED_TRACE(absl::StrCat(NameOf(c), " = '", value, "'"));
      ExpectInvalidNaming(c.call(client(), value), c.field);
    }
  }
  EXPECT_EQ(client().NewestEventId(), newest_before) << "a refused call changed something";
  ExpectEveryTableStillAnswers();
}

TEST_P(InputSafetyTest, FreeTextFiltersMatchLiterally) {
  const std::vector<input_safety::LiteralFilter> filters = AllInputCases().literal_filters;
  ASSERT_FALSE(filters.empty());
  for (const input_safety::LiteralFilter& filter : filters) {
    for (const auto& [value, expected] : filter.expected) {
      SCOPED_TRACE(absl::StrCat(NameOf(filter), " = '", value, "'"));
      int count = -1;
      const grpc::Status status = filter.count(client(), value, &count);
      EXPECT_TRUE(status.ok()) << status.error_message();
      EXPECT_EQ(count, expected);
    }
  }
  ExpectEveryTableStillAnswers();
}

TEST_P(InputSafetyTest, OutOfRangeEnumValuesInListFiltersAreRejected) {
  const std::vector<input_safety::EnumFilter> filters = AllInputCases().enum_filters;
  ASSERT_FALSE(filters.empty());
  for (const input_safety::EnumFilter& filter : filters) {
    for (int value : {999, -1}) {
      SCOPED_TRACE(absl::StrCat(NameOf(filter), " = ", value));
      ExpectInvalidNaming(filter.call(client(), value), filter.field);
    }
  }
  ExpectEveryTableStillAnswers();
}

INSTANTIATE_TEST_SUITE_P(Backends, InputSafetyTest, ::testing::ValuesIn(AllBackends()),
                         BackendName);

// A server with small limits: 64 KiB per request message and 5 records per import.
class LimitsTest : public ServerFixture {
 protected:
  std::vector<std::string> ServerFlags() const override {
    return {"--plaintext", "--max_message_bytes=65536", "--max_import_records=5"};
  }
};

TEST_P(LimitsTest, EveryRegisteredLimitHolds) {
  const std::vector<input_safety::LimitCase> limits = AllInputCases().limits;
  ASSERT_FALSE(limits.empty());
  for (const input_safety::LimitCase& limit : limits) {
    SCOPED_TRACE(limit.name);
    limit.check(client());
  }
}

TEST_P(LimitsTest, APageSizeOverOneThousandIsCoercedAndANegativeOneRefusedByEveryList) {
  const std::vector<input_safety::PagedList> lists = AllInputCases().paged_lists;
  ASSERT_FALSE(lists.empty());
  for (const input_safety::PagedList& list : lists) {
    SCOPED_TRACE(list.method);
    const std::function<grpc::Status(int32_t)> call = list.prepare(client());
    // Above the maximum is coerced down (AIP-158), so it answers like any valid size.
    const grpc::Status status = call(5000);
    EXPECT_EQ(status.error_code(), list.over_maximum) << status.error_message();
    ExpectInvalidNaming(call(-1), "page_size");
  }
}

TEST_P(LimitsTest, OverlongTextIsRejectedNamingTheFieldAndTheLimit) {
  const std::string u_umlaut = "\xC3\xBC";  // "ü": two bytes, one character
  int limited = 0;
  for (const auto& [write, call] : PreparedWrites(client(), /*limited_only=*/true)) {
    SCOPED_TRACE(NameOf(write));
    ++limited;
    std::string at_limit;
    for (std::size_t i = 0; i < write.max_characters; ++i) at_limit += u_umlaut;
    grpc::Status status = call(client(), at_limit);
    EXPECT_TRUE(status.ok()) << "a limit counts characters, not bytes: " << status.error_message();
    status = call(client(), std::string(write.max_characters + 1, 'x'));
    ExpectInvalidNaming(status, write.field);
    EXPECT_EQ(status.error_message(),
              absl::StrCat(write.field, ": must be at most ", write.max_characters,
                           " characters, got ", write.max_characters + 1));
  }
  EXPECT_GT(limited, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, LimitsTest, ::testing::ValuesIn(AllBackends()), BackendName);

}  // namespace
}  // namespace escala::testing
