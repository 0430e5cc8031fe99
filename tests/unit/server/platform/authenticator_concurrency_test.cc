// The Authenticator shared by every worker thread: callers on many threads, with tokens
// forgotten and revoked between them, each get their own answer, and a revocation is seen by
// every call that starts after it. Run under ThreadSanitizer (tools/test.sh --sanitize=thread),
// these are the token cache's race checks.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/platform/authenticator.h"
#include "tests/testing/fakes/fake_people_repository.h"
#include "tests/testing/fakes/fake_service_account_repository.h"
#include "tests/testing/fakes/fake_token_repository.h"
#include "tests/testing/identity/identity_fixture.h"
#include "tests/testing/status_matchers.h"

namespace escala::server {
namespace {

using ::escala::testing::AddToken;
using ::escala::testing::IdentityTestStart;
using ::escala::testing::MakePerson;
using ::escala::testing::StatusIs;

// The in-memory repositories are not meant for several threads; these serialise the calls the
// Authenticator makes, as a database would, so that what is tested is the Authenticator's own
// locking.
class LockedTokens : public ::escala::testing::FakeTokenRepository {
 public:
  absl::StatusOr<v1::ApiToken> FindBySecretHash(const std::string& secret_hash) override {
    std::lock_guard<std::mutex> lock(mutex_);
    return FakeTokenRepository::FindBySecretHash(secret_hash);
  }
  absl::Status RecordUse(const std::string& token_id, absl::Time now) override {
    std::lock_guard<std::mutex> lock(mutex_);
    return FakeTokenRepository::RecordUse(token_id, now);
  }
  absl::StatusOr<v1::ApiToken> Revoke(const std::string& token_id, const db::AuditStamp& stamp,
                                      absl::Time now) override {
    std::lock_guard<std::mutex> lock(mutex_);
    return FakeTokenRepository::Revoke(token_id, stamp, now);
  }

 private:
  std::mutex mutex_;
};

class LockedPeople : public ::escala::testing::FakePeopleRepository {
 public:
  absl::StatusOr<v1::Person> Get(const std::string& employee_id) override {
    std::lock_guard<std::mutex> lock(mutex_);
    return FakePeopleRepository::Get(employee_id);
  }

 private:
  std::mutex mutex_;
};

constexpr int kPeople = 4;

class AuthenticatorConcurrencyTest : public ::testing::Test {
 protected:
  AuthenticatorConcurrencyTest() {
    for (int i = 0; i < kPeople; ++i) {
      const std::string employee_id = absl::StrCat("E100", i);
      people_.Add(MakePerson(employee_id, v1::ROLE_AGENT, "blue"));
      secrets_.push_back(
          AddToken(tokens_, TokenId(i), "people/" + employee_id, now_, now_ + absl::Hours(24)));
    }
  }

  static std::string TokenId(int i) { return absl::StrCat("00000000000000a", i); }

  // The clock never moves: what changes between calls is only what other threads do.
  const absl::Time now_ = IdentityTestStart();
  LockedTokens tokens_;
  LockedPeople people_;
  ::escala::testing::FakeServiceAccountRepository accounts_;
  Authenticator authenticator_{tokens_, people_, accounts_, [this] { return now_; },
                               absl::Seconds(5)};
  std::vector<std::string> secrets_;
};

TEST_F(AuthenticatorConcurrencyTest, CallersOnManyThreadsEachGetTheirOwnPrincipal) {
  constexpr int kCallers = 4;
  constexpr int kCallsEach = 200;
  std::atomic<bool> done{false};
  // Empties the cache over and over while the callers fill it.
  std::thread forgetter([&] {
    for (int round = 0; !done.load(); ++round) {
      authenticator_.Forget(TokenId(round % kPeople));
      authenticator_.ForgetPrincipal(absl::StrCat("people/E100", (round + 1) % kPeople));
    }
  });
  std::vector<std::thread> callers;
  for (int c = 0; c < kCallers; ++c) {
    callers.emplace_back([this, c] {
      for (int call = 0; call < kCallsEach; ++call) {
        const int person = (c + call) % kPeople;
        absl::StatusOr<Caller> caller = authenticator_.Authenticate(secrets_[person], "");
        ASSERT_TRUE(caller.ok()) << caller.status();
        EXPECT_EQ(caller->principal, absl::StrCat("people/E100", person));
        EXPECT_EQ(caller->token_id, TokenId(person));
      }
    });
  }
  for (std::thread& caller : callers) caller.join();
  done.store(true);
  forgetter.join();
}

TEST_F(AuthenticatorConcurrencyTest, EveryCallStartedAfterARevocationIsRefused) {
  constexpr int kCallers = 4;
  constexpr int kCallsBeforeRevoking = 40;
  constexpr int kCallsAfterEach = 25;
  std::atomic<int> calls{0};
  std::atomic<bool> revoked{false};
  std::vector<std::thread> callers;
  for (int c = 0; c < kCallers; ++c) {
    callers.emplace_back([this, &calls, &revoked] {
      for (int after = 0; after < kCallsAfterEach;) {
        const bool started_after_revocation = revoked.load();
        absl::StatusOr<Caller> caller = authenticator_.Authenticate(secrets_[0], "");
        calls.fetch_add(1);
        if (started_after_revocation) {
          EXPECT_THAT(caller, StatusIs(absl::StatusCode::kUnauthenticated));
          ++after;
        } else if (!caller.ok()) {
          // Only a call overlapping the revocation may go either way.
          EXPECT_THAT(caller, StatusIs(absl::StatusCode::kUnauthenticated));
        }
      }
    });
  }
  while (calls.load() < kCallsBeforeRevoking) std::this_thread::yield();
  // What RevokeToken does: revoke in the database, then forget the remembered token.
  EXPECT_TRUE(tokens_.Revoke(TokenId(0), {}, now_).ok());
  authenticator_.Forget(TokenId(0));
  revoked.store(true);
  for (std::thread& caller : callers) caller.join();
  EXPECT_THAT(authenticator_.Authenticate(secrets_[0], ""),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_TRUE(authenticator_.Authenticate(secrets_[1], "").ok());
}

}  // namespace
}  // namespace escala::server
