#include "server/promotion/level_history_handler.h"

#include <algorithm>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"
#include "server/api/list_page.h"
#include "server/api/text_rules.h"
#include "server/promotion/promotion_policy_validation.h"

namespace escala::server {

absl::StatusOr<v1::ListLevelChangesResponse> LevelHistoryHandler::ListLevelChanges(
    const CallContext& call, const v1::ListLevelChangesRequest& request) {
  absl::StatusOr<ListPage> page = ListPage::Start(request, "level_changes", call.PageScope());
  if (!page.ok()) return page.status();
  if (absl::Status s = RequireIdentifier("employee_id", request.employee_id(), kMaxPromotionId);
      !s.ok()) {
    return s;
  }
  absl::StatusOr<int64_t> position = page->after_int();
  if (!position.ok()) return position.status();
  const absl::Status out_of_reach =
      absl::NotFoundError(absl::StrCat("person '", request.employee_id(), "' not found"));
  if (call.scope == Scope::kOwn && request.employee_id() != call.caller.employee_id) {
    return out_of_reach;
  }
  absl::StatusOr<v1::Person> person = people_.Get(request.employee_id());
  if (!person.ok()) return person.status();
  if (call.scope == Scope::kTeam &&
      (call.caller.team_id.empty() || person->team_id() != call.caller.team_id)) {
    return out_of_reach;
  }
  absl::StatusOr<std::vector<db::LevelChange>> changes =
      people_.LevelChanges(request.employee_id());
  if (!changes.ok()) return changes.status();
  v1::ListLevelChangesResponse response;
  response.set_initial_level(changes->empty() ? person->level() : changes->front().from_level);
  // The history is read whole (a person has a handful of changes); the page key is the position
  // in it.
  std::vector<int64_t> positions;
  for (int64_t i = *position; i < static_cast<int64_t>(changes->size()) &&
                              static_cast<int>(positions.size()) < page->fetch_limit();
       ++i) {
    positions.push_back(i + 1);
  }
  response.set_next_page_token(
      page->Finish(positions, [](int64_t next) { return absl::StrCat(next); }));
  for (int64_t next : positions) {
    const db::LevelChange& change = (*changes)[static_cast<std::size_t>(next - 1)];
    v1::LevelChange* out = response.add_level_changes();
    out->set_employee_id(request.employee_id());
    out->set_from_level(change.from_level);
    out->set_to_level(change.to_level);
    *out->mutable_effective_time() = db::MillisToTimestamp(absl::ToUnixMillis(change.change_time));
    out->set_promotion_case_id(change.promotion_case_id);
  }
  return response;
}

}  // namespace escala::server
