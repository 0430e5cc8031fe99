#include "server/promotion/regression_flag_handler.h"

#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "server/api/etag.h"
#include "server/api/list_page.h"
#include "server/api/request_id.h"
#include "server/api/text_rules.h"
#include "server/promotion/regression_flag_transitions.h"
#include "server/promotion/regression_flag_validation.h"

namespace escala::server {
namespace {

bool FlagInReach(const CallContext& call, const v1::RegressionFlag& flag) {
  switch (call.scope) {
    case Scope::kAll:
      return true;
    case Scope::kTeam:
      return !call.caller.team_id.empty() && flag.team_id() == call.caller.team_id;
    case Scope::kOwn:
      // Flags are for the person's managers: no one reaches their own through an own scope.
      return false;
  }
  return false;
}

std::string FlagResourceName(int64_t id) { return absl::StrCat("regressionFlags/", id); }

}  // namespace

absl::StatusOr<v1::CheckRegressionsResponse> RegressionFlagHandler::CheckRegressions(
    const CallContext& call, const v1::CheckRegressionsRequest& request) {
  if (absl::Status valid = ValidateCheckRegressions(request); !valid.ok()) return valid;
  return checker_.Check(call.Stamp(), request.promotion_policy_id());
}

absl::StatusOr<v1::RegressionFlag> RegressionFlagHandler::Reachable(const CallContext& call,
                                                                    int64_t id) {
  absl::StatusOr<v1::RegressionFlag> found = flags_.Get(id);
  if (!found.ok()) return found.status();
  if (!FlagInReach(call, *found)) {
    return absl::NotFoundError(absl::StrCat("regression flag ", id, " not found"));
  }
  return found;
}

absl::StatusOr<v1::RegressionFlag> RegressionFlagHandler::GetRegressionFlag(
    const CallContext& call, const v1::GetRegressionFlagRequest& request) {
  if (absl::Status s = RequirePositiveId("id", request.id()); !s.ok()) return s;
  return Reachable(call, request.id());
}

absl::StatusOr<v1::ListRegressionFlagsResponse> RegressionFlagHandler::ListRegressionFlags(
    const CallContext& call, const v1::ListRegressionFlagsRequest& request) {
  absl::StatusOr<ListPage> page = ListPage::Start(request, "regression_flags", call.PageScope());
  if (!page.ok()) return page.status();
  if (absl::Status valid = ValidateListRegressionFlags(request); !valid.ok()) return valid;
  absl::StatusOr<int64_t> before = page->after_int();
  if (!before.ok()) return before.status();
  db::RegressionFlagFilter filter;
  filter.state = request.state();
  filter.team_id = request.team_id();
  filter.employee_id = request.employee_id();
  v1::ListRegressionFlagsResponse response;
  if (call.scope == Scope::kOwn) return response;
  if (call.scope == Scope::kTeam) {
    // Another team's flags are simply not in a team lead's list.
    if ((!filter.team_id.empty() && filter.team_id != call.caller.team_id) ||
        call.caller.team_id.empty()) {
      return response;
    }
    filter.team_id = call.caller.team_id;
  }
  absl::StatusOr<std::vector<v1::RegressionFlag>> rows =
      flags_.List(filter, *before, page->fetch_limit());
  if (!rows.ok()) return rows.status();
  response.set_next_page_token(
      page->Finish(*rows, [](const v1::RegressionFlag& row) { return absl::StrCat(row.id()); }));
  for (v1::RegressionFlag& row : *rows) *response.add_regression_flags() = std::move(row);
  return response;
}

absl::StatusOr<v1::RegressionFlag> RegressionFlagHandler::Change(
    const CallContext& call, int64_t id, const std::string& etag, const db::CreateRequest& key,
    const std::function<absl::StatusOr<v1::RegressionFlag>(const v1::RegressionFlag&, absl::Time)>&
        step) {
  return ApplyOnce<v1::RegressionFlag>(
      requests_, call.caller.principal, call.method, key,
      [&]() -> absl::StatusOr<v1::RegressionFlag> {
        absl::StatusOr<v1::RegressionFlag> current = Reachable(call, id);
        if (!current.ok()) return current.status();
        if (absl::Status s = CheckEtag("etag", etag, current->etag(), FlagResourceName(id));
            !s.ok()) {
          return s;
        }
        const absl::Time now = clock_();
        absl::StatusOr<v1::RegressionFlag> next = step(*current, now);
        if (!next.ok()) return next.status();
        return flags_.Update(*next, VersionFromEtag(current->etag()), call.Stamp(key), now);
      },
      // A replay answers the flag as it is now.
      [&](const db::LoggedRequest&) { return Reachable(call, id); });
}

absl::StatusOr<v1::RegressionFlag> RegressionFlagHandler::AcknowledgeRegressionFlag(
    const CallContext& call, const v1::AcknowledgeRegressionFlagRequest& request) {
  if (absl::Status valid = ValidateAcknowledgeRegressionFlag(request); !valid.ok()) return valid;
  return Change(
      call, request.id(), request.etag(), CreateRequestOf(request),
      [&](const v1::RegressionFlag& current, absl::Time now) {
        return AcknowledgeFlagStep(current, request.note(), CaseActor{call.caller.principal, now});
      });
}

absl::StatusOr<v1::RegressionFlag> RegressionFlagHandler::CloseRegressionFlag(
    const CallContext& call, const v1::CloseRegressionFlagRequest& request) {
  if (absl::Status valid = ValidateCloseRegressionFlag(request); !valid.ok()) return valid;
  return Change(call, request.id(), request.etag(), CreateRequestOf(request),
                [&](const v1::RegressionFlag& current, absl::Time now) {
                  return CloseFlagStep(current, request.reason(), request.note(),
                                       CaseActor{call.caller.principal, now});
                });
}

}  // namespace escala::server
