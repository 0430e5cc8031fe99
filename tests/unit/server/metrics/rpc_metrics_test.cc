// The per-call metrics: counted by method and status code name, a method the server does not
// serve counted as "unknown", and cells of codes that never occurred left out.

#include "server/metrics/rpc_metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace escala::metrics {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(RpcMetricsTest, CountsCallsByMethodAndCode) {
  Registry registry;
  RpcMetrics metrics(registry, {"/escala.v1.PeopleService/ListPeople"});
  metrics.RecordCall("/escala.v1.PeopleService/ListPeople", 0, 0.002);
  metrics.RecordCall("/escala.v1.PeopleService/ListPeople", 0, 0.004);
  metrics.RecordCall("/escala.v1.PeopleService/ListPeople", 16, 0.001);
  const std::string text = registry.Render();
  EXPECT_THAT(text, HasSubstr("escala_rpc_calls_total{method=\"/escala.v1.PeopleService/"
                              "ListPeople\",code=\"OK\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("escala_rpc_calls_total{method=\"/escala.v1.PeopleService/"
                              "ListPeople\",code=\"UNAUTHENTICATED\"} 1\n"));
  EXPECT_THAT(text, Not(HasSubstr("code=\"NOT_FOUND\"")));
  EXPECT_THAT(text, HasSubstr("escala_rpc_duration_seconds_count{method=\"/escala.v1."
                              "PeopleService/ListPeople\"} 3\n"));
}

TEST(RpcMetricsTest, AMethodTheServerDoesNotServeIsCountedAsUnknown) {
  Registry registry;
  RpcMetrics metrics(registry, {"/escala.v1.PeopleService/ListPeople"});
  metrics.RecordCall("/made.up.Service/Anything", 12, 0.001);
  const std::string text = registry.Render();
  EXPECT_THAT(text,
              HasSubstr("escala_rpc_calls_total{method=\"unknown\",code=\"UNIMPLEMENTED\"} 1"));
  EXPECT_THAT(text, Not(HasSubstr("made.up")));
}

TEST(RpcMetricsTest, ACodeOutsideGrpcsRangeCountsAsUnknownCode) {
  Registry registry;
  RpcMetrics metrics(registry, {"/a.S/M"});
  metrics.RecordCall("/a.S/M", 99, 0.001);
  EXPECT_THAT(registry.Render(),
              HasSubstr("escala_rpc_calls_total{method=\"/a.S/M\",code=\"UNKNOWN\"} 1\n"));
}

TEST(RpcMetricsTest, CountsSuppressedLogLinesByCode) {
  Registry registry;
  RpcMetrics metrics(registry, {});
  metrics.RecordLogSuppressed(16);
  metrics.RecordLogSuppressed(16);
  EXPECT_THAT(registry.Render(),
              HasSubstr("escala_rpc_failure_log_suppressed_total{code=\"UNAUTHENTICATED\"} 2\n"));
}

}  // namespace
}  // namespace escala::metrics
