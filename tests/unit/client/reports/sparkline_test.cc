// Sparklines: eight heights between the bounds, a gap for a missing value, ASCII when the
// locale is not UTF-8.
#include "client/reports/sparkline.h"

#include <gtest/gtest.h>

namespace escala::client {
namespace {

TEST(SparklineTest, EightStepsFromLowToHighAndAGapForMissingValues) {
  EXPECT_EQ(Sparkline({0.0, 50.0, 100.0, std::nullopt, 87.5}, 0, 100, true), "▁▅█ █");
  EXPECT_EQ(Sparkline({0.0, 50.0, 100.0, std::nullopt, 87.5}, 0, 100, false), "_~# #");
  // Values outside the bounds are drawn at the nearest one.
  EXPECT_EQ(Sparkline({-5.0, 500.0}, 0, 100, false), "_#");
}

TEST(SparklineTest, TheFirstLocaleVariableSetDecides) {
  EXPECT_TRUE(LocaleIsUtf8(nullptr, nullptr, "en_GB.UTF-8"));
  EXPECT_TRUE(LocaleIsUtf8(nullptr, "es_ES.utf8", "C"));
  EXPECT_FALSE(LocaleIsUtf8("C", "es_ES.utf8", "en_GB.UTF-8"));
  EXPECT_FALSE(LocaleIsUtf8(nullptr, nullptr, nullptr));
  EXPECT_FALSE(LocaleIsUtf8("", "", "POSIX"));
}

}  // namespace
}  // namespace escala::client
