#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "escala/v1/identity.grpc.pb.h"
#include "tools/demo/demo_data.h"

namespace escala::demo {

// Someone of the demo directory to hand a token to, so that the access rules can be tried out
// from each side: what an agent, a team lead, a QA analyst, a manager and a trainer may see.
struct DemoTokenHolder {
  // "agent", "team_lead", "qa_analyst", "manager" or "trainer": the access policy's column names.
  std::string role;
  std::string employee_id;
  std::string display_name;
};

// An L1 agent, that agent's team lead, a QA analyst, a manager and a trainer, in that order: the
// first active person of each kind in employee-id order, so that the same data always gives the
// same people. Someone the data lacks is left out.
std::vector<DemoTokenHolder> PickDemoTokenHolders(const DemoData& data);

struct DemoToken {
  DemoTokenHolder holder;
  // The bearer secret; the server shows it only once.
  std::string secret;
};

// Creates one token per holder through IdentityService/CreateToken (principal
// "people/{employee_id}", the server's default lifetime), which takes an administrator's token
// on the channel. Every call makes a new token, so running it again never fails for having run
// before. Returns the status of the first call that failed, with the holder named.
absl::StatusOr<std::vector<DemoToken>> CreateDemoTokens(
    const std::vector<DemoTokenHolder>& holders,
    escala::v1::IdentityService::StubInterface& identity, absl::Duration rpc_timeout);

}  // namespace escala::demo
