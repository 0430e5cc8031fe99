#include "tools/demo/demo_tokens.h"

#include <chrono>
#include <optional>

#include "absl/strings/str_cat.h"
#include "grpcpp/client_context.h"
#include "tools/demo/demo_loader.h"

namespace escala::demo {
namespace {

namespace v1 = escala::v1;

const v1::Person* FirstActive(const DemoData& data, v1::Role role, int level) {
  for (const v1::Person& person : data.people) {
    if (person.active() && person.role() == role && (level == 0 || person.level() == level)) {
      return &person;
    }
  }
  return nullptr;
}

const v1::Person* FindPerson(const DemoData& data, const std::string& employee_id) {
  for (const v1::Person& person : data.people) {
    if (person.employee_id() == employee_id) return &person;
  }
  return nullptr;
}

std::optional<std::string> LeadOfTeam(const DemoData& data, const std::string& team_id) {
  for (const v1::Team& team : data.teams) {
    if (team.team_id() == team_id && !team.lead_employee_id().empty()) {
      return team.lead_employee_id();
    }
  }
  return std::nullopt;
}

void AddHolder(std::vector<DemoTokenHolder>& holders, const char* role, const v1::Person* person) {
  if (person == nullptr) return;
  holders.push_back({role, person->employee_id(), person->display_name()});
}

}  // namespace

std::vector<DemoTokenHolder> PickDemoTokenHolders(const DemoData& data) {
  std::vector<DemoTokenHolder> holders;
  // The agent comes from a team with a lead, so that the lead's token shows that same agent's
  // contacts among the team's.
  const v1::Person* agent = nullptr;
  const v1::Person* lead = nullptr;
  for (const v1::Person& person : data.people) {
    if (!person.active() || person.role() != v1::ROLE_AGENT || person.level() != 1) continue;
    const std::optional<std::string> lead_id = LeadOfTeam(data, person.team_id());
    if (!lead_id.has_value()) continue;
    const v1::Person* found = FindPerson(data, *lead_id);
    if (found == nullptr || !found->active()) continue;
    agent = &person;
    lead = found;
    break;
  }
  AddHolder(holders, "agent", agent);
  AddHolder(holders, "team_lead", lead);
  AddHolder(holders, "qa_analyst", FirstActive(data, v1::ROLE_QA_ANALYST, 0));
  AddHolder(holders, "manager", FirstActive(data, v1::ROLE_MANAGER, 0));
  AddHolder(holders, "trainer", FirstActive(data, v1::ROLE_TRAINER, 0));
  return holders;
}

absl::StatusOr<std::vector<DemoToken>> CreateDemoTokens(
    const std::vector<DemoTokenHolder>& holders, v1::IdentityService::StubInterface& identity,
    absl::Duration rpc_timeout) {
  std::vector<DemoToken> tokens;
  for (const DemoTokenHolder& holder : holders) {
    v1::CreateTokenRequest request;
    request.mutable_token()->set_principal(absl::StrCat("people/", holder.employee_id));
    request.mutable_token()->set_description(
        absl::StrCat("escala-demo: try the access rules as a ", holder.role));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::milliseconds(absl::ToInt64Milliseconds(rpc_timeout)));
    v1::CreateTokenResponse response;
    const grpc::Status status = identity.CreateToken(&context, request, &response);
    if (!status.ok()) {
      const absl::Status converted = FromGrpcStatus(status);
      return absl::Status(converted.code(),
                          absl::StrCat("CreateToken for ", holder.role, " ", holder.employee_id,
                                       ": ", converted.message()));
    }
    tokens.push_back({holder, response.secret()});
  }
  return tokens;
}

}  // namespace escala::demo
