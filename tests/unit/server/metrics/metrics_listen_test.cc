// --metrics_listen: a bare port is loopback, an address is kept, anything else is refused with
// the flag's name and the rule.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "server/metrics/http_exporter.h"

namespace escala::metrics {
namespace {

using ::testing::HasSubstr;

TEST(MetricsListenTest, ABarePortListensOnLoopback) {
  EXPECT_EQ(*MetricsListenAddress("9464"), "127.0.0.1:9464");
  EXPECT_EQ(*MetricsListenAddress(":9464"), "127.0.0.1:9464");
  EXPECT_EQ(*MetricsListenAddress("localhost:0"), "127.0.0.1:0");
}

TEST(MetricsListenTest, AnAddressIsKept) {
  EXPECT_EQ(*MetricsListenAddress("0.0.0.0:9464"), "0.0.0.0:9464");
  EXPECT_EQ(*MetricsListenAddress("10.1.2.3:80"), "10.1.2.3:80");
  EXPECT_EQ(*MetricsListenAddress("[::1]:9464"), "[::1]:9464");
}

TEST(MetricsListenTest, RefusesWhatIsNotAnAddress) {
  for (const char* bad :
       {"", "port", ":", "9464x", "70000", "-1", "host.example:9464", "[::1:9464", "127.0.0.1:"}) {
    absl::StatusOr<std::string> address = MetricsListenAddress(bad);
    ASSERT_FALSE(address.ok()) << bad;
    EXPECT_EQ(address.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(address.status().message(), HasSubstr("metrics_listen"));
  }
}

}  // namespace
}  // namespace escala::metrics
