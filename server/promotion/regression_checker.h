#pragma once

#include <mutex>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/common/audit_stamp.h"
#include "db/directory/people_repository.h"
#include "db/promotion/promotion_case_repository.h"
#include "db/promotion/promotion_policy_repository.h"
#include "db/promotion/regression_flag_repository.h"
#include "escala/v1/promotion_regressions.pb.h"
#include "server/platform/clock.h"
#include "server/platform/periodic_task.h"
#include "server/promotion/eligibility_facts.h"

namespace escala::server {

// Watches people after a promotion. For every EFFECTIVE case whose policy version (the one the
// case was decided under) has maintenance criteria and whose effective date is within
// maintenance_days, it judges those criteria as of now with the eligibility evaluator, over
// windows clipped at the effective date (server/promotion/regression_check.h), and raises a
// regression flag when one is NOT_MET on evidence and the case has no open flag
// (db::RegressionFlagRepository::Raise: the flag, its audit event and its feed event in one
// transaction). Facts are read a page of people at a time (EligibilityFactsReader::ReadPage).
// The server runs it once at start-up and then every interval on a thread of its own;
// CheckRegressions runs it on demand.
class RegressionChecker {
 public:
  // The principal and method that stamp the audit events of a flag raised by the periodic run.
  static constexpr char kPrincipal[] = "system";
  static constexpr char kMethod[] = "escala.server/CheckRegressions";

  RegressionChecker(db::PromotionCaseRepository& cases, db::PromotionPolicyRepository& policies,
                    db::PeopleRepository& people, db::RegressionFlagRepository& flags,
                    EligibilityFactsReader facts, Clock clock)
      : cases_(cases),
        policies_(policies),
        people_(people),
        flags_(flags),
        facts_(std::move(facts)),
        clock_(std::move(clock)),
        periodic_([this] { CheckAll(); }) {}
  RegressionChecker(const RegressionChecker&) = delete;
  RegressionChecker& operator=(const RegressionChecker&) = delete;

  // Checks every watched case (of `promotion_policy_id` only, when not empty) now and returns
  // the flags raised, stamped with `stamp`. FAILED_PRECONDITION naming promotion_policy_id when
  // that policy does not exist; a read failure is returned as it is.
  absl::StatusOr<v1::CheckRegressionsResponse> Check(const db::AuditStamp& stamp,
                                                     const std::string& promotion_policy_id);
  // Check of every policy as the system, logging what it raised or why it failed.
  void CheckAll();
  // Runs CheckAll every `interval` until Stop.
  void Start(absl::Duration interval) { periodic_.Start(interval); }
  // Ends the periodic runs; waits for a run in progress.
  void Stop() { periodic_.Stop(); }

 private:
  db::PromotionCaseRepository& cases_;
  db::PromotionPolicyRepository& policies_;
  db::PeopleRepository& people_;
  db::RegressionFlagRepository& flags_;
  EligibilityFactsReader facts_;
  Clock clock_;
  // One check at a time: the periodic run and CheckRegressions would otherwise judge the same
  // cases twice (harmless, since raising is idempotent, but twice the reads).
  std::mutex checking_;
  // Last: its thread must stop before the members it uses go.
  PeriodicTask periodic_;
};

}  // namespace escala::server
