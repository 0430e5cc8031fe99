// `escala events watch`: following the change feed (EventService.WatchEvents).

#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>

#include <memory>
#include <optional>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "client/core/command.h"
#include "client/core/enum_names.h"
#include "client/core/output.h"
#include "client/core/time_text.h"
#include "escala/v1/certifications.pb.h"
#include "escala/v1/events.grpc.pb.h"
#include "escala/v1/promotion_cases.pb.h"
#include "escala/v1/promotion_regressions.pb.h"

namespace escala::client {
namespace {

using escala::v1::EventService;
using escala::v1::WatchEventsRequest;
using escala::v1::WatchEventsResponse;

// A few words on what the event says, from its data when the type is one this client knows.
std::string EventSummary(const v1::Event& event) {
  if (v1::PersonLevelChanged level; event.data().UnpackTo(&level)) {
    return absl::StrCat("level ", level.from_level(), " -> ", level.to_level());
  }
  if (v1::EvaluationChanged evaluation; event.data().UnpackTo(&evaluation)) {
    std::string summary = absl::StrCat("agent ", evaluation.agent_employee_id(), " ",
                                       ShortEnumName(evaluation.state()));
    if (evaluation.has_score()) absl::StrAppend(&summary, " score ", evaluation.score());
    return summary;
  }
  if (v1::EnrolmentChanged enrolment; event.data().UnpackTo(&enrolment)) {
    // A new enrolment has no previous state.
    const std::string from = enrolment.previous_state() == v1::ENROLMENT_STATE_UNSPECIFIED
                                 ? "new"
                                 : ShortEnumName(enrolment.previous_state());
    return absl::StrCat(enrolment.employee_id(), " session ", enrolment.session_id(), " ", from,
                        " -> ", ShortEnumName(enrolment.state()));
  }
  if (v1::PromotionCase promotion; event.data().UnpackTo(&promotion)) {
    std::string summary = absl::StrCat("case ", promotion.id(), " ", promotion.employee_id(), " L",
                                       promotion.from_level(), " -> L", promotion.to_level(), " ",
                                       ShortEnumName(promotion.state()));
    if (!promotion.effective_date().empty()) {
      absl::StrAppend(
          &summary,
          promotion.state() == v1::PROMOTION_CASE_STATE_EFFECTIVE ? " from " : " effective ",
          promotion.effective_date());
    }
    return summary;
  }
  if (v1::CertificationStatus status; event.data().UnpackTo(&status)) {
    return absl::StrCat(status.employee_id(), " ", status.certification_id(), " ",
                        ShortEnumName(status.state()), " on ", status.expiry_date());
  }
  if (v1::RegressionFlag flag; event.data().UnpackTo(&flag)) {
    return absl::StrCat("flag ", flag.id(), " ", flag.employee_id(), " L", flag.level(), " ",
                        ShortEnumName(flag.state()), ", ", flag.failed_criteria_size(),
                        flag.failed_criteria_size() == 1 ? " criterion" : " criteria",
                        " below maintenance");
  }
  return event.data().type_url();
}

// One line per message: JSON Lines with --output json, else the event's columns and its token.
void PrintWatchMessage(const CommandEnv& env, const WatchEventsResponse& message) {
  if (env.options.output == OutputFormat::kJson) {
    std::string line;
    google::protobuf::util::JsonPrintOptions options;
    options.preserve_proto_field_names = true;
    if (!google::protobuf::util::MessageToJsonString(message, &line, options).ok()) return;
    *env.out << line << std::endl;
    return;
  }
  if (message.has_progress()) {
    *env.err << "progress: sequence " << message.progress().sequence()
             << " resume_token: " << message.progress().resume_token() << std::endl;
    return;
  }
  const v1::Event& event = message.event();
  *env.out << event.sequence() << "  " << FormatTimestamp(event.time()) << "  " << event.type()
           << "  " << event.subject() << "  " << EventSummary(event)
           << "  resume_token: " << event.resume_token() << std::endl;
}

int RunWatch(const CommandEnv& env, const ParsedArgs& args) {
  WatchEventsRequest request;
  request.set_resume_token(args.Value("from").value_or(""));
  for (const std::string& prefix : args.Values("type")) request.add_type_prefixes(prefix);
  for (const std::string& subject : args.Values("subject")) request.add_subjects(subject);
  if (std::optional<std::string> interval = args.Value("progress-interval")) {
    int seconds = 0;
    if (!absl::SimpleAtoi(*interval, &seconds)) {
      return UsageError(env, "--progress-interval: expected a number of seconds");
    }
    request.set_progress_interval_seconds(seconds);
  }
  int64_t count = 0;
  if (std::optional<std::string> given = args.Value("count")) {
    if (!absl::SimpleAtoi(*given, &count) || count < 1) {
      return UsageError(env, "--count: expected a positive number of events");
    }
  }
  std::unique_ptr<EventService::Stub> stub = EventService::NewStub(env.channel);
  int64_t events = 0;
  // A stream that ends with OK reached the server's maximum age: the watch goes on from the
  // last position, as every consumer of the feed should.
  for (;;) {
    grpc::ClientContext context;
    // A watch runs until stopped; it gets a deadline only when one was asked for.
    if (env.options.timeout_given) SetDeadline(env.options, &context);
    std::unique_ptr<grpc::ClientReader<WatchEventsResponse>> stream =
        stub->WatchEvents(&context, request);
    WatchEventsResponse message;
    while (stream->Read(&message)) {
      PrintWatchMessage(env, message);
      request.set_resume_token(message.has_event() ? message.event().resume_token()
                                                   : message.progress().resume_token());
      if (message.has_event() && count > 0 && ++events == count) {
        context.TryCancel();
        stream->Finish();
        return kExitOk;
      }
    }
    const grpc::Status status = stream->Finish();
    if (status.ok()) continue;
    if (!request.resume_token().empty()) {
      *env.err << "resume with: --from " << request.resume_token() << "\n";
    }
    return RpcFailure(env, status);
  }
}

std::vector<FlagSpec> WatchFlags() {
  return {
      ValueFlag("from", "TOKEN",
                "Start after this resume token (from an earlier watch, or a list's "
                "event_watermark). Default: new events only."),
      Repeatable(ValueFlag("type", "PREFIX",
                           "Only events whose type starts with PREFIX, e.g. escala.people.level. "
                           "(repeatable; any of them).")),
      Repeatable(ValueFlag("subject", "NAME",
                           "Only events about this resource, e.g. people/E1001 (repeatable; any "
                           "of them).")),
      ValueFlag("progress-interval", "SECONDS",
                "Seconds without an event before the server reports its position (5-300, "
                "default 30)."),
      ValueFlag("count", "N", "Stop after N events."),
  };
}

}  // namespace

GroupSpec EventsGroup() {
  GroupSpec group{"events", "The change feed: committed changes, in commit order.", {}};
  VerbSpec watch{"watch",
                 "Follow committed changes as they happen.",
                 "",
                 0,
                 0,
                 "Prints one line per event you may see, in commit order: sequence, time, type,\n"
                 "subject, a short summary and the event's resume token. Progress reports go to\n"
                 "stderr. With --output json, every message of the stream is one JSON object per\n"
                 "line (JSON Lines). Store the last resume token you processed and pass it with\n"
                 "--from to continue exactly there; an expired token (FAILED_PRECONDITION,\n"
                 "RESUME_TOKEN_EXPIRED) means: list again and watch from the list's\n"
                 "event_watermark. Runs until interrupted or --count events were printed.",
                 WatchFlags(),
                 RunWatch};
  group.verbs = {watch};
  return group;
}

}  // namespace escala::client
