#include "tests/integration/qa_backend.h"

#include "db/directory/soci_people_repository.h"
#include "db/directory/soci_team_repository.h"
#include "db/interactions/soci_interaction_repository.h"
#include "db/qa/soci_evaluation_repository.h"
#include "db/qa/soci_scorecard_repository.h"
#include "tests/testing/fakes/fake_evaluation_repository.h"
#include "tests/testing/fakes/fake_interaction_repository.h"
#include "tests/testing/fakes/fake_people_repository.h"
#include "tests/testing/fakes/fake_scorecard_repository.h"
#include "tests/testing/fakes/fake_team_repository.h"

namespace escala::testing {

std::unique_ptr<QaBackend> QaBackend::Sql(db::SessionPool& pool) {
  auto backend = std::make_unique<QaBackend>();
  backend->teams = std::make_unique<db::SociTeamRepository>(pool);
  backend->people = std::make_unique<db::SociPeopleRepository>(pool);
  backend->interactions = std::make_unique<db::SociInteractionRepository>(pool);
  backend->scorecards = std::make_unique<db::SociScorecardRepository>(pool);
  backend->evaluations = std::make_unique<db::SociEvaluationRepository>(pool);
  return backend;
}

std::unique_ptr<QaBackend> QaBackend::Fake() {
  auto backend = std::make_unique<QaBackend>();
  auto teams = std::make_unique<FakeTeamRepository>();
  auto people = std::make_unique<FakePeopleRepository>(teams.get());
  backend->interactions = std::make_unique<FakeInteractionRepository>(people.get());
  backend->scorecards = std::make_unique<FakeScorecardRepository>();
  backend->evaluations = std::make_unique<FakeEvaluationRepository>(
      backend->interactions.get(), people.get(), backend->scorecards.get());
  backend->teams = std::move(teams);
  backend->people = std::move(people);
  return backend;
}

}  // namespace escala::testing
