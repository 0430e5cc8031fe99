#include "server/identity/identity_validation.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"
#include "server/api/text_rules.h"

namespace escala::server {

Violation ValidateServiceAccount(const v1::ServiceAccount& account) {
  if (Violation v = RequireIdentifier("account_id", account.account_id(), 64)) return v;
  if (Violation v = RequireText("display_name", account.display_name(), 200)) return v;
  const v1::Role role = account.role();
  if (role != v1::ROLE_HR_SYSTEM && role != v1::ROLE_INTEGRATION && role != v1::ROLE_ADMINISTRATOR) {
    return FieldViolation{"role", absl::StrCat("must be ROLE_HR_SYSTEM, ROLE_INTEGRATION or "
                                               "ROLE_ADMINISTRATOR, got ", role)};
  }
  return LimitText("client_certificate_cn", account.client_certificate_cn(), 255);
}

Violation ValidateNewToken(const v1::ApiToken& token, absl::Time now) {
  const std::string& principal = token.principal();
  absl::string_view id;
  if (absl::StartsWith(principal, "people/")) {
    id = absl::string_view(principal).substr(7);
  } else if (absl::StartsWith(principal, "serviceAccounts/")) {
    id = absl::string_view(principal).substr(16);
  } else {
    return FieldViolation{"principal", "must be 'people/{employee_id}' or 'serviceAccounts/{account_id}'"};
  }
  if (Violation v = RequireIdentifier("principal", std::string(id), 64)) return v;
  if (Violation v = LimitText("description", token.description(), 200)) return v;
  if (token.has_expire_time()) {
    const absl::Time expires = absl::FromUnixMillis(db::TimestampToMillis(token.expire_time()));
    if (expires <= now) return FieldViolation{"expire_time", "must be in the future"};
    if (expires > now + kMaxTokenLifetime) {
      return FieldViolation{"expire_time", "must be at most 400 days ahead"};
    }
  }
  return std::nullopt;
}

}  // namespace escala::server
