#pragma once

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <string>

#include "escala/v1/promotion_policies.pb.h"
#include "escala/v1/promotion_regressions.pb.h"

namespace escala::testing {

// A policy of the step that starts at `from_level`, with `maintenance_days` days of watch and
// one maintenance criterion a person with a single unresolved contact fails: resolution rate
// (resolved / contacts) at least 90 % over 30 days, on at least one contact.
v1::PromotionPolicy MaintainedPromotionPolicy(const std::string& promotion_policy_id,
                                              int from_level, int maintenance_days = 30);

// Raises a regression flag for `employee_id` through the API, as the administrator holding
// `admin_token`: a newly published MaintainedPromotionPolicy `promotion_policy_id` of the
// person's step, a case approved with an effective date three days ago (applied at once), an
// unresolved contact of the person yesterday at noon (after the promotion, inside the clipped
// window), and CheckRegressions for that policy. Each call moves the person one level up (from
// level 9 back to 1): the level is left as the promotion made it, since a correction dated now
// would outrank the next promotion, dated three days back, in the level history. Returns the
// flag raised; a failed step is a test failure (ADD_FAILURE) and answers an empty flag.
v1::RegressionFlag RaiseRegressionFlag(const std::shared_ptr<grpc::Channel>& channel,
                                       const std::string& admin_token,
                                       const std::string& employee_id,
                                       const std::string& promotion_policy_id);

// Authorizes a call as the administrator (AdminClient::Prepare, for instance).
using AuthorizeAdmin = std::function<void(grpc::ClientContext&)>;

// The same, with the administrator's calls authorized by `authorize`.
v1::RegressionFlag RaiseRegressionFlag(const std::shared_ptr<grpc::Channel>& channel,
                                       const AuthorizeAdmin& authorize,
                                       const std::string& employee_id,
                                       const std::string& promotion_policy_id);

}  // namespace escala::testing
