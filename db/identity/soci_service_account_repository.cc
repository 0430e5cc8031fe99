#include "db/identity/soci_service_account_repository.h"

#include <soci/soci.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "db/common/audit_diff.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "db/core/audit_log.h"
#include "db/core/bound_query.h"
#include "db/core/transaction.h"
#include "db/core/with_session.h"

namespace escala::db {
namespace {

constexpr char kSelectAccount[] =
    "SELECT account_id, display_name, role, client_certificate_cn, active, create_ms, update_ms,"
    " version FROM service_accounts";
constexpr char kResourceType[] = "service_account";

std::string ResourceName(const std::string& account_id) {
  return absl::StrCat("serviceAccounts/", account_id);
}

std::vector<v1::ServiceAccount> FetchAccounts(soci::session& session, BoundQuery& query) {
  std::string account_id, display_name, certificate_cn;
  soci::indicator certificate_indicator = soci::i_null;
  long long role = 0, active = 0, create_ms = 0, update_ms = 0, version = 0;
  soci::statement statement(session);
  statement.exchange(soci::into(account_id));
  statement.exchange(soci::into(display_name));
  statement.exchange(soci::into(role));
  statement.exchange(soci::into(certificate_cn, certificate_indicator));
  statement.exchange(soci::into(active));
  statement.exchange(soci::into(create_ms));
  statement.exchange(soci::into(update_ms));
  statement.exchange(soci::into(version));
  PrepareAndExecute(session, statement, query);
  std::vector<v1::ServiceAccount> accounts;
  while (statement.fetch()) {
    v1::ServiceAccount& account = accounts.emplace_back();
    account.set_account_id(account_id);
    account.set_display_name(display_name);
    account.set_role(static_cast<v1::Role>(role));
    if (certificate_indicator == soci::i_ok) account.set_client_certificate_cn(certificate_cn);
    account.set_active(active != 0);
    *account.mutable_create_time() = MillisToTimestamp(create_ms);
    *account.mutable_update_time() = MillisToTimestamp(update_ms);
    account.set_etag(absl::StrCat(version));
  }
  return accounts;
}

absl::StatusOr<v1::ServiceAccount> GetAccount(soci::session& session,
                                              const std::string& account_id) {
  BoundQuery query;
  query.Sql(kSelectAccount).Sql(" WHERE account_id = ").Value(account_id);
  std::vector<v1::ServiceAccount> accounts = FetchAccounts(session, query);
  if (accounts.empty()) {
    return absl::NotFoundError(absl::StrCat("service account '", account_id, "' not found"));
  }
  return accounts.front();
}

void AppendAccountAudit(soci::session& session, const AuditStamp& stamp,
                        const v1::ServiceAccount* before, const v1::ServiceAccount& after,
                        absl::Time now) {
  ChangedFields diff = DiffForAudit(before, after);
  AppendAuditEvent(session, stamp,
                   AuditChange{kResourceType, ResourceName(after.account_id()),
                               std::move(diff.before_json), std::move(diff.after_json)},
                   now);
}

}  // namespace

absl::StatusOr<v1::ServiceAccount> SociServiceAccountRepository::Create(
    const v1::ServiceAccount& account, const AuditStamp& stamp, absl::Time now) {
  absl::StatusOr<v1::ServiceAccount> created = WithSession(
      pool_, "CreateServiceAccount",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::ServiceAccount> {
        soci::session& session = lease.session();
        Transaction transaction(session, lease.dialect());
        const long long now_ms = absl::ToUnixMillis(now);
        BoundQuery query;
        query
            .Sql(
                "INSERT INTO service_accounts (account_id, display_name, role,"
                " client_certificate_cn, active, create_ms, update_ms, version) VALUES (")
            .Value(account.account_id())
            .Sql(", ")
            .Value(account.display_name())
            .Sql(", ")
            .Value(static_cast<long long>(account.role()))
            .Sql(", ")
            .Value(NullIfEmpty(account.client_certificate_cn()))
            .Sql(", ")
            .Value(static_cast<long long>(account.active() ? 1 : 0))
            .Sql(", ")
            .Value(now_ms)
            .Sql(", ")
            .Value(now_ms)
            .Sql(", 1)");
        query.Execute(session);
        absl::StatusOr<v1::ServiceAccount> stored = GetAccount(session, account.account_id());
        if (!stored.ok()) return stored.status();
        AppendAccountAudit(session, stamp, nullptr, *stored, now);
        transaction.Commit();
        return stored;
      });
  if (absl::IsAlreadyExists(created.status())) {
    return WithErrorInfo(
        absl::AlreadyExistsError(absl::StrCat("account_id: service account '", account.account_id(),
                                              "' already exists")),
        kReasonDuplicateId, {{"resource", ResourceName(account.account_id())}});
  }
  return created;
}

absl::StatusOr<v1::ServiceAccount> SociServiceAccountRepository::Get(
    const std::string& account_id) {
  return WithSession(pool_, "GetServiceAccount", [&](SessionPool::Lease& lease) {
    return GetAccount(lease.session(), account_id);
  });
}

absl::StatusOr<std::vector<v1::ServiceAccount>> SociServiceAccountRepository::List(
    const std::string& after_account_id, int limit) {
  return WithSession(
      pool_, "ListServiceAccounts",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::ServiceAccount>> {
        BoundQuery query;
        query.Sql(kSelectAccount)
            .Sql(" WHERE account_id > ")
            .Value(after_account_id)
            .Sql(" ORDER BY account_id LIMIT ")
            .Value(static_cast<long long>(limit));
        return FetchAccounts(lease.session(), query);
      });
}

absl::StatusOr<v1::ServiceAccount> SociServiceAccountRepository::Update(
    const v1::ServiceAccount& account, int64_t expected_version, const AuditStamp& stamp,
    absl::Time now) {
  return WithSession(
      pool_, "UpdateServiceAccount",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::ServiceAccount> {
        soci::session& session = lease.session();
        Transaction transaction(session, lease.dialect());
        const absl::Status stale =
            WithErrorInfo(absl::AbortedError(absl::StrCat(
                              "service account '", account.account_id(),
                              "' was changed concurrently (etag mismatch); re-read and "
                              "retry")),
                          kReasonEtagMismatch, {{"resource", ResourceName(account.account_id())}});
        // The before-state is read first so the audit record shows the values this update replaced;
        // the version check in the UPDATE below guarantees nobody changed them in between.
        absl::StatusOr<v1::ServiceAccount> before = GetAccount(session, account.account_id());
        if (!before.ok()) return before.status();
        if (before->etag() != absl::StrCat(expected_version)) return stale;

        BoundQuery query;
        query.Sql("UPDATE service_accounts SET display_name = ")
            .Value(account.display_name())
            .Sql(", role = ")
            .Value(static_cast<long long>(account.role()))
            .Sql(", client_certificate_cn = ")
            .Value(NullIfEmpty(account.client_certificate_cn()))
            .Sql(", active = ")
            .Value(static_cast<long long>(account.active() ? 1 : 0))
            .Sql(", update_ms = ")
            .Value(static_cast<long long>(absl::ToUnixMillis(now)))
            .Sql(", version = version + 1 WHERE account_id = ")
            .Value(account.account_id())
            .Sql(" AND version = ")
            .Value(static_cast<long long>(expected_version));
        if (query.Execute(session) == 0) return stale;

        absl::StatusOr<v1::ServiceAccount> after = GetAccount(session, account.account_id());
        if (!after.ok()) return after.status();
        AppendAccountAudit(session, stamp, &*before, *after, now);
        transaction.Commit();
        return after;
      });
}

}  // namespace escala::db
