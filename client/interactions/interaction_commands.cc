// `escala interactions …`: customer-contact metadata.

#include <memory>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/core/command.h"
#include "client/core/enum_names.h"
#include "client/core/import_report.h"
#include "client/core/proto_json_file.h"
#include "client/core/record_reader.h"
#include "client/core/request_id.h"
#include "client/core/time_text.h"
#include "client/interactions/interaction_columns.h"
#include "escala/v1/interactions.grpc.pb.h"

namespace escala::client {
namespace {

using escala::v1::CreateInteractionRequest;
using escala::v1::GetInteractionRequest;
using escala::v1::ImportInteractionsRequest;
using escala::v1::ImportInteractionsResponse;
using escala::v1::ImportMode;
using escala::v1::Interaction;
using escala::v1::InteractionService;
using escala::v1::ListInteractionsRequest;
using escala::v1::ListInteractionsResponse;
using escala::v1::UpdateInteractionRequest;

constexpr int kDefaultRecordsPerMessage = 500;

// Talk + hold + after-contact work, the usual definition of handle time; "" when none is known.
std::string HandleTime(const Interaction& interaction) {
  if (!interaction.has_talk_duration() && !interaction.has_hold_duration() &&
      !interaction.has_after_contact_duration()) {
    return "";
  }
  int64_t seconds = 0;
  int64_t nanos = 0;
  for (const google::protobuf::Duration* part :
       {&interaction.talk_duration(), &interaction.hold_duration(),
        &interaction.after_contact_duration()}) {
    seconds += part->seconds();
    nanos += part->nanos();
  }
  return FormatClock(seconds + nanos / 1000000000);
}

Table InteractionsTable(const ListInteractionsResponse& response) {
  Table table;
  table.header = {"ID",    "START (UTC)", "CHANNEL", "DIRECTION", "PRIORITY", "AGENT",
                  "QUEUE", "HANDLE TIME", "FCR",     "CSAT",      "RECORDING"};
  table.whole_columns = {5};  // AGENT
  for (const Interaction& interaction : response.interactions()) {
    table.rows.push_back({
        absl::StrCat(interaction.id()),
        interaction.has_start_time() ? FormatTimestamp(interaction.start_time()) : "",
        ShortEnumName(interaction.channel()),
        ShortEnumName(interaction.direction()),
        ShortEnumName(interaction.priority()),
        interaction.agent_employee_id(),
        interaction.queue(),
        HandleTime(interaction),
        interaction.first_contact_resolution() ? "yes" : "no",
        interaction.has_csat() ? absl::StrCat(interaction.csat()) : "",
        interaction.has_recording() ? "yes" : "no",
    });
  }
  return table;
}

int PrintInteraction(const CommandEnv& env, const Interaction& interaction) {
  *env.out << RenderResource(env.options.output, interaction, InteractionColumns(),
                             InteractionDetailColumns(), env.width);
  return kExitOk;
}

bool ParseId(absl::string_view text, int64_t* id) { return absl::SimpleAtoi(text, id) && *id > 0; }

int BadId(const CommandEnv& env, absl::string_view text) {
  return UsageError(env, absl::StrCat("'", text, "' is not an interaction id (a positive number)"));
}

bool HasFieldFlags(const ParsedArgs& args) {
  for (const GivenFlag& flag : args.flags) {
    if (!flag.spec->field_path.empty()) return true;
  }
  return false;
}

int RunList(const CommandEnv& env, const ParsedArgs& args) {
  ListInteractionsRequest request;
  if (int code = ApplyFieldFlags(env, args, &request); code != kExitOk) return code;
  std::unique_ptr<InteractionService::Stub> stub = InteractionService::NewStub(env.channel);
  ListInteractionsResponse interactions;
  grpc::Status status = ListPages<ListInteractionsRequest, ListInteractionsResponse>(
      env, args.Has("all"), request,
      [&stub](grpc::ClientContext* context, const ListInteractionsRequest& page_request,
              ListInteractionsResponse* page) {
        return stub->ListInteractions(context, page_request, page);
      },
      &interactions);
  if (!status.ok()) return RpcFailure(env, status);
  *env.out << RenderList(
      env.options.output, interactions, AsMessages(interactions.interactions()),
      InteractionDetailColumns(), [&interactions] { return InteractionsTable(interactions); },
      env.width);
  return kExitOk;
}

grpc::Status GetInteraction(const CommandEnv& env, int64_t id, Interaction* interaction) {
  GetInteractionRequest request;
  request.set_id(id);
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  return InteractionService::NewStub(env.channel)->GetInteraction(&context, request, interaction);
}

int RunGet(const CommandEnv& env, const ParsedArgs& args) {
  int64_t id = 0;
  if (!ParseId(args.positional[0], &id)) return BadId(env, args.positional[0]);
  Interaction interaction;
  grpc::Status status = GetInteraction(env, id, &interaction);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintInteraction(env, interaction);
}

int RunCreate(const CommandEnv& env, const ParsedArgs& args) {
  const std::optional<std::string> file = args.Value("file");
  const bool has_fields = HasFieldFlags(args);
  if (file.has_value() && has_fields) {
    return UsageError(env, "--file cannot be combined with field flags");
  }
  if (!file.has_value() && !has_fields) {
    return UsageError(env, "give --file FILE.json or field flags such as --channel");
  }
  CreateInteractionRequest request;
  if (file.has_value()) {
    if (absl::Status status =
            ReadProtoJsonFile(*file, "interaction", request.mutable_interaction());
        !status.ok()) {
      return InputError(env, status.message());
    }
  } else if (int code = ApplyFieldFlags(env, args, request.mutable_interaction());
             code != kExitOk) {
    return code;
  }
  // A generated id still makes a retry of this same request idempotent on the server.
  request.set_request_id(args.Value("request-id").value_or(NewRequestId()));
  Interaction created;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status =
      InteractionService::NewStub(env.channel)->CreateInteraction(&context, request, &created);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintInteraction(env, created);
}

int RunUpdate(const CommandEnv& env, const ParsedArgs& args) {
  int64_t id = 0;
  if (!ParseId(args.positional[0], &id)) return BadId(env, args.positional[0]);
  UpdateInteractionRequest request;
  Interaction* interaction = request.mutable_interaction();
  std::vector<std::string> mask;
  bool media_changed = false;
  for (const GivenFlag& flag : args.flags) {
    const std::string path = InteractionMaskPath(flag.spec->field_path);
    if (std::find(mask.begin(), mask.end(), path) == mask.end()) mask.push_back(path);
    media_changed |= path != flag.spec->field_path;
  }
  if (mask.empty()) {
    return UsageError(env, "nothing to change: give at least one field flag, e.g. --queue");
  }
  if (media_changed) {
    // The server replaces a recording or transcript whole. To change one of its fields and keep
    // the others, start from the stored values.
    Interaction current;
    grpc::Status status = GetInteraction(env, id, &current);
    if (!status.ok()) return RpcFailure(env, status);
    if (current.has_recording()) *interaction->mutable_recording() = current.recording();
    if (current.has_transcript()) *interaction->mutable_transcript() = current.transcript();
  }
  if (int code = ApplyFieldFlags(env, args, interaction); code != kExitOk) return code;
  // Clearing every field of a reference (e.g. --recording-uri='') removes it.
  if (interaction->has_recording() && interaction->recording().ByteSizeLong() == 0) {
    interaction->clear_recording();
  }
  if (interaction->has_transcript() && interaction->transcript().ByteSizeLong() == 0) {
    interaction->clear_transcript();
  }
  interaction->set_id(id);
  for (const std::string& path : mask) request.mutable_update_mask()->add_paths(path);
  Interaction updated;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status =
      InteractionService::NewStub(env.channel)->UpdateInteraction(&context, request, &updated);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintInteraction(env, updated);
}

void PrintImportOutcome(const CommandEnv& env, const ImportReport& report, int64_t received,
                        int64_t imported, int64_t already_present) {
  for (const FieldProblem& problem : report.SortedProblems()) {
    *env.err << FormatProblem(problem) << "\n";
  }
  *env.out << "received " << received << ", imported " << imported << ", already present "
           << already_present << ", rejected " << report.rejected_count() << "\n";
}

// The server names in trailing metadata the last record position whose outcome is final when
// it ends an import early (e.g. while shutting down); translate it into a file line.
void PrintResumePoint(const CommandEnv& env, const grpc::ClientContext& context,
                      const ImportReport& report) {
  const auto& trailers = context.GetServerTrailingMetadata();
  auto it = trailers.find("escala-committed-through");
  if (it == trailers.end()) return;
  int64_t position = 0;
  if (!absl::SimpleAtoi(absl::string_view(it->second.data(), it->second.size()), &position) ||
      position <= 0) {
    return;
  }
  std::optional<int64_t> line = report.LineOfPosition(position);
  if (!line.has_value()) return;
  *env.err << env.path << ": records up to line " << *line
           << " are stored; running the same import again is safe (stored records count as "
              "already present)\n";
}

int RunImport(const CommandEnv& env, const ParsedArgs& args) {
  const std::string& path = args.positional[0];
  absl::StatusOr<FileFormat> format = ChooseFileFormat(args.Value("format"), path);
  if (!format.ok()) return UsageError(env, format.status().message());
  absl::StatusOr<ImportMode> mode =
      ParseEnum<ImportMode>(args.Value("mode").value_or("keep-valid"));
  if (!mode.ok() || *mode == escala::v1::IMPORT_MODE_UNSPECIFIED) {
    return UsageError(env, "--mode must be keep-valid or all-or-nothing");
  }
  int records_per_message = kDefaultRecordsPerMessage;
  if (std::optional<std::string> batch = args.Value("batch");
      batch.has_value() &&
      (!absl::SimpleAtoi(*batch, &records_per_message) || records_per_message < 1)) {
    return UsageError(env, absl::StrCat("--batch must be a positive number, got '", *batch, "'"));
  }
  absl::StatusOr<std::unique_ptr<RecordReader>> reader =
      RecordReader::Open(path, *format, InteractionDetailColumns());
  if (!reader.ok()) return InputError(env, reader.status().message());

  Interaction interaction;
  int64_t line = 0;
  std::vector<FieldProblem> problems;
  if (*mode == escala::v1::IMPORT_MODE_ALL_OR_NOTHING) {
    // Nothing may be written when any row is bad, so read the whole file before sending.
    ImportReport check;
    int64_t rows = 0;
    while ((*reader)->Next(&interaction, &line, &problems)) {
      ++rows;
      if (!problems.empty()) check.AddRejectedRecord(problems);
    }
    if (check.rejected_count() > 0) {
      PrintImportOutcome(env, check, rows, 0, 0);
      return kExitFailure;
    }
    reader = RecordReader::Open(path, *format, InteractionDetailColumns());
    if (!reader.ok()) return InputError(env, reader.status().message());
  }

  std::unique_ptr<InteractionService::Stub> stub = InteractionService::NewStub(env.channel);
  grpc::ClientContext context;
  // An import may run for long; it gets a deadline only when one was asked for.
  if (env.options.timeout_given) SetDeadline(env.options, &context);
  ImportInteractionsResponse response;
  std::unique_ptr<grpc::ClientWriter<ImportInteractionsRequest>> writer;
  ImportInteractionsRequest message;
  bool stream_broken = false;
  auto send = [&] {
    if (writer == nullptr) {
      // The stream opens with the first record to send, so a file with nothing valid in it
      // costs no RPC. The first message carries the options.
      writer = stub->ImportInteractions(&context, &response);
      message.set_mode(*mode);
    }
    stream_broken = !writer->Write(message);
    message.Clear();
  };

  ImportReport report;
  int64_t rows = 0;
  while (!stream_broken && (*reader)->Next(&interaction, &line, &problems)) {
    ++rows;
    if (!problems.empty()) {
      report.AddRejectedRecord(problems);
      continue;
    }
    report.NoteSent(line);
    message.add_interactions()->Swap(&interaction);
    if (message.interactions_size() == records_per_message) send();
  }
  if (!stream_broken && message.interactions_size() > 0) send();
  if (writer != nullptr) {
    // A broken stream has failed already; Finish tells why.
    if (!stream_broken) writer->WritesDone();
    grpc::Status status = writer->Finish();
    if (!status.ok()) {
      // No response came back, so there are no totals to print: only the client's own
      // findings, the server's reason and, when it said so, how far the import is final.
      for (const FieldProblem& problem : report.SortedProblems()) {
        *env.err << FormatProblem(problem) << "\n";
      }
      const int exit_code = RpcFailure(env, status);
      PrintResumePoint(env, context, report);
      return exit_code;
    }
    if (stream_broken) {
      // The server answered before taking every record; the rest of the file was not read.
      PrintImportOutcome(env, report, rows, response.imported_count(),
                         response.already_present_count());
      *env.err << env.path << ": the server ended the import after " << report.sent_count()
               << " records; the rest of the file was not sent\n";
      return kExitFailure;
    }
    for (const escala::v1::ImportRejection& rejection : response.rejections()) {
      // The server names the field by its API path; the user knows it by its column.
      report.AddServerRejection(rejection.position(),
                                env.field_names.Find(rejection.field()).value_or(rejection.field()),
                                env.field_names.Rewrite(rejection.reason()));
    }
  }
  PrintImportOutcome(env, report, rows, response.imported_count(),
                     response.already_present_count());
  if (response.received_count() < report.sent_count()) {
    // A message the server could not parse ends its side of the stream like a clean close,
    // so the records in it (and after it) have no outcome: say so rather than exit 0.
    *env.err << env.path << ": sent " << report.sent_count() << " records but the server received "
             << response.received_count() << "; the records after line "
             << report.LineOfPosition(response.received_count()).value_or(0)
             << " have no outcome, import them again\n";
    return kExitFailure;
  }
  return report.rejected_count() == 0 ? kExitOk : kExitFailure;
}

std::vector<FlagSpec> ListFlags() {
  return {
      FieldFlag("agent", "ID", "agent_employee_id", "Only this agent's interactions."),
      FieldFlag("team", "ID", "team_id", "Only interactions handled by members of this team."),
      FieldFlag("channel", "CHANNEL", "channel",
                "Only this channel: phone, email, chat, social, web-form."),
      FieldFlag("priority", "PRIORITY", "priority",
                "Only this priority: urgent, high, medium, low."),
      FieldFlag("from", "TIME", "start_time_from",
                "Only interactions that started at or after this RFC 3339 time."),
      FieldFlag("to", "TIME", "start_time_to",
                "Only interactions that started before this RFC 3339 time."),
      FieldFlag("has-recording", "true|false", "has_recording",
                "Only interactions with or without a recording."),
      FieldFlag("escalated", "true|false", "escalated",
                "Only escalated or only not escalated interactions."),
      FieldFlag("page-size", "N", "page_size",
                "Interactions per page (server default 50, at most 1000)."),
      FieldFlag("page-token", "TOKEN", "page_token",
                "Continue from a previous page's next_page_token."),
      SwitchFlag("all", "Fetch every page and print them as one list."),
  };
}

std::vector<FlagSpec> CreateFlags() {
  std::vector<FlagSpec> flags = {
      ValueFlag("file", "FILE.json",
                "Read the interaction from a JSON file (proto JSON mapping) instead "
                "of field flags."),
      ValueFlag("request-id", "ID", "Idempotency key; a random UUID when not given."),
  };
  std::vector<FlagSpec> fields = ColumnFlags(InteractionColumns(), *Interaction::descriptor());
  flags.insert(flags.end(), fields.begin(), fields.end());
  return flags;
}

std::string ColumnList() { return absl::StrJoin(ColumnNames(InteractionColumns()), ", "); }

}  // namespace

GroupSpec InteractionsGroup() {
  GroupSpec group{
      "interactions", "Customer-contact metadata: list, get, create, update, import.", {}};
  VerbSpec list{"list",
                "List interactions, newest first.",
                "",
                0,
                0,
                "Lists interactions, newest start time first, one page unless --all is given.\n"
                "When more pages follow, their token is printed on stderr as\n"
                "'next_page_token: TOKEN'. --output csv writes the import columns, so its output\n"
                "can be imported again.",
                ListFlags(),
                RunList};
  VerbSpec get{
      "get", "Show one interaction.", "ID", 1, 1, "Shows the interaction with this id.", {},
      RunGet};
  VerbSpec create{
      "create",
      "Record one interaction.",
      "",
      0,
      0,
      "Records one interaction given either as a JSON file (--file) or as field flags.\n"
      "Times are RFC 3339 (2026-11-01T09:15:00.250Z or with an offset), durations are\n"
      "seconds, enum values are short names (phone, web-form, inbound, urgent) or proto names.\n"
      "Every create carries a request id, so sending the same command again after a lost\n"
      "reply does not record the interaction twice when --request-id is given.",
      CreateFlags(),
      RunCreate};
  VerbSpec update{
      "update",
      "Change fields of an interaction.",
      "ID",
      1,
      1,
      "Changes exactly the fields given as flags; an empty value clears a field\n"
      "(e.g. --csat=''). The recording_* and transcript_* flags change single fields of the\n"
      "stored recording or transcript; clearing all of them removes it.",
      ColumnFlags(InteractionColumns(), *Interaction::descriptor(), {"source_system", "source_id"}),
      RunUpdate};
  VerbSpec import{
      "import",
      "Import interactions from a CSV or JSON Lines file.",
      "FILE",
      1,
      1,
      "Streams the records of FILE to the server. CSV files need a header row; the columns\n"
      "are " +
          ColumnList() +
          ".\n"
          "Required columns: channel, direction, priority, agent_employee_id, start_time.\n"
          "JSON Lines files hold one Interaction per line in the proto JSON mapping.\n"
          "Rows that cannot be read or that the server rejects are reported on stderr as\n"
          "'line N: field: reason', sorted by line. Prints 'received X, imported Y, already\n"
          "present Z, rejected W'; exits 0 when nothing was rejected, 1 otherwise. Records\n"
          "already stored (same source_system and source_id) are skipped, so an import can be\n"
          "run again after an interruption.",
      {
          ValueFlag("format", "csv|jsonl",
                    "File format; by default taken from the extension (.csv, .jsonl, .json)."),
          ValueFlag("mode", "keep-valid|all-or-nothing",
                    "keep-valid (default) writes the valid records; all-or-nothing writes nothing "
                    "unless every record is valid."),
          ValueFlag("batch", "N", "Records per stream message (default 500)."),
      },
      RunImport};
  import.import_columns = &InteractionColumns();
  group.verbs = {list, get, create, update, import};
  return group;
}

}  // namespace escala::client
