// Audit scenarios of the ScorecardService.
#include <grpcpp/grpcpp.h>

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "db/common/audit_diff.h"
#include "db/common/proto_time.h"
#include "escala/v1/people.grpc.pb.h"
#include "escala/v1/scorecards.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/e2e/access/audit_scenarios.h"
#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing::audit_scenarios {
namespace {

// Scorecards are written by QA analysts (administrators may not), so each scenario makes one.
struct ScorecardAuthor {
  std::string principal;
  std::string token;
};

ScorecardAuthor NewScorecardAuthor(AdminClient& admin, const std::string& tag) {
  const std::string employee_id = "SC" + tag;
  admin.CreatePerson(employee_id, "Quinn " + tag, v1::ROLE_QA_ANALYST);
  return {"people/" + employee_id, admin.CreateToken("people/" + employee_id).secret()};
}

v1::Scorecard AuditScorecard(const std::string& scorecard_id, const std::string& title) {
  v1::Scorecard scorecard;
  scorecard.set_scorecard_id(scorecard_id);
  scorecard.set_title(title);
  v1::ScorecardSection* section = scorecard.add_sections();
  section->set_key("opening");
  section->set_title("Opening");
  v1::Criterion* criterion = section->add_criteria();
  criterion->set_key("greeting");
  criterion->set_title("Greeting");
  criterion->set_weight(1);
  criterion->mutable_scale()->set_kind(v1::SCALE_KIND_YES_NO);
  return scorecard;
}

// Calls one ScorecardService method as `author`, with "x-request-id" when given.
template <typename Request, typename Method>
grpc::Status ScorecardCall(AdminClient& admin, const ScorecardAuthor& author,
                           const std::string& request_id, Method method, const Request& request,
                           v1::Scorecard* response) {
  grpc::ClientContext context;
  Authorize(context, author.token);
  if (!request_id.empty()) context.AddMetadata("x-request-id", request_id);
  auto stub = NewStub<v1::ScorecardService>(admin.channel());
  return ((*stub).*method)(&context, request, response);
}

v1::Scorecard CreateAuditScorecard(AdminClient& admin, const ScorecardAuthor& author,
                                   const std::string& id, const std::string& request_id = "") {
  v1::CreateScorecardRequest request;
  *request.mutable_scorecard() = AuditScorecard(id, "Card " + id);
  v1::Scorecard created;
  grpc::Status status = ScorecardCall(
      admin, author, request_id, &v1::ScorecardService::Stub::CreateScorecard, request, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return created;
}

grpc::Status PublishAuditScorecard(AdminClient& admin, const ScorecardAuthor& author,
                                   const v1::Scorecard& draft, const std::string& request_id,
                                   v1::Scorecard* published) {
  v1::PublishScorecardRequest request;
  request.set_scorecard_id(draft.scorecard_id());
  request.set_etag(draft.etag());
  return ScorecardCall(admin, author, request_id, &v1::ScorecardService::Stub::PublishScorecard,
                       request, published);
}

grpc::Status RetireAuditScorecard(AdminClient& admin, const ScorecardAuthor& author,
                                  const std::string& id, const std::string& request_id,
                                  v1::Scorecard* retired) {
  v1::RetireScorecardRequest request;
  request.set_scorecard_id(id);
  request.set_reason("replaced by \"v2\"");
  return ScorecardCall(admin, author, request_id, &v1::ScorecardService::Stub::RetireScorecard,
                       request, retired);
}

std::string ScorecardVersionName(const v1::Scorecard& scorecard) {
  return absl::StrCat("scorecards/", scorecard.scorecard_id(), "/versions/", scorecard.version());
}

ExpectedEvent ScorecardEvent(const ScorecardAuthor& author, const std::string& request_id,
                             const v1::Scorecard* before, const v1::Scorecard& after) {
  db::ChangedFields changed = db::DiffForAudit(before, after);
  ExpectedEvent event{"scorecard", ScorecardVersionName(after), request_id, changed.before_json,
                      changed.after_json};
  event.principal = author.principal;
  event.principal_role = v1::ROLE_QA_ANALYST;
  return event;
}

std::map<std::string, AuditScenario> ScorecardScenarios() {
  std::map<std::string, AuditScenario> scenarios;
  scenarios["escala.v1.ScorecardService/CreateScorecard"] = {
      [](AdminClient& admin, const std::string& request_id) {
        ScorecardAuthor author = NewScorecardAuthor(admin, "c1");
        return [&admin, request_id, author] {
          v1::Scorecard created = CreateAuditScorecard(admin, author, "audit-create", request_id);
          EXPECT_EQ(created.version(), 1);
          return ScorecardEvent(author, request_id, nullptr, created);
        };
      },
      grpc::StatusCode::ALREADY_EXISTS,
      [](AdminClient& admin) {
        ScorecardAuthor author = NewScorecardAuthor(admin, "c2");
        CreateAuditScorecard(admin, author, "audit-taken");
        return FailingCall{"scorecards/audit-taken/versions/1", [&admin, author] {
                             v1::CreateScorecardRequest request;
                             *request.mutable_scorecard() = AuditScorecard("audit-taken", "Again");
                             v1::Scorecard created;
                             return ScorecardCall(admin, author, "taken",
                                                  &v1::ScorecardService::Stub::CreateScorecard,
                                                  request, &created);
                           }};
      }};
  scenarios["escala.v1.ScorecardService/UpdateScorecard"] = {
      [](AdminClient& admin, const std::string& request_id) {
        ScorecardAuthor author = NewScorecardAuthor(admin, "u1");
        v1::Scorecard draft = CreateAuditScorecard(admin, author, "audit-update");
        return [&admin, request_id, author, draft] {
          v1::UpdateScorecardRequest request;
          *request.mutable_scorecard() = AuditScorecard("audit-update", "Renamed card");
          request.mutable_scorecard()->set_etag(draft.etag());
          v1::Scorecard updated;
          grpc::Status status =
              ScorecardCall(admin, author, request_id, &v1::ScorecardService::Stub::UpdateScorecard,
                            request, &updated);
          EXPECT_TRUE(status.ok()) << status.error_message();
          EXPECT_EQ(updated.version(), 1);
          return ScorecardEvent(author, request_id, &draft, updated);
        };
      },
      grpc::StatusCode::ABORTED,
      [](AdminClient& admin) {
        ScorecardAuthor author = NewScorecardAuthor(admin, "u2");
        v1::Scorecard draft = CreateAuditScorecard(admin, author, "audit-stale");
        v1::UpdateScorecardRequest first;
        *first.mutable_scorecard() = AuditScorecard("audit-stale", "First writer");
        first.mutable_scorecard()->set_etag(draft.etag());
        v1::Scorecard updated;
        EXPECT_TRUE(ScorecardCall(admin, author, "", &v1::ScorecardService::Stub::UpdateScorecard,
                                  first, &updated)
                        .ok());
        return FailingCall{
            "scorecards/audit-stale/versions/1", [&admin, author, stale = draft.etag()] {
              v1::UpdateScorecardRequest request;
              *request.mutable_scorecard() = AuditScorecard("audit-stale", "Second writer");
              request.mutable_scorecard()->set_etag(stale);
              v1::Scorecard response;
              return ScorecardCall(admin, author, "stale-card",
                                   &v1::ScorecardService::Stub::UpdateScorecard, request,
                                   &response);
            }};
      }};
  scenarios["escala.v1.ScorecardService/PublishScorecard"] = {
      [](AdminClient& admin, const std::string& request_id) {
        ScorecardAuthor author = NewScorecardAuthor(admin, "p1");
        v1::Scorecard draft = CreateAuditScorecard(admin, author, "audit-publish");
        return [&admin, request_id, author, draft] {
          v1::Scorecard published;
          grpc::Status status = PublishAuditScorecard(admin, author, draft, request_id, &published);
          EXPECT_TRUE(status.ok()) << status.error_message();
          EXPECT_EQ(published.state(), v1::SCORECARD_STATE_PUBLISHED);
          return ScorecardEvent(author, request_id, &draft, published);
        };
      },
      grpc::StatusCode::FAILED_PRECONDITION,
      [](AdminClient& admin) {
        ScorecardAuthor author = NewScorecardAuthor(admin, "p2");
        v1::Scorecard draft = CreateAuditScorecard(admin, author, "audit-republish");
        auto published = std::make_shared<v1::Scorecard>();
        EXPECT_TRUE(PublishAuditScorecard(admin, author, draft, "", published.get()).ok());
        return FailingCall{"scorecards/audit-republish/versions/1", [&admin, author, published] {
                             v1::Scorecard again;
                             return PublishAuditScorecard(admin, author, *published,
                                                          "publish-twice", &again);
                           }};
      }};
  scenarios["escala.v1.ScorecardService/RetireScorecard"] = {
      [](AdminClient& admin, const std::string& request_id) {
        ScorecardAuthor author = NewScorecardAuthor(admin, "r1");
        v1::Scorecard draft = CreateAuditScorecard(admin, author, "audit-retire");
        return [&admin, request_id, author, draft] {
          v1::Scorecard retired;
          grpc::Status status =
              RetireAuditScorecard(admin, author, "audit-retire", request_id, &retired);
          EXPECT_TRUE(status.ok()) << status.error_message();
          ExpectedEvent event = ScorecardEvent(author, request_id, &draft, retired);
          // The reason is kept with the change it explains.
          event.after_json.pop_back();
          event.after_json += R"(,"reason":"replaced by \"v2\""})";
          return event;
        };
      },
      grpc::StatusCode::FAILED_PRECONDITION,
      [](AdminClient& admin) {
        ScorecardAuthor author = NewScorecardAuthor(admin, "r2");
        CreateAuditScorecard(admin, author, "audit-retired");
        v1::Scorecard retired;
        EXPECT_TRUE(RetireAuditScorecard(admin, author, "audit-retired", "", &retired).ok());
        return FailingCall{"scorecards/audit-retired/versions/1", [&admin, author] {
                             v1::Scorecard again;
                             return RetireAuditScorecard(admin, author, "audit-retired",
                                                         "retire-twice", &again);
                           }};
      }};
  return scenarios;
}

// What a replay must answer alike: the version, its state and its etag.
std::string ScorecardAnswer(const v1::Scorecard& scorecard) {
  return absl::StrCat(ScorecardVersionName(scorecard), " ",
                      v1::ScorecardState_Name(scorecard.state()), " etag ", scorecard.etag());
}

ReplayMap ScorecardReplays() {
  ReplayMap cases;
  cases["escala.v1.ScorecardService/PublishScorecard"] = [](AdminClient& admin) -> ReplayCall {
    ScorecardAuthor author = NewScorecardAuthor(admin, "yp");
    const v1::Scorecard draft = CreateAuditScorecard(admin, author, "replay-publish");
    return [&admin, author, draft](const std::string& request_id, bool other_payload,
                                   std::string* answer) {
      v1::PublishScorecardRequest request;
      // Another payload: another scorecard. Not another etag: the etag is a precondition, and a
      // retry that carries another one (read again after the publish changed it) is a replay.
      request.set_scorecard_id(other_payload ? "replay-publish-other" : draft.scorecard_id());
      // The draft's etag as read: a retry sends it again, after the publish changed it.
      request.set_etag(draft.etag());
      request.set_request_id(request_id);
      v1::Scorecard published;
      grpc::Status status = ScorecardCall(
          admin, author, "", &v1::ScorecardService::Stub::PublishScorecard, request, &published);
      *answer = ScorecardAnswer(published);
      return status;
    };
  };
  cases["escala.v1.ScorecardService/RetireScorecard"] = [](AdminClient& admin) -> ReplayCall {
    ScorecardAuthor author = NewScorecardAuthor(admin, "yt");
    const v1::Scorecard draft = CreateAuditScorecard(admin, author, "replay-retire");
    v1::Scorecard published;
    EXPECT_TRUE(PublishAuditScorecard(admin, author, draft, "", &published).ok());
    return
        [&admin, author](const std::string& request_id, bool other_payload, std::string* answer) {
          v1::RetireScorecardRequest request;
          request.set_scorecard_id("replay-retire");
          request.set_reason(other_payload ? "obsolete" : "replaced");
          request.set_request_id(request_id);
          v1::Scorecard retired;
          grpc::Status status = ScorecardCall(
              admin, author, "", &v1::ScorecardService::Stub::RetireScorecard, request, &retired);
          *answer = ScorecardAnswer(retired);
          return status;
        };
  };
  return cases;
}

const ScenarioRegistrar kScorecardAuditScenarios("scorecards", &ScorecardScenarios);
const ReplayRegistrar kScorecardReplays("scorecards", &ScorecardReplays);

}  // namespace
}  // namespace escala::testing::audit_scenarios
