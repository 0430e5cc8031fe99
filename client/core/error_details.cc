#include "client/core/error_details.h"

#include "google/rpc/status.pb.h"

namespace escala::client {
namespace {

// The first detail of type `Message`, or nullopt.
template <typename Message>
std::optional<Message> DetailOf(const grpc::Status& status) {
  if (status.ok() || status.error_details().empty()) return std::nullopt;
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return std::nullopt;
  for (const google::protobuf::Any& any : details.details()) {
    Message message;
    if (any.Is<Message>() && any.UnpackTo(&message)) return message;
  }
  return std::nullopt;
}

}  // namespace

google::rpc::BadRequest BadRequestOf(const grpc::Status& status) {
  return DetailOf<google::rpc::BadRequest>(status).value_or(google::rpc::BadRequest());
}

std::optional<google::rpc::ErrorInfo> ErrorInfoOf(const grpc::Status& status) {
  return DetailOf<google::rpc::ErrorInfo>(status);
}

}  // namespace escala::client
