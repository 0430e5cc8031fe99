// The EvaluationRepository contract (create with the owner check, reads, lists, locked changes
// and their audit events, concurrent submits of one draft), against SQLite, MariaDB and the
// in-memory fake.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"
#include "db/qa/coalescing_evaluation_repository.h"
#include "db/qa/soci_evaluation_repository.h"
#include "tests/integration/qa_backend.h"
#include "tests/integration/records.h"
#include "tests/testing/error_details.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"
#include "tests/testing/test_scorecards.h"

namespace escala::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

constexpr int64_t kBase = 1'699'920'000'000;

v1::Scorecard EvaluationCard() { return GreetingSolutionCard("contact"); }

const db::AdmitOwner kAdmitAll = [](const db::InteractionOwner&) { return absl::OkStatus(); };

// Runs on SQLite, MariaDB and the fake (FakeEvaluationRepository over the fakes of the
// directory, interactions and scorecards; see qa_backend.h).
class EvaluationRepositoryContract : public DatabaseTest {
 protected:
  TestDatabaseOptions Options() const override {
    TestDatabaseOptions options;
    options.pool_size = 6;
    return options;
  }

  void SetUp() override {
    DatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    backend_ = fake() ? QaBackend::Fake() : QaBackend::Sql(database().pool());
    for (const char* team : {"billing", "tech"}) {
      ASSERT_THAT(backend_->teams->Create(MakeTeam(team, team), TestStamp(), TestNow()), IsOk());
    }
    for (const auto& [id, team] : std::vector<std::pair<std::string, std::string>>{
             {"A1", "billing"}, {"B1", "tech"}, {"X", ""}, {"Q1", "billing"}}) {
      ASSERT_THAT(backend_->people->Create(MakePerson(id, team), TestStamp(), TestNow()), IsOk());
    }
    for (const char* agent : {"A1", "A1", "B1", "X"}) {
      absl::StatusOr<v1::Interaction> created = backend_->interactions->Create(
          MakeInteraction(agent, kBase + 1000 * static_cast<int64_t>(interaction_ids_.size())), "",
          TestStamp(), TestNow());
      ASSERT_THAT(created, IsOk());
      interaction_ids_.push_back(created->id());
    }
    absl::StatusOr<v1::Scorecard> card =
        backend_->scorecards->Create(EvaluationCard(), TestStamp(), TestNow());
    ASSERT_THAT(card, IsOk());
    ASSERT_THAT(
        backend_->scorecards->Publish("contact", std::stoll(card->etag()), TestStamp(), TestNow(1)),
        IsOk());
  }

  db::EvaluationRepository& evaluations() { return *backend_->evaluations; }
  // The SOCI repository, on the SQL backends only.
  db::SociEvaluationRepository& soci() {
    return dynamic_cast<db::SociEvaluationRepository&>(*backend_->evaluations);
  }

  v1::Evaluation Draft(int interaction_index, const std::string& evaluator) {
    v1::Evaluation evaluation;
    evaluation.set_interaction_id(interaction_ids_[interaction_index]);
    evaluation.set_evaluator_employee_id(evaluator);
    evaluation.set_scorecard_id("contact");
    evaluation.set_scorecard_version(1);
    evaluation.set_state(v1::EVALUATION_STATE_DRAFT);
    v1::CriterionAnswer* answer = evaluation.add_answers();
    answer->set_criterion_key("greeting");
    answer->set_value(4);
    answer->set_comment("Friendly; 'quotes' and emoji \xF0\x9F\x98\x80");
    evaluation.set_overall_comment("Good call");
    return evaluation;
  }

  static absl::StatusOr<v1::Evaluation> MarkSubmitted(v1::Evaluation evaluation, double score) {
    evaluation.set_state(v1::EVALUATION_STATE_SUBMITTED);
    evaluation.set_score(score);
    evaluation.set_band(v1::QUALITY_BAND_GOOD);
    *evaluation.mutable_submit_time() = db::MillisToTimestamp(kBase + 5000);
    *evaluation.mutable_dispute_deadline_time() =
        db::MillisToTimestamp(kBase + 5000 + 7 * 86'400'000LL);
    evaluation.add_sections()->set_section_key("call");
    return evaluation;
  }

  // How many evaluations are stored, read through List.
  long long StoredCount() {
    absl::StatusOr<std::vector<v1::Evaluation>> all =
        evaluations().List(db::EvaluationFilter(), std::nullopt, 1000);
    EXPECT_THAT(all, IsOk());
    return all.ok() ? static_cast<long long>(all->size()) : -1;
  }

  // Submits `draft` from kThreads threads at once; each thread's outcome.
  std::vector<absl::Status> SubmitConcurrently(const v1::Evaluation& draft) {
    constexpr int kThreads = 5;
    std::vector<absl::Status> results(kThreads);
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
      threads.emplace_back([&, i] {
        while (!go.load()) std::this_thread::yield();
        results[i] = evaluations()
                         .Change(
                             draft.id(),
                             [&](const v1::Evaluation& current) -> absl::StatusOr<v1::Evaluation> {
                               if (current.state() != v1::EVALUATION_STATE_DRAFT) {
                                 return absl::FailedPreconditionError("already submitted");
                               }
                               if (current.etag() != draft.etag())
                                 return absl::AbortedError("stale");
                               return MarkSubmitted(current, 50 + i);
                             },
                             TestStamp(), TestNow(i))
                         .status();
      });
    }
    go = true;
    for (std::thread& thread : threads) thread.join();
    return results;
  }

  struct CoalescedCase {
    int interaction;
    std::string evaluator;
  };
  // Every interaction by Q1 and B1, each create from its own thread through a coalescing
  // repository; each create's result.
  std::vector<absl::StatusOr<v1::Evaluation>> CreateCoalesced(std::vector<CoalescedCase>& cases) {
    db::CoalescingEvaluationRepository coalescing(evaluations());
    for (int interaction = 0; interaction < 4; ++interaction) {
      for (const char* evaluator : {"Q1", "B1"}) cases.push_back({interaction, evaluator});
    }
    std::vector<absl::StatusOr<v1::Evaluation>> results(cases.size(),
                                                        absl::UnknownError("not run"));
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < cases.size(); ++i) {
      threads.emplace_back([&, i] {
        while (!go.load()) std::this_thread::yield();
        results[i] = coalescing.Create(Draft(cases[i].interaction, cases[i].evaluator), "",
                                       kAdmitAll, TestStamp(), TestNow());
      });
    }
    go = true;
    for (std::thread& thread : threads) thread.join();
    return results;
  }

  // The creates of the CreateMany cases: a good one, an unknown interaction, another good one
  // and one the caller refuses.
  std::vector<db::EvaluationCreate> MixedCreates() {
    v1::Evaluation unknown = Draft(0, "Q1");
    unknown.set_interaction_id(987654);
    const db::AdmitOwner refuse = [](const db::InteractionOwner&) {
      return absl::NotFoundError("out of scope");
    };
    return {
        {Draft(0, "Q1"), "m-1", kAdmitAll, TestStamp(), TestNow()},
        {unknown, "", kAdmitAll, TestStamp(), TestNow()},
        {Draft(2, "Q1"), "", kAdmitAll, TestStamp(), TestNow(1)},
        {Draft(1, "Q1"), "", refuse, TestStamp(), TestNow()},
    };
  }

  std::vector<int64_t> interaction_ids_;

 private:
  std::unique_ptr<QaBackend> backend_;
};

// The cases that read the audit log (which the SQL repository writes in the transaction of the
// change and the fake does not keep), need SQL to break a foreign key mid-create, or count the
// batches the SOCI repository wrote: SQLite and MariaDB only.
class EvaluationRepositorySqlContract : public EvaluationRepositoryContract {};

TEST_P(EvaluationRepositoryContract, CreateCopiesTheOwnerAndStoresEverything) {
  db::InteractionOwner seen;
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation created, evaluations().Create(
                                                          Draft(0, "Q1"), "req-1",
                                                          [&](const db::InteractionOwner& owner) {
                                                            seen = owner;
                                                            return absl::OkStatus();
                                                          },
                                                          TestStamp(), TestNow()));
  EXPECT_EQ(seen.agent_employee_id, "A1");
  EXPECT_EQ(seen.team_id, "billing");
  EXPECT_GT(created.id(), 0);
  EXPECT_EQ(created.agent_employee_id(), "A1");
  EXPECT_EQ(created.team_id(), "billing");
  EXPECT_EQ(created.etag(), "1");
  EXPECT_EQ(db::TimestampToMillis(created.create_time()), absl::ToUnixMillis(TestNow()));
  EXPECT_EQ(db::TimestampToMillis(created.update_time()), absl::ToUnixMillis(TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation read, evaluations().Get(created.id()));
  EXPECT_EQ(ProtoDiff(created, read), "");
  EXPECT_EQ(read.answers(0).comment(), Draft(0, "Q1").answers(0).comment());
  ESCALA_ASSERT_OK_AND_ASSIGN(std::optional<v1::Evaluation> by_request,
                              evaluations().FindByRequestId("req-1"));
  ASSERT_TRUE(by_request.has_value());
  EXPECT_EQ(by_request->id(), created.id());
}

// The submit, acknowledge and dispute-deadline times are kept to the millisecond: what Create
// and Change answer is what a read gives back, even for a time with nanoseconds.
TEST_P(EvaluationRepositoryContract, CreateAndChangeAnswerExactlyWhatIsStoredWhenTimesHaveNanos) {
  v1::Evaluation precise = Draft(0, "Q1");
  *precise.mutable_submit_time() = db::MillisToTimestamp(kBase + 5000);
  precise.mutable_submit_time()->set_nanos(123456789);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation created,
                              evaluations().Create(precise, "", kAdmitAll, TestStamp(), TestNow()));
  EXPECT_EQ(created.submit_time().nanos(), 123000000);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation read, evaluations().Get(created.id()));
  EXPECT_EQ(ProtoDiff(created, read), "");
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Evaluation changed,
      evaluations().Change(
          created.id(),
          [](v1::Evaluation next) -> absl::StatusOr<v1::Evaluation> {
            next.mutable_acknowledge_time()->set_seconds(kBase / 1000 + 60);
            next.mutable_acknowledge_time()->set_nanos(999999999);
            next.mutable_dispute_deadline_time()->set_seconds(kBase / 1000 + 120);
            next.mutable_dispute_deadline_time()->set_nanos(1);
            return next;
          },
          TestStamp(), TestNow(1)));
  EXPECT_EQ(changed.acknowledge_time().nanos(), 999000000);
  EXPECT_EQ(changed.dispute_deadline_time().nanos(), 0);
  ESCALA_ASSERT_OK_AND_ASSIGN(read, evaluations().Get(created.id()));
  EXPECT_EQ(ProtoDiff(changed, read), "");
}

TEST_P(EvaluationRepositoryContract, GettingAMissingEvaluationIsNotFound) {
  EXPECT_THAT(evaluations().Get(424242),
              StatusIs(absl::StatusCode::kNotFound, "evaluation 424242 not found"));
  ESCALA_ASSERT_OK_AND_ASSIGN(std::optional<v1::Evaluation> none,
                              evaluations().FindByRequestId("never-used"));
  EXPECT_FALSE(none.has_value());
}

TEST_P(EvaluationRepositoryContract, AnAgentWithoutTeamLeavesTeamEmpty) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Evaluation created,
      evaluations().Create(Draft(3, "Q1"), "", kAdmitAll, TestStamp(), TestNow()));
  EXPECT_EQ(created.team_id(), "");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation read, evaluations().Get(created.id()));
  EXPECT_EQ(read.team_id(), "");
}

TEST_P(EvaluationRepositoryContract, RefusedOwnerOrUnknownInteractionWritesNothing) {
  EXPECT_THAT(
      evaluations().Create(
          Draft(0, "Q1"), "", [](const db::InteractionOwner&) { return absl::NotFoundError("no"); },
          TestStamp(), TestNow()),
      StatusIs(absl::StatusCode::kNotFound, "no"));
  v1::Evaluation unknown = Draft(0, "Q1");
  unknown.set_interaction_id(987654);
  EXPECT_THAT(evaluations().Create(unknown, "", kAdmitAll, TestStamp(), TestNow()),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("interaction 987654")));
  EXPECT_EQ(StoredCount(), 0);
}

TEST_P(EvaluationRepositoryContract, OneEvaluationPerInteractionAndEvaluator) {
  ASSERT_THAT(evaluations().Create(Draft(0, "Q1"), "r-a", kAdmitAll, TestStamp(), TestNow()),
              IsOk());
  const absl::StatusOr<v1::Evaluation> twice =
      evaluations().Create(Draft(0, "Q1"), "", kAdmitAll, TestStamp(), TestNow());
  EXPECT_THAT(twice, StatusIs(absl::StatusCode::kAlreadyExists,
                              absl::StrCat("interaction ", interaction_ids_[0],
                                           " was already evaluated by 'Q1'")));
  EXPECT_EQ(Reason(twice), "DUPLICATE_EVALUATION");
  const absl::StatusOr<v1::Evaluation> reused =
      evaluations().Create(Draft(1, "Q1"), "r-a", kAdmitAll, TestStamp(), TestNow());
  EXPECT_THAT(reused, StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("request_id 'r-a'")));
  EXPECT_EQ(Reason(reused), "REQUEST_ID_REUSED");
  // Another evaluator of the same interaction is fine (calibration of judgement happens elsewhere).
  EXPECT_THAT(evaluations().Create(Draft(0, "B1"), "", kAdmitAll, TestStamp(), TestNow()), IsOk());
  EXPECT_EQ(StoredCount(), 2);
}

TEST_P(EvaluationRepositoryContract, AMissingScorecardVersionIsNamedAsSuch) {
  v1::Evaluation evaluation = Draft(0, "Q1");
  evaluation.set_scorecard_version(9);
  EXPECT_THAT(
      evaluations().Create(evaluation, "", kAdmitAll, TestStamp(), TestNow()),
      StatusIs(absl::StatusCode::kFailedPrecondition, "scorecard 'contact' has no version 9"));
  EXPECT_EQ(StoredCount(), 0);
}

TEST_P(EvaluationRepositoryContract, ChangeStoresTheNextForm) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Evaluation draft,
      evaluations().Create(Draft(0, "Q1"), "", kAdmitAll, TestStamp(), TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Evaluation submitted,
      evaluations().Change(
          draft.id(),
          [](const v1::Evaluation& current) { return MarkSubmitted(current, 100.0 / 3); },
          TestStamp(), TestNow(5)));
  EXPECT_EQ(submitted.etag(), "2");
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Evaluation resolved,
      evaluations().Change(
          draft.id(),
          [](const v1::Evaluation& current) -> absl::StatusOr<v1::Evaluation> {
            v1::Evaluation next = current;
            next.set_score(80.5);
            next.mutable_answers(0)->set_value(5);
            next.set_state(v1::EVALUATION_STATE_DISPUTE_RESOLVED);
            next.mutable_dispute()->set_score_before(current.score());
            return next;
          },
          TestStamp(), TestNow(9)));
  EXPECT_EQ(resolved.etag(), "3");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation read, evaluations().Get(draft.id()));
  EXPECT_EQ(ProtoDiff(resolved, read), "");
  EXPECT_DOUBLE_EQ(read.dispute().score_before(), 100.0 / 3);
  EXPECT_EQ(read.answers(0).value(), 5);
  EXPECT_EQ(read.state(), v1::EVALUATION_STATE_DISPUTE_RESOLVED);
  EXPECT_EQ(db::TimestampToMillis(read.submit_time()), kBase + 5000);
  EXPECT_EQ(read.create_time().seconds(), draft.create_time().seconds());
  EXPECT_EQ(db::TimestampToMillis(read.update_time()), absl::ToUnixMillis(TestNow(9)));
}

// Only the state, score, band, times and detail are the change's to make: the columns that say
// whose evaluation of what it is stay as created, whatever the change returns.
TEST_P(EvaluationRepositoryContract, ChangeKeepsTheIdentityOfTheEvaluation) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Evaluation draft,
      evaluations().Create(Draft(0, "Q1"), "", kAdmitAll, TestStamp(), TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Evaluation changed,
      evaluations().Change(
          draft.id(),
          [&](const v1::Evaluation& current) -> absl::StatusOr<v1::Evaluation> {
            v1::Evaluation next = current;
            next.set_id(draft.id() + 100);
            next.set_interaction_id(interaction_ids_[2]);
            next.set_agent_employee_id("B1");
            next.set_team_id("tech");
            next.set_evaluator_employee_id("B1");
            next.set_scorecard_id("other");
            next.set_scorecard_version(7);
            *next.mutable_create_time() = db::MillisToTimestamp(kBase);
            next.set_etag("99");
            next.set_coaching_notes("Slow down");
            return next;
          },
          TestStamp(), TestNow(3)));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation read, evaluations().Get(draft.id()));
  EXPECT_EQ(ProtoDiff(changed, read), "");
  EXPECT_EQ(read.id(), draft.id());
  EXPECT_EQ(read.interaction_id(), draft.interaction_id());
  EXPECT_EQ(read.agent_employee_id(), "A1");
  EXPECT_EQ(read.team_id(), "billing");
  EXPECT_EQ(read.evaluator_employee_id(), "Q1");
  EXPECT_EQ(read.scorecard_id(), "contact");
  EXPECT_EQ(read.scorecard_version(), 1);
  EXPECT_EQ(ProtoDiff(read.create_time(), draft.create_time()), "");
  EXPECT_EQ(read.etag(), "2");
  EXPECT_EQ(read.coaching_notes(), "Slow down");
}

TEST_P(EvaluationRepositoryContract, ARefusedChangeWritesNothing) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Evaluation draft,
      evaluations().Create(Draft(0, "Q1"), "", kAdmitAll, TestStamp(), TestNow()));
  EXPECT_THAT(evaluations().Change(
                  draft.id(),
                  [](const v1::Evaluation&) -> absl::StatusOr<v1::Evaluation> {
                    return absl::FailedPreconditionError("not now");
                  },
                  TestStamp(), TestNow(1)),
              StatusIs(absl::StatusCode::kFailedPrecondition, "not now"));
  EXPECT_THAT(evaluations().Change(
                  424242, [](const v1::Evaluation& e) { return absl::StatusOr<v1::Evaluation>(e); },
                  TestStamp(), TestNow(1)),
              StatusIs(absl::StatusCode::kNotFound, "evaluation 424242 not found"));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation read, evaluations().Get(draft.id()));
  EXPECT_EQ(ProtoDiff(draft, read), "");
}

TEST_P(EvaluationRepositoryContract, ListFiltersNewestFirstWithKeysetPaging) {
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation d0, evaluations().Create(Draft(0, "Q1"), "", kAdmitAll,
                                                                      TestStamp(), TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation d1, evaluations().Create(Draft(1, "Q1"), "", kAdmitAll,
                                                                      TestStamp(), TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation d2, evaluations().Create(Draft(2, "Q1"), "", kAdmitAll,
                                                                      TestStamp(), TestNow()));
  ASSERT_THAT(evaluations().Change(
                  d1.id(), [](const v1::Evaluation& e) { return MarkSubmitted(e, 75); },
                  TestStamp(), TestNow()),
              IsOk());
  db::EvaluationFilter all;
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::Evaluation> page,
                              evaluations().List(all, std::nullopt, 2));
  ASSERT_THAT(page, SizeIs(2));
  EXPECT_EQ(page[0].id(), d2.id());
  EXPECT_EQ(page[1].id(), d1.id());
  ESCALA_ASSERT_OK_AND_ASSIGN(page, evaluations().List(all, d1.id(), 2));
  ASSERT_THAT(page, SizeIs(1));
  EXPECT_EQ(page[0].id(), d0.id());

  db::EvaluationFilter billing;
  billing.team_id = "billing";
  ESCALA_ASSERT_OK_AND_ASSIGN(page, evaluations().List(billing, std::nullopt, 10));
  EXPECT_THAT(page, SizeIs(2));
  db::EvaluationFilter own;
  own.agent_employee_id = "A1";
  own.exclude_drafts = true;
  ESCALA_ASSERT_OK_AND_ASSIGN(page, evaluations().List(own, std::nullopt, 10));
  ASSERT_THAT(page, SizeIs(1));
  EXPECT_EQ(page[0].id(), d1.id());
  db::EvaluationFilter range;
  range.submitted_from_ms = kBase;
  range.submitted_to_ms = kBase + 10'000;
  range.band = v1::QUALITY_BAND_GOOD;
  range.scorecard_id = "contact";
  range.evaluator_employee_id = "Q1";
  ESCALA_ASSERT_OK_AND_ASSIGN(page, evaluations().List(range, std::nullopt, 10));
  ASSERT_THAT(page, SizeIs(1));
  EXPECT_DOUBLE_EQ(page[0].score(), 75);
  // The range's ends: from is inclusive, to exclusive.
  range.submitted_from_ms = kBase + 5000;
  range.submitted_to_ms = kBase + 5001;
  ESCALA_ASSERT_OK_AND_ASSIGN(page, evaluations().List(range, std::nullopt, 10));
  EXPECT_THAT(page, SizeIs(1));
  range.submitted_to_ms = kBase + 5000;
  ESCALA_ASSERT_OK_AND_ASSIGN(page, evaluations().List(range, std::nullopt, 10));
  EXPECT_THAT(page, IsEmpty());
  db::EvaluationFilter drafts;
  drafts.state = v1::EVALUATION_STATE_DRAFT;
  drafts.interaction_id = interaction_ids_[2];
  ESCALA_ASSERT_OK_AND_ASSIGN(page, evaluations().List(drafts, std::nullopt, 10));
  ASSERT_THAT(page, SizeIs(1));
  EXPECT_EQ(page[0].id(), d2.id());
}

// Many reviewers pressing "submit" on one draft at once: the row lock and the version check
// let exactly one through; the others see it submitted or stale.
TEST_P(EvaluationRepositoryContract, ConcurrentSubmitsOfOneDraftLetExactlyOneThrough) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Evaluation draft,
      evaluations().Create(Draft(0, "Q1"), "", kAdmitAll, TestStamp(), TestNow()));
  int ok = 0;
  for (const absl::Status& status : SubmitConcurrently(draft)) {
    if (status.ok()) {
      ++ok;
    } else {
      EXPECT_TRUE(absl::IsFailedPrecondition(status) || absl::IsAborted(status)) << status;
    }
  }
  EXPECT_EQ(ok, 1);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation read, evaluations().Get(draft.id()));
  EXPECT_EQ(read.state(), v1::EVALUATION_STATE_SUBMITTED);
  EXPECT_EQ(read.etag(), "2");
}

TEST_P(EvaluationRepositoryContract, CreateManyGivesEachCreateItsOwnAnswer) {
  std::vector<absl::StatusOr<v1::Evaluation>> results = evaluations().CreateMany(MixedCreates());
  ASSERT_THAT(results, SizeIs(4));
  ASSERT_THAT(results[0], IsOk());
  EXPECT_THAT(results[1], StatusIs(absl::StatusCode::kNotFound, HasSubstr("interaction 987654")));
  ASSERT_THAT(results[2], IsOk());
  EXPECT_THAT(results[3], StatusIs(absl::StatusCode::kNotFound, "out of scope"));
  EXPECT_EQ(results[0]->agent_employee_id(), "A1");
  EXPECT_EQ(results[2]->agent_employee_id(), "B1");
  EXPECT_EQ(results[2]->team_id(), "tech");
  for (int i : {0, 2}) {
    ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation read, evaluations().Get(results[i]->id()));
    EXPECT_EQ(ProtoDiff(*results[i], read), "");
  }
  EXPECT_EQ(StoredCount(), 2);
  ESCALA_ASSERT_OK_AND_ASSIGN(std::optional<v1::Evaluation> by_request,
                              evaluations().FindByRequestId("m-1"));
  ASSERT_TRUE(by_request.has_value());
  EXPECT_EQ(by_request->id(), results[0]->id());
}

TEST_P(EvaluationRepositoryContract, CreateManyWithATakenKeyStillAnswersEachCreate) {
  ASSERT_THAT(evaluations().Create(Draft(0, "Q1"), "", kAdmitAll, TestStamp(), TestNow()), IsOk());
  std::vector<db::EvaluationCreate> creates = {
      {Draft(1, "Q1"), "", kAdmitAll, TestStamp(), TestNow()},
      {Draft(0, "Q1"), "", kAdmitAll, TestStamp(), TestNow()},
      {Draft(2, "Q1"), "", kAdmitAll, TestStamp(), TestNow()},
  };
  std::vector<absl::StatusOr<v1::Evaluation>> results = evaluations().CreateMany(creates);
  ASSERT_THAT(results, SizeIs(3));
  EXPECT_THAT(results[0], IsOk());
  EXPECT_THAT(results[1], StatusIs(absl::StatusCode::kAlreadyExists,
                                   HasSubstr("was already evaluated by 'Q1'")));
  EXPECT_THAT(results[2], IsOk());
  EXPECT_EQ(StoredCount(), 3);
}

TEST_P(EvaluationRepositoryContract, CoalescedConcurrentCreatesEachGetTheirOwnEvaluation) {
  std::vector<CoalescedCase> cases;
  std::vector<absl::StatusOr<v1::Evaluation>> results = CreateCoalesced(cases);
  std::set<int64_t> ids;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    ASSERT_THAT(results[i], IsOk());
    EXPECT_EQ(results[i]->interaction_id(), interaction_ids_[cases[i].interaction]);
    EXPECT_EQ(results[i]->evaluator_employee_id(), cases[i].evaluator);
    ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation read, evaluations().Get(results[i]->id()));
    EXPECT_EQ(read.interaction_id(), results[i]->interaction_id());
    EXPECT_EQ(read.evaluator_employee_id(), cases[i].evaluator);
    ids.insert(results[i]->id());
  }
  EXPECT_EQ(ids.size(), cases.size());
  EXPECT_EQ(StoredCount(), static_cast<long long>(cases.size()));
}

TEST_P(EvaluationRepositorySqlContract, CreateWritesOneAuditEventWithTheAnswers) {
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Evaluation created,
      evaluations().Create(Draft(0, "Q1"), "req-1", kAdmitAll, TestStamp(), TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::AuditEvent> events, audit.Next());
  ASSERT_THAT(events, SizeIs(1));
  EXPECT_EQ(events[0].resource_type(), "evaluation");
  EXPECT_EQ(events[0].resource_name(), absl::StrCat("evaluations/", created.id()));
  EXPECT_THAT(events[0].after_json(), HasSubstr("\"answers\""));
}

TEST_P(EvaluationRepositorySqlContract, ChangeAuditsTheScoreBeforeAndAfter) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Evaluation draft,
      evaluations().Create(Draft(0, "Q1"), "", kAdmitAll, TestStamp(), TestNow()));
  ASSERT_THAT(evaluations().Change(
                  draft.id(),
                  [](const v1::Evaluation& current) { return MarkSubmitted(current, 100.0 / 3); },
                  TestStamp(), TestNow(5)),
              IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));
  ASSERT_THAT(evaluations().Change(
                  draft.id(),
                  [](const v1::Evaluation& current) -> absl::StatusOr<v1::Evaluation> {
                    v1::Evaluation next = current;
                    next.set_score(80.5);
                    next.mutable_answers(0)->set_value(5);
                    next.set_state(v1::EVALUATION_STATE_DISPUTE_RESOLVED);
                    return next;
                  },
                  TestStamp(), TestNow(9)),
              IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::AuditEvent> events, audit.Next());
  ASSERT_THAT(events, SizeIs(1));
  EXPECT_THAT(events[0].before_json(), HasSubstr("\"score\":33.33"));
  EXPECT_THAT(events[0].after_json(), HasSubstr("\"score\":80.5"));
  EXPECT_THAT(events[0].before_json(), HasSubstr("\"answers\""));
  EXPECT_EQ(events[0].principal(), TestStamp().principal);
}

TEST_P(EvaluationRepositorySqlContract, RefusedCreatesAndChangesWriteNoAuditEvent) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Evaluation draft,
      evaluations().Create(Draft(0, "Q1"), "r-a", kAdmitAll, TestStamp(), TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));
  EXPECT_THAT(
      evaluations().Create(
          Draft(1, "Q1"), "", [](const db::InteractionOwner&) { return absl::NotFoundError("no"); },
          TestStamp(), TestNow()),
      StatusIs(absl::StatusCode::kNotFound));
  v1::Evaluation unknown = Draft(0, "Q1");
  unknown.set_interaction_id(987654);
  EXPECT_THAT(evaluations().Create(unknown, "", kAdmitAll, TestStamp(), TestNow()),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(evaluations().Create(Draft(0, "Q1"), "", kAdmitAll, TestStamp(), TestNow()),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(evaluations().Create(Draft(1, "Q1"), "r-a", kAdmitAll, TestStamp(), TestNow()),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(evaluations().Change(
                  draft.id(),
                  [](const v1::Evaluation&) -> absl::StatusOr<v1::Evaluation> {
                    return absl::FailedPreconditionError("not now");
                  },
                  TestStamp(), TestNow(1)),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(evaluations().Change(
                  424242, [](const v1::Evaluation& e) { return absl::StatusOr<v1::Evaluation>(e); },
                  TestStamp(), TestNow(1)),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(audit.Next(), IsOkAndHolds(IsEmpty()));
}

// The two foreign keys of an evaluation are told apart by what the database reports (MariaDB
// names the constraint) or by looking at the referenced rows (SQLite names none), never by the
// message: a failure on the interaction is not a missing scorecard version. The interaction
// vanishes between the owner read and the insert, which only SQL can stage.
TEST_P(EvaluationRepositorySqlContract, AForeignKeyFailureOnTheInteractionIsNotAMissingScorecard) {
  const int64_t vanishing = interaction_ids_[2];
  db::AdmitOwner delete_first = kAdmitAll;
  if (database().dialect() == db::Dialect::kSqlite) {
    // SQLite's single writer lock is held by the create: the row goes in a trigger of the insert.
    ASSERT_THAT(database().Execute(absl::StrCat(
                    "CREATE TRIGGER vanish BEFORE INSERT ON evaluations FOR EACH ROW BEGIN "
                    "DELETE FROM interactions WHERE id = NEW.interaction_id; END")),
                IsOk());
  } else {
    // MariaDB: another connection deletes the row between the owner read and the insert.
    delete_first = [&](const db::InteractionOwner&) {
      return database().Execute(absl::StrCat("DELETE FROM interactions WHERE id = ", vanishing));
    };
  }
  const absl::StatusOr<v1::Evaluation> created =
      evaluations().Create(Draft(2, "Q1"), "", delete_first, TestStamp(), TestNow());
  EXPECT_THAT(created, StatusIs(absl::StatusCode::kNotFound,
                                absl::StrCat("interaction ", vanishing, " not found")));
  EXPECT_THAT(created.status().message(), Not(HasSubstr("scorecard")));
  EXPECT_EQ(StoredCount(), 0);
}

TEST_P(EvaluationRepositorySqlContract, ConcurrentSubmitsWriteOneAuditEvent) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Evaluation draft,
      evaluations().Create(Draft(0, "Q1"), "", kAdmitAll, TestStamp(), TestNow()));
  SubmitConcurrently(draft);
  absl::StatusOr<long long> events = database().QueryInt(absl::StrCat(
      "SELECT COUNT(*) FROM audit_events WHERE resource_name = 'evaluations/", draft.id(), "'"));
  ASSERT_THAT(events, IsOk());
  EXPECT_EQ(*events, 2);  // the create and the one submit
}

// MariaDB writes a batch in one transaction; SQLite, with its one writer, one by one. Each
// create still has its own audit event.
TEST_P(EvaluationRepositorySqlContract, CreateManyBatchesOnMariaDbAndAuditsEachCreate) {
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));
  std::vector<absl::StatusOr<v1::Evaluation>> results = evaluations().CreateMany(MixedCreates());
  ASSERT_THAT(results, SizeIs(4));
  ASSERT_THAT(results[0], IsOk());
  ASSERT_THAT(results[2], IsOk());
  EXPECT_EQ(soci().batches_written(), GetParam() == kMysqlBackend ? 1 : 0);
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::AuditEvent> events, audit.Next());
  ASSERT_THAT(events, SizeIs(2));
  EXPECT_EQ(events[0].resource_name(), absl::StrCat("evaluations/", results[0]->id()));
  EXPECT_EQ(events[1].resource_name(), absl::StrCat("evaluations/", results[2]->id()));
}

// A batch that hits a taken key is written again one create at a time: no batch counts.
TEST_P(EvaluationRepositorySqlContract, ACreateManyHittingATakenKeyFallsBackToOneByOne) {
  ASSERT_THAT(evaluations().Create(Draft(0, "Q1"), "", kAdmitAll, TestStamp(), TestNow()), IsOk());
  std::vector<db::EvaluationCreate> creates = {
      {Draft(1, "Q1"), "", kAdmitAll, TestStamp(), TestNow()},
      {Draft(0, "Q1"), "", kAdmitAll, TestStamp(), TestNow()},
  };
  ASSERT_THAT(evaluations().CreateMany(creates), SizeIs(2));
  EXPECT_EQ(soci().batches_written(), 0);
}

TEST_P(EvaluationRepositorySqlContract, CoalescedConcurrentCreatesWriteAnAuditEventEach) {
  std::vector<CoalescedCase> cases;
  CreateCoalesced(cases);
  absl::StatusOr<long long> events =
      database().QueryInt("SELECT COUNT(*) FROM audit_events WHERE resource_type = 'evaluation'");
  ASSERT_THAT(events, IsOk());
  EXPECT_EQ(*events, static_cast<long long>(cases.size()));
}

INSTANTIATE_TEST_SUITE_P(Backends, EvaluationRepositoryContract,
                         ::testing::ValuesIn(AllBackendsAndFake()), BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, EvaluationRepositorySqlContract,
                         ::testing::ValuesIn(AllBackends()), BackendName);

}  // namespace
}  // namespace escala::testing
