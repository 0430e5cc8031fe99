#pragma once

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "escala/v1/promotion_cases.pb.h"

namespace escala::db {

// Whether a case in `state` is open: it holds the person's step until it is closed.
inline bool IsOpenCaseState(v1::PromotionCaseState state) {
  return state == v1::PROMOTION_CASE_STATE_NOMINATED ||
         state == v1::PROMOTION_CASE_STATE_UNDER_REVIEW ||
         state == v1::PROMOTION_CASE_STATE_APPROVED;
}

// The key that keeps one open case per person and step: "<employee_id>/<from>/<to>" while the
// case is open, nullopt (NULL, which a unique index never compares) once it is closed.
inline std::optional<std::string> OpenStepOf(const v1::PromotionCase& promotion_case) {
  if (!IsOpenCaseState(promotion_case.state())) return std::nullopt;
  return absl::StrCat(promotion_case.employee_id(), "/", promotion_case.from_level(), "/",
                      promotion_case.to_level());
}

}  // namespace escala::db
