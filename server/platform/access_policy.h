#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "escala/v1/people.pb.h"

namespace escala::server {

// What a role may do with one RPC.
enum class Rule {
  // Never: PERMISSION_DENIED.
  kDeny,
  // On every record.
  kAllow,
  // On the caller's own records only; others answer NOT_FOUND as if they did not exist.
  kOwn,
  // On the records of the caller's team only; others answer NOT_FOUND.
  kTeam,
};

// The columns of the policy table. Agents of every tier (L1 agent, L2 specialist, technical
// engineer) share one column: their access differs by what they own, not by rule.
enum class PolicyRole {
  kAgent,
  kTeamLead,
  kQaAnalyst,
  kTrainer,
  kManager,
  kHeadOfSupport,
  kHrSystem,
  kAdministrator,
  kIntegration,
};
inline constexpr std::size_t kPolicyRoleCount = 9;

// One row: an RPC's full name ("escala.v1.PeopleService/GetPerson") and its rule per column.
struct PolicyRow {
  std::string method;
  std::array<Rule, kPolicyRoleCount> rules;
};

// The whole policy, parsed once from the table in access_policy.cc.
const std::vector<PolicyRow>& AccessPolicy();

// The row of `method`, or nullptr when the table has none (such a call is refused).
const PolicyRow* FindPolicyRow(absl::string_view method);

// The column a role reads; nullopt for ROLE_UNSPECIFIED or an unknown value (refused).
std::optional<PolicyRole> PolicyRoleOf(v1::Role role);

// The column's name as the table and its documentation spell it ("agent", "team_lead", …).
absl::string_view PolicyRoleName(PolicyRole role);

// OK when every method of the named services (e.g. "escala.v1.PeopleService") has a row;
// otherwise FAILED_PRECONDITION listing the methods without one.
absl::Status CheckPolicyCovers(const std::vector<std::string>& service_full_names);

// Parses table text: one row per line, "<method> <rule> × 9" with rules A (allow), O (own),
// T (team), - (deny); '#' starts a comment. Exposed for its unit test.
absl::StatusOr<std::vector<PolicyRow>> ParsePolicyTable(absl::string_view text);

}  // namespace escala::server
