#pragma once

#include <string>

#include "client/core/table_printer.h"
#include "escala/v1/promotion_eligibility.pb.h"

namespace escala::client {

// The at-a-glance table: one row per person with the outcome, how many criteria are met, and
// what is missing (or the date time alone makes them eligible).
Table EligibilityTable(const v1::ComputeEligibilityResponse& response);

// One person's criteria in full: outcome, value against threshold with n, what is missing and
// the evidence.
std::string RenderPersonEvidence(const v1::PersonEligibility& person, int width);

}  // namespace escala::client
