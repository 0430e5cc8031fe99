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
      : cases_(cases), clock_(std::move(clock)) {}
  LevelChangeApplier(const LevelChangeApplier&) = delete;
  LevelChangeApplier& operator=(const LevelChangeApplier&) = delete;
  ~LevelChangeApplier() { Stop(); }

  // Applies every change due now and returns how many were applied. A case that cannot take
  // effect (the person's level moved meanwhile) is logged and left APPROVED: one conflict does
  // not hold the others back.
  int ApplyDue();
  // Runs ApplyDue every `interval` until Stop.
  void Start(absl::Duration interval) {
    periodic_.Start(interval, [this] { ApplyDue(); });
  }
  // Ends the periodic runs; waits for a run in progress.
  void Stop() { periodic_.Stop(); }

 private:
  db::PromotionCaseRepository& cases_;
  Clock clock_;
  PeriodicTask periodic_;
};

}  // namespace escala::server
