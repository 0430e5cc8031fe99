#pragma once

#include <cstddef>

#include "absl/status/status.h"
#include "escala/v1/promotion_regressions.pb.h"

namespace escala::server {

// The request rules of RegressionFlagService (protos/escala/v1/promotion_regressions.proto):
// each returns OK, or INVALID_ARGUMENT naming every field that breaks its rule. None reads
// storage.

inline constexpr std::size_t kMaxRegressionNote = 2000;

absl::Status ValidateCheckRegressions(const v1::CheckRegressionsRequest& request);
absl::Status ValidateListRegressionFlags(const v1::ListRegressionFlagsRequest& request);
absl::Status ValidateAcknowledgeRegressionFlag(const v1::AcknowledgeRegressionFlagRequest& request);
absl::Status ValidateCloseRegressionFlag(const v1::CloseRegressionFlagRequest& request);

}  // namespace escala::server
