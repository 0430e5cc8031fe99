#pragma once

#include <string>

#include "absl/status/status.h"
#include "db/common/error_details.h"

namespace escala::server {

// The one validation currency: a validator returns absl::Status, and a failed validation is
// INVALID_ARGUMENT carrying EVERY violation it found as a google.rpc.BadRequest payload
// (db/common/error_details.h), so that a client fixes a request in one round trip and reads the
// field paths from the details rather than from the message. The message stays for people:
// "field: rule" of each violation, joined by "; ", e.g.
//   "interaction.end_time: must not be before start_time; interaction.channel: is required".
//
// A validator collects with Violations and returns ToStatus():
//
//   absl::Status ValidatePerson(const v1::Person& person) {
//     Violations violations;
//     violations.Add(RequireText("display_name", person.display_name(), 200));  // a text rule
//     if (person.level() > 9) violations.Add("level", "must be between 1 and 9");
//     return violations.ToStatus();
//   }
//
// and a caller that validates a part of its request nests that validator's paths under the
// part's own: violations.AddNested("people[3].", ValidatePerson(request.people(3))).
class Violations {
 public:
  // Records that `field` (a path relative to what is validated) breaks `rule`.
  void Add(std::string field, std::string rule);

  // Records every field violation `status` carries: nothing for OK. An INVALID_ARGUMENT without
  // a BadRequest payload counts as one violation of the field "" with its message. Any other
  // code is not a validation result: the first such status is kept and ToStatus returns it.
  void Add(const absl::Status& status) { AddNested("", status); }

  // The same with each field path put under `prefix`, which ends in '.' when it names a message
  // ("evaluation.", "people[3]."). A violation of the field "" (the whole message) gets the
  // prefix's own path ("evaluation").
  void AddNested(const std::string& prefix, const absl::Status& status);

  // Whether nothing was recorded.
  bool empty() const { return bad_request_.field_violations().empty() && other_.ok(); }

  // Number of field violations recorded.
  int size() const { return bad_request_.field_violations_size(); }

  // OK when nothing was recorded; else INVALID_ARGUMENT with every violation, in the order they
  // were added (or the non-validation status kept by Add).
  absl::Status ToStatus() const;

 private:
  google::rpc::BadRequest bad_request_;
  absl::Status other_;
};

// INVALID_ARGUMENT for one field, with its BadRequest: "field: rule".
absl::Status InvalidField(const std::string& field, const std::string& rule);

// FAILED_PRECONDITION "field: rule" with a BadRequest naming the field, for a well-formed field
// that refers to something missing or unfit ("team.lead_employee_id: 'E9' is not in the people
// directory"): the client learns which field to change, as with INVALID_ARGUMENT.
absl::Status FieldPreconditionFailed(const std::string& field, const std::string& rule);

// A validator's result with every field path put under `prefix` (see Violations::AddNested):
//   if (absl::Status s = Nested("person.", ValidatePerson(request.person())); !s.ok()) return s;
absl::Status Nested(const std::string& prefix, const absl::Status& status);

}  // namespace escala::server
