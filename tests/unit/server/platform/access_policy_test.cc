#include "server/platform/access_policy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "escala/v1/audit.pb.h"
#include "escala/v1/identity.pb.h"
#include "escala/v1/interactions.pb.h"
#include "escala/v1/people.pb.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_paths.h"

namespace escala::server {
namespace {

using ::escala::testing::IsOk;
using ::escala::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Optional;

// The services' descriptors live in the generated code of their .proto files; naming one message
// of each file links that code in, so the generated pool knows every service.
void LinkEveryApiFile() {
  (void)v1::Person::descriptor();
  (void)v1::Interaction::descriptor();
  (void)v1::ApiToken::descriptor();
  (void)v1::AuditEvent::descriptor();
}

// The rule of `method` for one column of the built-in table; fails the test when there is no row.
Rule RuleOf(const std::string& method, PolicyRole role) {
  const PolicyRow* row = FindPolicyRow(method);
  EXPECT_NE(row, nullptr) << "no policy row for " << method;
  if (row == nullptr) return Rule::kDeny;
  return row->rules[static_cast<std::size_t>(role)];
}

// "escala.v1.PeopleService/GetPerson" for every `rpc` of every `service` in the .proto files of
// `directory`, read as text so that a method counts even before anything links its code.
std::set<std::string> MethodsDeclaredIn(const std::filesystem::path& directory) {
  static const std::regex kPackage(R"(^\s*package\s+([A-Za-z0-9_.]+)\s*;)");
  static const std::regex kService(R"(^\s*service\s+(\w+)\s*\{)");
  static const std::regex kRpc(R"(^\s*rpc\s+(\w+)\s*\()");
  std::set<std::string> methods;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    if (entry.path().extension() != ".proto") continue;
    std::ifstream file(entry.path());
    std::string package;
    std::string service;
    std::string line;
    while (std::getline(file, line)) {
      line = line.substr(0, line.find("//"));
      std::smatch match;
      if (std::regex_search(line, match, kPackage)) {
        package = match[1];
      } else if (std::regex_search(line, match, kService)) {
        service = match[1];
      } else if (std::regex_search(line, match, kRpc)) {
        EXPECT_FALSE(service.empty())
            << entry.path() << ": rpc " << match[1] << " outside a service";
        methods.insert(absl::StrCat(package, ".", service, "/", std::string(match[1])));
      }
    }
  }
  return methods;
}

TEST(AccessPolicy, BuiltInTableParses) {
  // AccessPolicy() parses the table on first use; every row names an escala.v1 method.
  const std::vector<PolicyRow>& rows = AccessPolicy();
  ASSERT_FALSE(rows.empty());
  static const std::regex kMethodName(R"(escala\.v1\.[A-Za-z]+Service/[A-Za-z]+)");
  for (const PolicyRow& row : rows) {
    EXPECT_TRUE(std::regex_match(row.method, kMethodName)) << row.method;
  }
  // Everyone may ask who they are.
  const PolicyRow* who_am_i = FindPolicyRow("escala.v1.IdentityService/WhoAmI");
  ASSERT_NE(who_am_i, nullptr);
  for (Rule rule : who_am_i->rules) EXPECT_EQ(rule, Rule::kAllow);
}

TEST(AccessPolicy, CoversEveryMethodOfTheFourServices) {
  LinkEveryApiFile();
  EXPECT_THAT(CheckPolicyCovers({"escala.v1.PeopleService", "escala.v1.InteractionService",
                                 "escala.v1.IdentityService", "escala.v1.AuditService"}),
              IsOk());
}

TEST(AccessPolicy, CoverageCheckNamesAnUnknownService) {
  LinkEveryApiFile();
  EXPECT_THAT(CheckPolicyCovers({"escala.v1.PeopleService", "escala.v1.NoSuchService"}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("escala.v1.NoSuchService (unknown service)")));
}

TEST(AccessPolicy, TableMatchesTheMethodsDeclaredInTheProtoSources) {
  const std::set<std::string> declared =
      MethodsDeclaredIn(::escala::testing::SourcePath("protos/escala/v1"));
  // Guards against a scan that silently finds nothing: the four services hold 23 methods today.
  ASSERT_GE(declared.size(), 23u) << "scanned "
                                  << ::escala::testing::SourcePath("protos/escala/v1");
  ASSERT_TRUE(declared.contains("escala.v1.AuditService/ListAuditEvents"));

  std::set<std::string> in_table;
  for (const PolicyRow& row : AccessPolicy()) in_table.insert(row.method);

  std::vector<std::string> without_row;
  for (const std::string& method : declared) {
    if (!in_table.contains(method)) without_row.push_back(method);
  }
  std::vector<std::string> without_method;
  for (const std::string& method : in_table) {
    if (!declared.contains(method)) without_method.push_back(method);
  }
  EXPECT_TRUE(without_row.empty())
      << "methods with no row in the access policy (server/platform/access_policy.cc): "
      << absl::StrJoin(without_row, ", ");
  EXPECT_TRUE(without_method.empty())
      << "access policy rows naming no method of the API: " << absl::StrJoin(without_method, ", ");
}

TEST(ParsePolicyTable, ReadsRulesCommentsAndBlankLines) {
  const absl::StatusOr<std::vector<PolicyRow>> rows = ParsePolicyTable(
      "# header comment\n"
      "\n"
      "x.S/A   A O T - A O T - A   # trailing comment\n"
      "  x.S/B - - - - - - - - -\n");
  ASSERT_THAT(rows, IsOk());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].method, "x.S/A");
  const std::array<Rule, kPolicyRoleCount> expected_first = {
      Rule::kAllow, Rule::kOwn,  Rule::kTeam, Rule::kDeny, Rule::kAllow,
      Rule::kOwn,   Rule::kTeam, Rule::kDeny, Rule::kAllow};
  EXPECT_EQ((*rows)[0].rules, expected_first);
  EXPECT_EQ((*rows)[1].method, "x.S/B");
  for (Rule rule : (*rows)[1].rules) EXPECT_EQ(rule, Rule::kDeny);
}

TEST(ParsePolicyTable, RejectsAWrongCellCountNamingTheLine) {
  EXPECT_THAT(ParsePolicyTable("x.S/A A A A A A A A A A\n"
                               "x.S/B A A A A A A A A\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("policy line 2"), HasSubstr("got 9 cells"))));
  EXPECT_THAT(ParsePolicyTable("\n# comment\nx.S/A A A A A A A A A A A\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("policy line 3"), HasSubstr("got 11 cells"))));
}

TEST(ParsePolicyTable, RejectsAnUnknownRuleNamingTheLineAndColumn) {
  EXPECT_THAT(
      ParsePolicyTable("x.S/A A A A A A A A A A\n"
                       "x.S/B A A X A A A A A A\n"),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(HasSubstr("policy line 2"), HasSubstr("qa_analyst"), HasSubstr("'X'"))));
}

TEST(ParsePolicyTable, RejectsADuplicateMethodNamingTheLine) {
  EXPECT_THAT(ParsePolicyTable("x.S/A A A A A A A A A A\n"
                               "x.S/B A A A A A A A A A\n"
                               "x.S/A - - - - - - - - -\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("policy line 3"), HasSubstr("x.S/A is listed twice"))));
}

TEST(PolicyRoleOf, MapsEveryRoleToItsColumn) {
  EXPECT_THAT(PolicyRoleOf(v1::ROLE_AGENT), Optional(PolicyRole::kAgent));
  EXPECT_THAT(PolicyRoleOf(v1::ROLE_SPECIALIST), Optional(PolicyRole::kAgent));
  EXPECT_THAT(PolicyRoleOf(v1::ROLE_TECHNICAL_ENGINEER), Optional(PolicyRole::kAgent));
  EXPECT_THAT(PolicyRoleOf(v1::ROLE_TEAM_LEAD), Optional(PolicyRole::kTeamLead));
  EXPECT_THAT(PolicyRoleOf(v1::ROLE_QA_ANALYST), Optional(PolicyRole::kQaAnalyst));
  EXPECT_THAT(PolicyRoleOf(v1::ROLE_TRAINER), Optional(PolicyRole::kTrainer));
  EXPECT_THAT(PolicyRoleOf(v1::ROLE_MANAGER), Optional(PolicyRole::kManager));
  EXPECT_THAT(PolicyRoleOf(v1::ROLE_HEAD_OF_SUPPORT), Optional(PolicyRole::kHeadOfSupport));
  EXPECT_THAT(PolicyRoleOf(v1::ROLE_HR_SYSTEM), Optional(PolicyRole::kHrSystem));
  EXPECT_THAT(PolicyRoleOf(v1::ROLE_ADMINISTRATOR), Optional(PolicyRole::kAdministrator));
  EXPECT_THAT(PolicyRoleOf(v1::ROLE_INTEGRATION), Optional(PolicyRole::kIntegration));
}

TEST(PolicyRoleOf, RefusesUnspecifiedAndUnknownRoles) {
  EXPECT_EQ(PolicyRoleOf(v1::ROLE_UNSPECIFIED), std::nullopt);
  EXPECT_EQ(PolicyRoleOf(static_cast<v1::Role>(99)), std::nullopt);
}

TEST(PolicyRoleOf, EveryDeclaredRoleButUnspecifiedHasAColumn) {
  // A role added to people.proto must be given a column before it can call anything.
  const google::protobuf::EnumDescriptor* roles = v1::Role_descriptor();
  for (int i = 0; i < roles->value_count(); ++i) {
    const auto role = static_cast<v1::Role>(roles->value(i)->number());
    if (role == v1::ROLE_UNSPECIFIED) continue;
    EXPECT_NE(PolicyRoleOf(role), std::nullopt) << roles->value(i)->name();
  }
}

TEST(PolicyRoleName, SpellsTheColumnsAsTheTableDoes) {
  EXPECT_EQ(PolicyRoleName(PolicyRole::kAgent), "agent");
  EXPECT_EQ(PolicyRoleName(PolicyRole::kTeamLead), "team_lead");
  EXPECT_EQ(PolicyRoleName(PolicyRole::kHeadOfSupport), "head_of_support");
  EXPECT_EQ(PolicyRoleName(PolicyRole::kIntegration), "integration");
}

TEST(AccessPolicyFacts, AgentsMayNotListAuditEvents) {
  EXPECT_EQ(RuleOf("escala.v1.AuditService/ListAuditEvents", PolicyRole::kAgent), Rule::kDeny);
}

TEST(AccessPolicyFacts, HrSystemsMayUpsertPeopleButNotReadInteractions) {
  EXPECT_EQ(RuleOf("escala.v1.PeopleService/UpsertPeople", PolicyRole::kHrSystem), Rule::kAllow);
  EXPECT_EQ(RuleOf("escala.v1.InteractionService/GetInteraction", PolicyRole::kHrSystem),
            Rule::kDeny);
}

TEST(AccessPolicyFacts, ManagersListEveryInteraction) {
  EXPECT_EQ(RuleOf("escala.v1.InteractionService/ListInteractions", PolicyRole::kManager),
            Rule::kAllow);
}

TEST(AccessPolicyFacts, TeamLeadsReadTheirTeamsInteractionsAndAgentsTheirOwn) {
  EXPECT_EQ(RuleOf("escala.v1.InteractionService/GetInteraction", PolicyRole::kTeamLead),
            Rule::kTeam);
  EXPECT_EQ(RuleOf("escala.v1.InteractionService/GetInteraction", PolicyRole::kAgent), Rule::kOwn);
}

TEST(AccessPolicyFacts, UnknownMethodHasNoRow) {
  EXPECT_EQ(FindPolicyRow("escala.v1.PeopleService/DeletePerson"), nullptr);
  EXPECT_EQ(FindPolicyRow(""), nullptr);
}

}  // namespace
}  // namespace escala::server
