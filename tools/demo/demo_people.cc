#include "tools/demo/demo_people.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "tools/demo/demo_names.h"

namespace escala::demo {
namespace {

using escala::v1::Role;

struct TeamSpec {
  const char* team_id;
  const char* display_name;
};

constexpr std::array<TeamSpec, 5> kTeams = {{
    {"t-phone-1", "Teléfono 1"},
    {"t-phone-2", "Teléfono 2"},
    {"t-digital", "Canales digitales"},
    {"t-l2", "Especialistas N2"},
    {"t-tech", "Soporte técnico"},
}};

// One block of people with the same role, in employee-id order (senior roles first).
struct RoleBlock {
  Role role;
  int level;
  int count;
  // Tenure range as fractions of the hiring span: 0 = hired at the latest date, 1 = four years ago.
  // Senior roles were hired earlier.
  double min_tenure;
  double max_tenure;
};

constexpr std::array<RoleBlock, 8> kBlocks = {{
    {Role::ROLE_HEAD_OF_SUPPORT, 5, 1, 0.8, 1.0},
    {Role::ROLE_MANAGER, 4, 1, 0.7, 1.0},
    {Role::ROLE_QA_ANALYST, 2, 2, 0.3, 1.0},
    {Role::ROLE_TRAINER, 2, 2, 0.3, 1.0},
    {Role::ROLE_TEAM_LEAD, 3, 5, 0.5, 1.0},
    {Role::ROLE_SPECIALIST, 2, 8, 0.25, 1.0},
    {Role::ROLE_TECHNICAL_ENGINEER, 3, 4, 0.25, 1.0},
    {Role::ROLE_AGENT, 1, 40, 0.0, 1.0},
}};

// Agents per first-line team: phone carries ~45 % of contacts, the digital desk ~55 %.
constexpr int kAgentsPerPhoneTeam = 11;

constexpr int kFirstEmployeeNumber = 1001;

}  // namespace

Directory GenerateDirectory(DemoRandom& rng, absl::Time window_start, absl::Time end) {
  Directory dir;
  for (const TeamSpec& spec : kTeams) {
    escala::v1::Team& team = dir.teams.emplace_back();
    team.set_team_id(spec.team_id);
    team.set_display_name(spec.display_name);
  }

  const absl::CivilDay end_day = absl::ToCivilDay(end, absl::UTCTimeZone());
  const absl::CivilDay latest_hire = absl::ToCivilDay(window_start, absl::UTCTimeZone()) - 14;
  const int64_t span_days = std::max<int64_t>(365, latest_hire - (end_day - 4 * 365));

  NameGenerator names(rng);
  int number = kFirstEmployeeNumber;
  int agent_index = 0;
  int lead_index = 0;
  // Two agents who have left: still in the directory (their history stays), no longer taking
  // contacts.
  const int inactive_a = static_cast<int>(rng.Below(40));
  const int inactive_b = (inactive_a + 1 + static_cast<int>(rng.Below(39))) % 40;

  for (const RoleBlock& block : kBlocks) {
    for (int i = 0; i < block.count; ++i) {
      escala::v1::Person& person = dir.people.emplace_back();
      StaffProfile& profile = dir.staff.emplace_back();
      const PersonName name = names.Next();
      person.set_employee_id(absl::StrCat("E", number++));
      person.set_display_name(name.display_name);
      person.set_email(absl::StrCat(name.email_local, "@escala.example"));
      person.set_role(block.role);
      person.set_level(block.level);
      person.set_active(true);
      const double tenure = block.min_tenure + (block.max_tenure - block.min_tenure) * rng.Unit();
      const absl::CivilDay hired =
          latest_hire - static_cast<int64_t>(tenure * static_cast<double>(span_days));
      person.set_hire_date(absl::FormatCivilTime(hired));

      profile.employee_id = person.employee_id();
      profile.workload = static_cast<int>(rng.Between(60, 140));
      profile.skill = 2 * rng.Unit() - 1;

      switch (block.role) {
        case Role::ROLE_TEAM_LEAD:
          person.set_team_id(kTeams[lead_index].team_id);
          dir.teams[lead_index].set_lead_employee_id(person.employee_id());
          ++lead_index;
          break;
        case Role::ROLE_SPECIALIST:
          person.set_team_id("t-l2");
          profile.desk = Desk::kSpecialist;
          break;
        case Role::ROLE_TECHNICAL_ENGINEER:
          person.set_team_id("t-tech");
          profile.desk = Desk::kEngineer;
          break;
        case Role::ROLE_AGENT: {
          const int team = std::min(agent_index / kAgentsPerPhoneTeam, 2);
          person.set_team_id(kTeams[team].team_id);
          profile.desk = team < 2 ? Desk::kPhone : Desk::kDigital;
          if (agent_index == inactive_a || agent_index == inactive_b) {
            person.set_active(false);
            profile.desk = Desk::kNone;
          }
          ++agent_index;
          break;
        }
        default:
          break;
      }
    }
  }
  return dir;
}

}  // namespace escala::demo
