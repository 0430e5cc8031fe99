#include "server/promotion/level_change_applier.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "db/common/audit_stamp.h"
#include "server/platform/logger.h"

namespace escala::server {
namespace {

// Cases read per round: bounded so that a backlog after a long downtime is worked off in
// rounds rather than read whole.
constexpr int kDueBatch = 100;

}  // namespace

int LevelChangeApplier::ApplyDue() {
  db::AuditStamp stamp;
  stamp.principal = kPrincipal;
  stamp.method = kMethod;
  int applied_total = 0;
  while (true) {
    const absl::Time now = clock_();
    absl::StatusOr<std::vector<v1::PromotionCase>> due = cases_.ListDue(now, kDueBatch);
    if (!due.ok()) {
      Log(LogLevel::kWarning, absl::StrCat("promotion level changes: cannot read the due cases: ",
                                           due.status().message()));
      return applied_total;
    }
    int applied = 0;
    for (const v1::PromotionCase& promotion_case : *due) {
      absl::StatusOr<v1::PromotionCase> done =
          cases_.ApplyLevelChange(promotion_case.id(), stamp, now);
      if (done.ok()) {
        ++applied;
        Log(LogLevel::kInfo,
            absl::StrCat("promotion case ", promotion_case.id(), ": ", promotion_case.employee_id(),
                         " is level ", promotion_case.to_level(), " from ",
                         promotion_case.effective_date()));
      } else {
        Log(LogLevel::kWarning, absl::StrCat("promotion case ", promotion_case.id(),
                                             " not applied: ", done.status().message()));
      }
    }
    applied_total += applied;
    // A full round that applied something may have left more; a round of conflicts only would
    // read the same cases again.
    if (static_cast<int>(due->size()) < kDueBatch || applied == 0) return applied_total;
  }
}

}  // namespace escala::server
