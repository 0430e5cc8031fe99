#pragma once

#include "absl/time/time.h"
#include "db/promotion/promotion_policy_repository.h"
#include "server/platform/periodic_task.h"
#include "server/promotion/promotion_case_handler.h"

namespace escala::server {

// Opens promotion cases for people who have become eligible, without waiting for a team lead:
// for every policy whose published version has auto_nominate, a NominateEligible over the whole
// department as the server (nominated_by "system"). Runs on a thread of its own every interval;
// eligibility moves by the day and with each evaluation, so an hour keeps cases current without
// reading the population often.
class AutoNominator {
 public:
  // The principal and method that stamp the cases opened here and their audit events.
  static constexpr char kPrincipal[] = "system";
  static constexpr char kMethod[] = "escala.server/NominateEligibleAutomatically";

  AutoNominator(db::PromotionPolicyRepository& policies, PromotionCaseHandler& cases)
      : policies_(policies), cases_(cases), rounds_([this] { NominateEligible(); }) {}
  AutoNominator(const AutoNominator&) = delete;
  AutoNominator& operator=(const AutoNominator&) = delete;

  // One round over every policy that asks for it; returns the number of cases opened. A policy
  // that fails is logged and does not hold the others back.
  int NominateEligible();
  void Start(absl::Duration interval) { rounds_.Start(interval); }
  void Stop() { rounds_.Stop(); }

 private:
  db::PromotionPolicyRepository& policies_;
  PromotionCaseHandler& cases_;
  // Last: its thread must stop before the members it uses go.
  PeriodicTask rounds_;
};

}  // namespace escala::server
