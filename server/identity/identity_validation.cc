#include "server/identity/identity_validation.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"
#include "server/api/text_rules.h"
#include "server/api/time_rules.h"
#include "server/api/violations.h"

namespace escala::server {

absl::Status ValidateServiceAccount(const v1::ServiceAccount& account) {
  Violations violations;
  violations.Add(RequireIdentifier("account_id", account.account_id(), 64));
  violations.Add(RequireText("display_name", account.display_name(), 200));
  const v1::Role role = account.role();
  if (role != v1::ROLE_HR_SYSTEM && role != v1::ROLE_INTEGRATION &&
      role != v1::ROLE_ADMINISTRATOR) {
    violations.Add("role", absl::StrCat("must be ROLE_HR_SYSTEM, ROLE_INTEGRATION or "
                                        "ROLE_ADMINISTRATOR, got ",
                                        role));
  }
  violations.Add(LimitText("client_certificate_cn", account.client_certificate_cn(), 255));
  return violations.ToStatus();
}

absl::Status ValidateNewToken(const v1::ApiToken& token, absl::Time now) {
  Violations violations;
  const std::string& principal = token.principal();
  absl::string_view id;
  if (absl::StartsWith(principal, "people/")) {
    id = absl::string_view(principal).substr(7);
  } else if (absl::StartsWith(principal, "serviceAccounts/")) {
    id = absl::string_view(principal).substr(16);
  }
  if (id.data() == nullptr) {
    violations.Add("principal", "must be 'people/{employee_id}' or 'serviceAccounts/{account_id}'");
  } else {
    violations.Add(RequireIdentifier("principal", std::string(id), 64));
  }
  violations.Add(LimitText("description", token.description(), 200));
  if (token.has_expire_time()) {
    if (absl::Status range = CheckTimestamp("expire_time", token.expire_time()); !range.ok()) {
      violations.Add(range);
      return violations.ToStatus();
    }
    const absl::Time expires = absl::FromUnixMillis(db::TimestampToMillis(token.expire_time()));
    if (expires <= now) {
      violations.Add("expire_time", "must be in the future");
    } else if (expires > now + kMaxTokenLifetime) {
      violations.Add("expire_time", "must be at most 400 days ahead");
    }
  }
  return violations.ToStatus();
}

}  // namespace escala::server
