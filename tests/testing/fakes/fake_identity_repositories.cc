#include "tests/testing/fakes/fake_identity_repositories.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"
#include "server/platform/token_secret.h"

namespace escala::server::testing {
namespace {

int64_t CreateMillis(const v1::ApiToken& token) { return db::TimestampToMillis(token.create_time()); }

absl::Time ExpireTime(const v1::ApiToken& token) {
  return absl::FromUnixMillis(db::TimestampToMillis(token.expire_time()));
}

}  // namespace

// ---- tokens ----

void FakeTokenRepository::Add(const v1::ApiToken& token, const std::string& secret_hash, absl::Time created) {
  StoredToken stored{token, secret_hash};
  *stored.token.mutable_create_time() = db::TimeToTimestamp(created);
  tokens_.push_back(std::move(stored));
}

absl::StatusOr<v1::ApiToken> FakeTokenRepository::Create(const v1::ApiToken& token,
                                                          const std::string& secret_hash,
                                                          const db::AuditStamp&, absl::Time now) {
  ++create_calls;
  if (!failure.ok()) return failure;
  for (const StoredToken& stored : tokens_) {
    if (stored.token.token_id() == token.token_id() || stored.secret_hash == secret_hash) {
      return absl::AlreadyExistsError(absl::StrCat("token '", token.token_id(), "' exists"));
    }
  }
  Add(token, secret_hash, now);
  return tokens_.back().token;
}

absl::StatusOr<v1::ApiToken> FakeTokenRepository::FindBySecretHash(const std::string& secret_hash) {
  ++find_by_hash_calls;
  if (!failure.ok()) return failure;
  absl::StatusOr<v1::ApiToken> answer = absl::NotFoundError("no token with that secret");
  for (const StoredToken& stored : tokens_) {
    if (stored.secret_hash == secret_hash) answer = stored.token;
  }
  if (while_finding) std::exchange(while_finding, nullptr)();
  return answer;
}

absl::StatusOr<v1::ApiToken> FakeTokenRepository::Get(const std::string& token_id) {
  if (!failure.ok()) return failure;
  if (const StoredToken* stored = Find(token_id)) return stored->token;
  return absl::NotFoundError(absl::StrCat("token '", token_id, "' not found"));
}

absl::StatusOr<std::vector<v1::ApiToken>> FakeTokenRepository::List(const db::TokenFilter& filter,
                                                                    const std::optional<db::TokenCursor>& after,
                                                                    int limit) {
  ++list_calls;
  last_list_filter = filter;
  if (!failure.ok()) return failure;
  std::vector<v1::ApiToken> matching;
  for (const StoredToken& stored : tokens_) {
    const v1::ApiToken& token = stored.token;
    if (!filter.principal.empty() && token.principal() != filter.principal) continue;
    if (!filter.include_inactive && (token.has_revoke_time() || ExpireTime(token) <= filter.now)) continue;
    if (after && std::make_tuple(CreateMillis(token), token.token_id()) >=
                     std::make_tuple(after->create_ms, after->token_id)) {
      continue;
    }
    matching.push_back(token);
  }
  std::sort(matching.begin(), matching.end(), [](const v1::ApiToken& a, const v1::ApiToken& b) {
    return std::make_tuple(CreateMillis(a), a.token_id()) > std::make_tuple(CreateMillis(b), b.token_id());
  });
  if (static_cast<int>(matching.size()) > limit) matching.resize(limit);
  return matching;
}

absl::StatusOr<v1::ApiToken> FakeTokenRepository::Revoke(const std::string& token_id, const db::AuditStamp&,
                                                         absl::Time now) {
  ++revoke_calls;
  if (!failure.ok()) return failure;
  for (StoredToken& stored : tokens_) {
    if (stored.token.token_id() != token_id) continue;
    if (stored.token.has_revoke_time()) {
      return absl::FailedPreconditionError(absl::StrCat("token '", token_id, "' is revoked already"));
    }
    *stored.token.mutable_revoke_time() = db::TimeToTimestamp(now);
    return stored.token;
  }
  return absl::NotFoundError(absl::StrCat("token '", token_id, "' not found"));
}

absl::Status FakeTokenRepository::RecordUse(const std::string& token_id, absl::Time now) {
  uses.push_back(Use{token_id, now});
  return record_use_failure;
}

const FakeTokenRepository::StoredToken* FakeTokenRepository::Find(const std::string& token_id) const {
  for (const StoredToken& stored : tokens_) {
    if (stored.token.token_id() == token_id) return &stored;
  }
  return nullptr;
}

// ---- people ----

void FakePeopleRepository::Add(const v1::Person& person) { people_[person.employee_id()] = person; }

absl::StatusOr<v1::Person> FakePeopleRepository::Create(const v1::Person& person, const db::AuditStamp&,
                                                        absl::Time) {
  if (!failure.ok()) return failure;
  if (people_.contains(person.employee_id())) {
    return absl::AlreadyExistsError(absl::StrCat("person '", person.employee_id(), "' exists"));
  }
  v1::Person stored = person;
  stored.set_etag("1");
  people_[stored.employee_id()] = stored;
  return stored;
}

absl::StatusOr<v1::Person> FakePeopleRepository::Get(const std::string& employee_id) {
  ++get_calls;
  if (!failure.ok()) return failure;
  auto found = people_.find(employee_id);
  if (found == people_.end()) return absl::NotFoundError(absl::StrCat("person '", employee_id, "' not found"));
  return found->second;
}

absl::StatusOr<std::vector<v1::Person>> FakePeopleRepository::List(const db::PeopleFilter& filter,
                                                                   const std::string& after_employee_id,
                                                                   int limit) {
  if (!failure.ok()) return failure;
  std::vector<v1::Person> matching;
  for (const auto& [id, person] : people_) {
    if (id <= after_employee_id) continue;
    if (!filter.employee_id.empty() && id != filter.employee_id) continue;
    if (!filter.team_id.empty() && person.team_id() != filter.team_id) continue;
    matching.push_back(person);
  }
  std::sort(matching.begin(), matching.end(),
            [](const v1::Person& a, const v1::Person& b) { return a.employee_id() < b.employee_id(); });
  if (static_cast<int>(matching.size()) > limit) matching.resize(limit);
  return matching;
}

absl::StatusOr<v1::Person> FakePeopleRepository::Update(const v1::Person& person, int64_t expected_version,
                                                        const db::AuditStamp&, absl::Time) {
  if (!failure.ok()) return failure;
  auto found = people_.find(person.employee_id());
  if (found == people_.end()) return absl::NotFoundError(absl::StrCat("person '", person.employee_id(), "' not found"));
  if (found->second.etag() != absl::StrCat(expected_version)) return absl::AbortedError("etag mismatch");
  found->second = person;
  found->second.set_etag(absl::StrCat(expected_version + 1));
  return found->second;
}

absl::StatusOr<db::UpsertCounts> FakePeopleRepository::Upsert(const std::vector<v1::Person>& people,
                                                              const db::AuditStamp&, absl::Time) {
  if (!failure.ok()) return failure;
  db::UpsertCounts counts;
  for (const v1::Person& person : people) {
    if (people_.contains(person.employee_id())) {
      ++counts.updated;
    } else {
      ++counts.created;
    }
    people_[person.employee_id()] = person;
  }
  return counts;
}

absl::StatusOr<std::vector<std::string>> FakePeopleRepository::FindExisting(
    const std::vector<std::string>& employee_ids) {
  if (!failure.ok()) return failure;
  std::vector<std::string> existing;
  for (const std::string& id : employee_ids) {
    if (people_.contains(id)) existing.push_back(id);
  }
  return existing;
}

// ---- service accounts ----

void FakeServiceAccountRepository::Add(const v1::ServiceAccount& account) {
  v1::ServiceAccount stored = account;
  if (stored.etag().empty()) stored.set_etag("1");
  accounts_[stored.account_id()] = stored;
}

absl::StatusOr<v1::ServiceAccount> FakeServiceAccountRepository::Create(const v1::ServiceAccount& account,
                                                                        const db::AuditStamp&, absl::Time now) {
  ++create_calls;
  if (!failure.ok()) return failure;
  if (accounts_.contains(account.account_id())) {
    return absl::AlreadyExistsError(absl::StrCat("service account '", account.account_id(), "' exists"));
  }
  v1::ServiceAccount stored = account;
  *stored.mutable_create_time() = db::TimeToTimestamp(now);
  *stored.mutable_update_time() = db::TimeToTimestamp(now);
  stored.set_etag("1");
  accounts_[stored.account_id()] = stored;
  return stored;
}

absl::StatusOr<v1::ServiceAccount> FakeServiceAccountRepository::Get(const std::string& account_id) {
  if (!failure.ok()) return failure;
  auto found = accounts_.find(account_id);
  if (found == accounts_.end()) {
    return absl::NotFoundError(absl::StrCat("service account '", account_id, "' not found"));
  }
  return found->second;
}

absl::StatusOr<std::vector<v1::ServiceAccount>> FakeServiceAccountRepository::List(
    const std::string& after_account_id, int limit) {
  if (!failure.ok()) return failure;
  std::vector<v1::ServiceAccount> matching;
  for (const auto& [id, account] : accounts_) {
    if (id > after_account_id) matching.push_back(account);
  }
  std::sort(matching.begin(), matching.end(), [](const v1::ServiceAccount& a, const v1::ServiceAccount& b) {
    return a.account_id() < b.account_id();
  });
  if (static_cast<int>(matching.size()) > limit) matching.resize(limit);
  return matching;
}

absl::StatusOr<v1::ServiceAccount> FakeServiceAccountRepository::Update(const v1::ServiceAccount& account,
                                                                        int64_t expected_version,
                                                                        const db::AuditStamp&, absl::Time now) {
  ++update_calls;
  if (!failure.ok()) return failure;
  auto found = accounts_.find(account.account_id());
  if (found == accounts_.end()) {
    return absl::NotFoundError(absl::StrCat("service account '", account.account_id(), "' not found"));
  }
  if (found->second.etag() != absl::StrCat(expected_version)) {
    return absl::AbortedError(absl::StrCat("service account '", account.account_id(), "' was changed concurrently"));
  }
  v1::ServiceAccount stored = account;
  *stored.mutable_update_time() = db::TimeToTimestamp(now);
  stored.set_etag(absl::StrCat(expected_version + 1));
  found->second = stored;
  return stored;
}

// ---- builders ----

v1::Person MakePerson(const std::string& employee_id, v1::Role role, const std::string& team_id, bool active) {
  v1::Person person;
  person.set_employee_id(employee_id);
  person.set_display_name(absl::StrCat("Person ", employee_id));
  person.set_role(role);
  person.set_team_id(team_id);
  person.set_active(active);
  return person;
}

v1::ServiceAccount MakeServiceAccount(const std::string& account_id, v1::Role role,
                                      const std::string& client_certificate_cn, bool active) {
  v1::ServiceAccount account;
  account.set_account_id(account_id);
  account.set_display_name(absl::StrCat("Account ", account_id));
  account.set_role(role);
  account.set_client_certificate_cn(client_certificate_cn);
  account.set_active(active);
  return account;
}

std::string AddToken(FakeTokenRepository& tokens, const std::string& token_id, const std::string& principal,
                     absl::Time created, absl::Time expires) {
  const std::string secret = absl::StrCat("esc_test-secret-of-", token_id);
  v1::ApiToken token;
  token.set_token_id(token_id);
  token.set_principal(principal);
  *token.mutable_expire_time() = db::TimeToTimestamp(expires);
  tokens.Add(token, HashTokenSecret(secret), created);
  return secret;
}

}  // namespace escala::server::testing
