#include "server/platform/access_gate.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/platform/access_policy.h"
#include "server/platform/logger.h"
#include "server/platform/transport_security.h"

namespace escala::server {
namespace {

// The secret of an "authorization: Bearer <secret>" value; empty when it is not one.
absl::string_view BearerSecret(absl::string_view authorization) {
  constexpr absl::string_view kScheme = "bearer ";
  if (authorization.size() <= kScheme.size() ||
      !absl::EqualsIgnoreCase(authorization.substr(0, kScheme.size()), kScheme)) {
    return {};
  }
  return absl::StripAsciiWhitespace(authorization.substr(kScheme.size()));
}

absl::string_view Metadata(const grpc::ServerContextBase& context, absl::string_view key) {
  const auto& metadata = context.client_metadata();
  auto found = metadata.find(grpc::string_ref(key.data(), key.size()));
  if (found == metadata.end()) return {};
  return absl::string_view(found->second.data(), found->second.size());
}

// Request ids are the client's to choose; only a bounded, printable one is kept for the audit.
std::string SanitizedRequestId(absl::string_view request_id) {
  if (request_id.size() > 64) return {};
  for (char c : request_id) {
    if (!absl::ascii_isgraph(static_cast<unsigned char>(c))) return {};
  }
  return std::string(request_id);
}

}  // namespace

absl::StatusOr<CallContext> AccessGate::Admit(const grpc::ServerContextBase& context,
                                              absl::string_view method) {
  return Admit(Metadata(context, "authorization"), VerifiedClientCommonName(context),
               Metadata(context, "x-request-id"), method);
}

absl::StatusOr<CallContext> AccessGate::Admit(absl::string_view authorization,
                                              absl::string_view client_certificate_cn,
                                              absl::string_view request_id,
                                              absl::string_view method) {
  absl::StatusOr<Caller> caller =
      authenticator_.Authenticate(BearerSecret(authorization), client_certificate_cn);
  if (!caller.ok()) return caller.status();
  const PolicyRow* row = FindPolicyRow(method);
  if (row == nullptr) {
    Log(LogLevel::kError, absl::StrCat("no access policy for ", method, "; refusing the call"));
    return absl::PermissionDeniedError(absl::StrCat("no access policy allows ", method));
  }
  const std::optional<PolicyRole> column = PolicyRoleOf(caller->role);
  const Rule rule = column ? row->rules[static_cast<std::size_t>(*column)] : Rule::kDeny;
  if (rule == Rule::kDeny) {
    return absl::PermissionDeniedError(
        absl::StrCat(v1::Role_Name(caller->role), " may not call ", method));
  }
  CallContext call;
  call.caller = *std::move(caller);
  call.method = std::string(method);
  call.scope = rule == Rule::kOwn ? Scope::kOwn : rule == Rule::kTeam ? Scope::kTeam : Scope::kAll;
  call.request_id = SanitizedRequestId(request_id);
  return call;
}

}  // namespace escala::server
