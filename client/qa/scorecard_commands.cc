// `escala scorecards …`: the forms evaluations are scored against, and their versions.

#include <memory>
#include <optional>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "client/core/command.h"
#include "client/core/enum_names.h"
#include "client/core/request_id.h"
#include "client/qa/qa_csv.h"
#include "client/qa/scorecard_file.h"
#include "client/qa/scorecard_view.h"
#include "escala/v1/scorecards.grpc.pb.h"

namespace escala::client {
namespace {

using escala::v1::Scorecard;
using escala::v1::ScorecardService;

std::unique_ptr<ScorecardService::Stub> Stub(const CommandEnv& env) {
  return ScorecardService::NewStub(env.channel);
}

int PrintScorecard(const CommandEnv& env, const Scorecard& scorecard) {
  if (env.options.output == OutputFormat::kTable) {
    *env.out << RenderScorecard(scorecard, env.width);
    return kExitOk;
  }
  *env.out << RenderResource(env.options.output, scorecard, ScorecardColumns(), ScorecardColumns(),
                             env.width);
  return kExitOk;
}

// The scorecard in --file, or the exit code of the error already printed.
std::optional<Scorecard> ReadFileFlag(const CommandEnv& env, const ParsedArgs& args, int* code) {
  absl::StatusOr<Scorecard> scorecard = ReadScorecardFile(*args.Value("file"));
  if (!scorecard.ok()) {
    *code = InputError(env, scorecard.status().message());
    return std::nullopt;
  }
  return *std::move(scorecard);
}

// The newest version as the server has it, for its etag.
grpc::Status GetNewest(const CommandEnv& env, const std::string& scorecard_id, Scorecard* newest) {
  v1::GetScorecardRequest request;
  request.set_scorecard_id(scorecard_id);
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  return Stub(env)->GetScorecard(&context, request, newest);
}

// --etag, or the newest version's etag read from the server.
grpc::Status ResolveEtag(const CommandEnv& env, const ParsedArgs& args,
                         const std::string& scorecard_id, std::string* etag) {
  if (std::optional<std::string> given = args.Value("etag")) {
    *etag = *given;
    return grpc::Status::OK;
  }
  Scorecard newest;
  grpc::Status status = GetNewest(env, scorecard_id, &newest);
  if (status.ok()) *etag = newest.etag();
  return status;
}

int RunCreate(const CommandEnv& env, const ParsedArgs& args) {
  int code = kExitOk;
  std::optional<Scorecard> scorecard = ReadFileFlag(env, args, &code);
  if (!scorecard) return code;
  v1::CreateScorecardRequest request;
  *request.mutable_scorecard() = *std::move(scorecard);
  Scorecard created;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status = Stub(env)->CreateScorecard(&context, request, &created);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintScorecard(env, created);
}

int RunUpdate(const CommandEnv& env, const ParsedArgs& args) {
  const std::string& id = args.positional[0];
  int code = kExitOk;
  std::optional<Scorecard> scorecard = ReadFileFlag(env, args, &code);
  if (!scorecard) return code;
  if (!scorecard->scorecard_id().empty() && scorecard->scorecard_id() != id) {
    return InputError(env, absl::StrCat(*args.Value("file"), ": scorecard_id: '",
                                        scorecard->scorecard_id(), "' is not '", id, "'"));
  }
  scorecard->set_scorecard_id(id);
  v1::UpdateScorecardRequest request;
  *request.mutable_scorecard() = *std::move(scorecard);
  // The file is the whole new content: "*" replaces every content field, so that one the file
  // leaves out (a description, the channels) is cleared rather than kept.
  request.mutable_update_mask()->add_paths("*");
  // --etag or the newest version's, never one the file kept from an earlier `show`.
  if (grpc::Status status = ResolveEtag(env, args, id, request.mutable_scorecard()->mutable_etag());
      !status.ok()) {
    return RpcFailure(env, status);
  }
  Scorecard updated;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status = Stub(env)->UpdateScorecard(&context, request, &updated);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintScorecard(env, updated);
}

int RunPublish(const CommandEnv& env, const ParsedArgs& args) {
  v1::PublishScorecardRequest request;
  request.set_request_id(args.Value("request-id").value_or(NewRequestId()));
  request.set_scorecard_id(args.positional[0]);
  if (grpc::Status status = ResolveEtag(env, args, request.scorecard_id(), request.mutable_etag());
      !status.ok()) {
    return RpcFailure(env, status);
  }
  Scorecard published;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status = Stub(env)->PublishScorecard(&context, request, &published);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintScorecard(env, published);
}

int RunRetire(const CommandEnv& env, const ParsedArgs& args) {
  v1::RetireScorecardRequest request;
  request.set_request_id(args.Value("request-id").value_or(NewRequestId()));
  request.set_scorecard_id(args.positional[0]);
  request.set_reason(*args.Value("reason"));
  Scorecard retired;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status = Stub(env)->RetireScorecard(&context, request, &retired);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintScorecard(env, retired);
}

int RunShow(const CommandEnv& env, const ParsedArgs& args) {
  v1::GetScorecardRequest request;
  request.set_scorecard_id(args.positional[0]);
  if (std::optional<std::string> version = args.Value("version")) {
    int number = 0;
    if (!absl::SimpleAtoi(*version, &number) || number < 1) {
      return UsageError(
          env, absl::StrCat("--version: must be a version number (1, 2, …), got '", *version, "'"));
    }
    request.set_version(number);
  }
  Scorecard scorecard;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status = Stub(env)->GetScorecard(&context, request, &scorecard);
  if (!status.ok()) return RpcFailure(env, status);
  if (env.options.output == OutputFormat::kCsv) {
    // The form itself, one row per criterion, rather than the one-row summary of list.
    *env.out << CsvOfTable(ScorecardCsv(scorecard));
    return kExitOk;
  }
  return PrintScorecard(env, scorecard);
}

int RunList(const CommandEnv& env, const ParsedArgs& args) {
  v1::ListScorecardsRequest request;
  if (int code = ApplyFieldFlags(env, args, &request); code != kExitOk) return code;
  std::unique_ptr<ScorecardService::Stub> stub = Stub(env);
  v1::ListScorecardsResponse scorecards;
  grpc::Status status = ListPages<v1::ListScorecardsRequest, v1::ListScorecardsResponse>(
      env, args.Has("all"), request,
      [&stub](grpc::ClientContext* context, const v1::ListScorecardsRequest& page_request,
              v1::ListScorecardsResponse* page) {
        return stub->ListScorecards(context, page_request, page);
      },
      &scorecards);
  if (!status.ok()) return RpcFailure(env, status);
  *env.out << RenderList(
      env.options.output, scorecards, AsMessages(scorecards.scorecards()), ScorecardColumns(),
      [&scorecards] { return ScorecardsTable(scorecards.scorecards()); }, env.width);
  return kExitOk;
}

int RunVersions(const CommandEnv& env, const ParsedArgs& args) {
  v1::ListScorecardVersionsRequest request;
  if (int code = ApplyFieldFlags(env, args, &request); code != kExitOk) return code;
  request.set_scorecard_id(args.positional[0]);
  std::unique_ptr<ScorecardService::Stub> stub = Stub(env);
  v1::ListScorecardsResponse versions;
  grpc::Status status = ListPages<v1::ListScorecardVersionsRequest, v1::ListScorecardsResponse>(
      env, args.Has("all"), request,
      [&stub](grpc::ClientContext* context, const v1::ListScorecardVersionsRequest& page_request,
              v1::ListScorecardsResponse* page) {
        return stub->ListScorecardVersions(context, page_request, page);
      },
      &versions);
  if (!status.ok()) return RpcFailure(env, status);
  *env.out << RenderList(
      env.options.output, versions, AsMessages(versions.scorecards()), ScorecardColumns(),
      [&versions] { return ScorecardVersionsTable(versions.scorecards()); }, env.width);
  return kExitOk;
}

FlagSpec FileFlag() {
  FlagSpec flag = ValueFlag("file", "FILE",
                            "The scorecard: the JSON of an escala.v1.Scorecard, or a *.yaml/*.yml "
                            "file in the YAML subset the README describes (see 'Scorecards' and "
                            "tools/demo/scorecards/).");
  flag.required = true;
  return flag;
}

FlagSpec EtagFlag(const std::string& what) {
  return ValueFlag("etag", "ETAG",
                   absl::StrCat("Only ", what,
                                " if the newest version still has this etag "
                                "(default: the etag read just before)."));
}

std::vector<FlagSpec> PageFlags(const std::string& what) {
  return {
      FieldFlag("page-size", "N", "page_size",
                absl::StrCat(what, " per page (server default 50, at most 1000).")),
      FieldFlag("page-token", "TOKEN", "page_token",
                "Continue from a previous page's next_page_token."),
      SwitchFlag("all", "Fetch every page and print them as one list."),
  };
}

}  // namespace

GroupSpec ScorecardsGroup() {
  GroupSpec group{
      "scorecards", "QA scorecards: create, update, publish, retire, list, show, versions.", {}};
  VerbSpec create{"create",
                  "Create a scorecard (version 1, a draft) from a file.",
                  "",
                  0,
                  0,
                  "Creates version 1 of a new scorecard as a draft. The server checks the whole\n"
                  "form: errors name the section or criterion and the field.",
                  {FileFlag()},
                  RunCreate};
  VerbSpec update{"update",
                  "Replace the content of a scorecard's newest version.",
                  "SCORECARD_ID",
                  1,
                  1,
                  "Replaces the newest version with the file's content. A draft is changed in\n"
                  "place; a published version stays as it is and the change becomes the next\n"
                  "version, a draft. The file's scorecard_id, if any, must be SCORECARD_ID.",
                  {FileFlag(), EtagFlag("update")},
                  RunUpdate};
  VerbSpec publish{
      "publish",
      "Publish the draft version.",
      "SCORECARD_ID",
      1,
      1,
      "Publishes the newest version, which must be a draft. The version published\n"
      "before becomes superseded; evaluations that used it keep it.",
      {EtagFlag("publish"),
       ValueFlag("request-id", "ID", "Idempotency key; a random UUID when not given.")},
      RunPublish};
  // The etag travels in the scorecard on update and beside it on publish; both are --etag.
  update.field_names = {{"scorecard.etag", "--etag"}};
  publish.field_names = {{"etag", "--etag"}};
  FlagSpec reason = ValueFlag("reason", "TEXT", "Why (1–1000 characters); kept in the audit log.");
  reason.required = true;
  VerbSpec retire{
      "retire",
      "Retire a scorecard: no new evaluations or drafts.",
      "SCORECARD_ID",
      1,
      1,
      "Retires every version of the scorecard. Evaluations keep their version.",
      {reason, ValueFlag("request-id", "ID", "Idempotency key; a random UUID when not given.")},
      RunRetire};
  std::vector<FlagSpec> list_flags = PageFlags("Scorecards");
  list_flags.insert(list_flags.begin(),
                    {FieldFlag("state", "STATE", "state",
                               "Only scorecards whose newest version is in this state: draft, "
                               "published, retired."),
                     FieldFlag("channel", "CHANNEL", "channel",
                               "Only scorecards meant for this channel (or for every channel).")});
  VerbSpec list{"list",
                "List scorecards (their newest version) by id.",
                "",
                0,
                0,
                "Lists the newest version of each scorecard ordered by id, one page unless --all\n"
                "is given. When more pages follow, their token is printed on stderr as\n"
                "'next_page_token: TOKEN'.",
                list_flags,
                RunList};
  VerbSpec show{"show",
                "Show a scorecard: sections, criteria, scales, cut-offs.",
                "SCORECARD_ID",
                1,
                1,
                "Shows the newest version, or --version N. With --output json the output is a\n"
                "scorecard file that `update --file` accepts back.",
                {ValueFlag("version", "N", "The version to show (default: the newest).")},
                RunShow};
  VerbSpec versions{"versions",
                    "List every version of a scorecard, newest first.",
                    "SCORECARD_ID",
                    1,
                    1,
                    "Lists the versions of one scorecard, newest first.",
                    PageFlags("Versions"),
                    RunVersions};
  group.verbs = {create, show, list, versions, update, publish, retire};
  return group;
}

}  // namespace escala::client
