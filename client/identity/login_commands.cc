// `escala login`, `escala logout` and `escala whoami`: the API token the CLI sends, kept in the
// config file, and the principal it acts as. The token itself is never printed.

#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "client/core/command.h"
#include "client/core/config.h"
#include "client/core/config_file.h"
#include "client/core/enum_names.h"
#include "client/core/table_printer.h"
#include "escala/v1/identity.grpc.pb.h"

namespace escala::client {
namespace {

using escala::v1::IdentityService;
using escala::v1::Principal;
using escala::v1::Role;
using escala::v1::WhoAmIRequest;

constexpr char kTokenKey[] = "token";

// The terminal settings to put back if the user interrupts the prompt while echo is off.
termios g_saved_terminal;

void RestoreTerminalAndDie(int signal_number) {
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_saved_terminal);
  ::signal(signal_number, SIG_DFL);
  ::raise(signal_number);
}

// One line of standard input. On a terminal, a prompt goes to stderr (stdout may be captured)
// and echo is off, so that the token does not stay on the screen.
std::string ReadTokenFromStdin(std::ostream& err) {
  bool echo_off = false;
  if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &g_saved_terminal) == 0) {
    err << "API token: " << std::flush;
    termios quiet = g_saved_terminal;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::signal(SIGINT, RestoreTerminalAndDie);
    ::signal(SIGTERM, RestoreTerminalAndDie);
    echo_off = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
  }
  std::string line;
  std::getline(std::cin, line);
  if (echo_off) {
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_saved_terminal);
    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
    err << "\n";
  }
  return line;
}

// A token is one word of printable ASCII; anything else is a copy-and-paste slip, and would
// also break the config file line.
bool IsPlausibleToken(const std::string& token) {
  if (token.empty()) return false;
  for (char c : token) {
    if (c <= ' ' || c > '~') return false;
  }
  return true;
}

std::optional<std::string> ConfigPath() {
  return ConfigFilePath(std::getenv("XDG_CONFIG_HOME"), std::getenv("HOME"));
}

std::string RoleName(Role role) {
  const std::string name = ShortEnumName(role);
  return name.empty() ? "no role" : name;
}

int RunLogin(const CommandEnv& env, const ParsedArgs& args) {
  std::string token;
  if (std::optional<std::string> file = args.Value("token-file")) {
    std::ifstream in(*file);
    if (!in) return InputError(env, absl::StrCat("--token-file: cannot read '", *file, "'"));
    std::getline(in, token);
  } else {
    token = ReadTokenFromStdin(*env.err);
  }
  token = std::string(absl::StripAsciiWhitespace(token));
  if (token.empty()) {
    return InputError(env, "no token given: put it in --token-file FILE or on standard input");
  }
  if (!IsPlausibleToken(token)) {
    return InputError(env, "the token must be one line of printable characters without blanks");
  }
  const std::optional<std::string> path = ConfigPath();
  if (!path.has_value()) {
    return InputError(env, "cannot tell where to save the token: set HOME or XDG_CONFIG_HOME");
  }

  ChannelSettings settings = env.connection;
  settings.token = token;
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = MakeServerChannel(settings);
  if (!channel.ok()) return UsageError(env, channel.status().message());
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  Principal principal;
  grpc::Status status =
      IdentityService::NewStub(*channel)->WhoAmI(&context, WhoAmIRequest(), &principal);
  if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
    *env.err << "the token was not accepted by " << env.options.server
             << " (UNAUTHENTICATED: " << status.error_message() << "); nothing was saved\n";
    return kExitFailure;
  }
  if (!status.ok()) return RpcFailure(env, status);

  absl::StatusOr<std::optional<std::string>> text = ReadConfigFile(*path);
  if (!text.ok()) {
    *env.err << "cannot save the token: " << text.status().message() << "\n";
    return kExitFailure;
  }
  const std::string updated = ReplaceConfigLine(text->value_or(""), kTokenKey, token);
  if (absl::Status saved = WritePrivateConfigFile(*path, updated); !saved.ok()) {
    *env.err << "cannot save the token: " << saved.message() << "\n";
    return kExitFailure;
  }
  *env.out << "logged in as " << principal.name() << " (" << RoleName(principal.role()) << ")\n";
  *env.err << "token saved in " << *path << "\n";
  return kExitOk;
}

int RunLogout(const CommandEnv& env, const ParsedArgs& args) {
  const std::optional<std::string> path = ConfigPath();
  if (!path.has_value()) {
    return InputError(env, "cannot tell where the config file is: set HOME or XDG_CONFIG_HOME");
  }
  absl::StatusOr<std::optional<std::string>> text = ReadConfigFile(*path);
  if (!text.ok()) {
    *env.err << "cannot remove the token: " << text.status().message() << "\n";
    return kExitFailure;
  }
  if (!text->has_value() || !ConfigValue(**text, kTokenKey).has_value()) {
    *env.out << "no token saved in " << *path << "\n";
  } else {
    const std::string updated = ReplaceConfigLine(**text, kTokenKey, std::nullopt);
    if (absl::Status saved = WritePrivateConfigFile(*path, updated); !saved.ok()) {
      *env.err << "cannot remove the token: " << saved.message() << "\n";
      return kExitFailure;
    }
    *env.out << "logged out: token removed from " << *path << "\n";
  }
  if (const char* variable = std::getenv("ESCALA_TOKEN"); variable != nullptr && *variable) {
    *env.err << "ESCALA_TOKEN is still set in this environment and is still sent\n";
  }
  return kExitOk;
}

int RunWhoAmI(const CommandEnv& env, const ParsedArgs& args) {
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  Principal principal;
  grpc::Status status =
      IdentityService::NewStub(env.channel)->WhoAmI(&context, WhoAmIRequest(), &principal);
  if (!status.ok()) {
    const int code = RpcFailure(env, status);
    if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED && env.connection.token.empty()) {
      *env.err << "no token was sent: run 'escala login', or give --token or ESCALA_TOKEN\n";
    }
    return code;
  }
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(principal);
    return kExitOk;
  }
  if (env.options.output == OutputFormat::kCsv) {
    Table csv;
    csv.header = {"principal", "role", "display_name", "team_id"};
    csv.rows = {{principal.name(), RoleName(principal.role()), principal.display_name(),
                 principal.team_id()}};
    *env.out << CsvOfTable(csv);
    return kExitOk;
  }
  Table table;
  table.rows = {{"principal", principal.name()},
                {"role", RoleName(principal.role())},
                {"display name", principal.display_name()}};
  if (!principal.team_id().empty()) table.rows.push_back({"team", principal.team_id()});
  *env.out << RenderTable(table, env.width);
  return kExitOk;
}

}  // namespace

GroupSpec LoginGroup() {
  VerbSpec login;
  login.summary = "Check an API token and save it in the config file.";
  login.description =
      "Reads an API token from --token-file or standard input (asked for without echo on a\n"
      "terminal), checks it with the server (IdentityService/WhoAmI) and writes it as the\n"
      "'token = …' line of $XDG_CONFIG_HOME/escala/config (~/.config/escala/config), which is\n"
      "kept readable by its owner only. Other lines of the file are kept. A token the server\n"
      "does not accept is not saved.";
  login.flags = {ValueFlag("token-file", "FILE", "Read the token from the first line of FILE.")};
  login.run = RunLogin;
  login.needs_channel = false;
  return GroupSpec{"login", login.summary, {login}};
}

GroupSpec LogoutGroup() {
  VerbSpec logout;
  logout.summary = "Remove the saved API token from the config file.";
  logout.description =
      "Removes the 'token = …' line of the config file; its other lines are kept. A token in\n"
      "ESCALA_TOKEN or given with --token is not affected.";
  logout.run = RunLogout;
  logout.needs_channel = false;
  return GroupSpec{"logout", logout.summary, {logout}};
}

GroupSpec WhoAmIGroup() {
  VerbSpec whoami;
  whoami.summary = "Show who the server takes this CLI for.";
  whoami.description =
      "Calls IdentityService/WhoAmI with the token in use (--token, ESCALA_TOKEN or the config\n"
      "file) and shows the principal, its role, name and team.";
  whoami.run = RunWhoAmI;
  return GroupSpec{"whoami", whoami.summary, {whoami}};
}

}  // namespace escala::client
