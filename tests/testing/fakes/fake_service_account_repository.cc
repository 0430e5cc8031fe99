#include "tests/testing/fakes/fake_service_account_repository.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"

namespace escala::testing {
namespace {

absl::Status AccountNotFound(const std::string& account_id) {
  return absl::NotFoundError(absl::StrCat("service account '", account_id, "' not found"));
}

}  // namespace

void FakeServiceAccountRepository::Add(const v1::ServiceAccount& account) {
  v1::ServiceAccount stored = account;
  if (stored.etag().empty()) stored.set_etag("1");
  accounts_[stored.account_id()] = stored;
}

absl::StatusOr<v1::ServiceAccount> FakeServiceAccountRepository::Create(
    const v1::ServiceAccount& account, const db::AuditStamp&, absl::Time now) {
  ++create_calls;
  if (!failure.ok()) return failure;
  if (accounts_.contains(account.account_id())) {
    return absl::AlreadyExistsError(
        absl::StrCat("account_id: service account '", account.account_id(), "' already exists"));
  }
  v1::ServiceAccount stored = account;
  *stored.mutable_create_time() = db::TimeToTimestamp(now);
  *stored.mutable_update_time() = db::TimeToTimestamp(now);
  stored.set_etag("1");
  accounts_[stored.account_id()] = stored;
  return stored;
}

absl::StatusOr<v1::ServiceAccount> FakeServiceAccountRepository::Get(
    const std::string& account_id) {
  if (!failure.ok()) return failure;
  auto found = accounts_.find(account_id);
  if (found == accounts_.end()) return AccountNotFound(account_id);
  return found->second;
}

absl::StatusOr<std::vector<v1::ServiceAccount>> FakeServiceAccountRepository::List(
    const std::string& after_account_id, int limit) {
  if (!failure.ok()) return failure;
  std::vector<v1::ServiceAccount> page;
  for (auto it = accounts_.upper_bound(after_account_id);
       it != accounts_.end() && static_cast<int>(page.size()) < limit; ++it) {
    page.push_back(it->second);
  }
  return page;
}

absl::StatusOr<v1::ServiceAccount> FakeServiceAccountRepository::Update(
    const v1::ServiceAccount& account, int64_t expected_version, const db::AuditStamp&,
    absl::Time now) {
  ++update_calls;
  if (!failure.ok()) return failure;
  auto found = accounts_.find(account.account_id());
  if (found == accounts_.end()) return AccountNotFound(account.account_id());
  int64_t stored_version = 0;
  (void)absl::SimpleAtoi(found->second.etag(), &stored_version);
  if (stored_version != expected_version) {
    return absl::AbortedError(
        absl::StrCat("service account '", account.account_id(),
                     "' was changed concurrently (etag mismatch); re-read and retry"));
  }
  v1::ServiceAccount stored = account;
  *stored.mutable_create_time() = found->second.create_time();
  *stored.mutable_update_time() = db::TimeToTimestamp(now);
  stored.set_etag(absl::StrCat(expected_version + 1));
  found->second = stored;
  return stored;
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

}  // namespace escala::testing
