#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "tools/demo/demo_qa_client.h"
#include "tools/demo/demo_training_plan.h"

namespace escala::demo {

// Writes the catalogue of `plan` as its author (a course already there is left as it is),
// schedules the sessions as their first trainers with the plan's request_ids (so a second load
// replays instead of scheduling twice), enrols the learners of the sessions that have not
// started (as their trainer, approving the planned approvals) and closes the delivered ones
// meant to be closed. Returns a line for the terminal.
absl::StatusOr<std::string> LoadDemoTraining(const DemoTrainingPlan& plan, DemoQaClient& client);

}  // namespace escala::demo
