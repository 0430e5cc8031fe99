// Input-safety cases of the CalibrationService.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "db/common/proto_time.h"
#include "escala/v1/calibration.grpc.pb.h"
#include "tests/e2e/access/input_safety_registry.h"
#include "tests/e2e/harness/calibration_world.h"

namespace escala::testing::input_safety {
namespace {

// A session the manager M1 may create: M1 and a new QA analyst score one interaction of a new
// agent (never A1, whom the refusal tests expect to have no interaction) against the
// calibration card (greet yes/no, tone 1–5), published by the manager. Every text is "Plain".
v1::CalibrationSession NewSession(InputClient& client) {
  const std::string analyst = client.Unique("Qc");
  client.TokenOfNewPerson(analyst, v1::ROLE_QA_ANALYST);
  const std::string agent = client.Unique("Ac");
  client.TokenOfNewPerson(agent, v1::ROLE_AGENT);
  const std::string scorecard = client.Unique("calib-input-");
  const absl::Status published =
      PublishCalibrationScorecard(client.channel(), client.ManagerToken(), scorecard);
  EXPECT_TRUE(published.ok()) << published;
  absl::StatusOr<int64_t> interaction =
      AddInteraction(client.channel(), client.admin_token(), agent, client.Unique("calib-input-"));
  EXPECT_TRUE(interaction.ok()) << interaction.status();
  v1::CalibrationSession session;
  session.set_title("Plain");
  session.add_interaction_ids(interaction.value_or(0));
  session.set_scorecard_id(scorecard);
  session.add_evaluator_employee_ids("M1");
  session.add_evaluator_employee_ids(analyst);
  *session.mutable_deadline_time() = db::TimeToTimestamp(absl::Now() + absl::Hours(24));
  return session;
}

grpc::Status Create(InputClient& client, const v1::CalibrationSession& session,
                    v1::CalibrationSession* created) {
  v1::CreateCalibrationSessionRequest request;
  *request.mutable_session() = session;
  return client.CallAs(client.ManagerToken(),
                       &v1::CalibrationService::Stub::CreateCalibrationSession, request, created);
}

// A new open session (NewSession, created by the manager).
v1::CalibrationSession OpenSession(InputClient& client) {
  v1::CalibrationSession created;
  grpc::Status status = Create(client, NewSession(client), &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return created;
}

// The manager's score of the session's interaction, every text "Plain".
v1::CalibrationScore ScoreOf(const v1::CalibrationSession& session) {
  v1::CalibrationScore score;
  score.set_session_id(session.id());
  score.set_interaction_id(session.interaction_ids().empty() ? 0 : session.interaction_ids(0));
  for (auto [key, value] : {std::pair<const char*, int>{"greet", 1}, {"tone", 3}}) {
    v1::CriterionAnswer* answer = score.add_answers();
    answer->set_criterion_key(key);
    answer->set_value(value);
    answer->set_comment("Plain");
  }
  score.set_overall_comment("Plain");
  return score;
}

grpc::Status Submit(InputClient& client, const v1::CalibrationScore& score,
                    v1::CalibrationScore* stored) {
  v1::SubmitCalibrationScoreRequest request;
  *request.mutable_score() = score;
  return client.CallAs(client.ManagerToken(), &v1::CalibrationService::Stub::SubmitCalibrationScore,
                       request, stored);
}

// The manager's score as ListCalibrationScores shows it; an empty score when there is none.
v1::CalibrationScore ListedScore(InputClient& client, int64_t session_id) {
  v1::ListCalibrationScoresRequest request;
  request.set_session_id(session_id);
  v1::ListCalibrationScoresResponse response;
  grpc::Status status =
      client.CallAs(client.ManagerToken(), &v1::CalibrationService::Stub::ListCalibrationScores,
                    request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  for (const v1::CalibrationScore& score : response.scores()) {
    if (score.evaluator_employee_id() == "M1") return score;
  }
  return {};
}

// Submits each text in one field of the manager's score of one open session (a resubmission
// replaces the score) and reads it back from the answer and from ListCalibrationScores.
RoundTrip ScoreTextRoundTrip(const std::string& field,
                             std::function<void(v1::CalibrationScore&, const std::string&)> set,
                             std::function<std::string(const v1::CalibrationScore&)> get) {
  return {
      .field = field,
      .via = "SubmitCalibrationScore",
      .run = [set, get](InputClient& client, const std::vector<std::string>& texts) {
        const v1::CalibrationSession session = OpenSession(client);
        std::vector<ReadBack> read;
        for (const std::string& text : texts) {
          v1::CalibrationScore score = ScoreOf(session);
          set(score, text);
          v1::CalibrationScore stored;
          grpc::Status status = Submit(client, score, &stored);
          EXPECT_TRUE(status.ok()) << status.error_message();
          read.push_back({"SubmitCalibrationScore", text, get(stored)});
          read.push_back({"ListCalibrationScores", text, get(ListedScore(client, session.id()))});
        }
        return read;
      }};
}

// One free-text field of the manager's score, submitted to one open session.
FieldWrite ScoreTextWrite(const std::string& field,
                          std::function<void(v1::CalibrationScore&, const std::string&)> set) {
  return {.field = field,
          .via = "SubmitCalibrationScore",
          .max_characters = 4000,
          .prepare = [set](InputClient& client) -> WriteCall {
            const v1::CalibrationSession session = OpenSession(client);
            return [set, session](InputClient& client, const std::string& value) {
              v1::CalibrationScore score = ScoreOf(session);
              set(score, value);
              v1::CalibrationScore stored;
              return Submit(client, score, &stored);
            };
          }};
}

std::string OnlyAnswerComment(const v1::CalibrationScore& score) {
  return score.answers().empty() ? std::string("(no answer)") : score.answers(0).comment();
}

InputCases CalibrationInputCases() {
  InputCases cases;
  cases.round_trips = {
      {.field = "session.title",
       .via = "CreateCalibrationSession",
       .run =
           [](InputClient& client, const std::vector<std::string>& texts) {
             const v1::CalibrationSession base = NewSession(client);
             std::vector<ReadBack> read;
             for (const std::string& text : texts) {
               v1::CalibrationSession session = base;
               session.set_title(text);
               v1::CalibrationSession created;
               grpc::Status status = Create(client, session, &created);
               EXPECT_TRUE(status.ok()) << status.error_message();
               read.push_back({"CreateCalibrationSession", text, created.title()});
               v1::GetCalibrationSessionRequest request;
               request.set_id(created.id());
               v1::CalibrationSession stored;
               status = client.CallAs(client.ManagerToken(),
                                      &v1::CalibrationService::Stub::GetCalibrationSession, request,
                                      &stored);
               EXPECT_TRUE(status.ok()) << status.error_message();
               read.push_back({"GetCalibrationSession", text, stored.title()});
             }
             return read;
           }},
      ScoreTextRoundTrip(
          "score.overall_comment",
          [](v1::CalibrationScore& score, const std::string& text) {
            score.set_overall_comment(text);
          },
          [](const v1::CalibrationScore& score) { return score.overall_comment(); }),
      ScoreTextRoundTrip(
          "score.answers.comment",
          [](v1::CalibrationScore& score, const std::string& text) {
            score.mutable_answers(0)->set_comment(text);
          },
          &OnlyAnswerComment),
  };
  cases.field_writes = {
      {.field = "session.title",
       .via = "CreateCalibrationSession",
       .max_characters = 200,
       .prepare = [](InputClient& client) -> WriteCall {
         const v1::CalibrationSession base = NewSession(client);
         return [base](InputClient& client, const std::string& value) {
           v1::CalibrationSession session = base;
           session.set_title(value);
           v1::CalibrationSession created;
           return Create(client, session, &created);
         };
       }},
      ScoreTextWrite("score.overall_comment",
                     [](v1::CalibrationScore& score, const std::string& value) {
                       score.set_overall_comment(value);
                     }),
      ScoreTextWrite("score.answers[0].comment",
                     [](v1::CalibrationScore& score, const std::string& value) {
                       score.mutable_answers(0)->set_comment(value);
                     }),
  };
  cases.paged_lists = {
      {.method = "escala.v1.CalibrationService/ListCalibrationSessions",
       .prepare =
           [](InputClient& client) {
             return [&client](int32_t page_size) {
               v1::ListCalibrationSessionsRequest request;
               request.set_page_size(page_size);
               v1::ListCalibrationSessionsResponse response;
               return client.CallAs(client.ManagerToken(),
                                    &v1::CalibrationService::Stub::ListCalibrationSessions, request,
                                    &response);
             };
           }},
      // The page size is checked before the session is looked up: no session is needed, and a
      // valid size answers NOT_FOUND for the session that does not exist.
      {.method = "escala.v1.CalibrationService/ListCalibrationScores",
       .prepare =
           [](InputClient& client) {
             return [&client](int32_t page_size) {
               v1::ListCalibrationScoresRequest request;
               request.set_session_id(999999);
               request.set_page_size(page_size);
               v1::ListCalibrationScoresResponse response;
               return client.CallAs(client.ManagerToken(),
                                    &v1::CalibrationService::Stub::ListCalibrationScores, request,
                                    &response);
             };
           },
       .over_maximum = grpc::StatusCode::NOT_FOUND},
  };
  cases.not_free_text = {
      {"session.scorecard_id", "identifier of a scorecard"},
      {"session.evaluator_employee_ids", "identifiers of people"},
      {"session.expert_employee_id", "identifier of a person"},
      {"session.created_by", "output only: the principal that created the session"},
      {"score.answers.criterion_key", "key of a criterion of the scorecard"},
      {"score.evaluator_employee_id", "output only: the caller"},
      {"request_id", "idempotency key: at most 64 printable ASCII characters"},
  };
  return cases;
}

const InputCaseRegistrar kCalibrationInputCases("calibration", &CalibrationInputCases);

}  // namespace
}  // namespace escala::testing::input_safety
