#include "tests/e2e/access/audit_scenarios.h"

namespace escala::testing::audit_scenarios {
namespace {

struct Registration {
  std::string domain;
  ScenarioMap (*scenarios)();
};

// Function-local, so that registrars in other files may run first.
std::vector<Registration>& Registry() {
  static std::vector<Registration>* registry = new std::vector<Registration>();
  return *registry;
}

struct ReplayRegistration {
  std::string domain;
  ReplayMap (*cases)();
};

std::vector<ReplayRegistration>& ReplayRegistry() {
  static std::vector<ReplayRegistration>* registry = new std::vector<ReplayRegistration>();
  return *registry;
}

}  // namespace

std::string JsonSeconds(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", time, absl::UTCTimeZone());
}

ScenarioRegistrar::ScenarioRegistrar(const char* domain, ScenarioMap (*scenarios)()) {
  Registry().push_back(Registration{domain, scenarios});
}

ScenarioMap AllScenarios() {
  ScenarioMap all;
  std::map<std::string, std::string> domain_of;
  for (const Registration& registration : Registry()) {
    for (auto& [method, scenario] : registration.scenarios()) {
      auto [it, added] = domain_of.emplace(method, registration.domain);
      if (!added) {
        ADD_FAILURE() << method << " has audit scenarios in both " << it->second << " and "
                      << registration.domain;
        continue;
      }
      all.emplace(method, std::move(scenario));
    }
  }
  return all;
}

ReplayRegistrar::ReplayRegistrar(const char* domain, ReplayMap (*cases)()) {
  ReplayRegistry().push_back(ReplayRegistration{domain, cases});
}

ReplayMap AllReplayCases() {
  ReplayMap all;
  std::map<std::string, std::string> domain_of;
  for (const ReplayRegistration& registration : ReplayRegistry()) {
    for (auto& [method, replay] : registration.cases()) {
      auto [it, added] = domain_of.emplace(method, registration.domain);
      if (!added) {
        ADD_FAILURE() << method << " has replay cases in both " << it->second << " and "
                      << registration.domain;
        continue;
      }
      all.emplace(method, std::move(replay));
    }
  }
  return all;
}

}  // namespace escala::testing::audit_scenarios
