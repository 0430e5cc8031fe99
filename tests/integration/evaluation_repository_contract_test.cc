// The EvaluationRepository contract (create with the owner check, reads, lists, locked changes
// and their audit events, concurrent submits of one draft), against SQLite and MariaDB.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"
#include "db/directory/soci_people_repository.h"
#include "db/directory/soci_team_repository.h"
#include "db/interactions/soci_interaction_repository.h"
#include "db/qa/coalescing_evaluation_repository.h"
#include "db/qa/soci_evaluation_repository.h"
#include "db/qa/soci_scorecard_repository.h"
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
    db::SociTeamRepository teams(database().pool());
    db::SociPeopleRepository people(database().pool());
    db::SociInteractionRepository interactions(database().pool());
    db::SociScorecardRepository scorecards(database().pool());
    for (const char* team : {"billing", "tech"}) {
      ASSERT_THAT(teams.Create(MakeTeam(team, team), TestStamp(), TestNow()), IsOk());
    }
    for (const auto& [id, team] : std::vector<std::pair<std::string, std::string>>{
             {"A1", "billing"}, {"B1", "tech"}, {"X", ""}, {"Q1", "billing"}}) {
      ASSERT_THAT(people.Create(MakePerson(id, team), TestStamp(), TestNow()), IsOk());
    }
    for (const char* agent : {"A1", "A1", "B1", "X"}) {
      absl::StatusOr<v1::Interaction> created = interactions.Create(
          MakeInteraction(agent, kBase + 1000 * static_cast<int64_t>(interaction_ids_.size())), "",
          TestStamp(), TestNow());
      ASSERT_THAT(created, IsOk());
      interaction_ids_.push_back(created->id());
    }
    absl::StatusOr<v1::Scorecard> card =
        scorecards.Create(EvaluationCard(), TestStamp(), TestNow());
    ASSERT_THAT(card, IsOk());
    ASSERT_THAT(scorecards.Publish("contact", std::stoll(card->etag()), TestStamp(), TestNow(1)),
                IsOk());
    repository_ = std::make_unique<db::SociEvaluationRepository>(database().pool());
  }

  db::SociEvaluationRepository& evaluations() { return *repository_; }

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

  long long StoredCount() {
    absl::StatusOr<long long> count = database().QueryInt("SELECT COUNT(*) FROM evaluations");
    return count.ok() ? *count : -1;
  }

  std::vector<int64_t> interaction_ids_;
  std::unique_ptr<db::SociEvaluationRepository> repository_;
};

TEST_P(EvaluationRepositoryContract, CreateCopiesOwnerStoresEverythingAndAudits) {
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));
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
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation read, evaluations().Get(created.id()));
  EXPECT_EQ(ProtoDiff(created, read), "");
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::AuditEvent> events, audit.Next());
  ASSERT_THAT(events, SizeIs(1));
  EXPECT_EQ(events[0].resource_name(), absl::StrCat("evaluations/", created.id()));
  EXPECT_THAT(events[0].after_json(), HasSubstr("\"answers\""));
  ESCALA_ASSERT_OK_AND_ASSIGN(std::optional<v1::Evaluation> by_request,
                              evaluations().FindByRequestId("req-1"));
  ASSERT_TRUE(by_request.has_value());
  EXPECT_EQ(by_request->id(), created.id());
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
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));
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
  EXPECT_THAT(audit.Next(), IsOkAndHolds(IsEmpty()));
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

// The two foreign keys of an evaluation are told apart by what the database reports (MariaDB
// names the constraint) or by looking at the referenced rows (SQLite names none), never by the
// message: a failure on the interaction is not a missing scorecard version.
TEST_P(EvaluationRepositoryContract, AForeignKeyFailureOnTheInteractionIsNotAMissingScorecard) {
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

TEST_P(EvaluationRepositoryContract, AMissingScorecardVersionIsNamedAsSuch) {
  v1::Evaluation evaluation = Draft(0, "Q1");
  evaluation.set_scorecard_version(9);
  EXPECT_THAT(
      evaluations().Create(evaluation, "", kAdmitAll, TestStamp(), TestNow()),
      StatusIs(absl::StatusCode::kFailedPrecondition, "scorecard 'contact' has no version 9"));
  EXPECT_EQ(StoredCount(), 0);
}

TEST_P(EvaluationRepositoryContract, ChangeStoresTheNextFormAndAuditsScoreBeforeAndAfter) {
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
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));
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
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation read, evaluations().Get(draft.id()));
  EXPECT_EQ(ProtoDiff(resolved, read), "");
  EXPECT_DOUBLE_EQ(read.dispute().score_before(), 100.0 / 3);
  EXPECT_EQ(read.create_time().seconds(), draft.create_time().seconds());
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::AuditEvent> events, audit.Next());
  ASSERT_THAT(events, SizeIs(1));
  EXPECT_THAT(events[0].before_json(), HasSubstr("\"score\":33.33"));
  EXPECT_THAT(events[0].after_json(), HasSubstr("\"score\":80.5"));
  EXPECT_THAT(events[0].before_json(), HasSubstr("\"answers\""));
  EXPECT_EQ(events[0].principal(), TestStamp().principal);
}

TEST_P(EvaluationRepositoryContract, ARefusedChangeWritesNothing) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Evaluation draft,
      evaluations().Create(Draft(0, "Q1"), "", kAdmitAll, TestStamp(), TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));
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
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(audit.Next(), IsOkAndHolds(IsEmpty()));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation read, evaluations().Get(draft.id()));
  EXPECT_EQ(read.etag(), "1");
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
                             if (current.etag() != draft.etag()) return absl::AbortedError("stale");
                             return MarkSubmitted(current, 50 + i);
                           },
                           TestStamp(), TestNow(i))
                       .status();
    });
  }
  go = true;
  for (std::thread& thread : threads) thread.join();
  int ok = 0;
  for (const absl::Status& status : results) {
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
  absl::StatusOr<long long> events = database().QueryInt(absl::StrCat(
      "SELECT COUNT(*) FROM audit_events WHERE resource_name = 'evaluations/", draft.id(), "'"));
  ASSERT_THAT(events, IsOk());
  EXPECT_EQ(*events, 2);  // the create and the one submit
}

TEST_P(EvaluationRepositoryContract, CreateManyGivesEachCreateItsOwnAnswerAndAuditEvent) {
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));
  v1::Evaluation unknown = Draft(0, "Q1");
  unknown.set_interaction_id(987654);
  const db::AdmitOwner refuse = [](const db::InteractionOwner&) {
    return absl::NotFoundError("out of scope");
  };
  std::vector<db::EvaluationCreate> creates = {
      {Draft(0, "Q1"), "m-1", kAdmitAll, TestStamp(), TestNow()},
      {unknown, "", kAdmitAll, TestStamp(), TestNow()},
      {Draft(2, "Q1"), "", kAdmitAll, TestStamp(), TestNow(1)},
      {Draft(1, "Q1"), "", refuse, TestStamp(), TestNow()},
  };
  std::vector<absl::StatusOr<v1::Evaluation>> results = evaluations().CreateMany(creates);
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
  // MariaDB writes the batch in one transaction; SQLite, with its one writer, one by one.
  EXPECT_EQ(evaluations().batches_written(), GetParam() == "mysql" ? 1 : 0);
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::AuditEvent> events, audit.Next());
  ASSERT_THAT(events, SizeIs(2));
  EXPECT_EQ(events[0].resource_name(), absl::StrCat("evaluations/", results[0]->id()));
  EXPECT_EQ(events[1].resource_name(), absl::StrCat("evaluations/", results[2]->id()));
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
  EXPECT_EQ(evaluations().batches_written(), 0);
}

TEST_P(EvaluationRepositoryContract, CoalescedConcurrentCreatesEachGetTheirOwnEvaluation) {
  db::CoalescingEvaluationRepository coalescing(evaluations());
  struct Case {
    int interaction;
    std::string evaluator;
  };
  std::vector<Case> cases;
  for (int interaction = 0; interaction < 4; ++interaction) {
    for (const char* evaluator : {"Q1", "B1"}) cases.push_back({interaction, evaluator});
  }
  std::vector<absl::StatusOr<v1::Evaluation>> results(cases.size(), absl::UnknownError("not run"));
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    threads.emplace_back([&, i] {
      while (!go.load()) std::this_thread::yield();
      results[i] = coalescing.Create(Draft(cases[i].interaction, cases[i].evaluator), "", kAdmitAll,
                                     TestStamp(), TestNow());
    });
  }
  go = true;
  for (std::thread& thread : threads) thread.join();
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
  absl::StatusOr<long long> events =
      database().QueryInt("SELECT COUNT(*) FROM audit_events WHERE resource_type = 'evaluation'");
  ASSERT_THAT(events, IsOk());
  EXPECT_EQ(*events, static_cast<long long>(cases.size()));
}

INSTANTIATE_TEST_SUITE_P(Backends, EvaluationRepositoryContract, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace escala::testing
