// EligibilityFactsReader over in-memory repositories: a page larger than one chunk is read in
// chunks, two at a time, and every person still gets their own facts, the same as when read alone.
#include "server/promotion/eligibility_facts.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "db/summaries/kpi_summary_delta.h"
#include "db/summaries/qa_summary_delta.h"
#include "tests/testing/fakes/empty_report_repository.h"
#include "tests/testing/fakes/fake_certification_repository.h"
#include "tests/testing/fakes/fake_completion_repository.h"
#include "tests/testing/fakes/fake_evaluation_repository.h"
#include "tests/testing/fakes/fake_people_repository.h"
#include "tests/testing/status_matchers.h"

namespace escala::testing {
namespace {

// More than two chunks of 500: the two readers share three chunks.
constexpr int kFactsPeople = 1'201;
const absl::Time kFactsAsOf = absl::FromCivil(absl::CivilDay(2027, 1, 15), absl::UTCTimeZone());

std::string FactsPersonId(int i) { return absl::StrFormat("P%04d", i); }

// The number in a FactsPersonId.
int FactsPersonNumber(const std::string& id) { return std::stoi(id.substr(1)); }

// Summaries that depend on the agent, so that a person given another's facts shows: person i has
// 100 + i resolved contacts, i of them on first contact, and i % 40 + 1 evaluations. Records the
// longest list of employee ids one read named. Thread-safe, as the reader calls it from two
// threads.
class PerAgentReportRepository : public EmptyReportRepository {
 public:
  absl::StatusOr<std::map<std::string, std::vector<int64_t>>> KpiByAgent(
      const std::vector<std::string>& employee_ids, int, int,
      const std::vector<std::size_t>&) override {
    Named(employee_ids.size());
    std::map<std::string, std::vector<int64_t>> sums;
    for (const std::string& id : employee_ids) {
      std::vector<int64_t>& counters = sums[id];
      counters.assign(db::kKpiCounterCount, 0);
      counters[db::kKpiResolved] = 100 + FactsPersonNumber(id);
      counters[db::kKpiFcr] = FactsPersonNumber(id);
    }
    return sums;
  }
  absl::StatusOr<std::map<std::string, db::AgentQaTotals>> QaByAgent(
      const std::vector<std::string>& employee_ids, const std::vector<std::string>&, int,
      int) override {
    Named(employee_ids.size());
    std::map<std::string, db::AgentQaTotals> totals;
    for (const std::string& id : employee_ids) {
      db::AgentQaTotals& agent = totals[id];
      agent.counters.assign(db::kQaCounterCount, 0);
      agent.counters[db::kQaEvaluations] = FactsPersonNumber(id) % 40 + 1;
      agent.counters[db::kQaScoreMilliSum] = agent.counters[db::kQaEvaluations] * 90'000;
      agent.counters[db::kQaScoreMilliSqSum] =
          agent.counters[db::kQaEvaluations] * 90'000LL * 90'000LL;
    }
    return totals;
  }

  std::size_t longest_id_list() {
    std::lock_guard<std::mutex> lock(mutex_);
    return longest_;
  }

 private:
  void Named(std::size_t ids) {
    std::lock_guard<std::mutex> lock(mutex_);
    longest_ = std::max(longest_, ids);
  }

  std::mutex mutex_;
  std::size_t longest_ = 0;
};

class EligibilityFactsTest : public ::testing::Test {
 protected:
  EligibilityFactsTest() {
    for (int i = 0; i < kFactsPeople; ++i) {
      v1::Person person;
      person.set_employee_id(FactsPersonId(i));
      person.set_display_name(FactsPersonId(i));
      person.set_role(v1::ROLE_AGENT);
      person.set_team_id("t");
      person.set_level(1);
      // A hire day of its own: the tenure each person is judged on.
      const absl::CivilDay hired = absl::CivilDay(2024, 1, 1) + i;
      person.set_hire_date(absl::FormatCivilTime(hired));
      person.set_active(true);
      people_.Add(person);
      population_.push_back(person);
    }
    policy_.set_promotion_policy_id("l1-l2");
    policy_.set_from_level(1);
    policy_.set_to_level(2);
    v1::PromotionCriterion* quality = policy_.add_criteria();
    quality->set_key("quality");
    quality->mutable_quality()->set_window_days(90);
    quality->mutable_quality()->set_min_evaluations(1);
    quality->mutable_quality()->set_min_score(70);
    v1::PromotionCriterion* fcr = policy_.add_criteria();
    fcr->set_key("fcr");
    fcr->mutable_kpi()->set_metric(v1::KPI_METRIC_FCR);
    fcr->mutable_kpi()->set_direction(v1::THRESHOLD_DIRECTION_AT_LEAST);
    fcr->mutable_kpi()->set_threshold(50);
    fcr->mutable_kpi()->set_window_days(30);
  }

  FakePeopleRepository people_;
  FakeEvaluationRepository evaluations_;
  FakeCompletionRepository completions_;
  FakeCertificationRepository certifications_;
  PerAgentReportRepository reports_;
  server::EligibilityFactsReader reader_{people_, evaluations_, completions_, certifications_,
                                         reports_};
  std::vector<v1::Person> population_;
  v1::PromotionPolicy policy_;
};

TEST_F(EligibilityFactsTest, APageOfManyChunksGivesEveryoneTheirOwnFacts) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      std::vector<server::PersonFacts> facts,
      reader_.ReadPage(policy_, population_, kFactsAsOf, server::EvaluationEvidence::kTotals));
  ASSERT_EQ(facts.size(), population_.size());
  for (int i = 0; i < kFactsPeople; ++i) {
    const server::PersonFacts& person = facts[i];
    ASSERT_EQ(person.person.employee_id(), FactsPersonId(i));
    EXPECT_EQ(person.level, 1);
    EXPECT_EQ(person.level_since, absl::CivilDay(2024, 1, 1) + i) << FactsPersonId(i);
    ASSERT_TRUE(person.evaluation_totals.contains(0)) << FactsPersonId(i);
    EXPECT_EQ(person.evaluation_totals.at(0).evaluations, i % 40 + 1) << FactsPersonId(i);
    ASSERT_TRUE(person.kpis) << FactsPersonId(i);
    const server::KpiFigure fcr = person.kpis(v1::KPI_METRIC_FCR, 30);
    EXPECT_EQ(fcr.n, 100 + i) << FactsPersonId(i);
  }
  // No read named more people than a chunk holds.
  EXPECT_LE(reports_.longest_id_list(), 500u);
  EXPECT_GT(reports_.longest_id_list(), 0u);
}

TEST_F(EligibilityFactsTest, APersonReadWithAPageIsJudgedAsWhenReadAlone) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      std::vector<server::PersonFacts> page,
      reader_.ReadPage(policy_, population_, kFactsAsOf, server::EvaluationEvidence::kTotals));
  // The first and last of each chunk (three of 401), and one in the middle.
  for (int i : {0, 400, 401, 801, 802, 1'000, kFactsPeople - 1}) {
    ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<server::PersonFacts> alone,
                                reader_.ReadPage(policy_, {population_[i]}, kFactsAsOf,
                                                 server::EvaluationEvidence::kTotals));
    ASSERT_EQ(alone.size(), 1u);
    EXPECT_EQ(server::EvaluateEligibility(policy_, page[i], kFactsAsOf).SerializeAsString(),
              server::EvaluateEligibility(policy_, alone.front(), kFactsAsOf).SerializeAsString())
        << FactsPersonId(i);
  }
}

}  // namespace
}  // namespace escala::testing
