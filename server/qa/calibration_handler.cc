#include "server/qa/calibration_handler.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/casts.h"
#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "server/api/list_page.h"
#include "server/api/request_id.h"
#include "server/api/text_rules.h"
#include "server/api/violations.h"
#include "server/qa/calibration_results.h"
#include "server/qa/calibration_validation.h"
#include "server/qa/scoring/scoring.h"

namespace escala::server {
namespace {

absl::Status SessionNotFound(int64_t id) {
  return absl::NotFoundError(absl::StrCat("calibration session ", id, " not found"));
}

// Managers and heads of support oversee every session; everybody else sees their own.
bool SeesEverySession(const Caller& caller) {
  return caller.role == v1::ROLE_MANAGER || caller.role == v1::ROLE_HEAD_OF_SUPPORT;
}

bool IsCalibratingRole(v1::Role role) {
  return role == v1::ROLE_TEAM_LEAD || role == v1::ROLE_QA_ANALYST || role == v1::ROLE_MANAGER ||
         role == v1::ROLE_HEAD_OF_SUPPORT;
}

bool IsParticipant(const v1::CalibrationSession& session, const std::string& employee_id) {
  if (employee_id.empty()) return false;
  if (session.expert_employee_id() == employee_id) return true;
  return std::find(session.evaluator_employee_ids().begin(), session.evaluator_employee_ids().end(),
                   employee_id) != session.evaluator_employee_ids().end();
}

bool IsCreator(const v1::CalibrationSession& session, const Caller& caller) {
  return session.created_by() == caller.principal;
}

// A session past its deadline reads as closed at the deadline.
v1::CalibrationSession AsOf(v1::CalibrationSession session, absl::Time now) {
  if (session.state() == v1::CALIBRATION_STATE_OPEN &&
      db::TimestampToMillis(session.deadline_time()) <= absl::ToUnixMillis(now)) {
    session.set_state(v1::CALIBRATION_STATE_CLOSED);
    *session.mutable_close_time() = session.deadline_time();
  }
  return session;
}

absl::Time CloseTimeOf(const v1::CalibrationSession& session) {
  return absl::FromUnixMillis(db::TimestampToMillis(
      session.has_close_time() ? session.close_time() : session.deadline_time()));
}

}  // namespace

absl::StatusOr<v1::CalibrationSession> CalibrationHandler::VisibleSession(
    const CallContext& call, int64_t id, const std::string& field) {
  if (absl::Status s = RequirePositiveId(field, id); !s.ok()) return s;
  absl::StatusOr<v1::CalibrationSession> session = calibration_.Get(id);
  if (!session.ok()) return session.status();
  if (!SeesEverySession(call.caller) && !IsCreator(*session, call.caller) &&
      !IsParticipant(*session, call.caller.employee_id)) {
    return SessionNotFound(id);
  }
  return AsOf(*std::move(session), clock_());
}

absl::StatusOr<ScoringForm> CalibrationHandler::FormOf(const std::string& scorecard_id,
                                                       int32_t version) {
  absl::StatusOr<v1::Scorecard> scorecard = scorecards_.Get(scorecard_id, version);
  if (!scorecard.ok()) return scorecard.status();
  return ToScoringForm(*scorecard);
}

absl::Status CalibrationHandler::CheckEvaluator(const std::string& employee_id,
                                                const std::string& field) {
  absl::StatusOr<v1::Person> person = people_.Get(employee_id);
  if (absl::IsNotFound(person.status())) {
    return FieldPreconditionFailed(
        field, absl::StrCat("'", employee_id, "' is not in the people directory"));
  }
  if (!person.ok()) return person.status();
  if (!person->active()) {
    return FieldPreconditionFailed(field, absl::StrCat("'", employee_id, "' is not active"));
  }
  if (!IsCalibratingRole(person->role())) {
    return FieldPreconditionFailed(
        field, absl::StrCat("'", employee_id, "' is a ", v1::Role_Name(person->role()),
                            "; only team leads, QA analysts, managers and heads of support "
                            "evaluate"));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::Scorecard> CalibrationHandler::PublishedScorecard(
    const v1::CalibrationSession& session) {
  if (session.scorecard_version() == 0) {
    absl::StatusOr<v1::Scorecard> published = scorecards_.GetPublished(session.scorecard_id());
    if (absl::IsNotFound(published.status())) {
      return FieldPreconditionFailed(
          "session.scorecard_id",
          absl::StrCat("scorecard '", session.scorecard_id(), "' does not exist"));
    }
    if (absl::IsFailedPrecondition(published.status())) {
      // Retired or never published: the repository's reason stays.
      absl::Status refused = FieldPreconditionFailed("session.scorecard_id",
                                                     std::string(published.status().message()));
      if (std::optional<google::rpc::ErrorInfo> info = db::ErrorInfoOf(published.status())) {
        refused = db::WithErrorInfo(
            refused, info->reason(),
            std::map<std::string, std::string>(info->metadata().begin(), info->metadata().end()));
      }
      return refused;
    }
    return published;
  }
  absl::StatusOr<v1::Scorecard> version =
      scorecards_.Get(session.scorecard_id(), session.scorecard_version());
  if (absl::IsNotFound(version.status())) {
    return FieldPreconditionFailed("session.scorecard_version",
                                   absl::StrCat("scorecard '", session.scorecard_id(),
                                                "' has no version ", session.scorecard_version()));
  }
  if (!version.ok()) return version.status();
  if (version->state() != v1::SCORECARD_STATE_PUBLISHED) {
    return FieldPreconditionFailed(
        "session.scorecard_version",
        absl::StrCat("version ", session.scorecard_version(), " of scorecard '",
                     session.scorecard_id(), "' is ", v1::ScorecardState_Name(version->state()),
                     "; only the published version can be calibrated"));
  }
  return version;
}

absl::StatusOr<v1::CalibrationSession> CalibrationHandler::CreateCalibrationSession(
    const CallContext& call, const v1::CreateCalibrationSessionRequest& request) {
  if (absl::Status s = CheckRequestId("request_id", request.request_id()); !s.ok()) return s;
  const db::CreateRequest key = CreateRequestOf(request);
  const absl::Time now = clock_();
  // A replay is answered before any check: one that would now fail (a deadline that has passed,
  // a retired scorecard) still gets its original session.
  using Answer = absl::StatusOr<v1::CalibrationSession>;
  auto replay = [&]() -> std::optional<Answer> {
    absl::StatusOr<std::optional<db::CreatedByRequest<v1::CalibrationSession>>> original =
        calibration_.FindByRequestId(key.request_id);
    if (!original.ok()) return Answer(original.status());
    if (!original->has_value()) return std::nullopt;
    Answer answer =
        Replay(**original, (*original)->resource.created_by(), key, call.caller.principal);
    if (!answer.ok()) return answer;
    return Answer(AsOf(*std::move(answer), now));
  };
  if (!key.request_id.empty()) {
    if (std::optional<Answer> replayed = replay()) return *replayed;
  }
  if (!request.has_session()) return InvalidField("session", "is required");
  if (absl::Status s = Nested("session.", ValidateNewSession(request.session(), now)); !s.ok()) {
    return s;
  }
  v1::CalibrationSession session;
  session.set_title(request.session().title());
  *session.mutable_interaction_ids() = request.session().interaction_ids();
  session.set_scorecard_id(request.session().scorecard_id());
  session.set_scorecard_version(request.session().scorecard_version());
  *session.mutable_evaluator_employee_ids() = request.session().evaluator_employee_ids();
  session.set_expert_employee_id(request.session().expert_employee_id());
  *session.mutable_deadline_time() = request.session().deadline_time();

  for (int i = 0; i < session.evaluator_employee_ids_size(); ++i) {
    absl::Status s = CheckEvaluator(session.evaluator_employee_ids(i),
                                    absl::StrCat("session.evaluator_employee_ids[", i, "]"));
    if (!s.ok()) return s;
  }
  if (!session.expert_employee_id().empty()) {
    absl::Status s = CheckEvaluator(session.expert_employee_id(), "session.expert_employee_id");
    if (!s.ok()) return s;
  }
  for (int i = 0; i < session.interaction_ids_size(); ++i) {
    absl::StatusOr<v1::Interaction> interaction = interactions_.Get(session.interaction_ids(i));
    if (absl::IsNotFound(interaction.status())) {
      return FieldPreconditionFailed(
          absl::StrCat("session.interaction_ids[", i, "]"),
          absl::StrCat("interaction ", session.interaction_ids(i), " does not exist"));
    }
    if (!interaction.ok()) return interaction.status();
  }
  absl::StatusOr<v1::Scorecard> scorecard = PublishedScorecard(session);
  if (!scorecard.ok()) return scorecard.status();
  session.set_scorecard_version(scorecard->version());
  absl::StatusOr<v1::CalibrationSession> created =
      calibration_.Create(session, key, call.Stamp(key.request_id), now);
  if (absl::IsAlreadyExists(created.status())) {
    // A concurrent retry with the same request_id won the insert: answer as a replay.
    if (std::optional<Answer> replayed = replay()) return *replayed;
  }
  if (!created.ok()) return created.status();
  return AsOf(*std::move(created), now);
}

absl::StatusOr<v1::CalibrationSession> CalibrationHandler::GetCalibrationSession(
    const CallContext& call, const v1::GetCalibrationSessionRequest& request) {
  return VisibleSession(call, request.id(), "id");
}

absl::StatusOr<v1::ListCalibrationSessionsResponse> CalibrationHandler::ListCalibrationSessions(
    const CallContext& call, const v1::ListCalibrationSessionsRequest& request) {
  absl::StatusOr<ListPage> page = ListPage::Start(request, "calibrationSessions", call.PageScope());
  if (!page.ok()) return page.status();
  if (!v1::CalibrationState_IsValid(request.state())) {
    return InvalidField("state", absl::StrCat("unknown value ", request.state()));
  }
  db::CalibrationSessionFilter filter;
  filter.state = request.state();
  if (!SeesEverySession(call.caller)) {
    if (call.caller.employee_id.empty()) return v1::ListCalibrationSessionsResponse();
    filter.visible_to_employee_id = call.caller.employee_id;
  }
  absl::StatusOr<int64_t> before_id = page->after_int();
  if (!before_id.ok()) return before_id.status();
  const absl::Time now = clock_();
  absl::StatusOr<std::vector<v1::CalibrationSession>> rows =
      calibration_.List(filter, *before_id, page->fetch_limit(), now);
  if (!rows.ok()) return rows.status();
  v1::ListCalibrationSessionsResponse response;
  response.set_next_page_token(page->Finish(
      *rows, [](const v1::CalibrationSession& session) { return absl::StrCat(session.id()); }));
  for (v1::CalibrationSession& session : *rows)
    *response.add_sessions() = AsOf(std::move(session), now);
  return response;
}

absl::StatusOr<v1::CalibrationScore> CalibrationHandler::SubmitCalibrationScore(
    const CallContext& call, const v1::SubmitCalibrationScoreRequest& request) {
  if (absl::Status s = CheckRequestId("request_id", request.request_id()); !s.ok()) return s;
  const db::CreateRequest key = CreateRequestOf(request);
  return ApplyOnce<v1::CalibrationScore>(
      requests_, call.caller.principal, call.method, key,
      [&]() -> absl::StatusOr<v1::CalibrationScore> {
        if (!request.has_score()) return InvalidField("score", "is required");
        const v1::CalibrationScore& sent = request.score();
        if (absl::Status s = Nested("score.", ValidateScore(sent)); !s.ok()) return s;
        absl::StatusOr<v1::CalibrationSession> session =
            VisibleSession(call, sent.session_id(), "score.session_id");
        if (!session.ok()) return session.status();
        if (!IsParticipant(*session, call.caller.employee_id)) {
          return absl::PermissionDeniedError(
              absl::StrCat("only the evaluators and the expert of calibration session ",
                           session->id(), " score it"));
        }
        if (session->state() == v1::CALIBRATION_STATE_CLOSED) {
          return absl::FailedPreconditionError(absl::StrCat(
              "calibration session ", session->id(), " is closed: no more scores are taken"));
        }
        if (std::find(session->interaction_ids().begin(), session->interaction_ids().end(),
                      sent.interaction_id()) == session->interaction_ids().end()) {
          return InvalidField(
              "score.interaction_id",
              absl::StrCat(sent.interaction_id(), " is not an interaction of calibration session ",
                           session->id()));
        }
        absl::StatusOr<ScoringForm> form =
            FormOf(session->scorecard_id(), session->scorecard_version());
        if (!form.ok()) return form.status();
        absl::StatusOr<ScoreResult> scored =
            ScoreEvaluation(form->sections, ToScoringAnswers(sent.answers()), form->cutoffs);
        if (!scored.ok()) {
          if (!absl::IsInvalidArgument(scored.status())) return scored.status();
          return InvalidField("score.answers", std::string(scored.status().message()));
        }
        v1::CalibrationScore score;
        score.set_session_id(sent.session_id());
        score.set_interaction_id(sent.interaction_id());
        score.set_evaluator_employee_id(call.caller.employee_id);
        *score.mutable_answers() = sent.answers();
        score.set_overall_comment(sent.overall_comment());
        if (scored->score.has_value()) score.set_score(*scored->score);
        return calibration_.SubmitScore(score, call.Stamp(key), clock_());
      },
      // A replay answers the caller's score as it is now.
      [&](const db::LoggedRequest&) -> absl::StatusOr<v1::CalibrationScore> {
        absl::StatusOr<std::vector<v1::CalibrationScore>> scores =
            calibration_.ListScores(request.score().session_id());
        if (!scores.ok()) return scores.status();
        for (v1::CalibrationScore& score : *scores) {
          if (score.interaction_id() == request.score().interaction_id() &&
              score.evaluator_employee_id() == call.caller.employee_id) {
            return std::move(score);
          }
        }
        return absl::NotFoundError(absl::StrCat("no score of interaction ",
                                                request.score().interaction_id(), " by '",
                                                call.caller.employee_id, "'"));
      });
}

absl::StatusOr<v1::ListCalibrationScoresResponse> CalibrationHandler::ListCalibrationScores(
    const CallContext& call, const v1::ListCalibrationScoresRequest& request) {
  absl::StatusOr<ListPage> page =
      ListPage::Start(request, "calibrationScores", call.PageScope(), 2);
  if (!page.ok()) return page.status();
  absl::StatusOr<v1::CalibrationSession> session =
      VisibleSession(call, request.session_id(), "session_id");
  if (!session.ok()) return session.status();
  absl::StatusOr<std::vector<v1::CalibrationScore>> scores = calibration_.ListScores(session->id());
  if (!scores.ok()) return scores.status();
  const bool closed = session->state() == v1::CALIBRATION_STATE_CLOSED;
  // Open: the interactions the caller has scored are the ones whose scores they may see.
  std::set<int64_t> unblinded;
  if (!closed && IsParticipant(*session, call.caller.employee_id)) {
    for (const v1::CalibrationScore& score : *scores) {
      if (score.evaluator_employee_id() == call.caller.employee_id) {
        unblinded.insert(score.interaction_id());
      }
    }
  }
  // A session holds at most 50 interactions × 51 participants, so the page is cut from the
  // visible scores in memory, in the repository's order: the interaction's position in the
  // session, then the evaluator. The token holds the last (interaction, evaluator) returned.
  std::map<int64_t, int> position;
  for (int i = 0; i < session->interaction_ids_size(); ++i)
    position[session->interaction_ids(i)] = i;
  auto key_of = [&](const v1::CalibrationScore& score) {
    return std::make_pair(position[score.interaction_id()], score.evaluator_employee_id());
  };
  std::optional<std::pair<int, std::string>> after;
  if (page->continues()) {
    absl::StatusOr<int64_t> interaction_id = page->after_int(0);
    if (!interaction_id.ok()) return interaction_id.status();
    auto found = position.find(*interaction_id);
    if (found == position.end()) {
      return absl::InvalidArgumentError(
          "page_token: is not a token from a previous response of this list; start without one");
    }
    after = std::make_pair(found->second, page->after_key(1));
  }
  std::vector<v1::CalibrationScore> visible;
  for (v1::CalibrationScore& score : *scores) {
    if (static_cast<int>(visible.size()) == page->fetch_limit()) break;
    if (!closed && unblinded.count(score.interaction_id()) == 0) continue;
    if (after && key_of(score) <= *after) continue;
    visible.push_back(std::move(score));
  }
  v1::ListCalibrationScoresResponse response;
  response.set_next_page_token(page->Finish(visible, [](const v1::CalibrationScore& score) {
    return std::vector<std::string>{absl::StrCat(score.interaction_id()),
                                    score.evaluator_employee_id()};
  }));
  for (v1::CalibrationScore& score : visible) *response.add_scores() = std::move(score);
  return response;
}

absl::StatusOr<v1::CalibrationSession> CalibrationHandler::CloseCalibrationSession(
    const CallContext& call, const v1::CloseCalibrationSessionRequest& request) {
  if (absl::Status s = CheckRequestId("request_id", request.request_id()); !s.ok()) return s;
  const db::CreateRequest key = CreateRequestOf(request);
  return ApplyOnce<v1::CalibrationSession>(
      requests_, call.caller.principal, call.method, key,
      [&]() -> absl::StatusOr<v1::CalibrationSession> {
        absl::StatusOr<v1::CalibrationSession> session = VisibleSession(call, request.id(), "id");
        if (!session.ok()) return session.status();
        if (!IsCreator(*session, call.caller) && !SeesEverySession(call.caller)) {
          return absl::PermissionDeniedError(
              absl::StrCat("only the creator of calibration session ", session->id(),
                           ", a manager or a head of support may close it"));
        }
        if (session->state() == v1::CALIBRATION_STATE_CLOSED) {
          return absl::FailedPreconditionError(
              absl::StrCat("calibration session ", session->id(), " is closed already"));
        }
        const absl::Time now = clock_();
        absl::StatusOr<v1::CalibrationSession> closed =
            calibration_.Close(session->id(), call.Stamp(key), now);
        if (!closed.ok()) return closed.status();
        return AsOf(*std::move(closed), now);
      },
      // A replay answers the session as it is now.
      [&](const db::LoggedRequest&) { return VisibleSession(call, request.id(), "id"); });
}

absl::StatusOr<v1::CalibrationResults> CalibrationHandler::ComputeCalibrationResults(
    const CallContext& call, const v1::ComputeCalibrationResultsRequest& request) {
  absl::StatusOr<v1::CalibrationSession> session =
      VisibleSession(call, request.session_id(), "session_id");
  if (!session.ok()) return session.status();
  if (session->state() != v1::CALIBRATION_STATE_CLOSED) {
    return absl::FailedPreconditionError(absl::StrCat(
        "calibration session ", session->id(),
        " is open: results are available once it is closed or its deadline has passed"));
  }
  absl::StatusOr<ScoringForm> form = FormOf(session->scorecard_id(), session->scorecard_version());
  if (!form.ok()) return form.status();
  absl::StatusOr<std::vector<v1::CalibrationScore>> scores = calibration_.ListScores(session->id());
  if (!scores.ok()) return scores.status();
  CalibrationAnalysis analysis = AnalyseCalibration(*session, *form, *scores);
  v1::CalibrationResults results = std::move(analysis.results);
  *results.mutable_session() = *session;
  for (v1::CalibrationScore& score : *scores) *results.add_scores() = std::move(score);
  return results;
}

absl::StatusOr<v1::ComputeEvaluatorLeniencyResponse> CalibrationHandler::ComputeEvaluatorLeniency(
    const CallContext& call, const v1::ComputeEvaluatorLeniencyRequest& request) {
  // The policy admits only roles that oversee every session; the scope binds the page token.
  absl::StatusOr<ListPage> page =
      ListPage::Start(request, "evaluatorLeniency", call.PageScope(), 2);
  if (!page.ok()) return page.status();
  std::optional<absl::Time> after, before;
  if (request.has_closed_after())
    after = absl::FromUnixMillis(db::TimestampToMillis(request.closed_after()));
  if (request.has_closed_before()) {
    before = absl::FromUnixMillis(db::TimestampToMillis(request.closed_before()));
  }
  if (after && before && *before <= *after) {
    return InvalidField("closed_before", "must be after closed_after");
  }
  const absl::Time now = clock_();
  absl::StatusOr<std::vector<v1::CalibrationSession>> sessions =
      calibration_.ListClosed(after, before, now);
  if (!sessions.ok()) return sessions.status();
  // Sessions share a few scorecard versions; each form is built once.
  std::map<std::pair<std::string, int32_t>, ScoringForm> forms;
  std::vector<SessionDeviations> deviations;
  for (const v1::CalibrationSession& stored : *sessions) {
    const v1::CalibrationSession session = AsOf(stored, now);
    auto key = std::make_pair(session.scorecard_id(), session.scorecard_version());
    auto form = forms.find(key);
    if (form == forms.end()) {
      absl::StatusOr<ScoringForm> built = FormOf(key.first, key.second);
      if (!built.ok()) return built.status();
      form = forms.emplace(key, *std::move(built)).first;
    }
    absl::StatusOr<std::vector<v1::CalibrationScore>> scores =
        calibration_.ListScores(session.id());
    if (!scores.ok()) return scores.status();
    CalibrationAnalysis analysis = AnalyseCalibration(session, form->second, *scores);
    deviations.push_back(
        SessionDeviations{session.id(), CloseTimeOf(session), std::move(analysis.deviations)});
  }
  // The whole ranking is computed (the extremes are over every evaluator), then cut: the token
  // holds the last row's (deviation, employee id), the ranking's order.
  v1::ComputeEvaluatorLeniencyResponse ranking = AggregateLeniency(deviations);
  std::vector<v1::EvaluatorLeniency> rows;
  std::optional<std::pair<double, std::string>> last;
  if (page->continues()) {
    absl::StatusOr<int64_t> bits = page->after_int(0);
    if (!bits.ok()) return bits.status();
    last = std::make_pair(absl::bit_cast<double>(*bits), page->after_key(1));
  }
  for (v1::EvaluatorLeniency& row : *ranking.mutable_evaluators()) {
    if (static_cast<int>(rows.size()) == page->fetch_limit()) break;
    // Most lenient first, ties by employee id: a row follows the last one when its deviation is
    // smaller, or equal with a greater id.
    if (last && (row.mean_score_deviation() > last->first ||
                 (row.mean_score_deviation() == last->first &&
                  row.evaluator_employee_id() <= last->second))) {
      continue;
    }
    rows.push_back(std::move(row));
  }
  v1::ComputeEvaluatorLeniencyResponse response;
  response.set_most_lenient_employee_id(ranking.most_lenient_employee_id());
  response.set_strictest_employee_id(ranking.strictest_employee_id());
  response.set_next_page_token(page->Finish(rows, [](const v1::EvaluatorLeniency& row) {
    return std::vector<std::string>{
        absl::StrCat(absl::bit_cast<int64_t>(row.mean_score_deviation())),
        row.evaluator_employee_id()};
  }));
  for (v1::EvaluatorLeniency& row : rows) *response.add_evaluators() = std::move(row);
  return response;
}

}  // namespace escala::server
