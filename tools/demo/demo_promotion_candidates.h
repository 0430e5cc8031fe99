#pragma once

// Who the demo's promotion story is about (tools/demo/promotion/l1-to-l2.yaml is the policy):
// L1 agents whose records the generator shapes so that, on the demo's "today", a few are
// eligible for L2, one is nearly eligible, and one was promoted weeks ago and has slipped since.

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "escala/v1/people.pb.h"
#include "tools/demo/demo_people.h"

namespace escala::demo {

// How many agents are ready for L2.
inline constexpr int kDemoReadyAgents = 4;
// Days before the demo's end on which the regressing agent's promotion took effect.
inline constexpr int kDemoRegressionDays = 24;
// Evaluations in the window of a ready agent, and of the nearly ready one (the policy asks for
// 10: "2 more evaluations").
inline constexpr int kDemoReadyEvaluations = 12;
inline constexpr int kDemoNearlyReadyEvaluations = 8;

struct DemoPromotionCandidates {
  // Eligible: steady strong QA, the L1 courses and the certification, strong FCR and CSAT, six
  // months and more at L1, no dispute lost.
  std::vector<std::string> ready;
  // As the ready ones, with too few evaluations in the window.
  std::string nearly_ready;
  // Strong until kDemoRegressionDays ago, when their promotion took effect; weak since.
  std::string regressing;

  // Whether `employee_id` is any of them.
  bool Contains(const std::string& employee_id) const;
};

// Picks them among the active L1 agents hired at least eight months before `end`, outside the
// team of the first active L1 agent (the demo agent's, whose teammates carry the certification
// and dispute stories), in employee-id order; and makes them skilled (FCR and CSAT follow
// skill). Fewer than six such agents leave the later roles empty.
DemoPromotionCandidates PickPromotionCandidates(Directory& directory, absl::Time end);

}  // namespace escala::demo
