#include "client/core/command.h"

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "client/core/error_details.h"
#include "client/core/field_text.h"
#include "client/core/table_printer.h"

namespace escala::client {

int UsageError(const CommandEnv& env, absl::string_view reason) {
  *env.err << env.path << ": " << reason << "\n"
           << "Run '" << env.path << " --help' for usage.\n";
  return kExitUsage;
}

int InputError(const CommandEnv& env, absl::string_view reason) {
  *env.err << env.path << ": " << reason << "\n";
  return kExitUsage;
}

std::string StatusCodeName(grpc::StatusCode code) {
  // gRPC's and Abseil's codes are numerically equal and Abseil spells them as gRPC does.
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

int RpcFailure(const CommandEnv& env, const grpc::Status& status) {
  // Every field at fault at once, from the details, one line each: the field path in the
  // command's own names (a flag, a file column) and the rule.
  const google::rpc::BadRequest bad_request = BadRequestOf(status);
  const int violations = bad_request.field_violations_size();
  std::vector<std::string> lines;
  for (const google::rpc::BadRequest::FieldViolation& violation : bad_request.field_violations()) {
    const std::string rule = env.field_names.Rewrite(violation.description());
    if (violation.field().empty()) {
      lines.push_back(rule);
      continue;
    }
    const std::string field = env.field_names.Find(violation.field()).value_or(violation.field());
    lines.push_back(absl::StrCat(field, ": ", rule));
  }
  const std::string code = StatusCodeName(status.error_code());
  if (violations == 0) {
    *env.err << code << ": " << env.field_names.Rewrite(status.error_message()) << "\n";
  } else if (violations == 1) {
    *env.err << code << ": " << lines.front() << "\n";
  } else {
    *env.err << code << ": " << violations << " field violations:\n";
    for (const std::string& line : lines) *env.err << "  " << line << "\n";
  }
  const bool unreachable = status.error_code() == grpc::StatusCode::UNAVAILABLE &&
                           absl::StrContains(status.error_message(), "failed to connect");
  if (unreachable &&
      absl::StrContains(absl::AsciiStrToLower(status.error_message()), "handshake")) {
    // The server answered but the TLS handshake failed: the certificates disagree.
    *env.err << "the TLS handshake with " << env.options.server
             << " failed: check --ca-cert (the server's CA) and --client-cert/--client-key.\n";
  } else if (unreachable) {
    // The usual cause is a server that is not running, or another address than meant.
    *env.err << "is escala-server running at " << env.options.server
             << "? Choose the server with --server HOST:PORT or ESCALA_SERVER.\n";
  } else if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
    *env.err << "log in with 'escala login', or give a token with --token or ESCALA_TOKEN.\n";
  }
  return kExitFailure;
}

void SetDeadline(const GlobalOptions& options, grpc::ClientContext* context) {
  context->set_deadline(std::chrono::system_clock::now() +
                        absl::ToChronoMilliseconds(options.timeout));
}

int ApplyFieldFlags(const CommandEnv& env, const ParsedArgs& args,
                    google::protobuf::Message* message) {
  for (const GivenFlag& flag : args.flags) {
    if (flag.spec->field_path.empty()) continue;
    absl::Status status = SetFieldText(message, flag.spec->field_path, flag.value);
    if (!status.ok())
      return UsageError(env, absl::StrCat("--", flag.spec->name, ": ", status.message()));
  }
  return kExitOk;
}

std::vector<FlagSpec> ColumnFlags(const ColumnTable& columns,
                                  const google::protobuf::Descriptor& type,
                                  const std::vector<std::string>& skip) {
  std::vector<FlagSpec> flags;
  for (const ColumnSpec& column : columns) {
    if (std::find(skip.begin(), skip.end(), column.name) != skip.end()) continue;
    FlagSpec flag;
    // The short alias is what people type, so it is the name help shows first.
    const std::string long_name = absl::StrReplaceAll(column.name, {{"_", "-"}});
    if (column.flag_alias.empty()) {
      flag.name = long_name;
    } else {
      flag.name = column.flag_alias;
      flag.aliases.push_back(long_name);
    }
    flag.value_name = FieldValueHint(type, column.field_path);
    flag.help = column.help;
    flag.field_path = column.field_path;
    flags.push_back(std::move(flag));
  }
  return flags;
}

void PrintTable(const CommandEnv& env, const Table& table) {
  *env.out << (env.options.output == OutputFormat::kCsv ? CsvOfTable(table)
                                                        : RenderTable(table, env.width));
}

}  // namespace escala::client
