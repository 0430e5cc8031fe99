#pragma once

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "client/core/channel.h"
#include "tools/demo/demo_qa_plan.h"

namespace escala::demo {

// The connections the QA demo needs: QA work is done by the people who do it (an administrator may
// not evaluate, acknowledge or calibrate), so each of them gets a token from the administrator's
// connection when first needed, expiring after ten minutes, and a channel that sends it.
class DemoQaClient {
 public:
  DemoQaClient(client::ChannelSettings admin, absl::Duration rpc_timeout)
      : admin_(std::move(admin)), rpc_timeout_(rpc_timeout) {}

  // The channel of `employee_id`, issuing their token on first use.
  absl::StatusOr<std::shared_ptr<grpc::Channel>> As(const std::string& employee_id);

  // The server's id of `contact`: found among its agent's interactions that started in the same
  // millisecond. NOT_FOUND when it was not imported.
  absl::StatusOr<int64_t> InteractionId(const DemoContactRef& contact);

  // A context with the per-call deadline.
  void Prepare(grpc::ClientContext& context) const;

 private:
  client::ChannelSettings admin_;
  absl::Duration rpc_timeout_;
  std::shared_ptr<grpc::Channel> admin_channel_;
  std::map<std::string, std::shared_ptr<grpc::Channel>> people_;
  std::map<std::string, int64_t> interaction_ids_;
};

// `status` as an absl::Status whose message starts with `what` (the call and its target).
absl::Status DemoCallFailed(const grpc::Status& status, const std::string& what);

}  // namespace escala::demo
