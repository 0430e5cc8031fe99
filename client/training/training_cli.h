#pragma once

// What the training commands (courses, sessions, enrolments, rules) share: a positional id, a
// span of days, and the call-one-RPC-then-print-its-answer step every show and state change
// repeats.

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "client/core/command.h"

namespace escala::client {

// `text` as a positive id; INVALID_ARGUMENT "<name> must be a positive number, got '…'".
absl::StatusOr<int64_t> ParsePositiveId(const std::string& text, const std::string& name);

// A span of days as people write it: "30d", "14d", "0" (whole days), or anything absl reads
// ("36h"); nullopt otherwise.
std::optional<int64_t> ParseSpanSeconds(const std::string& text);

// `escala training effectiveness COURSE`: the before/after effect of a course on the criteria
// it teaches (TrainingEffectivenessService), one verb of the `training` group.
VerbSpec EffectivenessVerb();

// Runs one unary RPC with the --timeout deadline and prints its answer with `print`; a failed
// call is reported with RpcFailure.
template <typename Response>
int CallThenPrint(const CommandEnv& env,
                  const std::function<grpc::Status(grpc::ClientContext*, Response*)>& call,
                  const std::function<int(const CommandEnv&, const Response&)>& print) {
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  Response response;
  grpc::Status status = call(&context, &response);
  if (!status.ok()) return RpcFailure(env, status);
  return print(env, response);
}

}  // namespace escala::client
