#include "server/platform/grpc_status.h"

#include <atomic>

#include "absl/strings/str_cat.h"
#include "server/platform/logger.h"

namespace escala::server {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  if (status.code() == absl::StatusCode::kInternal || status.code() == absl::StatusCode::kUnknown) {
    static std::atomic<uint64_t> next_reference{1};
    const uint64_t reference = next_reference++;
    Log(LogLevel::kError, absl::StrCat("internal error ref=", reference, ": ", status.message()));
    return grpc::Status(code, absl::StrCat("internal error (server log reference ", reference, ")"));
  }
  return grpc::Status(code, std::string(status.message()));
}

}  // namespace escala::server
