#include "tests/e2e/harness/grpc_client.h"

#include <chrono>

#include "absl/time/clock.h"
#include "db/common/proto_time.h"

namespace escala::testing {

void Authorize(grpc::ClientContext& context, const std::string& token) {
  if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
}

std::shared_ptr<grpc::Channel> PlaintextChannel(const std::string& address) {
  return grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
}

v1::Interaction NewInteraction(const std::string& source_system, const std::string& source_id,
                               const std::string& agent, absl::Time start_time) {
  if (start_time == absl::InfinitePast()) start_time = absl::Now() - absl::Hours(1);
  v1::Interaction interaction;
  interaction.set_source_system(source_system);
  interaction.set_source_id(source_id);
  interaction.set_channel(v1::CHANNEL_CHAT);
  interaction.set_direction(v1::DIRECTION_INBOUND);
  interaction.set_queue("general");
  interaction.set_priority(v1::PRIORITY_MEDIUM);
  interaction.set_agent_employee_id(agent);
  *interaction.mutable_start_time() = db::TimeToTimestamp(start_time);
  interaction.set_language("en");
  return interaction;
}

}  // namespace escala::testing
