#include "tools/demo/demo_promotion_candidates.h"

#include <algorithm>

#include "absl/time/civil_time.h"

namespace escala::demo {
namespace {

namespace v1 = escala::v1;

// Time at L1 that leaves the policy's six months behind with room to spare.
constexpr int kMinTenureDays = 240;

}  // namespace

bool DemoPromotionCandidates::Contains(const std::string& employee_id) const {
  return employee_id == nearly_ready || employee_id == regressing ||
         std::find(ready.begin(), ready.end(), employee_id) != ready.end();
}

DemoPromotionCandidates PickPromotionCandidates(Directory& directory, absl::Time end) {
  DemoPromotionCandidates candidates;
  std::string demo_team;
  for (const v1::Person& person : directory.people) {
    if (person.active() && person.role() == v1::ROLE_AGENT && person.level() == 1) {
      demo_team = person.team_id();
      break;
    }
  }
  const absl::CivilDay latest_hire = absl::ToCivilDay(end, absl::UTCTimeZone()) - kMinTenureDays;
  for (size_t i = 0; i < directory.people.size(); ++i) {
    const v1::Person& person = directory.people[i];
    if (!person.active() || person.role() != v1::ROLE_AGENT || person.level() != 1 ||
        person.team_id() == demo_team) {
      continue;
    }
    absl::CivilDay hired;
    if (!absl::ParseCivilTime(person.hire_date(), &hired) || hired > latest_hire) continue;
    if (static_cast<int>(candidates.ready.size()) < kDemoReadyAgents) {
      candidates.ready.push_back(person.employee_id());
    } else if (candidates.nearly_ready.empty()) {
      candidates.nearly_ready = person.employee_id();
    } else if (candidates.regressing.empty()) {
      candidates.regressing = person.employee_id();
    } else {
      break;
    }
    directory.staff[i].skill = 1.0;
  }
  return candidates;
}

}  // namespace escala::demo
