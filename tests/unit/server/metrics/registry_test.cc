// The registry and its text exposition: the exact lines Prometheus reads, label values escaped,
// histogram buckets cumulative and closed by +Inf, _sum and _count.

#include "server/metrics/registry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "server/metrics/exposition.h"

namespace escala::metrics {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(RegistryTest, RendersACounterWithHelpTypeAndLabels) {
  Registry registry;
  Family<Counter>& calls = registry.AddCounter("calls_total", "Calls.", {"method", "code"});
  calls.WithLabels({"/a.S/M", "OK"}).Increment();
  calls.WithLabels({"/a.S/M", "OK"}).Increment(2);
  calls.WithLabels({"/a.S/M", "NOT_FOUND"}).Increment();
  EXPECT_EQ(registry.Render(),
            "# HELP calls_total Calls.\n"
            "# TYPE calls_total counter\n"
            "calls_total{method=\"/a.S/M\",code=\"NOT_FOUND\"} 1\n"
            "calls_total{method=\"/a.S/M\",code=\"OK\"} 3\n");
}

TEST(RegistryTest, RendersGaugesWithoutLabelsAndNegativeValues) {
  Registry registry;
  Gauge& gauge = registry.AddGauge("depth", "Depth.").WithLabels({});
  gauge.Set(5);
  gauge.Add(-7);
  EXPECT_EQ(registry.Render(), "# HELP depth Depth.\n# TYPE depth gauge\ndepth -2\n");
}

TEST(RegistryTest, EscapesLabelValuesAndHelpText) {
  Registry registry;
  registry.AddCounter("odd_total", "Back\\slash and\nnewline \"kept\".", {"value"})
      .WithLabels({"a\"b\\c\nd"})
      .Increment();
  EXPECT_EQ(registry.Render(),
            "# HELP odd_total Back\\\\slash and\\nnewline \"kept\".\n"
            "# TYPE odd_total counter\n"
            "odd_total{value=\"a\\\"b\\\\c\\nd\"} 1\n");
}

TEST(RegistryTest, HistogramBucketsAreCumulativeAndEndWithInfinity) {
  Registry registry;
  Histogram& histogram =
      registry.AddHistogram("wait_seconds", "Wait.", {"pool"}, {0.1, 0.5, 1}).WithLabels({"db"});
  histogram.Observe(0.05);
  histogram.Observe(0.1);  // on a bound: counted in that bucket ("less than or equal")
  histogram.Observe(0.7);
  histogram.Observe(3);
  EXPECT_EQ(registry.Render(),
            "# HELP wait_seconds Wait.\n"
            "# TYPE wait_seconds histogram\n"
            "wait_seconds_bucket{pool=\"db\",le=\"0.1\"} 2\n"
            "wait_seconds_bucket{pool=\"db\",le=\"0.5\"} 2\n"
            "wait_seconds_bucket{pool=\"db\",le=\"1\"} 3\n"
            "wait_seconds_bucket{pool=\"db\",le=\"+Inf\"} 4\n"
            "wait_seconds_sum{pool=\"db\"} 3.85\n"
            "wait_seconds_count{pool=\"db\"} 4\n");
}

TEST(RegistryTest, AHistogramWithoutLabelsStillLabelsItsBuckets) {
  Registry registry;
  registry.AddHistogram("h", "H.", {}, {1}).WithLabels({}).Observe(2);
  const std::string text = registry.Render();
  EXPECT_THAT(text, HasSubstr("h_bucket{le=\"1\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("h_bucket{le=\"+Inf\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("h_sum 2\n"));
  EXPECT_THAT(text, HasSubstr("h_count 1\n"));
}

TEST(RegistryTest, HiddenCellsAppearOnceUsed) {
  Registry registry;
  Family<Counter>& family = registry.AddCounter("c_total", "C.", {"code"});
  family.HideUntilUsed();
  Counter& ok = family.WithLabels({"OK"});
  family.WithLabels({"INTERNAL"});
  EXPECT_THAT(registry.Render(), Not(HasSubstr("c_total{")));
  ok.Increment();
  EXPECT_THAT(registry.Render(), HasSubstr("c_total{code=\"OK\"} 1\n"));
  EXPECT_THAT(registry.Render(), Not(HasSubstr("INTERNAL")));
}

TEST(RegistryTest, CollectedMetricsAreReadAtEachScrape) {
  Registry registry;
  int depth = 3;
  registry.AddCollected("queue", "Queue.", MetricType::kGauge, {"name"}, [&depth] {
    return std::vector<Sample>{{{"work"}, static_cast<double>(depth)}};
  });
  EXPECT_THAT(registry.Render(), HasSubstr("queue{name=\"work\"} 3\n"));
  depth = 11;
  EXPECT_THAT(registry.Render(), HasSubstr("queue{name=\"work\"} 11\n"));
}

TEST(RegistryTest, FamiliesAppearInTheOrderTheyWereAdded) {
  Registry registry;
  registry.AddGauge("zeta", "Z.").WithLabels({}).Set(1);
  registry.AddGauge("alpha", "A.").WithLabels({}).Set(1);
  const std::string text = registry.Render();
  EXPECT_LT(text.find("zeta"), text.find("alpha"));
}

TEST(RegistryTest, ConcurrentIncrementsAreAllCounted) {
  Registry registry;
  Counter& counter = registry.AddCounter("n_total", "N.").WithLabels({});
  Histogram& histogram = registry.AddHistogram("d", "D.", {}, {1}).WithLabels({});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        counter.Increment();
        histogram.Observe(0.5);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(counter.value(), 40000u);
  const Histogram::Snapshot snapshot = histogram.Read();
  EXPECT_EQ(snapshot.count, 40000u);
  EXPECT_EQ(snapshot.cumulative.front(), 40000u);
  EXPECT_DOUBLE_EQ(snapshot.sum, 20000.0);
}

TEST(ExpositionTest, FormatsValuesAsPrometheusReadsThem) {
  EXPECT_EQ(FormatValue(0), "0");
  EXPECT_EQ(FormatValue(12), "12");
  EXPECT_EQ(FormatValue(0.0025), "0.0025");
  EXPECT_EQ(FormatValue(1.0 / 0.0), "+Inf");
  EXPECT_EQ(FormatValue(-1.0 / 0.0), "-Inf");
  EXPECT_EQ(FormatValue(0.0 / 0.0), "NaN");
}

}  // namespace
}  // namespace escala::metrics
