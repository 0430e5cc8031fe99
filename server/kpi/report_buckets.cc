#include "server/kpi/report_buckets.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"

namespace escala::server {
namespace {

const absl::CivilDay kEpoch(1970, 1, 1);

absl::CivilDay CivilOf(int day) { return kEpoch + day; }
int DayOf(absl::CivilDay civil) { return static_cast<int>(civil - kEpoch); }

// The first day of the bucket after the one holding `day`.
int NextBucketStart(int day, v1::ReportPeriod period) {
  switch (period) {
    case v1::REPORT_PERIOD_DAY:
      return day + 1;
    case v1::REPORT_PERIOD_WEEK: {
      // 1970-01-01 was a Thursday: (day + 3) mod 7 is 0 on Mondays.
      const int weekday = ((day + 3) % 7 + 7) % 7;
      return day - weekday + 7;
    }
    case v1::REPORT_PERIOD_MONTH: {
      const absl::CivilMonth month(CivilOf(day));
      return DayOf(absl::CivilDay(month + 1));
    }
    default:
      return day;
  }
}

}  // namespace

std::vector<DayRange> CutIntoBuckets(const DayRange& range, v1::ReportPeriod period) {
  std::vector<DayRange> buckets;
  if (range.to_day <= range.from_day) return buckets;
  if (period != v1::REPORT_PERIOD_DAY && period != v1::REPORT_PERIOD_WEEK &&
      period != v1::REPORT_PERIOD_MONTH) {
    buckets.push_back(range);
    return buckets;
  }
  for (int start = range.from_day; start < range.to_day;) {
    const int end = std::min(range.to_day, NextBucketStart(start, period));
    buckets.push_back(DayRange{start, end});
    start = end;
  }
  return buckets;
}

std::string DayText(int day) {
  const absl::CivilDay civil = CivilOf(day);
  return absl::StrFormat("%04d-%02d-%02d", civil.year(), civil.month(), civil.day());
}

}  // namespace escala::server
