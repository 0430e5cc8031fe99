#include "tests/e2e/access/probes_registry.h"

#include <gtest/gtest.h>

#include <utility>

#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing::access_matrix {
namespace {

struct Registration {
  std::string domain;
  ProbeMap (*probes)();
};

// Function-local, so that registrars in other files may run first.
std::vector<Registration>& Registry() {
  static std::vector<Registration>* registry = new std::vector<Registration>();
  return *registry;
}

}  // namespace

const char* TargetName(Target target) {
  switch (target) {
    case Target::kOwn:
      return "own";
    case Target::kTeammate:
      return "teammate's";
    case Target::kOtherTeam:
      return "other team's";
  }
  return "?";
}

const Actor& PersonTarget(const World& world, const Actor& caller, Target target) {
  switch (target) {
    case Target::kOwn:
      return caller.employee_id.empty() ? world.callers.at(server::PolicyRole::kAgent) : caller;
    case Target::kTeammate:
      return caller.employee_id == world.teammate.employee_id
                 ? world.callers.at(server::PolicyRole::kAgent)
                 : world.teammate;
    case Target::kOtherTeam:
      return world.other_team;
  }
  return world.other_team;
}

std::string PrincipalTarget(const World& world, const Actor& caller, Target target) {
  if (target == Target::kOwn) return caller.principal;
  return PersonTarget(world, caller, target).principal;
}

std::string AccountTarget(const Actor& caller, Target target) {
  if (target == Target::kOwn && !caller.account_id.empty()) return caller.account_id;
  return caller.account_id == "hr" ? "integ" : "hr";
}

grpc::StatusCode Found(const grpc::Status& status, bool contains) {
  if (!status.ok()) return status.error_code();
  return contains ? grpc::StatusCode::OK : grpc::StatusCode::NOT_FOUND;
}

std::string TeamTarget(Target target) { return target == Target::kOtherTeam ? "t-b" : "t-a"; }

v1::Interaction NewInteraction(World& world, const std::string& agent) {
  return escala::testing::NewInteraction("matrix", world.Unique("src-"), agent);
}

ProbeRegistrar::ProbeRegistrar(const char* domain, ProbeMap (*probes)()) {
  Registry().push_back(Registration{domain, probes});
}

std::vector<std::string> ProbeDomains() {
  std::vector<std::string> domains;
  for (const Registration& registration : Registry()) domains.push_back(registration.domain);
  return domains;
}

ProbeMap AllProbes() {
  ProbeMap all;
  std::map<std::string, std::string> domain_of;
  for (const Registration& registration : Registry()) {
    for (auto& [method, probe] : registration.probes()) {
      auto [it, added] = domain_of.emplace(method, registration.domain);
      if (!added) {
        ADD_FAILURE() << method << " has probes in both " << it->second << " and "
                      << registration.domain;
        continue;
      }
      all.emplace(method, std::move(probe));
    }
  }
  return all;
}

}  // namespace escala::testing::access_matrix
