#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "tools/demo/demo_certification_plan.h"
#include "tools/demo/demo_qa_client.h"

namespace escala::demo {

// Writes the certifications and the learning path of `plan` as its author (one already there is
// left as it is) and imports the training history through ImportCompletions with the plan's
// request_id (a second load replays it; records stored already are not written twice). Needs
// the catalogue of the demo training (LoadDemoTraining) first. Returns a line for the terminal.
absl::StatusOr<std::string> LoadDemoCertifications(const DemoCertificationPlan& plan,
                                                   DemoQaClient& client);

}  // namespace escala::demo
