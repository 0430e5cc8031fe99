#pragma once

#include <cstdint>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "db/directory/people_repository.h"
#include "db/identity/identity_repository.h"
#include "server/platform/call_context.h"
#include "server/platform/clock.h"

namespace escala::server {

// Turns a bearer secret into the principal it acts as. Known tokens are remembered for a few
// seconds so that a busy client costs one hash, not two queries, per call; a token revoked
// through this server is forgotten at once, and any other change (a token revoked through
// another server, a person deactivated or given another role) takes effect within that time.
class Authenticator {
 public:
  Authenticator(db::TokenRepository& tokens, db::PeopleRepository& people,
                db::ServiceAccountRepository& accounts, Clock clock,
                absl::Duration remember_for = absl::Seconds(5));

  // The caller behind `secret`. UNAUTHENTICATED, always with the same message, for an unknown,
  // expired or revoked token, an inactive principal, or a service account bound to a client
  // certificate when `client_certificate_cn` (the verified peer's common name, or empty) does
  // not match; UNAVAILABLE when the database cannot answer.
  absl::StatusOr<Caller> Authenticate(absl::string_view secret,
                                      absl::string_view client_certificate_cn);

  // Makes the next call with this token look it up again (after it was revoked).
  void Forget(const std::string& token_id);
  // Makes the next call of every token of `principal` look it up again (after its account was
  // changed).
  void ForgetPrincipal(const std::string& principal);

  // The one answer for every credential that does not authenticate: saying which check failed
  // would help someone guessing tokens.
  static absl::Status Rejected();

 private:
  struct Known {
    Caller caller;
    std::string required_certificate_cn;
    absl::Time token_expires;
    absl::Time remembered_until;
  };

  absl::StatusOr<Known> LookUp(const std::string& secret_hash, absl::Time now);
  // Writes the token's last-use time at most once a minute.
  void NoteUse(const std::string& token_id, absl::Time now);

  db::TokenRepository& tokens_;
  db::PeopleRepository& people_;
  db::ServiceAccountRepository& accounts_;
  Clock clock_;
  absl::Duration remember_for_;
  absl::Mutex mutex_;
  absl::flat_hash_map<std::string, Known> known_ ABSL_GUARDED_BY(mutex_);  // by secret hash
  absl::flat_hash_map<std::string, absl::Time> last_use_written_ ABSL_GUARDED_BY(mutex_);
  // Moves on every Forget/ForgetPrincipal, so that a lookup that began before one is not
  // remembered after it (it may have read the token before its revocation).
  uint64_t forget_generation_ ABSL_GUARDED_BY(mutex_) = 0;
};

}  // namespace escala::server
