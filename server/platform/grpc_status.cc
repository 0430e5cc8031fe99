#include "server/platform/grpc_status.h"

#include <atomic>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "db/common/error_details.h"
#include "google/rpc/status.pb.h"
#include "server/platform/logger.h"

namespace escala::server {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  if (status.code() == absl::StatusCode::kInternal || status.code() == absl::StatusCode::kUnknown) {
    static std::atomic<uint64_t> next_reference{1};
    const uint64_t reference = next_reference++;
    Log(LogLevel::kError, absl::StrCat("internal error ref=", reference, ": ", status.message()));
    return grpc::Status(code,
                        absl::StrCat("internal error (server log reference ", reference, ")"));
  }
  std::string message(status.message());
  google::rpc::Status details;
  status.ForEachPayload([&details](absl::string_view type_url, const absl::Cord& payload) {
    if (!absl::StartsWith(type_url, db::kClientDetailTypeUrlPrefix)) return;
    google::protobuf::Any* any = details.add_details();
    any->set_type_url(std::string(type_url));
    any->set_value(std::string(payload));
  });
  if (details.details().empty()) return grpc::Status(code, message);
  details.set_code(static_cast<int32_t>(status.code()));
  details.set_message(message);
  return grpc::Status(code, message, details.SerializeAsString());
}

}  // namespace escala::server
