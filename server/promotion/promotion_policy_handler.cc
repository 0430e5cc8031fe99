#include "server/promotion/promotion_policy_handler.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "server/api/etag.h"
#include "server/api/field_mask.h"
#include "server/api/list_page.h"
#include "server/api/request_id.h"
#include "server/api/text_rules.h"
#include "server/api/violations.h"
#include "server/promotion/promotion_policy_validation.h"

namespace escala::server {
namespace {

const std::set<std::string>& UpdatableFields() {
  static const auto* const kUpdatable =
      new std::set<std::string>{"title",    "description",          "from_level",      "to_level",
                                "criteria", "maintenance_criteria", "maintenance_days"};
  return *kUpdatable;
}

std::string ResourceOf(const std::string& id) { return "promotionPolicies/" + id; }

}  // namespace

absl::StatusOr<v1::PromotionPolicy> PromotionPolicyHandler::CreatePromotionPolicy(
    const CallContext& call, const v1::CreatePromotionPolicyRequest& request) {
  const v1::PromotionPolicy& policy = request.promotion_policy();
  Violations violations;
  violations.Add(RequireIdentifier("promotion_policy.promotion_policy_id",
                                   policy.promotion_policy_id(), kMaxPromotionId));
  violations.Add(Nested("promotion_policy.", ValidatePromotionPolicy(policy)));
  if (!violations.empty()) return violations.ToStatus();
  return policies_.Create(policy, call.Stamp(), clock_());
}

absl::StatusOr<v1::PromotionPolicy> PromotionPolicyHandler::GetPromotionPolicy(
    const CallContext&, const v1::GetPromotionPolicyRequest& request) {
  if (absl::Status s =
          RequireIdentifier("promotion_policy_id", request.promotion_policy_id(), kMaxPromotionId);
      !s.ok()) {
    return s;
  }
  if (request.version() < 0) {
    return InvalidField("version", absl::StrCat("must be 0 (the newest) or a version number, got ",
                                                request.version()));
  }
  return policies_.Get(request.promotion_policy_id(), request.version());
}

absl::StatusOr<v1::ListPromotionPoliciesResponse> PromotionPolicyHandler::ListPromotionPolicies(
    const CallContext& call, const v1::ListPromotionPoliciesRequest& request) {
  absl::StatusOr<ListPage> page = ListPage::Start(request, "promotion_policies", call.PageScope());
  if (!page.ok()) return page.status();
  if (!v1::PromotionPolicyState_IsValid(request.state())) {
    return InvalidField("state", absl::StrCat("unknown value ", request.state()));
  }
  absl::StatusOr<std::vector<v1::PromotionPolicy>> rows =
      policies_.List(page->after_key(), request.state(), page->fetch_limit());
  if (!rows.ok()) return rows.status();
  v1::ListPromotionPoliciesResponse response;
  response.set_next_page_token(page->Finish(
      *rows, [](const v1::PromotionPolicy& policy) { return policy.promotion_policy_id(); }));
  for (v1::PromotionPolicy& policy : *rows) *response.add_promotion_policies() = std::move(policy);
  return response;
}

absl::StatusOr<v1::PromotionPolicy> PromotionPolicyHandler::UpdatePromotionPolicy(
    const CallContext& call, const v1::UpdatePromotionPolicyRequest& request) {
  const v1::PromotionPolicy& input = request.promotion_policy();
  const std::string& id = input.promotion_policy_id();
  Violations violations;
  violations.Add(RequireIdentifier("promotion_policy.promotion_policy_id", id, kMaxPromotionId));
  violations.Add(RequireEtag("promotion_policy.etag", input.etag()));
  violations.Add(CheckFieldMask(request.update_mask(), UpdatableFields(), input));
  if (!violations.empty()) return violations.ToStatus();
  absl::StatusOr<v1::PromotionPolicy> current = policies_.Get(id, 0);
  if (!current.ok()) return current.status();
  if (absl::Status s =
          CheckEtag("promotion_policy.etag", input.etag(), current->etag(), ResourceOf(id));
      !s.ok()) {
    return s;
  }
  // What is validated is what is stored: the selected fields over the newest version.
  v1::PromotionPolicy merged = *current;
  if (absl::Status s = ApplyFieldMask(request.update_mask(), UpdatableFields(), input, &merged);
      !s.ok()) {
    return s;
  }
  if (absl::Status valid = Nested("promotion_policy.", ValidatePromotionPolicy(merged));
      !valid.ok()) {
    return valid;
  }
  return policies_.Update(merged, VersionFromEtag(input.etag()), call.Stamp(), clock_());
}

absl::StatusOr<v1::PromotionPolicy> PromotionPolicyHandler::PublishPromotionPolicy(
    const CallContext& call, const v1::PublishPromotionPolicyRequest& request) {
  if (absl::Status s = CheckRequestId("request_id", request.request_id()); !s.ok()) return s;
  const db::CreateRequest key = CreateRequestOf(request);
  return ApplyOnce<v1::PromotionPolicy>(
      requests_, call.caller.principal, call.method, key,
      [&] { return Publish(call, request, key); },
      // A replay answers the version it published, as it is now.
      [&](const db::LoggedRequest& logged) {
        return policies_.Get(request.promotion_policy_id(), VersionOfEvent(logged));
      });
}

absl::StatusOr<v1::PromotionPolicy> PromotionPolicyHandler::Publish(
    const CallContext& call, const v1::PublishPromotionPolicyRequest& request,
    const db::CreateRequest& key) {
  const std::string& id = request.promotion_policy_id();
  Violations violations;
  violations.Add(RequireIdentifier("promotion_policy_id", id, kMaxPromotionId));
  violations.Add(RequireEtag("etag", request.etag()));
  if (!violations.empty()) return violations.ToStatus();
  absl::StatusOr<v1::PromotionPolicy> current = policies_.Get(id, 0);
  if (!current.ok()) return current.status();
  if (current->state() == v1::PROMOTION_POLICY_STATE_DRAFT) {
    if (absl::Status s = CheckEtag("etag", request.etag(), current->etag(), ResourceOf(id));
        !s.ok()) {
      return s;
    }
    // Stored drafts were validated when written; the rules may have grown since.
    if (absl::Status valid = ValidatePromotionPolicy(*current); !valid.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat("promotion policy '", id, "' version ", current->version(),
                       " cannot be published until it is fixed: ", valid.message()));
    }
  }
  // Not a draft: the repository answers FAILED_PRECONDITION with the state it found.
  return policies_.Publish(id, VersionFromEtag(request.etag()), call.Stamp(key), clock_());
}

}  // namespace escala::server
