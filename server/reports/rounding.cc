#include "server/reports/rounding.h"

#include <cmath>

namespace escala::server {

int CeilAgents(double value) { return static_cast<int>(std::ceil(value - 1e-9)); }

}  // namespace escala::server
