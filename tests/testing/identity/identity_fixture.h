#pragma once

// The identity set-up the authenticator, access gate and identity handler tests share: a clock
// that moves only when told, and in-memory tokens, people and service accounts. A test fixture
// derives from IdentityFixture and builds what it tests from the protected members.

#include <gtest/gtest.h>

#include <string>

#include "absl/time/time.h"
#include "tests/testing/fakes/audited_fakes.h"
#include "tests/testing/fakes/fake_audit_repository.h"
#include "tests/testing/fakes/fake_people_repository.h"
#include "tests/testing/fakes/fake_service_account_repository.h"
#include "tests/testing/fakes/fake_token_repository.h"
#include "tests/testing/fakes/manual_clock.h"

namespace escala::testing {

// 2024-03-01 09:00:00 UTC, where every identity test's clock starts.
absl::Time IdentityTestStart();

// Stores a token of `principal` with id `token_id`, created at `created` and expiring at
// `expires`, and returns its secret (the hash stored is the production one).
std::string AddToken(FakeTokenRepository& tokens, const std::string& token_id,
                     const std::string& principal, absl::Time created, absl::Time expires);

class IdentityFixture : public ::testing::Test {
 protected:
  explicit IdentityFixture(absl::Time start = IdentityTestStart()) : clock_(start) {}

  // A token of `principal` created `age` ago and expiring `lifetime` from now; its secret.
  std::string Token(const std::string& token_id, const std::string& principal,
                    absl::Duration age = absl::ZeroDuration(),
                    absl::Duration lifetime = absl::Hours(24)) {
    return AddToken(tokens_, token_id, principal, clock_.Now() - age, clock_.Now() + lifetime);
  }

  ManualClock clock_;
  // Where revocations record their events (and RevokeToken looks its request_id up).
  FakeAuditRepository audit_;
  AuditedTokenRepository tokens_{audit_};
  FakePeopleRepository people_;
  FakeServiceAccountRepository accounts_;
};

}  // namespace escala::testing
