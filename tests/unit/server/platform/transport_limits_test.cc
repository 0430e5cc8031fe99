// The checks of the transport limits' flags: each names the flag and the rule it breaks.

#include "server/platform/transport_limits.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace escala::server {
namespace {

using ::testing::HasSubstr;

TransportLimits Defaults() {
  return TransportLimits{.max_receive_message_bytes = 8 << 20,
                         .memory_quota_mib = 64,
                         .max_concurrent_streams = 100,
                         .max_connection_idle_seconds = 600,
                         .max_connection_age_seconds = 1800,
                         .max_connection_age_grace_seconds = 600,
                         .keepalive_time_seconds = 60,
                         .keepalive_timeout_seconds = 20,
                         .handshake_timeout_seconds = 20};
}

TEST(TransportLimitsTest, TheDefaultsPass) { EXPECT_TRUE(CheckTransportLimits(Defaults()).ok()); }

TEST(TransportLimitsTest, ANonPositiveValueNamesItsFlag) {
  TransportLimits limits = Defaults();
  limits.max_connection_age_seconds = 0;
  const absl::Status status = CheckTransportLimits(limits);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("max_connection_age_seconds: must be at least 1, got 0"));

  limits = Defaults();
  limits.max_concurrent_streams = -5;
  EXPECT_THAT(CheckTransportLimits(limits).message(),
              HasSubstr("max_concurrent_streams: must be at least 1, got -5"));
}

TEST(TransportLimitsTest, DurationsAreAtMostADay) {
  TransportLimits limits = Defaults();
  limits.keepalive_time_seconds = 24 * 3600 + 1;
  EXPECT_THAT(CheckTransportLimits(limits).message(),
              HasSubstr("keepalive_time_seconds: must be at most 86400 (a day), got 86401"));
}

TEST(TransportLimitsTest, TheMessageLimitFitsInTheQuota) {
  TransportLimits limits = Defaults();
  limits.memory_quota_mib = 4;
  limits.max_receive_message_bytes = (4 << 20) + 1;
  EXPECT_THAT(CheckTransportLimits(limits).message(),
              HasSubstr("max_message_bytes: must be at most the memory quota"));
  limits.max_receive_message_bytes = 4 << 20;
  EXPECT_TRUE(CheckTransportLimits(limits).ok());
}

}  // namespace
}  // namespace escala::server
