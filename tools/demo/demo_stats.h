#pragma once

#include <string>

#include "tools/demo/demo_data.h"

namespace escala::demo {

// A short plain-text profile of a data set: people by role, contacts by channel, direction and
// priority, and the headline KPIs (FCR, escalation rate, AHT, CSAT, NPS, CES) with their survey
// coverage. For `escala-demo --dry-run` and for eyeballing a change to the generator.
std::string DescribeDemoData(const DemoData& data);

}  // namespace escala::demo
