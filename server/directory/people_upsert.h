#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "escala/v1/people.pb.h"

namespace escala::server {

// What UpsertPeople would write for one person of its request, decided before anything is
// written.
struct PlannedPerson {
  // The stored person (or, for a new one, an active person with only the employee id) with the
  // fields the request writes replaced. For an existing person the etag is the stored version
  // it was merged from, so that the repository refuses the write if that version moved on.
  v1::Person person;
  // Whether the person was stored when the plan was made.
  bool exists = false;
  // OK, or INVALID_ARGUMENT with every rule `person` breaks (paths relative to the person).
  absl::Status invalid;
};

// The fields UpsertPeople writes (its update_mask allow-list).
const std::vector<std::string>& UpsertablePersonFields();

// Merges each person of `request` into its stored record (`stored`, by employee id) following
// the request's update_mask (see UpsertPeopleRequest), and validates the result; a repeated
// employee id is a violation of the repeat. One entry per person, in request order.
// INVALID_ARGUMENT naming update_mask when the mask names a field outside the allow-list: that
// is the whole request's fault, not one person's.
absl::StatusOr<std::vector<PlannedPerson>> PlanUpsert(
    const v1::UpsertPeopleRequest& request, const std::map<std::string, v1::Person>& stored);

}  // namespace escala::server
