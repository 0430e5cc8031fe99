#include "server/training/completion_handler.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"
#include "server/api/list_page.h"
#include "server/api/text_rules.h"
#include "server/api/violations.h"
#include "server/platform/record_scope.h"

namespace escala::server {

absl::StatusOr<v1::ListCompletionsResponse> CompletionHandler::ListCompletions(
    const CallContext& call, const v1::ListCompletionsRequest& request) {
  absl::StatusOr<ListPage> page =
      ListPage::Start(request, "completions", call.PageScope(), /*key_count=*/2);
  if (!page.ok()) return page.status();
  Violations violations;
  if (!request.employee_id().empty()) {
    violations.Add(RequireIdentifier("employee_id", request.employee_id(), 64));
  }
  if (!request.team_id().empty()) {
    violations.Add(RequireIdentifier("team_id", request.team_id(), 64));
  }
  if (!request.course_id().empty()) {
    violations.Add(RequireIdentifier("course_id", request.course_id(), 64));
  }
  if (!violations.empty()) return violations.ToStatus();
  absl::StatusOr<int64_t> after_ms = page->after_int(0);
  if (!after_ms.ok()) return after_ms.status();
  absl::StatusOr<int64_t> after_id = page->after_int(1);
  if (!after_id.ok()) return after_id.status();
  db::CompletionFilter filter{request.employee_id(), request.team_id(), request.course_id()};
  if (call.scope == Scope::kOwn && !NarrowFilter(call.caller.employee_id, &filter.employee_id)) {
    return v1::ListCompletionsResponse();
  }
  if (call.scope == Scope::kTeam && !NarrowFilter(call.caller.team_id, &filter.team_id)) {
    return v1::ListCompletionsResponse();
  }
  v1::TrainingCompletion after;
  if (page->continues()) {
    after.set_id(*after_id);
    *after.mutable_completion_time() = db::MillisToTimestamp(*after_ms);
  }
  absl::StatusOr<std::vector<v1::TrainingCompletion>> rows = completions_.ListCompletions(
      filter, page->continues() ? &after : nullptr, page->fetch_limit());
  if (!rows.ok()) return rows.status();
  v1::ListCompletionsResponse response;
  response.set_next_page_token(page->Finish(*rows, [](const v1::TrainingCompletion& c) {
    return std::vector<std::string>{absl::StrCat(db::TimestampToMillis(c.completion_time())),
                                    absl::StrCat(c.id())};
  }));
  for (v1::TrainingCompletion& c : *rows) *response.add_completions() = std::move(c);
  return response;
}

}  // namespace escala::server
