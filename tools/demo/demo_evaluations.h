#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "tools/demo/demo_qa_client.h"
#include "tools/demo/demo_qa_plan.h"

namespace escala::demo {

// Submits `plan.evaluations` as their evaluators, then has the agents acknowledge or dispute them
// and the team leads decide the disputes meant to be resolved. An evaluation that exists already
// (ALREADY_EXISTS) is taken as it is stored and only the steps it still lacks are taken, so
// loading again changes nothing. Returns a line for the terminal, or the first failed call's
// status.
absl::StatusOr<std::string> LoadDemoEvaluations(const DemoQaPlan& plan, DemoQaClient& client);

}  // namespace escala::demo
