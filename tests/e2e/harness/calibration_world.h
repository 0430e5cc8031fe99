#pragma once

// Set-up shared by the end-to-end tests of CalibrationService: a published scorecard stored
// straight into the server's database (through the production scorecard repository), and
// people with tokens and interactions made over gRPC as the administrator.

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "db/core/session_pool.h"
#include "escala/v1/people.pb.h"

namespace escala::testing {

// The scorecard every calibration test scores with: id kCalibrationScorecard, version 1,
// published; one section with "greet" (yes/no) and "tone" (1–5, N/A allowed), weight 1 each, so
// score = 100 × (greet + (tone - 1) / 4) / 2.
inline constexpr char kCalibrationScorecard[] = "calib-calls";
absl::Status SeedCalibrationScorecard(db::SessionPool& pool);

// The same card under `scorecard_id`, created and published through ScorecardService by the
// holder of `token` (a QA analyst, manager or head of support).
absl::Status PublishCalibrationScorecard(const std::shared_ptr<grpc::Channel>& channel,
                                         const std::string& token, const std::string& scorecard_id);

// Answers for the card above as the CLI's answers file and as the API takes them.
std::string CalibrationAnswersJson(int greet, int tone);

// Creates a person of `role` in `team_id` as the administrator and returns a one-hour token.
absl::StatusOr<std::string> AddPersonWithToken(const std::shared_ptr<grpc::Channel>& channel,
                                               const std::string& admin_token,
                                               const std::string& employee_id, v1::Role role,
                                               const std::string& team_id);

// Creates an interaction of `agent` as the administrator; returns its id.
absl::StatusOr<int64_t> AddInteraction(const std::shared_ptr<grpc::Channel>& channel,
                                       const std::string& admin_token, const std::string& agent,
                                       const std::string& source_id);

}  // namespace escala::testing
