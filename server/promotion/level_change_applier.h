#pragma once

#include "absl/time/time.h"
#include "db/promotion/promotion_case_repository.h"
#include "server/platform/clock.h"
#include "server/platform/periodic_task.h"

namespace escala::server {

// Makes approved promotions take effect: every APPROVED case whose effective date has come gets
// its level change applied (db::PromotionCaseRepository::ApplyLevelChange: the person's level,
// the level change dated the effective date, the case EFFECTIVE, all audited, in one
// transaction). The server runs it once at start-up, so that a change that fell due while it was
// down is applied before it serves, and then every interval on a thread of its own.
class LevelChangeApplier {
 public:
  // The principal and method that stamp the audit events of a change applied here.
  static constexpr char kPrincipal[] = "system";
  static constexpr char kMethod[] = "escala.server/ApplyDueLevelChanges";

  LevelChangeApplier(db::PromotionCaseRepository& cases, Clock clock)
      : cases_(cases), clock_(std::move(clock)), rounds_([this] { ApplyDue(); }) {}
  LevelChangeApplier(const LevelChangeApplier&) = delete;
  LevelChangeApplier& operator=(const LevelChangeApplier&) = delete;

  // Applies every change due now and returns how many cases it closed. A case that cannot take
  // effect because the person's level is no longer its from_level (someone changed it since the
  // approval) is WITHDRAWN by the server with the level it found as the reason: the decision was
  // made on a situation that no longer holds, and the feed tells the HR system the change will
  // not come. Other failures are logged and retried at the next round; one case does not hold
  // the others back.
  int ApplyDue();
  // Runs ApplyDue every `interval` until Stop.
  void Start(absl::Duration interval) { rounds_.Start(interval); }
  // Ends the periodic runs; waits for a run in progress.
  void Stop() { rounds_.Stop(); }

 private:
  // Withdraws an APPROVED case that ApplyLevelChange refused for `why`; false (logged) when
  // that fails too.
  bool WithdrawUnappliable(const v1::PromotionCase& promotion_case, const absl::Status& why,
                           const db::AuditStamp& stamp, absl::Time now);

  db::PromotionCaseRepository& cases_;
  Clock clock_;
  // Last: its thread must stop before the members it uses go.
  PeriodicTask rounds_;
};

}  // namespace escala::server
