#pragma once

// The access matrix's vocabulary and its registry of probes. A probe calls one RPC as a caller
// about a target's record and returns the status code; each domain's probes live in their own
// file (tests/e2e/access/*_probes.cc) and register themselves with a ProbeRegistrar, so that a
// new domain adds a file and edits nothing here. access_matrix_e2e_test.cc fails when an RPC of
// the policy table has no registered probe.

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "escala/v1/interactions.pb.h"
#include "server/platform/access_policy.h"

namespace escala::testing::access_matrix {

// Whose record a call is about, from the caller's point of view.
enum class Target { kOwn, kTeammate, kOtherTeam };
inline constexpr Target kTargets[] = {Target::kOwn, Target::kTeammate, Target::kOtherTeam};

const char* TargetName(Target target);

// A principal of the test world with its token.
struct Actor {
  std::string principal;    // "people/A1" or "serviceAccounts/hr"
  std::string employee_id;  // empty for service accounts
  std::string account_id;   // empty for people
  std::string token;
};

// Everyone and everything the matrix calls about. Team t-a holds one person of each person
// role plus a second agent (the teammate); team t-b holds one agent (the other team).
struct World {
  std::shared_ptr<grpc::Channel> channel;
  std::string admin_token;
  std::map<server::PolicyRole, Actor> callers;
  Actor teammate;                                 // A2, agent in t-a
  Actor other_team;                               // B1, agent in t-b
  std::map<std::string, int64_t> interaction_of;  // employee id → one of their interactions
  int next_id = 0;

  std::string Unique(const std::string& prefix) { return absl::StrCat(prefix, ++next_id); }
};

// The person a target names for `caller`: a service account's "own" person is A1 (its rules on
// people are allow or deny, so the choice does not matter).
const Actor& PersonTarget(const World& world, const Actor& caller, Target target);

// The team a target names: t-b for the other team, else t-a.
std::string TeamTarget(Target target);

// The principal a token call is about: the caller itself, or someone else.
std::string PrincipalTarget(const World& world, const Actor& caller, Target target);

// The service account a call is about: the caller's own, or another one.
std::string AccountTarget(const Actor& caller, Target target);

// A new interaction of `agent` with a source id unique in `world`.
v1::Interaction NewInteraction(World& world, const std::string& agent);

// "Found" for a list call: OK when the list holds the target, NOT_FOUND when the caller's scope
// left it out.
grpc::StatusCode Found(const grpc::Status& status, bool contains);

// Calls one RPC as `caller` about `target`'s record and returns the status code.
using Probe = std::function<grpc::StatusCode(World&, const Actor& caller, Target target)>;

// Probes by full method name ("escala.v1.PeopleService/CreatePerson").
using ProbeMap = std::map<std::string, Probe>;

// Registers a domain's probes at static initialization: in the domain's file,
//   const ProbeRegistrar kDirectoryProbes("people", &PeopleProbes);
// The object is named after its file: a unity build compiles several domains' files as one unit.
class ProbeRegistrar {
 public:
  ProbeRegistrar(const char* domain, ProbeMap (*probes)());
};

// The registered domains, in registration order.
std::vector<std::string> ProbeDomains();
// Every registered probe. A method registered by two domains is a test failure (ADD_FAILURE)
// naming both.
ProbeMap AllProbes();

}  // namespace escala::testing::access_matrix
