#include "tests/testing/identity/identity_fixture.h"

#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"
#include "server/platform/token_secret.h"

namespace escala::testing {

absl::Time IdentityTestStart() {
  return absl::FromCivil(absl::CivilSecond(2024, 3, 1, 9, 0, 0), absl::UTCTimeZone());
}

std::string AddToken(FakeTokenRepository& tokens, const std::string& token_id,
                     const std::string& principal, absl::Time created, absl::Time expires) {
  const std::string secret = absl::StrCat("esc_test-secret-of-", token_id);
  v1::ApiToken token;
  token.set_token_id(token_id);
  token.set_principal(principal);
  *token.mutable_expire_time() = db::TimeToTimestamp(expires);
  tokens.Add(token, server::HashTokenSecret(secret), created);
  return secret;
}

}  // namespace escala::testing
