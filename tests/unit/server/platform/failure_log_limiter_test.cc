// The limiter of failure log lines, on a fake clock: per peer host, method and code, the first
// failure of an interval is logged, the rest counted, and one summary per interval gives their
// number; every failure is accounted for in a line or a summary.

#include "server/platform/failure_log_limiter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

namespace escala::server {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr char kMethod[] = "/escala.v1.PeopleService/ListPeople";

class FailureLogLimiterTest : public ::testing::Test {
 protected:
  absl::Time now_ = absl::FromUnixSeconds(1'800'000'000);
  FailureLogLimiter limiter_{[this] { return now_; }};
};

TEST_F(FailureLogLimiterTest, LogsTheFirstFailureAndCountsTheRepeats) {
  EXPECT_TRUE(limiter_.Admit("ipv4:10.0.0.1:5000", kMethod, "UNAUTHENTICATED").log);
  for (int i = 0; i < 999; ++i) {
    now_ += absl::Milliseconds(10);
    EXPECT_FALSE(limiter_.Admit("ipv4:10.0.0.1:5000", kMethod, "UNAUTHENTICATED").log);
  }
  // Nothing is due while the interval lasts.
  EXPECT_THAT(limiter_.TakeDueSummaries(), IsEmpty());
  now_ += FailureLogLimiter::kInterval;
  EXPECT_THAT(limiter_.TakeDueSummaries(),
              ElementsAre(AllOf(HasSubstr("method=/escala.v1.PeopleService/ListPeople"),
                                HasSubstr("peer=ipv4:10.0.0.1"), HasSubstr("code=UNAUTHENTICATED"),
                                HasSubstr("suppressed=999"))));
  // Reported once only, and the key is forgotten: its next failure is logged again.
  EXPECT_THAT(limiter_.TakeDueSummaries(), IsEmpty());
  EXPECT_TRUE(limiter_.Admit("ipv4:10.0.0.1:5000", kMethod, "UNAUTHENTICATED").log);
}

TEST_F(FailureLogLimiterTest, TheClientPortDoesNotMakeANewKey) {
  EXPECT_TRUE(limiter_.Admit("ipv4:10.0.0.1:5000", kMethod, "UNAUTHENTICATED").log);
  EXPECT_FALSE(limiter_.Admit("ipv4:10.0.0.1:5001", kMethod, "UNAUTHENTICATED").log);
  EXPECT_FALSE(limiter_.Admit("ipv4:10.0.0.1:5002", kMethod, "UNAUTHENTICATED").log);
  EXPECT_TRUE(limiter_.Admit("ipv6:[::1]:5000", kMethod, "UNAUTHENTICATED").log);
  EXPECT_FALSE(limiter_.Admit("ipv6:[::1]:6000", kMethod, "UNAUTHENTICATED").log);
}

TEST_F(FailureLogLimiterTest, PeerMethodAndCodeEachMakeTheirOwnKey) {
  EXPECT_TRUE(limiter_.Admit("ipv4:10.0.0.1:1", kMethod, "UNAUTHENTICATED").log);
  EXPECT_TRUE(limiter_.Admit("ipv4:10.0.0.2:1", kMethod, "UNAUTHENTICATED").log);
  EXPECT_TRUE(
      limiter_.Admit("ipv4:10.0.0.1:1", "/escala.v1.PeopleService/GetPerson", "UNAUTHENTICATED")
          .log);
  EXPECT_TRUE(limiter_.Admit("ipv4:10.0.0.1:1", kMethod, "PERMISSION_DENIED").log);
  EXPECT_FALSE(limiter_.Admit("ipv4:10.0.0.1:1", kMethod, "PERMISSION_DENIED").log);
}

TEST_F(FailureLogLimiterTest, AFailureAfterTheIntervalCarriesThePreviousSummary) {
  EXPECT_TRUE(limiter_.Admit("ipv4:10.0.0.1:1", kMethod, "INVALID_ARGUMENT").log);
  EXPECT_FALSE(limiter_.Admit("ipv4:10.0.0.1:1", kMethod, "INVALID_ARGUMENT").log);
  EXPECT_FALSE(limiter_.Admit("ipv4:10.0.0.1:1", kMethod, "INVALID_ARGUMENT").log);
  now_ += FailureLogLimiter::kInterval;
  const FailureLogLimiter::Verdict verdict =
      limiter_.Admit("ipv4:10.0.0.1:1", kMethod, "INVALID_ARGUMENT");
  EXPECT_TRUE(verdict.log);
  EXPECT_THAT(verdict.summary, HasSubstr("suppressed=2"));
  // The summary went with the verdict; there is no second one to sweep.
  now_ += absl::Seconds(1);
  EXPECT_THAT(limiter_.TakeDueSummaries(), IsEmpty());
}

TEST_F(FailureLogLimiterTest, AKeyWithoutRepeatsHasNoSummary) {
  EXPECT_TRUE(limiter_.Admit("ipv4:10.0.0.1:1", kMethod, "NOT_FOUND").log);
  now_ += FailureLogLimiter::kInterval;
  EXPECT_THAT(limiter_.TakeDueSummaries(), IsEmpty());
  EXPECT_THAT(limiter_.TakeAllSummaries(), IsEmpty());
}

TEST_F(FailureLogLimiterTest, AtShutdownEveryPendingCountIsReported) {
  EXPECT_TRUE(limiter_.Admit("ipv4:10.0.0.1:1", kMethod, "UNAUTHENTICATED").log);
  EXPECT_FALSE(limiter_.Admit("ipv4:10.0.0.1:1", kMethod, "UNAUTHENTICATED").log);
  now_ += absl::Seconds(5);
  EXPECT_THAT(limiter_.TakeDueSummaries(), IsEmpty());
  EXPECT_THAT(limiter_.TakeAllSummaries(), ElementsAre(HasSubstr("suppressed=1")));
}

// Over a long flood, a key writes at most two lines per interval, and the lines account for
// every failure: each logged one counts 1, each summary its number.
TEST_F(FailureLogLimiterTest, AFloodWritesTwoLinesPerIntervalAndAccountsForEveryFailure) {
  constexpr int kFailures = 100000;
  const absl::Time start = now_;
  int lines = 0;
  int64_t accounted = 0;
  auto count_summary = [&](const std::string& summary) {
    ++lines;
    const std::size_t at = summary.find("suppressed=");
    accounted += std::stoll(summary.substr(at + 11));
  };
  for (int i = 0; i < kFailures; ++i) {
    now_ += absl::Milliseconds(7);  // 700 s in all: about twelve intervals
    const FailureLogLimiter::Verdict verdict =
        limiter_.Admit("ipv4:10.0.0.9:4444", kMethod, "UNAUTHENTICATED");
    if (!verdict.summary.empty()) count_summary(verdict.summary);
    if (verdict.log) {
      ++lines;
      ++accounted;
    }
    for (const std::string& summary : limiter_.TakeDueSummaries()) count_summary(summary);
  }
  for (const std::string& summary : limiter_.TakeAllSummaries()) count_summary(summary);
  EXPECT_EQ(accounted, kFailures);
  const int64_t intervals = (now_ - start) / FailureLogLimiter::kInterval + 1;
  EXPECT_LE(lines, 2 * intervals);
  EXPECT_GE(lines, intervals);  // it does keep logging: once per interval at least
}

TEST_F(FailureLogLimiterTest, ManyPeersShareOneKeyPastTheLimit) {
  for (std::size_t i = 0; i < FailureLogLimiter::kMaxKeys; ++i) {
    EXPECT_TRUE(limiter_
                    .Admit(absl::StrCat("ipv4:10.", i / 256, ".", i % 256, ".1:1"), kMethod,
                           "UNAUTHENTICATED")
                    .log);
  }
  // The first new peer past the limit opens the shared key; the others are counted in it.
  EXPECT_TRUE(limiter_.Admit("ipv4:192.168.0.1:1", kMethod, "UNAUTHENTICATED").log);
  for (int i = 2; i < 100; ++i)
    EXPECT_FALSE(
        limiter_.Admit(absl::StrCat("ipv4:192.168.0.", i, ":1"), "/x.Y/Z", "UNAUTHENTICATED").log);
  const std::vector<std::string> summaries = limiter_.TakeAllSummaries();
  ASSERT_THAT(summaries, SizeIs(1));
  EXPECT_THAT(summaries[0],
              HasSubstr("method=other peer=other code=UNAUTHENTICATED suppressed=98"));
}

TEST(FailureLogLimiterPeerTest, DropsThePortOfIpPeersOnly) {
  EXPECT_EQ(FailureLogLimiter::PeerHost("ipv4:127.0.0.1:40112"), "ipv4:127.0.0.1");
  EXPECT_EQ(FailureLogLimiter::PeerHost("ipv6:[::1]:40112"), "ipv6:[::1]");
  EXPECT_EQ(FailureLogLimiter::PeerHost("unix:/run/escala.sock"), "unix:/run/escala.sock");
  EXPECT_EQ(FailureLogLimiter::PeerHost("ipv4:127.0.0.1"), "ipv4:127.0.0.1");
}

}  // namespace
}  // namespace escala::server
