#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "client/core/channel.h"
#include "tools/demo/demo_data.h"

namespace escala::demo {

// Creates and publishes the demo scorecards (tools/demo/scorecards/*.json, compiled in) as the
// first QA analyst of `data`: scorecards are written by QA, which an administrator may not do.
// `admin` is the administrator's connection; it issues that analyst a token that expires after
// ten minutes, used for these calls only. A scorecard that exists already is left as it is, so
// loading again changes nothing. Returns a line for the terminal, or the first failed call's
// status with the scorecard named.
absl::StatusOr<std::string> LoadDemoScorecards(const DemoData& data,
                                               const client::ChannelSettings& admin,
                                               absl::Duration rpc_timeout);

}  // namespace escala::demo
