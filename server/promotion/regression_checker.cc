#include "server/promotion/regression_checker.h"

#include <map>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "server/api/violations.h"
#include "server/platform/logger.h"
#include "server/promotion/eligibility.h"
#include "server/promotion/regression_check.h"

namespace escala::server {
namespace {

// EFFECTIVE cases read per round, and so the most people whose facts one read gathers.
constexpr int kCaseBatch = 100;

absl::CivilDay CheckDay(absl::Time time) { return absl::ToCivilDay(time, absl::UTCTimeZone()); }

// A watched case of a round and the person it promoted.
struct WatchedCase {
  v1::PromotionCase promotion_case;
  v1::Person person;
};

// The watched cases of a round that are judged with the same clipped policy: the same policy
// version and the same first day of evidence.
struct JudgedGroup {
  v1::PromotionPolicy judged;
  std::vector<WatchedCase> watches;
};
using JudgedGroupKey = std::tuple<std::string, int32_t, absl::CivilDay>;

v1::RegressionFlag FlagOf(const WatchedCase& watch, const std::vector<v1::CriterionResult>& failed,
                          const std::string& raised_by, absl::Time now) {
  const v1::PromotionCase& promotion_case = watch.promotion_case;
  v1::RegressionFlag flag;
  flag.set_employee_id(promotion_case.employee_id());
  flag.set_display_name(watch.person.display_name());
  flag.set_team_id(watch.person.team_id());
  flag.set_level(promotion_case.to_level());
  flag.set_promotion_case_id(promotion_case.id());
  flag.set_promotion_policy_id(promotion_case.promotion_policy_id());
  flag.set_promotion_policy_version(promotion_case.promotion_policy_version());
  flag.set_effective_date(promotion_case.effective_date());
  flag.set_as_of_date(absl::FormatCivilTime(CheckDay(now)));
  for (const v1::CriterionResult& result : failed) *flag.add_failed_criteria() = result;
  flag.set_state(v1::REGRESSION_FLAG_STATE_OPEN);
  flag.set_raised_by(raised_by);
  return flag;
}

}  // namespace

absl::StatusOr<v1::CheckRegressionsResponse> RegressionChecker::Check(
    const db::AuditStamp& stamp, const std::string& promotion_policy_id) {
  std::lock_guard<std::mutex> one_at_a_time(checking_);
  if (!promotion_policy_id.empty()) {
    absl::StatusOr<v1::PromotionPolicy> policy = policies_.Get(promotion_policy_id, 0);
    if (absl::IsNotFound(policy.status())) {
      return FieldPreconditionFailed(
          "promotion_policy_id",
          absl::StrCat("promotion policy '", promotion_policy_id, "' does not exist"));
    }
    if (!policy.ok()) return policy.status();
  }
  const absl::Time now = clock_();
  const absl::CivilDay today = CheckDay(now);
  // The versions the cases were decided under, each read once per check.
  std::map<std::pair<std::string, int32_t>, v1::PromotionPolicy> versions;
  v1::CheckRegressionsResponse response;
  db::PromotionCaseFilter filter;
  filter.state = v1::PROMOTION_CASE_STATE_EFFECTIVE;
  filter.promotion_policy_id = promotion_policy_id;
  int64_t before = 0;
  while (true) {
    absl::StatusOr<std::vector<v1::PromotionCase>> page = cases_.List(filter, before, kCaseBatch);
    if (!page.ok()) return page.status();
    std::map<JudgedGroupKey, JudgedGroup> groups;
    std::vector<std::string> ids;
    for (const v1::PromotionCase& promotion_case : *page) {
      const auto key = std::make_pair(promotion_case.promotion_policy_id(),
                                      promotion_case.promotion_policy_version());
      auto version = versions.find(key);
      if (version == versions.end()) {
        absl::StatusOr<v1::PromotionPolicy> read = policies_.Get(key.first, key.second);
        if (!read.ok()) return read.status();
        version = versions.emplace(key, *std::move(read)).first;
      }
      const v1::PromotionPolicy& policy = version->second;
      const std::optional<absl::Time> effective =
          db::StartOfUtcDay(promotion_case.effective_date());
      if (!effective.has_value() || !Watched(policy, CheckDay(*effective), today)) continue;
      response.set_watched_count(response.watched_count() + 1);
      absl::StatusOr<std::vector<v1::RegressionFlag>> flags =
          flags_.ListOfCase(promotion_case.id());
      if (!flags.ok()) return flags.status();
      bool open = false;
      for (const v1::RegressionFlag& flag : *flags)
        open = open || db::IsOpenFlagState(flag.state());
      if (open) {
        response.set_already_flagged_count(response.already_flagged_count() + 1);
        continue;
      }
      const std::optional<absl::CivilDay> start = WatchStart(promotion_case, *flags);
      if (!start.has_value()) continue;
      JudgedGroup& group = groups[JudgedGroupKey{key.first, key.second, *start}];
      if (group.watches.empty()) group.judged = MaintenancePolicy(policy, *start, now);
      // Nothing to judge yet (no whole day of evidence since the start).
      if (group.judged.criteria().empty()) continue;
      group.watches.push_back(WatchedCase{promotion_case, v1::Person()});
      ids.push_back(promotion_case.employee_id());
    }
    if (!ids.empty()) {
      absl::StatusOr<std::vector<v1::Person>> people = people_.GetMany(ids);
      if (!people.ok()) return people.status();
      std::map<std::string, v1::Person> by_id;
      for (v1::Person& person : *people) by_id[person.employee_id()] = std::move(person);
      for (auto& [key, group] : groups) {
        std::vector<WatchedCase> judged;
        std::vector<v1::Person> persons;
        for (WatchedCase& watch : group.watches) {
          auto person = by_id.find(watch.promotion_case.employee_id());
          // Someone no longer in the directory or inactive is not watched.
          if (person == by_id.end() || !person->second.active()) continue;
          watch.person = person->second;
          persons.push_back(person->second);
          judged.push_back(std::move(watch));
        }
        if (persons.empty()) continue;
        absl::StatusOr<std::vector<PersonFacts>> facts =
            facts_.ReadPage(group.judged, persons, now, EvaluationEvidence::kEvaluations);
        if (!facts.ok()) return facts.status();
        for (std::size_t i = 0; i < judged.size(); ++i) {
          const std::vector<v1::CriterionResult> failed =
              FailedCriteria(EvaluateEligibility(group.judged, (*facts)[i], now));
          if (failed.empty()) continue;
          absl::StatusOr<db::RaisedFlag> raised =
              flags_.Raise(FlagOf(judged[i], failed, stamp.principal, now), stamp, now);
          if (!raised.ok()) return raised.status();
          if (raised->raised) {
            *response.add_raised() = std::move(raised->flag);
          } else {
            // Raised by another check since the look-up above.
            response.set_already_flagged_count(response.already_flagged_count() + 1);
          }
        }
      }
    }
    if (static_cast<int>(page->size()) < kCaseBatch) break;
    before = page->back().id();
  }
  return response;
}

void RegressionChecker::CheckAll() {
  db::AuditStamp stamp;
  stamp.principal = kPrincipal;
  stamp.method = kMethod;
  absl::StatusOr<v1::CheckRegressionsResponse> checked = Check(stamp, "");
  if (!checked.ok()) {
    Log(LogLevel::kWarning, absl::StrCat("regression check failed: ", checked.status().message()));
    return;
  }
  for (const v1::RegressionFlag& flag : checked->raised()) {
    Log(LogLevel::kInfo,
        absl::StrCat("regression flag ", flag.id(), ": ", flag.employee_id(),
                     " below the maintenance criteria of ", flag.promotion_policy_id(), " version ",
                     flag.promotion_policy_version()));
  }
}

}  // namespace escala::server
