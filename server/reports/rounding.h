#pragma once

namespace escala::server {

// ⌈value⌉, forgiving the last bits of floating-point noise: 7 contacts × 0.1 h ÷ 0.7 h evaluates
// to 1.0000000000000002, and a rota must say 1 agent, not 2. A value more than 1e-9 above a whole
// number still rounds up.
int CeilAgents(double value);

}  // namespace escala::server
