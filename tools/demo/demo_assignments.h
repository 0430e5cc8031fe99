#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "tools/demo/demo_qa_client.h"
#include "tools/demo/demo_qa_plan.h"

namespace escala::demo {

// Creates `plan.sampling_plan` as the QA analyst who evaluates in it, unless a plan of that name
// exists, and generates its assignments for the plan's weeks (the server adds nothing for weeks
// already generated, so loading again changes nothing). Returns a line for the terminal.
absl::StatusOr<std::string> LoadDemoAssignments(const DemoQaPlan& plan, DemoQaClient& client);

}  // namespace escala::demo
