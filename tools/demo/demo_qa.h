#pragma once

#include <ostream>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "client/core/channel.h"
#include "tools/demo/demo_data.h"

namespace escala::demo {

// Loads the QA department's work (PlanDemoQa over the first demo scorecard): evaluations with
// acknowledgements and disputes, the sampling plan with its assignments, and the calibration
// sessions, each as the people who do it, with tokens `admin` issues. Prints a line per part to
// `out` as it is done; returns the first failure. Idempotent like the rest of the demo.
absl::Status LoadDemoQa(const DemoData& data, const DemoOptions& options,
                        const client::ChannelSettings& admin, absl::Duration rpc_timeout,
                        std::ostream& out);

}  // namespace escala::demo
