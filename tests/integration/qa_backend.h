#pragma once

// The repositories the QA contracts stand on (teams, people, interactions, scorecards and
// evaluations), on one backend: the SOCI repositories over a test database, or the in-memory
// fakes wired to each other as the tables are joined (people check teams, interactions check
// people, evaluations read owners and scorecard versions), so that a QA contract case sets up
// its rows through the interfaces alone and runs on every backend.

#include <memory>

#include "db/core/session_pool.h"
#include "db/directory/people_repository.h"
#include "db/directory/team_repository.h"
#include "db/interactions/interaction_repository.h"
#include "db/qa/evaluation_repository.h"
#include "db/qa/scorecard_repository.h"

namespace escala::testing {

struct QaBackend {
  // The SOCI repositories over `pool`.
  static std::unique_ptr<QaBackend> Sql(db::SessionPool& pool);
  // The fakes of tests/testing/fakes.
  static std::unique_ptr<QaBackend> Fake();

  std::unique_ptr<db::TeamRepository> teams;
  std::unique_ptr<db::PeopleRepository> people;
  std::unique_ptr<db::InteractionRepository> interactions;
  std::unique_ptr<db::ScorecardRepository> scorecards;
  std::unique_ptr<db::EvaluationRepository> evaluations;
};

}  // namespace escala::testing
