#pragma once

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "escala/v1/people.pb.h"
#include "tools/demo/demo_random.h"

namespace escala::demo {

// Which contacts a staff member takes in the generated data.
enum class Desk {
  kNone,        // Does not handle contacts (leads, QA, trainers, management, inactive people).
  kPhone,       // First line, phone.
  kDigital,     // First line, e-mail, chat, social and web form.
  kSpecialist,  // Level-2 follow-ups of escalated contacts.
  kEngineer,    // Level-3 (technical) follow-ups.
};

// What the contact generator needs to know about a person beyond the Person record.
struct StaffProfile {
  std::string employee_id;
  Desk desk = Desk::kNone;
  // Relative share of the desk's contacts, 60–140.
  int workload = 100;
  // -1 (struggling) … +1 (excellent): moves the person's FCR, escalation rate and survey answers,
  // so per-agent KPIs differ the way real ones do.
  double skill = 0;
};

struct Directory {
  std::vector<escala::v1::Team> teams;     // With lead_employee_id set.
  std::vector<escala::v1::Person> people;  // Ordered by employee id.
  std::vector<StaffProfile> staff;         // staff[i] describes people[i].
};

// Generates five teams and about sixty people: 40 agents (L1), 8 specialists (L2), 4 technical
// engineers (L3), 5 team leads, 2 QA analysts, 2 trainers, a manager and a head of support.
// Everyone who handles contacts was hired at least two weeks before `window_start`; hire dates
// reach back about four years before `end`.
Directory GenerateDirectory(DemoRandom& rng, absl::Time window_start, absl::Time end);

}  // namespace escala::demo
