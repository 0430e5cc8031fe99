#include "client/cli.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "client/core/channel.h"
#include "client/core/command.h"
#include "client/core/config.h"
#include "client/core/terminal_width.h"

namespace escala::client {
namespace {

constexpr char kProgram[] = "escala";

std::vector<FlagSpec> GlobalFlags() {
  return {
      ValueFlag("server", "HOST:PORT",
                "Server address. Default: $ESCALA_SERVER, else the 'server = HOST:PORT' line of "
                "$XDG_CONFIG_HOME/escala/config (~/.config/escala/config), else 127.0.0.1:50051."),
      ValueFlag("output", "table|json|csv",
                "Output format (default table). json is the proto3 JSON mapping of the reply; csv "
                "writes the import columns."),
      SwitchFlag("wide",
                 "Show tables in full: no column is cut to fit the terminal. Otherwise tables fit "
                 "the terminal's width ($COLUMNS, else 120, when the output is not a terminal)."),
      ValueFlag("timeout", "SECONDS",
                "Deadline of each request (default 30). An import stream has none unless this is "
                "given."),
      ValueFlag("token", "TOKEN",
                "API token sent with every request. Default: $ESCALA_TOKEN, else the 'token = …' "
                "line of the config file, which 'escala login' writes."),
      ValueFlag("ca-cert", "FILE",
                "Use TLS and trust the CAs in this PEM file. Default: $ESCALA_CA_CERT, else the "
                "'ca_cert = FILE' line of the config file."),
      SwitchFlag("tls", "Use TLS and trust the system's CAs."),
      ValueFlag("client-cert", "FILE",
                "Client certificate (PEM) for mutual TLS; needs --client-key. Implies TLS."),
      ValueFlag("client-key", "FILE", "Private key (PEM) of --client-cert."),
      SwitchFlag("plaintext",
                 "No TLS, even to a server on another machine and with a token (which then "
                 "travels in clear text). Without any TLS option, clear text is used only to a "
                 "loopback server."),
  };
}

// The connection settings of the global flags, the environment and the config file.
absl::StatusOr<ChannelSettings> ConnectionSettings(const ParsedArgs& globals) {
  const ResolvedSettings resolved = ResolveSettings(
      GivenSettings{globals.Value("server"), globals.Value("token"), globals.Value("ca-cert")});
  ChannelSettings settings;
  settings.address = resolved.server;
  settings.token = resolved.token;
  settings.client_cert_file = globals.Value("client-cert").value_or("");
  settings.client_key_file = globals.Value("client-key").value_or("");
  if (globals.Has("plaintext")) {
    if (globals.Has("tls") || globals.Has("ca-cert") || globals.Has("client-cert") ||
        globals.Has("client-key")) {
      return absl::InvalidArgumentError(
          "--plaintext cannot be combined with --tls, --ca-cert, --client-cert or --client-key");
    }
    // The command line is more specific than a CA set in the environment or config file.
    settings.allow_remote_plaintext = true;
    return settings;
  }
  settings.ca_cert_file = resolved.ca_cert;
  settings.ca_cert_origin = resolved.ca_cert_origin;
  settings.tls = globals.Has("tls") || !settings.ca_cert_file.empty() ||
                 !settings.client_cert_file.empty() || !settings.client_key_file.empty();
  return settings;
}

std::vector<GroupSpec> Groups() {
  return {HealthGroup(),      PeopleGroup(),      TeamsGroup(),      InteractionsGroup(),
          ScorecardsGroup(),  LoginGroup(),       LogoutGroup(),     WhoAmIGroup(),
          AuditGroup(),       EventsGroup(),      TokensGroup(),     ServiceAccountsGroup(),
          EvaluateGroup(),    EvaluationsGroup(), DisputesGroup(),   CalibrationGroup(),
          QueueGroup(),       AssignmentsGroup(), PlansGroup(),      QaGroup(),
          CoursesGroup(),     SessionsGroup(),    EnrolGroup(),      WithdrawGroup(),
          EnrolmentsGroup(),  TrainingGroup(),    AttendanceGroup(), AssessmentsGroup(),
          CompletionsGroup(), MyGroup(),          CalendarGroup(),   CertificationsGroup(),
          PathsGroup(),       SlaGroup(),         PromotionGroup(),  LevelsGroup(),
          ReportGroup(),      StaffingGroup()};
}

std::string Pad(const std::string& text, size_t width) {
  return text + std::string(width > text.size() ? width - text.size() : 0, ' ');
}

// The width of a help column of names: the longest name plus two spaces, so that no name runs
// into its summary.
template <typename Spec>
size_t NameColumnWidth(const std::vector<Spec>& specs) {
  size_t width = 0;
  for (const Spec& spec : specs) width = std::max(width, spec.name.size());
  return width + 2;
}

std::string MainHelp(const std::vector<GroupSpec>& groups) {
  std::string text = absl::StrCat("Usage: ", kProgram,
                                  " [global flags] <command> [<verb>] [arguments] [flags]\n\n"
                                  "Command-line client of the Escala server.\n\nCommands:\n");
  const size_t width = NameColumnWidth(groups);
  for (const GroupSpec& group : groups) {
    absl::StrAppend(&text, "  ", Pad(group.name, width), group.summary, "\n");
  }
  absl::StrAppend(&text, "\n", FormatFlagHelp(GlobalFlags(), "Global flags:"),
                  "\nRun 'escala <command> --help' for the verbs and flags of a command.\n"
                  "Exit status: 0 success, 1 failed request or rejected rows, 2 usage error.\n");
  return text;
}

std::string GroupHelp(const GroupSpec& group) {
  std::string text = absl::StrCat("Usage: ", kProgram, " ", group.name,
                                  " <verb> [arguments] [flags]\n\n", group.summary, "\n\nVerbs:\n");
  const size_t width = NameColumnWidth(group.verbs);
  for (const VerbSpec& verb : group.verbs) {
    absl::StrAppend(&text, "  ", Pad(verb.name, width), verb.summary, "\n");
  }
  absl::StrAppend(&text, "\nRun 'escala ", group.name,
                  " <verb> --help' for the arguments and flags of a verb.\n");
  return text;
}

std::string VerbHelp(const std::string& path, const VerbSpec& verb) {
  std::string text = absl::StrCat("Usage: ", path);
  if (!verb.arguments.empty()) absl::StrAppend(&text, " ", verb.arguments);
  if (!verb.flags.empty()) absl::StrAppend(&text, " [flags]");
  absl::StrAppend(&text, "\n\n", verb.description, "\n\n", FormatFlagHelp(verb.flags));
  return text;
}

// Runs one verb after the group and verb names have been taken off `args`.
int RunVerb(CommandEnv env, const VerbSpec& verb, const std::vector<std::string>& args,
            const ParsedArgs& globals) {
  absl::StatusOr<ParsedArgs> parsed = ParseArgs(args, verb.flags);
  if (!parsed.ok()) {
    std::string reason(parsed.status().message());
    // Global flags after the command are a common slip; say where they go.
    for (const std::string& arg : args) {
      for (const FlagSpec& global : GlobalFlags()) {
        if (arg == "--" + global.name || arg.rfind("--" + global.name + "=", 0) == 0) {
          absl::StrAppend(&reason, " (global flags such as --", global.name,
                          " go before the command: escala --", global.name, " ... ",
                          env.path.substr(std::string(kProgram).size() + 1), ")");
          return UsageError(env, reason);
        }
      }
    }
    return UsageError(env, reason);
  }
  env.field_names.AddFlags(verb.flags);
  if (verb.import_columns != nullptr) env.field_names.AddColumns(*verb.import_columns);
  for (const auto& [api_path, cli_name] : verb.field_names) env.field_names.Add(api_path, cli_name);
  if (parsed->help) {
    *env.out << VerbHelp(env.path, verb);
    return kExitOk;
  }
  const size_t count = parsed->positional.size();
  if (count < verb.min_arguments) {
    return UsageError(env, absl::StrCat("missing ", verb.arguments));
  }
  if (count > verb.max_arguments) {
    return UsageError(
        env, absl::StrCat("unexpected argument '", parsed->positional[verb.max_arguments], "'"));
  }
  for (const FlagSpec& flag : verb.flags) {
    if (flag.required && !parsed->Has(flag.name)) {
      return UsageError(env, absl::StrCat("missing required flag --", flag.name));
    }
  }
  absl::StatusOr<ChannelSettings> connection = ConnectionSettings(globals);
  if (!connection.ok()) return UsageError(env, connection.status().message());
  env.connection = *std::move(connection);
  env.options.server = env.connection.address;
  if (verb.needs_channel) {
    absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = MakeServerChannel(env.connection);
    if (!channel.ok()) return UsageError(env, channel.status().message());
    env.channel = *std::move(channel);
  }
  if (env.options.output == OutputFormat::kTable) {
    env.width = globals.Has("wide") ? kNoWidthLimit : StdoutTerminalWidth();
  }
  return verb.run(env, *parsed);
}

}  // namespace

int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandEnv env;
  env.out = &out;
  env.err = &err;
  env.path = kProgram;

  const std::vector<FlagSpec> global_flags = GlobalFlags();
  absl::StatusOr<ParsedArgs> globals = ParseArgs(args, global_flags, /*stop_at_positional=*/true);
  if (!globals.ok()) return UsageError(env, globals.status().message());
  const std::vector<GroupSpec> groups = Groups();
  if (globals->help) {
    out << MainHelp(groups);
    return kExitOk;
  }
  if (std::optional<std::string> output = globals->Value("output")) {
    absl::StatusOr<OutputFormat> format = ParseOutputFormat(*output);
    if (!format.ok()) return UsageError(env, format.status().message());
    env.options.output = *format;
  }
  if (std::optional<std::string> timeout = globals->Value("timeout")) {
    double seconds = 0;
    if (!absl::SimpleAtod(*timeout, &seconds) || !(seconds > 0) || seconds > 1e9) {
      return UsageError(env, absl::StrCat("--timeout must be a positive number of seconds, got '",
                                          *timeout, "'"));
    }
    env.options.timeout = absl::Seconds(seconds);
    env.options.timeout_given = true;
  }

  const std::vector<std::string>& rest = globals->positional;
  if (rest.empty()) {
    std::vector<std::string> names;
    for (const GroupSpec& g : groups) names.push_back(g.name);
    return UsageError(env, absl::StrCat("missing command (", absl::StrJoin(names, ", "), ")"));
  }
  auto group = std::find_if(groups.begin(), groups.end(),
                            [&rest](const GroupSpec& g) { return g.name == rest[0]; });
  if (group == groups.end()) {
    return UsageError(env, absl::StrCat("unknown command '", rest[0], "'"));
  }
  env.path = absl::StrCat(kProgram, " ", group->name);

  // A group whose only verb has no name is a command of its own.
  if (group->verbs.size() == 1 && group->verbs[0].name.empty()) {
    return RunVerb(env, group->verbs[0], std::vector<std::string>(rest.begin() + 1, rest.end()),
                   *globals);
  }
  if (rest.size() < 2) return UsageError(env, "missing verb");
  if (rest[1] == "--help" || rest[1] == "-h") {
    out << GroupHelp(*group);
    return kExitOk;
  }
  auto verb = std::find_if(group->verbs.begin(), group->verbs.end(),
                           [&rest](const VerbSpec& v) { return v.name == rest[1]; });
  // A verb of two words ("training rules create") names a thing and what is done to it.
  size_t taken = 2;
  if (verb == group->verbs.end() && rest.size() > 2) {
    const std::string two_words = absl::StrCat(rest[1], " ", rest[2]);
    verb = std::find_if(group->verbs.begin(), group->verbs.end(),
                        [&two_words](const VerbSpec& v) { return v.name == two_words; });
    taken = 3;
  }
  if (verb == group->verbs.end()) {
    std::vector<std::string> second_words;
    for (const VerbSpec& v : group->verbs) {
      if (absl::StartsWith(v.name, absl::StrCat(rest[1], " "))) {
        second_words.push_back(v.name.substr(rest[1].size() + 1));
      }
    }
    if (!second_words.empty()) {
      return UsageError(
          env, absl::StrCat("'", rest[1], "' needs one of: ", absl::StrJoin(second_words, ", ")));
    }
    return UsageError(env, absl::StrCat("unknown verb '", rest[1], "'"));
  }
  env.path = absl::StrCat(env.path, " ", verb->name);
  return RunVerb(env, *verb, std::vector<std::string>(rest.begin() + taken, rest.end()), *globals);
}

}  // namespace escala::client
