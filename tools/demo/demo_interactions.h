#pragma once

#include <vector>

#include "escala/v1/interactions.pb.h"
#include "tools/demo/demo_data.h"
#include "tools/demo/demo_people.h"
#include "tools/demo/demo_random.h"

namespace escala::demo {

// Generates days × interactions_per_day contacts ordered by start time, handled by the staff whose
// desk is not kNone: first-line agents take new contacts, specialists and engineers the follow-ups
// of contacts escalated to level 2 and 3. `options` must be valid.
std::vector<escala::v1::Interaction> GenerateInteractions(DemoRandom& rng,
                                                          const DemoOptions& options,
                                                          const std::vector<StaffProfile>& staff);

}  // namespace escala::demo
