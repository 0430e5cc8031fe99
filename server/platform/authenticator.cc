#include "server/platform/authenticator.h"

#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"
#include "server/platform/logger.h"
#include "server/platform/token_secret.h"

namespace escala::server {
namespace {

// Bounds the memory of remembered tokens; past it the memory starts over.
constexpr std::size_t kMaxRemembered = 10000;
// How stale a token's recorded last use may get: the time is for people deciding which tokens
// are unused, so minute precision is enough and saves a write per call.
constexpr absl::Duration kLastUsePrecision = absl::Minutes(1);

constexpr absl::string_view kPeoplePrefix = "people/";
constexpr absl::string_view kAccountPrefix = "serviceAccounts/";

// A database failure must not look like a bad token: the client should retry, not re-login.
bool IsLookupFailure(const absl::Status& status) {
  return !status.ok() && status.code() != absl::StatusCode::kNotFound;
}

}  // namespace

Authenticator::Authenticator(db::TokenRepository& tokens, db::PeopleRepository& people,
                             db::ServiceAccountRepository& accounts, Clock clock,
                             absl::Duration remember_for)
    : tokens_(tokens),
      people_(people),
      accounts_(accounts),
      clock_(std::move(clock)),
      remember_for_(remember_for) {}

absl::Status Authenticator::Rejected() {
  return absl::UnauthenticatedError(
      "missing or invalid credentials: send 'authorization: Bearer <token>' with a valid token");
}

absl::StatusOr<Caller> Authenticator::Authenticate(absl::string_view secret,
                                                   absl::string_view client_certificate_cn) {
  if (secret.empty()) return Rejected();
  const absl::Time now = clock_();
  const std::string secret_hash = HashTokenSecret(secret);
  std::optional<Known> known;
  uint64_t generation = 0;
  {
    absl::MutexLock lock(&mutex_);
    auto found = known_.find(secret_hash);
    if (found != known_.end() && found->second.remembered_until > now) known = found->second;
    generation = forget_generation_;
  }
  if (!known) {
    absl::StatusOr<Known> looked_up = LookUp(secret_hash, now);
    if (!looked_up.ok()) return looked_up.status();
    known = *looked_up;
    absl::MutexLock lock(&mutex_);
    if (generation == forget_generation_) {
      if (known_.size() >= kMaxRemembered) known_.clear();
      known_[secret_hash] = *known;
    }
  }
  if (known->token_expires <= now) return Rejected();
  if (!known->required_certificate_cn.empty() &&
      known->required_certificate_cn != client_certificate_cn) {
    return Rejected();
  }
  NoteUse(known->caller.token_id, now);
  return known->caller;
}

absl::StatusOr<Authenticator::Known> Authenticator::LookUp(const std::string& secret_hash,
                                                           absl::Time now) {
  absl::StatusOr<v1::ApiToken> token = tokens_.FindBySecretHash(secret_hash);
  if (IsLookupFailure(token.status()))
    return absl::UnavailableError("cannot check credentials now; retry");
  if (!token.ok() || token->has_revoke_time()) return Rejected();

  Known known;
  known.token_expires = absl::FromUnixMillis(db::TimestampToMillis(token->expire_time()));
  known.remembered_until = now + remember_for_;
  known.caller.token_id = token->token_id();
  known.caller.principal = token->principal();
  const std::string& principal = token->principal();
  if (absl::StartsWith(principal, kPeoplePrefix)) {
    absl::StatusOr<v1::Person> person = people_.Get(principal.substr(kPeoplePrefix.size()));
    if (IsLookupFailure(person.status()))
      return absl::UnavailableError("cannot check credentials now; retry");
    if (!person.ok() || !person->active()) return Rejected();
    known.caller.role = person->role();
    known.caller.display_name = person->display_name();
    known.caller.employee_id = person->employee_id();
    known.caller.team_id = person->team_id();
  } else if (absl::StartsWith(principal, kAccountPrefix)) {
    absl::StatusOr<v1::ServiceAccount> account =
        accounts_.Get(principal.substr(kAccountPrefix.size()));
    if (IsLookupFailure(account.status()))
      return absl::UnavailableError("cannot check credentials now; retry");
    if (!account.ok() || !account->active()) return Rejected();
    known.caller.role = account->role();
    known.caller.display_name = account->display_name();
    known.required_certificate_cn = account->client_certificate_cn();
  } else {
    Log(LogLevel::kWarning,
        absl::StrCat("token ", token->token_id(), " names an unknown kind of principal"));
    return Rejected();
  }
  return known;
}

void Authenticator::NoteUse(const std::string& token_id, absl::Time now) {
  {
    absl::MutexLock lock(&mutex_);
    if (last_use_written_.size() >= kMaxRemembered) last_use_written_.clear();
    absl::Time& written = last_use_written_[token_id];
    if (now - written < kLastUsePrecision) return;
    written = now;
  }
  // Best effort: a missed last-use time must not fail the call it belongs to.
  if (absl::Status status = tokens_.RecordUse(token_id, now); !status.ok()) {
    Log(LogLevel::kWarning,
        absl::StrCat("cannot record use of token ", token_id, ": ", status.message()));
  }
}

void Authenticator::Forget(const std::string& token_id) {
  absl::MutexLock lock(&mutex_);
  ++forget_generation_;
  absl::erase_if(
      known_, [&token_id](const auto& entry) { return entry.second.caller.token_id == token_id; });
}

}  // namespace escala::server

namespace escala::server {

void Authenticator::ForgetPrincipal(const std::string& principal) {
  absl::MutexLock lock(&mutex_);
  ++forget_generation_;
  absl::erase_if(known_, [&principal](const auto& entry) {
    return entry.second.caller.principal == principal;
  });
}

}  // namespace escala::server
