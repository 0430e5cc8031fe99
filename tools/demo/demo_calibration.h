#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "tools/demo/demo_qa_client.h"
#include "tools/demo/demo_qa_plan.h"

namespace escala::demo {

// Creates `plan.calibrations` as their creators unless a session of that title exists, submits the
// planned scores as each participant while the session is open (a resubmission replaces a score
// with the same answers) and closes the sessions meant to be closed. A closed session is left as
// it is, so loading again changes nothing. Returns a line per session for the terminal.
absl::StatusOr<std::string> LoadDemoCalibrations(const DemoQaPlan& plan, DemoQaClient& client);

}  // namespace escala::demo
