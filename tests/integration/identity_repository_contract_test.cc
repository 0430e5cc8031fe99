// The ServiceAccountRepository and TokenRepository contracts, against SQLite, MariaDB and the
// in-memory fakes, including the audit event each change must write in its own transaction.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "db/common/audit_diff.h"
#include "db/common/proto_time.h"
#include "db/core/bound_query.h"
#include "db/identity/soci_service_account_repository.h"
#include "db/identity/soci_token_repository.h"
#include "tests/integration/records.h"
#include "tests/testing/fakes/fake_service_account_repository.h"
#include "tests/testing/fakes/fake_token_repository.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace escala::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

// TestNow(1000) as the proto3 JSON of a Timestamp, as audit records show it.
constexpr char kTestNowPlus1sJson[] = "\"2023-11-14T22:13:21.123Z\"";
constexpr int64_t kDayMs = 86'400'000;

// One audit_events row, read straight from the table.
struct AuditRow {
  long long event_ms = 0;
  std::string principal;
  long long principal_role = 0;
  std::string method, resource_type, resource_name, request_id, before_json, after_json;
};

db::AuditStamp Stamp(const std::string& method) {
  db::AuditStamp stamp;
  stamp.principal = "people/E900";
  stamp.principal_role = v1::ROLE_ADMINISTRATOR;
  stamp.method = method;
  stamp.request_id = "req-" + method.substr(method.find('/') + 1);
  return stamp;
}

v1::ServiceAccount MakeAccount(const std::string& account_id, const std::string& display_name) {
  v1::ServiceAccount account;
  account.set_account_id(account_id);
  account.set_display_name(display_name);
  account.set_role(v1::ROLE_HR_SYSTEM);
  account.set_active(true);
  return account;
}

v1::ServiceAccount AccountWithoutOutputFields(v1::ServiceAccount account) {
  account.clear_create_time();
  account.clear_update_time();
  account.clear_etag();
  return account;
}

v1::ApiToken MakeToken(const std::string& token_id, const std::string& principal,
                       int64_t expire_ms = absl::ToUnixMillis(TestNow()) + 90 * kDayMs) {
  v1::ApiToken token;
  token.set_token_id(token_id);
  token.set_principal(principal);
  token.set_description("token " + token_id);
  *token.mutable_expire_time() = db::MillisToTimestamp(expire_ms);
  token.set_created_by("people/E900");
  return token;
}

// A distinct 64-character hex hash per token id.
std::string HashOf(const std::string& token_id) {
  std::string hash = absl::StrFormat("%064x", std::hash<std::string>{}(token_id));
  return hash.substr(hash.size() - 64);
}

std::vector<std::string> AccountIds(const std::vector<v1::ServiceAccount>& accounts) {
  std::vector<std::string> ids;
  for (const v1::ServiceAccount& account : accounts) ids.push_back(account.account_id());
  return ids;
}

std::vector<std::string> TokenIds(const std::vector<v1::ApiToken>& tokens) {
  std::vector<std::string> ids;
  for (const v1::ApiToken& token : tokens) ids.push_back(token.token_id());
  return ids;
}

// Runs on SQLite, MariaDB and the fakes (FakeServiceAccountRepository, FakeTokenRepository).
class IdentityRepositoryContract : public DatabaseTest {
 protected:
  db::ServiceAccountRepository& accounts() {
    if (!accounts_) {
      if (fake()) {
        accounts_ = std::make_unique<FakeServiceAccountRepository>();
      } else {
        accounts_ = std::make_unique<db::SociServiceAccountRepository>(database().pool());
      }
    }
    return *accounts_;
  }
  db::TokenRepository& tokens() {
    if (!tokens_) {
      if (fake()) {
        tokens_ = std::make_unique<FakeTokenRepository>();
      } else {
        tokens_ = std::make_unique<db::SociTokenRepository>(database().pool());
      }
    }
    return *tokens_;
  }

  // Every audit event, oldest first.
  std::vector<AuditRow> AuditRows() {
    std::vector<AuditRow> rows;
    absl::StatusOr<db::SessionPool::Lease> lease = database().pool().Acquire();
    EXPECT_THAT(lease, IsOk());
    if (!lease.ok()) return rows;
    try {
      AuditRow row;
      soci::indicator request_indicator = soci::i_null;
      soci::session& session = lease->session();
      soci::statement statement(session);
      statement.exchange(soci::into(row.event_ms));
      statement.exchange(soci::into(row.principal));
      statement.exchange(soci::into(row.principal_role));
      statement.exchange(soci::into(row.method));
      statement.exchange(soci::into(row.resource_type));
      statement.exchange(soci::into(row.resource_name));
      statement.exchange(soci::into(row.request_id, request_indicator));
      statement.exchange(soci::into(row.before_json));
      statement.exchange(soci::into(row.after_json));
      db::BoundQuery query;
      query.Sql(
          "SELECT event_ms, principal, principal_role, method, resource_type, resource_name,"
          " request_id, before_json, after_json FROM audit_events ORDER BY id");
      db::PrepareAndExecute(session, statement, query);
      while (statement.fetch()) {
        rows.push_back(row);
        if (request_indicator != soci::i_ok) rows.back().request_id.clear();
      }
    } catch (const std::exception& e) {
      ADD_FAILURE() << "reading audit_events: " << e.what();
    }
    return rows;
  }

  // The one audit event written since `before_count` events, checked against the stamp.
  std::optional<AuditRow> OnlyNewAuditRow(std::size_t before_count, const db::AuditStamp& stamp,
                                          absl::Time now) {
    std::vector<AuditRow> rows = AuditRows();
    EXPECT_EQ(rows.size(), before_count + 1);
    if (rows.size() != before_count + 1) return std::nullopt;
    const AuditRow& row = rows.back();
    EXPECT_EQ(row.principal, stamp.principal);
    EXPECT_EQ(row.principal_role, stamp.principal_role);
    EXPECT_EQ(row.method, stamp.method);
    EXPECT_EQ(row.request_id, stamp.request_id);
    EXPECT_EQ(row.event_ms, absl::ToUnixMillis(now));
    return row;
  }

  // Creates tokens for `principal` without checking the audit (the tests of Create do that).
  void CreateToken(const v1::ApiToken& token, absl::Time now) {
    ASSERT_THAT(tokens().Create(token, HashOf(token.token_id()), db::CreateRequest(),
                                Stamp("t/CreateToken"), now),
                IsOk());
  }

 private:
  std::unique_ptr<db::ServiceAccountRepository> accounts_;
  std::unique_ptr<db::TokenRepository> tokens_;
};

// The cases that read the audit log (written by the SQL repositories in the transaction of the
// change; the fakes keep none): SQLite and MariaDB only.
class IdentityRepositorySqlContract : public IdentityRepositoryContract {};

// --- Service accounts -------------------------------------------------------------------------

TEST_P(IdentityRepositorySqlContract, CreateAccountStoresItAndWritesOneAuditEvent) {
  v1::ServiceAccount account = MakeAccount("hr-sync", "HR sync");
  account.set_client_certificate_cn("hr-sync.example.com");
  const db::AuditStamp stamp = Stamp("escala.v1.IdentityService/CreateServiceAccount");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ServiceAccount created,
                              accounts().Create(account, stamp, TestNow()));
  EXPECT_EQ(ProtoDiff(account, AccountWithoutOutputFields(created)), "");
  EXPECT_EQ(created.etag(), "1");
  EXPECT_EQ(db::TimestampToMillis(created.create_time()), absl::ToUnixMillis(TestNow()));
  EXPECT_EQ(db::TimestampToMillis(created.update_time()), absl::ToUnixMillis(TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ServiceAccount fetched, accounts().Get("hr-sync"));
  EXPECT_EQ(ProtoDiff(created, fetched), "");

  std::optional<AuditRow> audit = OnlyNewAuditRow(0, stamp, TestNow());
  ASSERT_TRUE(audit.has_value());
  EXPECT_EQ(audit->resource_type, "service_account");
  EXPECT_EQ(audit->resource_name, "serviceAccounts/hr-sync");
  EXPECT_EQ(audit->before_json, "");
  EXPECT_EQ(audit->after_json,
            "{\"account_id\":\"hr-sync\",\"display_name\":\"HR sync\",\"role\":\"ROLE_HR_SYSTEM\","
            "\"client_certificate_cn\":\"hr-sync.example.com\",\"active\":true}");
}

TEST_P(IdentityRepositoryContract, AccountWithoutCertificateKeepsItEmptyAndInactiveStaysInactive) {
  v1::ServiceAccount account = MakeAccount("feed", "Feed");
  account.set_role(v1::ROLE_INTEGRATION);
  account.set_active(false);
  ASSERT_THAT(accounts().Create(account, Stamp("t/Create"), TestNow()), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ServiceAccount fetched, accounts().Get("feed"));
  EXPECT_EQ(fetched.client_certificate_cn(), "");
  EXPECT_FALSE(fetched.active());
  EXPECT_EQ(fetched.role(), v1::ROLE_INTEGRATION);
}

TEST_P(IdentityRepositorySqlContract, CreatingATakenAccountIdIsAlreadyExistsAndAuditsNothing) {
  ASSERT_THAT(accounts().Create(MakeAccount("hr-sync", "HR sync"), Stamp("t/Create"), TestNow()),
              IsOk());
  EXPECT_THAT(accounts().Create(MakeAccount("hr-sync", "Other"), Stamp("t/Create"), TestNow(1)),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("'hr-sync'")));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ServiceAccount stored, accounts().Get("hr-sync"));
  EXPECT_EQ(stored.display_name(), "HR sync");
  EXPECT_THAT(AuditRows(), SizeIs(1));
}

TEST_P(IdentityRepositoryContract, GettingAMissingAccountIsNotFound) {
  EXPECT_THAT(accounts().Get("nobody"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("'nobody'")));
}

TEST_P(IdentityRepositoryContract, ListAccountsPagesInAccountIdOrder) {
  for (const char* id : {"delta", "alpha", "echo", "charlie", "bravo"}) {
    ASSERT_THAT(accounts().Create(MakeAccount(id, id), Stamp("t/Create"), TestNow()), IsOk());
  }
  ESCALA_ASSERT_OK_AND_ASSIGN(auto page1, accounts().List("", 2));
  EXPECT_THAT(AccountIds(page1), ElementsAre("alpha", "bravo"));
  ESCALA_ASSERT_OK_AND_ASSIGN(auto page2, accounts().List("bravo", 2));
  EXPECT_THAT(AccountIds(page2), ElementsAre("charlie", "delta"));
  ESCALA_ASSERT_OK_AND_ASSIGN(auto page3, accounts().List("delta", 2));
  EXPECT_THAT(AccountIds(page3), ElementsAre("echo"));
  ESCALA_ASSERT_OK_AND_ASSIGN(auto page4, accounts().List("echo", 2));
  EXPECT_THAT(page4, IsEmpty());
}

TEST_P(IdentityRepositorySqlContract, UpdateAccountReplacesFieldsAndAuditsOnlyTheChangedOnes) {
  v1::ServiceAccount account = MakeAccount("hr-sync", "HR sync");
  account.set_client_certificate_cn("old.example.com");
  ASSERT_THAT(accounts().Create(account, Stamp("t/Create"), TestNow()), IsOk());

  v1::ServiceAccount changed = account;
  changed.set_active(false);
  changed.clear_client_certificate_cn();
  const db::AuditStamp stamp = Stamp("escala.v1.IdentityService/UpdateServiceAccount");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ServiceAccount updated,
                              accounts().Update(changed, 1, stamp, TestNow(1000)));
  EXPECT_EQ(ProtoDiff(changed, AccountWithoutOutputFields(updated)), "");
  EXPECT_EQ(updated.etag(), "2");
  EXPECT_EQ(db::TimestampToMillis(updated.create_time()), absl::ToUnixMillis(TestNow()));
  EXPECT_EQ(db::TimestampToMillis(updated.update_time()), absl::ToUnixMillis(TestNow(1000)));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ServiceAccount fetched, accounts().Get("hr-sync"));
  EXPECT_EQ(ProtoDiff(updated, fetched), "");

  std::optional<AuditRow> audit = OnlyNewAuditRow(1, stamp, TestNow(1000));
  ASSERT_TRUE(audit.has_value());
  EXPECT_EQ(audit->resource_type, "service_account");
  EXPECT_EQ(audit->resource_name, "serviceAccounts/hr-sync");
  EXPECT_EQ(audit->before_json, "{\"client_certificate_cn\":\"old.example.com\",\"active\":true}");
  EXPECT_EQ(audit->after_json, "{\"client_certificate_cn\":null,\"active\":null}");
}

TEST_P(IdentityRepositorySqlContract, UpdateAccountWithAStaleVersionIsAbortedAndAuditsNothing) {
  ASSERT_THAT(accounts().Create(MakeAccount("hr-sync", "HR sync"), Stamp("t/Create"), TestNow()),
              IsOk());
  ASSERT_THAT(
      accounts().Update(MakeAccount("hr-sync", "First writer"), 1, Stamp("t/Update"), TestNow(1)),
      IsOk());
  ASSERT_THAT(AuditRows(), SizeIs(2));

  EXPECT_THAT(
      accounts().Update(MakeAccount("hr-sync", "Second writer"), 1, Stamp("t/Update"), TestNow(2)),
      StatusIs(absl::StatusCode::kAborted, HasSubstr("'hr-sync'")));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ServiceAccount stored, accounts().Get("hr-sync"));
  EXPECT_EQ(stored.display_name(), "First writer");
  EXPECT_EQ(stored.etag(), "2");
  EXPECT_THAT(AuditRows(), SizeIs(2));
}

TEST_P(IdentityRepositorySqlContract, UpdateOfAMissingAccountIsNotFoundAndAuditsNothing) {
  EXPECT_THAT(accounts().Update(MakeAccount("ghost", "Ghost"), 1, Stamp("t/Update"), TestNow()),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("'ghost'")));
  EXPECT_THAT(AuditRows(), IsEmpty());
}

// --- Tokens -----------------------------------------------------------------------------------

TEST_P(IdentityRepositorySqlContract, CreateTokenStoresItAndAuditsItWithoutTheHash) {
  const v1::ApiToken token = MakeToken("tok1", "serviceAccounts/hr-sync");
  const std::string hash = HashOf("tok1");
  const db::AuditStamp stamp = Stamp("escala.v1.IdentityService/CreateToken");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ApiToken created,
                              tokens().Create(token, hash, db::CreateRequest(), stamp, TestNow()));
  v1::ApiToken expected = token;
  *expected.mutable_create_time() = db::TimeToTimestamp(TestNow());
  EXPECT_EQ(ProtoDiff(expected, created), "");
  EXPECT_FALSE(created.has_last_use_time());
  EXPECT_FALSE(created.has_revoke_time());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ApiToken fetched, tokens().Get("tok1"));
  EXPECT_EQ(ProtoDiff(created, fetched), "");

  std::optional<AuditRow> audit = OnlyNewAuditRow(0, stamp, TestNow());
  ASSERT_TRUE(audit.has_value());
  EXPECT_EQ(audit->resource_type, "token");
  EXPECT_EQ(audit->resource_name, "tokens/tok1");
  EXPECT_EQ(audit->before_json, "");
  EXPECT_EQ(audit->after_json,
            "{\"token_id\":\"tok1\",\"principal\":\"serviceAccounts/hr-sync\","
            "\"description\":\"token tok1\",\"expire_time\":\"2024-02-12T22:13:20.123Z\","
            "\"created_by\":\"people/E900\"}");
  EXPECT_THAT(audit->after_json, Not(HasSubstr(hash)));
}

TEST_P(IdentityRepositorySqlContract, CreatingATakenTokenIdOrHashIsAlreadyExistsAndAuditsNothing) {
  CreateToken(MakeToken("tok1", "people/E1"), TestNow());
  v1::ApiToken same_id = MakeToken("tok1", "people/E2");
  EXPECT_THAT(tokens().Create(same_id, HashOf("other"), db::CreateRequest(), Stamp("t/CreateToken"),
                              TestNow(1)),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("token_id")));
  v1::ApiToken same_hash = MakeToken("tok2", "people/E2");
  EXPECT_THAT(tokens().Create(same_hash, HashOf("tok1"), db::CreateRequest(),
                              Stamp("t/CreateToken"), TestNow(1)),
              StatusIs(absl::StatusCode::kAlreadyExists,
                       ::testing::AllOf(HasSubstr("secret_hash"), Not(HasSubstr(HashOf("tok1"))))));
  EXPECT_THAT(tokens().Get("tok2"), StatusIs(absl::StatusCode::kNotFound));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ApiToken stored, tokens().Get("tok1"));
  EXPECT_EQ(stored.principal(), "people/E1");
  EXPECT_THAT(AuditRows(), SizeIs(1));
}

TEST_P(IdentityRepositorySqlContract, ATokenRequestIdIsStoredOnceWithItsHash) {
  const db::CreateRequest key{"token-request-1", "4242"};
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ApiToken created,
                              tokens().Create(MakeToken("tok1", "people/E1"), HashOf("tok1"), key,
                                              Stamp("t/CreateToken"), TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(auto found, tokens().FindByRequestId("token-request-1"));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(ProtoDiff(created, found->resource), "");
  EXPECT_EQ(found->request_hash, "4242");
  // Another token under the same request_id: refused, naming the request_id, nothing audited.
  EXPECT_THAT(
      tokens().Create(MakeToken("tok2", "people/E1"), HashOf("tok2"), key, Stamp("t/CreateToken"),
                      TestNow(1)),
      StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("request_id: 'token-request-1'")));
  EXPECT_THAT(tokens().Get("tok2"), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(AuditRows(), SizeIs(1));
  ESCALA_ASSERT_OK_AND_ASSIGN(auto missing, tokens().FindByRequestId("token-request-2"));
  EXPECT_FALSE(missing.has_value());
}

TEST_P(IdentityRepositoryContract, FindBySecretHashFindsTheTokenRevokedOrNot) {
  CreateToken(MakeToken("tok1", "people/E1"), TestNow());
  CreateToken(MakeToken("tok2", "people/E2"), TestNow());
  EXPECT_THAT(tokens().FindBySecretHash(HashOf("tok2")),
              IsOkAndHolds(::testing::Property(&v1::ApiToken::token_id, "tok2")));
  ASSERT_THAT(tokens().Revoke("tok2", Stamp("t/RevokeToken"), TestNow(1)), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ApiToken revoked, tokens().FindBySecretHash(HashOf("tok2")));
  EXPECT_EQ(revoked.token_id(), "tok2");
  EXPECT_TRUE(revoked.has_revoke_time());
  EXPECT_THAT(tokens().FindBySecretHash(HashOf("nope")), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(tokens().Get("nope"), StatusIs(absl::StatusCode::kNotFound, HasSubstr("'nope'")));
}

TEST_P(IdentityRepositoryContract, ListHidesRevokedAndExpiredUnlessAskedAndFiltersByPrincipal) {
  const int64_t now_ms = absl::ToUnixMillis(TestNow(10'000));
  CreateToken(MakeToken("live-a", "people/E1"), TestNow(1));
  CreateToken(MakeToken("live-b", "serviceAccounts/feed"), TestNow(2));
  // Expires exactly at `now`: no longer usable, so inactive.
  CreateToken(MakeToken("expired", "people/E1", now_ms), TestNow(3));
  CreateToken(MakeToken("expires-later", "people/E1", now_ms + 1), TestNow(4));
  CreateToken(MakeToken("revoked", "people/E1"), TestNow(5));
  ASSERT_THAT(tokens().Revoke("revoked", Stamp("t/RevokeToken"), TestNow(6)), IsOk());

  db::TokenFilter filter;
  filter.now = TestNow(10'000);
  ESCALA_ASSERT_OK_AND_ASSIGN(auto active, tokens().List(filter, std::nullopt, 100));
  EXPECT_THAT(TokenIds(active), ElementsAre("expires-later", "live-b", "live-a"));

  filter.include_inactive = true;
  ESCALA_ASSERT_OK_AND_ASSIGN(auto all, tokens().List(filter, std::nullopt, 100));
  EXPECT_THAT(TokenIds(all),
              ElementsAre("revoked", "expires-later", "expired", "live-b", "live-a"));

  filter.principal = "people/E1";
  ESCALA_ASSERT_OK_AND_ASSIGN(auto mine_all, tokens().List(filter, std::nullopt, 100));
  EXPECT_THAT(TokenIds(mine_all), ElementsAre("revoked", "expires-later", "expired", "live-a"));
  filter.include_inactive = false;
  ESCALA_ASSERT_OK_AND_ASSIGN(auto mine_active, tokens().List(filter, std::nullopt, 100));
  EXPECT_THAT(TokenIds(mine_active), ElementsAre("expires-later", "live-a"));

  // The principal is compared exactly, never as a pattern.
  filter.principal = "people/E%";
  ESCALA_ASSERT_OK_AND_ASSIGN(auto pattern, tokens().List(filter, std::nullopt, 100));
  EXPECT_THAT(pattern, IsEmpty());
}

TEST_P(IdentityRepositoryContract, ListPagesNewestFirstWithoutGapsAcrossEqualCreateTimes) {
  // Three creation times, several tokens each, so pages end in the middle of a tie.
  std::vector<std::string> expected;
  for (int time = 2; time >= 0; --time) {
    for (int n = 3; n >= 0; --n) expected.push_back(absl::StrCat("t", time, "-", n));
  }
  for (int time = 0; time < 3; ++time) {
    for (int n = 0; n < 4; ++n) {
      const std::string principal = n % 2 == 0 ? "people/E1" : "people/E2";
      CreateToken(MakeToken(absl::StrCat("t", time, "-", n), principal), TestNow(time));
    }
  }
  db::TokenFilter filter;
  filter.now = TestNow(100);
  std::vector<std::string> seen;
  std::optional<db::TokenCursor> cursor;
  for (int page = 0; page < 10; ++page) {
    ESCALA_ASSERT_OK_AND_ASSIGN(auto tokens_page, tokens().List(filter, cursor, 5));
    if (tokens_page.empty()) break;
    EXPECT_LE(tokens_page.size(), 5u);
    for (const v1::ApiToken& token : tokens_page) seen.push_back(token.token_id());
    cursor = db::TokenCursor{db::TimestampToMillis(tokens_page.back().create_time()),
                             tokens_page.back().token_id()};
  }
  EXPECT_THAT(seen, ElementsAreArray(expected));

  // The same with a principal filter: only E2's tokens, still in order, none skipped.
  filter.principal = "people/E2";
  std::vector<std::string> expected_e2;
  for (const std::string& id : expected) {
    if (id.back() == '1' || id.back() == '3') expected_e2.push_back(id);
  }
  seen.clear();
  cursor.reset();
  for (int page = 0; page < 10; ++page) {
    ESCALA_ASSERT_OK_AND_ASSIGN(auto tokens_page, tokens().List(filter, cursor, 2));
    if (tokens_page.empty()) break;
    for (const v1::ApiToken& token : tokens_page) seen.push_back(token.token_id());
    cursor = db::TokenCursor{db::TimestampToMillis(tokens_page.back().create_time()),
                             tokens_page.back().token_id()};
  }
  EXPECT_THAT(seen, ElementsAreArray(expected_e2));
}

TEST_P(IdentityRepositorySqlContract, RevokeSetsTheRevokeTimeAndWritesOneAuditEvent) {
  CreateToken(MakeToken("tok1", "people/E1"), TestNow());
  const db::AuditStamp stamp = Stamp("escala.v1.IdentityService/RevokeToken");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ApiToken revoked, tokens().Revoke("tok1", stamp, TestNow(1000)));
  EXPECT_EQ(db::TimestampToMillis(revoked.revoke_time()), absl::ToUnixMillis(TestNow(1000)));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ApiToken fetched, tokens().Get("tok1"));
  EXPECT_EQ(ProtoDiff(revoked, fetched), "");

  std::optional<AuditRow> audit = OnlyNewAuditRow(1, stamp, TestNow(1000));
  ASSERT_TRUE(audit.has_value());
  EXPECT_EQ(audit->resource_type, "token");
  EXPECT_EQ(audit->resource_name, "tokens/tok1");
  EXPECT_EQ(audit->before_json, "{\"revoke_time\":null}");
  EXPECT_EQ(audit->after_json, absl::StrCat("{\"revoke_time\":", kTestNowPlus1sJson, "}"));
}

TEST_P(IdentityRepositorySqlContract, RevokingTwiceIsFailedPreconditionAndChangesNothing) {
  CreateToken(MakeToken("tok1", "people/E1"), TestNow());
  ASSERT_THAT(tokens().Revoke("tok1", Stamp("t/RevokeToken"), TestNow(1000)), IsOk());
  ASSERT_THAT(AuditRows(), SizeIs(2));
  EXPECT_THAT(tokens().Revoke("tok1", Stamp("t/RevokeToken"), TestNow(2000)),
              StatusIs(absl::StatusCode::kFailedPrecondition, "token 'tok1' is revoked already"));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ApiToken stored, tokens().Get("tok1"));
  EXPECT_EQ(db::TimestampToMillis(stored.revoke_time()), absl::ToUnixMillis(TestNow(1000)));
  EXPECT_THAT(AuditRows(), SizeIs(2));

  EXPECT_THAT(tokens().Revoke("ghost", Stamp("t/RevokeToken"), TestNow()),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("'ghost'")));
  EXPECT_THAT(AuditRows(), SizeIs(2));
}

TEST_P(IdentityRepositorySqlContract, RecordUseSetsTheLastUseTimeWithoutAnAuditEvent) {
  CreateToken(MakeToken("tok1", "people/E1"), TestNow());
  ASSERT_THAT(tokens().RecordUse("tok1", TestNow(60'000)), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ApiToken used, tokens().Get("tok1"));
  EXPECT_EQ(db::TimestampToMillis(used.last_use_time()), absl::ToUnixMillis(TestNow(60'000)));
  // The same time again changes no row, and is still fine.
  EXPECT_THAT(tokens().RecordUse("tok1", TestNow(60'000)), IsOk());
  ASSERT_THAT(tokens().RecordUse("tok1", TestNow(120'000)), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ApiToken later, tokens().Get("tok1"));
  EXPECT_EQ(db::TimestampToMillis(later.last_use_time()), absl::ToUnixMillis(TestNow(120'000)));
  EXPECT_THAT(AuditRows(), SizeIs(1));

  EXPECT_THAT(tokens().RecordUse("ghost", TestNow()),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("'ghost'")));
}

// Hostile text goes in and comes out byte for byte, on both tables and in the audit record.
TEST_P(IdentityRepositorySqlContract, HostileStringsRoundTripByteExact) {
  const std::vector<std::string>& hostile = HostileStrings();
  std::vector<std::string> expected_audit_json;
  for (std::size_t i = 0; i < hostile.size(); ++i) {
    const std::string& text = hostile[i];
    v1::ServiceAccount account = MakeAccount(absl::StrCat("sa-", i), text);
    account.set_client_certificate_cn(text);
    ASSERT_THAT(accounts().Create(account, Stamp("t/Create"), TestNow()), IsOk()) << text;
    ESCALA_ASSERT_OK_AND_ASSIGN(v1::ServiceAccount fetched, accounts().Get(account.account_id()));
    EXPECT_EQ(fetched.display_name(), text);
    EXPECT_EQ(fetched.client_certificate_cn(), text);
    expected_audit_json.push_back(db::DiffForAudit(nullptr, account).after_json);

    v1::ApiToken token = MakeToken(absl::StrCat("tok-", i), "people/E1");
    token.set_description(text);
    ASSERT_THAT(tokens().Create(token, HashOf(token.token_id()), db::CreateRequest(),
                                Stamp("t/CreateToken"), TestNow()),
                IsOk())
        << text;
    ESCALA_ASSERT_OK_AND_ASSIGN(v1::ApiToken stored, tokens().Get(token.token_id()));
    EXPECT_EQ(stored.description(), text);
    expected_audit_json.push_back(db::DiffForAudit(nullptr, token).after_json);
  }
  // The audit records keep the JSON text exactly as it was written.
  std::vector<AuditRow> rows = AuditRows();
  ASSERT_EQ(rows.size(), expected_audit_json.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].after_json, expected_audit_json[i]) << "audit event " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, IdentityRepositoryContract,
                         ::testing::ValuesIn(AllBackendsAndFake()), BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, IdentityRepositorySqlContract,
                         ::testing::ValuesIn(AllBackends()), BackendName);

}  // namespace
}  // namespace escala::testing
