// `escala health`: asks the server's grpc.health.v1 service about the whole server.

#include "client/core/command.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace escala::client {
namespace {

using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

int RunHealth(const CommandEnv& env, const ParsedArgs& args) {
  HealthCheckRequest request;
  request.set_service("");  // The empty name asks about the server as a whole.
  HealthCheckResponse response;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status = Health::NewStub(env.channel)->Check(&context, request, &response);
  if (!status.ok()) return RpcFailure(env, status);
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(response);
  } else {
    *env.out << HealthCheckResponse::ServingStatus_Name(response.status()) << "\n";
  }
  return response.status() == HealthCheckResponse::SERVING ? kExitOk : kExitFailure;
}

}  // namespace

GroupSpec HealthGroup() {
  VerbSpec check;
  check.summary = "Check that the server is up and serving.";
  check.description =
      "Calls grpc.health.v1.Health/Check for the whole server and prints SERVING or "
      "NOT_SERVING.\nExits 0 only when the server is SERVING.";
  check.run = RunHealth;
  return GroupSpec{"health", check.summary, {check}};
}

}  // namespace escala::client
