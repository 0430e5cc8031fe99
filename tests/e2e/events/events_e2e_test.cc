// The change feed through the real server: order and resumption, the expiry of tokens, Progress
// for a filtered watcher, delivery of events committed without this server's wake-up (another
// writer, or one that died between its commit and its notify), and shutdown ending the stream
// with UNAVAILABLE. On SQLite and MariaDB.

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "db/common/error_details.h"
#include "db/core/transaction.h"
#include "db/core/with_session.h"
#include "db/events/outbox.h"
#include "escala/v1/events.grpc.pb.h"
#include "escala/v1/identity.grpc.pb.h"
#include "escala/v1/people.grpc.pb.h"
#include "escala/v1/promotion_cases.pb.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "tests/e2e/harness/grpc_client.h"
#include "tests/e2e/harness/server_fixture.h"

namespace escala::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// One WatchEvents call, read message by message.
class Watch {
 public:
  Watch(const std::shared_ptr<grpc::Channel>& channel, const std::string& token,
        const v1::WatchEventsRequest& request) {
    Authorize(context_, token);
    context_.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(60)));
    stream_ = NewStub<v1::EventService>(channel)->WatchEvents(&context_, request);
  }
  ~Watch() {
    if (!finished_) {
      context_.TryCancel();
      stream_->Finish();
    }
  }

  // The next message; false when the stream ended.
  bool Next(v1::WatchEventsResponse& response) { return stream_->Read(&response); }

  // The next event, passing over Progress messages; nullopt when the stream ended.
  std::optional<v1::Event> NextEvent() {
    v1::WatchEventsResponse response;
    while (stream_->Read(&response)) {
      if (response.has_event()) return response.event();
    }
    return std::nullopt;
  }

  grpc::Status Finish() {
    finished_ = true;
    return stream_->Finish();
  }

 private:
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReader<v1::WatchEventsResponse>> stream_;
  bool finished_ = false;
};

v1::WatchEventsRequest From(const std::string& token) {
  v1::WatchEventsRequest request;
  request.set_resume_token(token);
  return request;
}

std::string ErrorInfoReason(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return "";
  for (const google::protobuf::Any& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) return info.reason();
  }
  return "";
}

class EventsEndToEndTest : public ServerUnderTestFixture {
 protected:
  void SetUp() override {
    ServerUnderTestFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    channel_ = PlaintextChannel(server().address());
    ASSERT_EQ(
        Cli({"teams", "create", "--team-id", "billing", "--display-name", "Billing"}).exit_code, 0);
    for (const char* id : {"E1", "E2", "E3"}) {
      ASSERT_EQ(Cli({"people", "create", "--employee-id", id, "--display-name", id, "--role",
                     "agent", "--level", "1", "--team-id", "billing"})
                    .exit_code,
                0);
    }
  }
  void TearDown() override {
    channel_.reset();
    ServerUnderTestFixture::TearDown();
  }

  void SetLevel(const std::string& employee_id, int level) {
    ProcessResult result = Cli({"people", "update", employee_id, "--level", absl::StrCat(level)});
    ASSERT_EQ(result.exit_code, 0) << result.err;
  }

  // The token of the head now, from the first Progress of a stream without a token.
  std::string HeadToken() {
    Watch watch(channel_, server().admin_token(), v1::WatchEventsRequest());
    v1::WatchEventsResponse first;
    EXPECT_TRUE(watch.Next(first));
    EXPECT_TRUE(first.has_progress());
    return first.progress().resume_token();
  }

  std::shared_ptr<grpc::Channel> channel_;
};

TEST_P(EventsEndToEndTest, DeliversCommittedChangesInOrderAndResumesAfterAnyEvent) {
  const std::string start = HeadToken();
  SetLevel("E1", 2);
  SetLevel("E2", 3);
  SetLevel("E1", 4);
  std::vector<v1::Event> events;
  {
    Watch watch(channel_, server().admin_token(), From(start));
    for (int i = 0; i < 3; ++i) {
      std::optional<v1::Event> event = watch.NextEvent();
      ASSERT_TRUE(event.has_value());
      events.push_back(*event);
    }
  }
  EXPECT_EQ(events[1].sequence(), events[0].sequence() + 1);
  EXPECT_EQ(events[2].sequence(), events[1].sequence() + 1);
  EXPECT_EQ(events[0].type(), "escala.people.level.changed.v1");
  EXPECT_EQ(events[0].source(), "//escala");
  EXPECT_EQ(events[0].subject(), "people/E1");
  EXPECT_EQ(events[1].subject(), "people/E2");
  EXPECT_NE(events[0].id(), events[2].id());
  v1::PersonLevelChanged changed;
  ASSERT_TRUE(events[2].data().UnpackTo(&changed));
  EXPECT_EQ(changed.from_level(), 2);
  EXPECT_EQ(changed.to_level(), 4);
  EXPECT_EQ(changed.team_id(), "billing");

  // Resumed after the first event: the next is exactly the second, with the same id.
  Watch resumed(channel_, server().admin_token(), From(events[0].resume_token()));
  std::optional<v1::Event> next = resumed.NextEvent();
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->sequence(), events[1].sequence());
  EXPECT_EQ(next->id(), events[1].id());
  // And a change made while it waits arrives on the open stream.
  std::optional<v1::Event> third = resumed.NextEvent();
  ASSERT_TRUE(third.has_value());
  EXPECT_EQ(third->id(), events[2].id());
  SetLevel("E3", 2);
  std::optional<v1::Event> live = resumed.NextEvent();
  ASSERT_TRUE(live.has_value());
  EXPECT_EQ(live->subject(), "people/E3");
  EXPECT_EQ(live->sequence(), events[2].sequence() + 1);
}

TEST_P(EventsEndToEndTest, RefusesMalformedAndExpiredTokens) {
  SetLevel("E1", 2);
  const std::string head = HeadToken();
  std::string bytes;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(head, &bytes));
  v1::EventResumeToken decoded;
  ASSERT_TRUE(decoded.ParseFromString(bytes));

  {
    Watch watch(channel_, server().admin_token(), From("garbage!"));
    v1::WatchEventsResponse response;
    EXPECT_FALSE(watch.Next(response));
    const grpc::Status status = watch.Finish();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(status.error_message(), HasSubstr("resume_token"));
  }
  v1::EventResumeToken other_epoch = decoded;
  other_epoch.set_epoch(decoded.epoch() + 1);
  v1::EventResumeToken ahead = decoded;
  ahead.set_sequence(decoded.sequence() + 1);
  for (const v1::EventResumeToken& token : {other_epoch, ahead}) {
    Watch watch(channel_, server().admin_token(),
                From(absl::WebSafeBase64Escape(token.SerializeAsString())));
    v1::WatchEventsResponse response;
    EXPECT_FALSE(watch.Next(response));
    const grpc::Status status = watch.Finish();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION)
        << token.ShortDebugString();
    EXPECT_EQ(ErrorInfoReason(status), db::kReasonResumeTokenExpired);
  }
  // Older than what is retained: the first event gone, a token from before it expires.
  v1::EventResumeToken before_all = decoded;
  before_all.set_sequence(0);
  ASSERT_THAT(database().Execute("DELETE FROM event_outbox WHERE seq = 1"), ::testing::_);
  Watch old(channel_, server().admin_token(),
            From(absl::WebSafeBase64Escape(before_all.SerializeAsString())));
  v1::WatchEventsResponse response;
  EXPECT_FALSE(old.Next(response));
  const grpc::Status status = old.Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorInfoReason(status), db::kReasonResumeTokenExpired);
}

TEST_P(EventsEndToEndTest, FilteredWatcherGetsProgressPastEventsItDoesNotSee) {
  const std::string start = HeadToken();
  v1::WatchEventsRequest request = From(start);
  request.add_subjects("people/E3");
  request.set_progress_interval_seconds(5);
  Watch watch(channel_, server().admin_token(), request);
  v1::WatchEventsResponse first;
  ASSERT_TRUE(watch.Next(first));
  ASSERT_TRUE(first.has_progress());
  SetLevel("E1", 2);
  SetLevel("E2", 2);
  // The next message is a Progress past both changes, never their events.
  v1::WatchEventsResponse next;
  ASSERT_TRUE(watch.Next(next));
  ASSERT_TRUE(next.has_progress()) << next.ShortDebugString();
  EXPECT_EQ(next.progress().sequence(), first.progress().sequence() + 2);
  // Resuming from it replays nothing: the next event is E3's.
  SetLevel("E3", 2);
  Watch resumed(channel_, server().admin_token(), From(next.progress().resume_token()));
  std::optional<v1::Event> event = resumed.NextEvent();
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(event->subject(), "people/E3");
  EXPECT_EQ(event->sequence(), next.progress().sequence() + 1);
}

TEST_P(EventsEndToEndTest, EventCommittedWithoutTheServersWakeUpIsDeliveredByPolling) {
  const std::string start = HeadToken();
  Watch watch(channel_, server().admin_token(), From(start));
  v1::WatchEventsResponse first;
  ASSERT_TRUE(watch.Next(first));
  // Written by this test process: the server's event bell never rings for it, exactly as for a
  // writer that died between its commit and its notify, or another server on the database.
  v1::PersonLevelChanged data;
  data.set_employee_id("E2");
  data.set_to_level(7);
  ASSERT_TRUE(db::WithSession(database().pool(), "test", [&](db::SessionPool::Lease& lease) {
                db::Transaction transaction(lease.session(), lease.dialect());
                db::AppendEvents(lease.session(), lease.dialect(),
                                 {db::MakeOutboxEvent("escala.people.level.changed.v1", "people/E2",
                                                      "E2", "billing", absl::Now(), data)},
                                 absl::Now());
                transaction.Commit();
                return absl::OkStatus();
              }).ok());
  std::optional<v1::Event> event = watch.NextEvent();
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(event->subject(), "people/E2");
  EXPECT_EQ(event->sequence(), first.progress().sequence() + 1);
}

TEST_P(EventsEndToEndTest, AgentSeesOnlyTheirOwnEvents) {
  const std::string start = HeadToken();
  std::string secret;
  {
    grpc::ClientContext context;
    Authorize(context, server().admin_token());
    v1::CreateTokenRequest request;
    request.mutable_token()->set_principal("people/E1");
    v1::CreateTokenResponse response;
    const grpc::Status created =
        NewStub<v1::IdentityService>(channel_)->CreateToken(&context, request, &response);
    ASSERT_TRUE(created.ok()) << created.error_message();
    secret = response.secret();
  }
  SetLevel("E2", 2);
  SetLevel("E1", 2);
  SetLevel("E3", 2);
  Watch watch(channel_, secret, From(start));
  std::optional<v1::Event> event = watch.NextEvent();
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(event->subject(), "people/E1");
  EXPECT_EQ(event->sequence(), 2) << "E2's change is passed over, not shown";
}

TEST_P(EventsEndToEndTest, ListThenWatchFromTheWatermarkMissesNothingAndRepeatsNothing) {
  SetLevel("E1", 2);
  v1::ListPeopleResponse listed;
  {
    grpc::ClientContext context;
    Authorize(context, server().admin_token());
    v1::ListPeopleRequest request;
    const grpc::Status status =
        NewStub<v1::PeopleService>(channel_)->ListPeople(&context, request, &listed);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  ASSERT_FALSE(listed.event_watermark().empty());
  ASSERT_EQ(listed.people(0).level(), 2) << "the list shows the change made before it";
  SetLevel("E2", 5);
  Watch watch(channel_, server().admin_token(), From(listed.event_watermark()));
  std::optional<v1::Event> event = watch.NextEvent();
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(event->subject(), "people/E2") << "E1's change is in the list, not in the feed";
}

TEST_P(EventsEndToEndTest, ShutdownEndsTheStreamWithUnavailable) {
  Watch watch(channel_, server().admin_token(), v1::WatchEventsRequest());
  v1::WatchEventsResponse first;
  ASSERT_TRUE(watch.Next(first));
  ProcessResult stopped = server().Stop();
  EXPECT_EQ(stopped.exit_code, 0) << stopped.err;
  v1::WatchEventsResponse more;
  while (watch.Next(more)) {
  }
  const grpc::Status status = watch.Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("resume_token"));
}

TEST_P(EventsEndToEndTest, CliWatchPrintsOneLinePerEventAndResumesFromItsToken) {
  const std::string start = HeadToken();
  SetLevel("E1", 2);
  SetLevel("E2", 3);
  SetLevel("E3", 4);
  ProcessResult first =
      Cli({"events", "watch", "--from", start, "--type", "escala.people.", "--count", "2"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const std::vector<std::string> lines = absl::StrSplit(first.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 2u) << first.out;
  EXPECT_THAT(lines[0], HasSubstr("escala.people.level.changed.v1  people/E1  level 1 -> 2"));
  EXPECT_THAT(lines[1], HasSubstr("people/E2  level 1 -> 3"));
  // The last line's token continues right after it.
  const std::string token = lines[1].substr(lines[1].rfind(' ') + 1);
  ProcessResult rest = Cli({"--output", "json", "events", "watch", "--from", token, "--subject",
                            "people/E3", "--count", "1"});
  ASSERT_EQ(rest.exit_code, 0) << rest.err;
  const std::vector<std::string> json = absl::StrSplit(rest.out, '\n', absl::SkipEmpty());
  // The first message of a stream is its Progress, then the event, one JSON object per line.
  ASSERT_EQ(json.size(), 2u) << rest.out;
  EXPECT_THAT(json[0], HasSubstr("\"progress\""));
  EXPECT_THAT(json[1], HasSubstr("\"subject\":\"people/E3\""));
  EXPECT_THAT(json[1], HasSubstr("\"to_level\":4"));

  ProcessResult expired = Cli({"events", "watch", "--from", "not-a-token"});
  EXPECT_NE(expired.exit_code, 0);
  EXPECT_THAT(expired.err, HasSubstr("INVALID_ARGUMENT"));
}

TEST_P(EventsEndToEndTest, AnHrSystemReceivesEachPromotionDecisionAndTheLevelChangeInOrder) {
  // The HR system: a service account with a token of its own.
  ASSERT_EQ(Cli({"service-accounts", "create", "--account-id", "hr-sync", "--display-name", "HR",
                 "--role", "hr-system"})
                .exit_code,
            0);
  ProcessResult token =
      Cli({"--output", "json", "tokens", "create", "--principal", "serviceAccounts/hr-sync"});
  ASSERT_EQ(token.exit_code, 0) << token.err;
  const std::size_t at = token.out.find("\"secret\"");
  ASSERT_NE(at, std::string::npos) << token.out;
  const std::size_t open = token.out.find('"', token.out.find(':', at));
  const std::string hr_token = token.out.substr(open + 1, token.out.find('"', open + 1) - open - 1);
  TempDir dir;
  WriteFile(dir.File("policy.json"),
            R"({"promotionPolicyId": "l1-l2", "title": "L1 to L2", "fromLevel": 1, "toLevel": 2,
                "criteria": [{"key": "tenure", "tenure": {"minMonths": 6}}]})");
  ASSERT_EQ(Cli({"promotion", "policy", "create", "--file", dir.File("policy.json")}).exit_code, 0);
  ASSERT_EQ(Cli({"promotion", "policy", "publish", "l1-l2"}).exit_code, 0);

  const std::string start = HeadToken();
  // A level change made in the directory, then a case from nomination to effect.
  SetLevel("E2", 3);
  ProcessResult nominated = Cli({"--output", "json", "promotion", "nominate", "E1", "--policy",
                                 "l1-l2", "--reason", "ready"});
  ASSERT_EQ(nominated.exit_code, 0) << nominated.err;
  ProcessResult listed = Cli({"--output", "csv", "promotion", "list"});
  const std::vector<std::string> rows = absl::StrSplit(listed.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(rows.size(), 2u) << listed.out;
  const std::string case_id = rows[1].substr(0, rows[1].find(','));
  ProcessResult approved =
      Cli({"promotion", "approve", case_id, "--effective", "2026-01-01", "--reason", "strong"});
  ASSERT_EQ(approved.exit_code, 0) << approved.err;

  v1::WatchEventsRequest request = From(start);
  request.add_type_prefixes("escala.promotion.");
  request.add_type_prefixes("escala.people.level.");
  Watch watch(channel_, hr_token, request);
  std::vector<std::string> types;
  for (int i = 0; i < 5; ++i) {
    std::optional<v1::Event> event = watch.NextEvent();
    ASSERT_TRUE(event.has_value());
    types.push_back(absl::StrCat(event->type(), " ", event->subject()));
    if (event->type() == "escala.promotion.decision.approved.v1") {
      v1::PromotionCase decision;
      ASSERT_TRUE(event->data().UnpackTo(&decision));
      EXPECT_EQ(absl::StrCat(decision.id()), case_id);
      EXPECT_EQ(decision.effective_date(), "2026-01-01");
      EXPECT_EQ(decision.to_level(), 2);
    }
  }
  EXPECT_THAT(types, ElementsAre("escala.people.level.changed.v1 people/E2",
                                 "escala.promotion.case.opened.v1 people/E1",
                                 "escala.promotion.decision.approved.v1 people/E1",
                                 "escala.people.level.changed.v1 people/E1",
                                 "escala.promotion.case.effective.v1 people/E1"));
}

INSTANTIATE_TEST_SUITE_P(Backends, EventsEndToEndTest, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace escala::testing
