#include "server/promotion/eligibility_handler.h"

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "server/api/list_page.h"
#include "server/api/text_rules.h"
#include "server/api/violations.h"
#include "server/promotion/eligibility.h"
#include "server/promotion/promotion_policy_validation.h"

namespace escala::server {
namespace {

absl::Status OutOfReach(const std::string& what) {
  return absl::NotFoundError(absl::StrCat(what, " not found"));
}

absl::Status Validate(const v1::ComputeEligibilityRequest& request, absl::Time now) {
  Violations violations;
  violations.Add(
      RequireIdentifier("promotion_policy_id", request.promotion_policy_id(), kMaxPromotionId));
  if (request.version() < 0) {
    violations.Add("version", "must be 0 (the version in force) or a version number");
  }
  if (request.employee_ids_size() > EligibilityHandler::kMaxEmployeeIds) {
    violations.Add("employee_ids",
                   absl::StrCat("at most ", EligibilityHandler::kMaxEmployeeIds, " people"));
  } else {
    std::set<std::string> seen;
    for (int i = 0; i < request.employee_ids_size(); ++i) {
      const std::string path = absl::StrCat("employee_ids[", i, "]");
      violations.Add(RequireIdentifier(path, request.employee_ids(i), kMaxPromotionId));
      if (!seen.insert(request.employee_ids(i)).second) {
        violations.Add(path, absl::StrCat("repeats '", request.employee_ids(i), "'"));
      }
    }
  }
  if (!request.team_id().empty()) {
    violations.Add(RequireIdentifier("team_id", request.team_id(), kMaxPromotionId));
    if (!request.employee_ids().empty()) {
      violations.Add("team_id", "must be empty when employee_ids are given");
    }
  }
  if (request.has_as_of_time()) {
    const absl::Time as_of = absl::FromUnixMillis(db::TimestampToMillis(request.as_of_time()));
    if (as_of > now) violations.Add("as_of_time", "must not be in the future");
  }
  return violations.ToStatus();
}

}  // namespace

absl::StatusOr<v1::PromotionPolicy> EligibilityHandler::PolicyInForce(const std::string& id,
                                                                      int32_t version,
                                                                      absl::Time as_of) {
  absl::StatusOr<std::vector<v1::PromotionPolicy>> published = policies_.ListPublished(id);
  if (!published.ok()) return published.status();
  const v1::PromotionPolicy* chosen = nullptr;
  for (const v1::PromotionPolicy& candidate : *published) {
    if (version != 0) {
      if (candidate.version() == version) chosen = &candidate;
    } else if (absl::FromUnixMillis(db::TimestampToMillis(candidate.publish_time())) <= as_of) {
      chosen = &candidate;  // oldest first: the last one kept is the newest in force
    }
  }
  if (chosen == nullptr) {
    return db::WithErrorInfo(
        absl::FailedPreconditionError(
            version != 0
                ? absl::StrCat("promotion policy '", id, "' version ", version,
                               " was never published")
                : absl::StrCat("promotion policy '", id, "' had no published version at ",
                               absl::FormatTime(absl::RFC3339_sec, as_of, absl::UTCTimeZone()))),
        db::kReasonPromotionPolicyNotPublished);
  }
  return *chosen;
}

absl::StatusOr<std::vector<v1::Person>> EligibilityHandler::Population(
    const CallContext& call, const v1::ComputeEligibilityRequest& request,
    const v1::PromotionPolicy& policy, const std::string& after, int limit) {
  if (!request.employee_ids().empty()) {
    std::vector<std::string> ids;
    for (const std::string& id : request.employee_ids()) {
      if (call.scope == Scope::kOwn && id != call.caller.employee_id) {
        return OutOfReach(absl::StrCat("person '", id, "'"));
      }
      if (id > after) ids.push_back(id);
    }
    absl::StatusOr<std::vector<v1::Person>> people = people_.GetMany(ids);
    if (!people.ok()) return people.status();
    for (const std::string& id : ids) {
      auto found = std::find_if(people->begin(), people->end(),
                                [&id](const v1::Person& p) { return p.employee_id() == id; });
      const bool reachable =
          found != people->end() &&
          (call.scope != Scope::kTeam ||
           (!call.caller.team_id.empty() && found->team_id() == call.caller.team_id));
      if (!reachable) return OutOfReach(absl::StrCat("person '", id, "'"));
    }
    std::sort(people->begin(), people->end(), [](const v1::Person& a, const v1::Person& b) {
      return a.employee_id() < b.employee_id();
    });
    if (static_cast<int>(people->size()) > limit) people->resize(limit);
    return people;
  }
  if (call.scope == Scope::kOwn) {
    // An agent's population is themselves.
    if (!request.team_id().empty() && request.team_id() != call.caller.team_id) {
      return OutOfReach(absl::StrCat("team '", request.team_id(), "'"));
    }
    if (call.caller.employee_id <= after) return std::vector<v1::Person>{};
    absl::StatusOr<v1::Person> self = people_.Get(call.caller.employee_id);
    if (!self.ok()) return self.status();
    return std::vector<v1::Person>{*self};
  }
  db::PeopleFilter filter;
  filter.team_id = request.team_id();
  if (call.scope == Scope::kTeam) {
    if (!filter.team_id.empty() && filter.team_id != call.caller.team_id) {
      return OutOfReach(absl::StrCat("team '", filter.team_id, "'"));
    }
    if (call.caller.team_id.empty()) return std::vector<v1::Person>{};
    filter.team_id = call.caller.team_id;
  }
  filter.level = policy.from_level();
  filter.active = true;
  return people_.List(filter, after, limit);
}

absl::StatusOr<v1::ComputeEligibilityResponse> EligibilityHandler::ComputeEligibility(
    const CallContext& call, const v1::ComputeEligibilityRequest& request) {
  const absl::Time now = clock_();
  // The keyset is the last person and the as-of time, so that every page of a request without
  // one is computed as of the first page's time.
  absl::StatusOr<ListPage> page =
      ListPage::Start(request, "promotion_eligibility", call.PageScope(), 2);
  if (!page.ok()) return page.status();
  if (absl::Status valid = Validate(request, now); !valid.ok()) return valid;
  absl::Time as_of = now;
  if (request.has_as_of_time()) {
    as_of = absl::FromUnixMillis(db::TimestampToMillis(request.as_of_time()));
  } else if (page->continues()) {
    absl::StatusOr<int64_t> first_page_ms = page->after_int(1);
    if (!first_page_ms.ok()) return first_page_ms.status();
    as_of = absl::FromUnixMillis(*first_page_ms);
  }
  absl::StatusOr<v1::PromotionPolicy> policy =
      PolicyInForce(request.promotion_policy_id(), request.version(), as_of);
  if (!policy.ok()) return policy.status();
  absl::StatusOr<std::vector<v1::Person>> people =
      Population(call, request, *policy, page->after_key(), page->fetch_limit());
  if (!people.ok()) return people.status();
  v1::ComputeEligibilityResponse response;
  response.set_promotion_policy_version(policy->version());
  *response.mutable_as_of_time() = db::MillisToTimestamp(absl::ToUnixMillis(as_of));
  const std::string as_of_key = absl::StrCat(absl::ToUnixMillis(as_of));
  response.set_next_page_token(page->Finish(*people, [&as_of_key](const v1::Person& person) {
    return std::vector<std::string>{person.employee_id(), as_of_key};
  }));
  const EvaluationEvidence evidence = request.view() == v1::ELIGIBILITY_VIEW_FULL
                                          ? EvaluationEvidence::kEvaluations
                                          : EvaluationEvidence::kTotals;
  absl::StatusOr<std::vector<PersonFacts>> facts =
      facts_.ReadPage(*policy, *people, as_of, evidence);
  if (!facts.ok()) return facts.status();
  for (const PersonFacts& person : *facts) {
    *response.add_people() = EvaluateEligibility(*policy, person, as_of);
  }
  return response;
}

}  // namespace escala::server
