#pragma once

#include <string>
#include <vector>

#include "escala/v1/reports.pb.h"

namespace escala::server {

// A range of UTC days [from_day, to_day), in days since 1970-01-01.
struct DayRange {
  int from_day = 0;
  int to_day = 0;
};

// Cuts [range.from_day, range.to_day) into the buckets of `period`: days, ISO weeks (Monday
// first), calendar months, or the whole range; the first and last bucket are cut at the range.
std::vector<DayRange> CutIntoBuckets(const DayRange& range, v1::ReportPeriod period);

// "YYYY-MM-DD" of a day.
std::string DayText(int day);

}  // namespace escala::server
