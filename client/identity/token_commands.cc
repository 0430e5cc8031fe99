// `escala tokens …`: API tokens, which people and service accounts authenticate with.

#include <algorithm>
#include <memory>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "client/core/command.h"
#include "client/core/request_id.h"
#include "escala/v1/identity.grpc.pb.h"

namespace escala::client {
namespace {

using escala::v1::ApiToken;
using escala::v1::CreateTokenRequest;
using escala::v1::CreateTokenResponse;
using escala::v1::IdentityService;
using escala::v1::ListTokensRequest;
using escala::v1::ListTokensResponse;
using escala::v1::RevokeTokenRequest;

// The server refuses a token that lives longer; checking it here names the flag that was wrong.
constexpr int kMaxExpiresInDays = 400;

constexpr char kShownOnce[] =
    "The secret is shown only once: store it now, it cannot be read again.";

ColumnSpec Column(const std::string& name, const std::string& field_path) {
  return ColumnSpec{name, field_path, false, "", "", ""};
}

// Every field of a token, for --output csv and the field/value table of one token.
const ColumnTable& TokenColumns() {
  static const ColumnTable* const kColumns = new ColumnTable{
      OutputOnlyColumn("token_id"),    OutputOnlyColumn("principal"),
      OutputOnlyColumn("description"), OutputOnlyColumn("create_time"),
      OutputOnlyColumn("expire_time"), OutputOnlyColumn("last_use_time"),
      OutputOnlyColumn("revoke_time"), OutputOnlyColumn("created_by"),
  };
  return *kColumns;
}

// A new token and its secret, which only the reply of CreateToken carries.
const ColumnTable& CreatedTokenColumns() {
  static const ColumnTable* const kColumns = new ColumnTable{
      Column("token_id", "token.token_id"),
      Column("principal", "token.principal"),
      Column("description", "token.description"),
      Column("create_time", "token.create_time"),
      Column("expire_time", "token.expire_time"),
      Column("created_by", "token.created_by"),
      Column("secret", "secret"),
  };
  return *kColumns;
}

// Lists show times to the minute: last use is only kept to the minute, and four full RFC 3339
// times would leave no room for the other columns.
std::string MinuteText(bool is_set, const google::protobuf::Timestamp& time) {
  if (!is_set) return "";
  return absl::FormatTime("%Y-%m-%d %H:%M", absl::FromUnixSeconds(time.seconds()),
                          absl::UTCTimeZone());
}

// The columns a list may cut to fit the terminal. The token id is what `revoke` needs and a cut
// time is useless, so those stay whole; names and descriptions are still recognisable when cut.
constexpr size_t kCuttableColumns[] = {1, 2, 7};
// A cut column keeps at least this many characters (or its whole text, when shorter); its title
// is cut too rather than holding the column wide, so that 120 columns fit a revoked token's row.
constexpr size_t kMinCutWidth = 6;

// Narrows the cuttable columns, widest first, until the table fits `width`.
void FitToWidth(int width, Table* table) {
  std::vector<size_t> widths(table->header.size(), 0);
  for (size_t column = 0; column < widths.size(); ++column) {
    widths[column] = DisplayWidth(table->header[column]);
    for (const std::vector<std::string>& row : table->rows) {
      widths[column] = std::max(widths[column], DisplayWidth(row[column]));
    }
  }
  // Two blanks between columns, as RenderTable draws them.
  size_t used = 2 * (widths.size() - 1);
  for (size_t column_width : widths) used += column_width;
  const std::vector<size_t> natural = widths;
  while (width > 0 && used > static_cast<size_t>(width)) {
    size_t* widest = nullptr;
    for (size_t column : kCuttableColumns) {
      if (widths[column] <= std::min(kMinCutWidth, natural[column])) continue;
      if (widest == nullptr || widths[column] > *widest) widest = &widths[column];
    }
    if (widest == nullptr) break;
    --*widest;
    --used;
  }
  for (size_t column : kCuttableColumns) {
    if (widths[column] == natural[column]) continue;
    table->header[column] = Truncate(table->header[column], widths[column]);
    for (std::vector<std::string>& row : table->rows) {
      row[column] = Truncate(row[column], widths[column]);
    }
  }
}

Table TokensTable(const ListTokensResponse& response, int width) {
  Table table;
  table.header = {"TOKEN ID", "PRINCIPAL", "DESCRIPTION", "CREATED (UTC)",
                  "EXPIRES",  "LAST USED", "REVOKED",     "CREATED BY"};
  for (const ApiToken& token : response.tokens()) {
    table.rows.push_back({
        token.token_id(),
        token.principal(),
        token.description(),
        MinuteText(token.has_create_time(), token.create_time()),
        MinuteText(token.has_expire_time(), token.expire_time()),
        MinuteText(token.has_last_use_time(), token.last_use_time()),
        MinuteText(token.has_revoke_time(), token.revoke_time()),
        token.created_by(),
    });
  }
  FitToWidth(width, &table);
  return table;
}

// Sets expire_time from --expires-in DAYS, counted from now. Returns kExitUsage with the rule
// when DAYS is not a whole number in range.
int ApplyExpiresIn(const CommandEnv& env, const std::string& text, ApiToken* token) {
  int days = 0;
  if (!absl::SimpleAtoi(text, &days) || days < 1 || days > kMaxExpiresInDays) {
    return UsageError(env, absl::StrCat("--expires-in: must be a whole number of days from 1 to ",
                                        kMaxExpiresInDays, ", got '", text, "'"));
  }
  const absl::Time expires = absl::Now() + absl::Hours(24) * days;
  token->mutable_expire_time()->set_seconds(absl::ToUnixSeconds(expires));
  return kExitOk;
}

// The secret goes to stdout and nowhere else. In a table the notice that it is shown once is
// part of what people read; with json or csv stdout is for programs, so the notice goes to
// stderr.
int PrintCreatedToken(const CommandEnv& env, const CreateTokenResponse& created) {
  *env.out << RenderResource(env.options.output, created, CreatedTokenColumns(),
                             CreatedTokenColumns(), env.width);
  std::ostream& notice = env.options.output == OutputFormat::kTable ? *env.out : *env.err;
  notice << kShownOnce << "\n";
  return kExitOk;
}

int RunTokenCreate(const CommandEnv& env, const ParsedArgs& args) {
  CreateTokenRequest request;
  ApiToken* token = request.mutable_token();
  const std::optional<std::string> expires_in = args.Value("expires-in");
  if (expires_in.has_value() && args.Has("expire-time")) {
    return UsageError(env, "--expires-in and --expire-time both set the expiry: give only one");
  }
  if (int code = ApplyFieldFlags(env, args, token); code != kExitOk) return code;
  if (expires_in.has_value()) {
    if (int code = ApplyExpiresIn(env, *expires_in, token); code != kExitOk) return code;
  }
  CreateTokenResponse created;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status =
      IdentityService::NewStub(env.channel)->CreateToken(&context, request, &created);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintCreatedToken(env, created);
}

int RunTokenList(const CommandEnv& env, const ParsedArgs& args) {
  ListTokensRequest request;
  if (int code = ApplyFieldFlags(env, args, &request); code != kExitOk) return code;
  request.set_include_inactive(args.Has("include-inactive"));
  std::unique_ptr<IdentityService::Stub> stub = IdentityService::NewStub(env.channel);
  ListTokensResponse tokens;
  grpc::Status status = ListPages<ListTokensRequest, ListTokensResponse>(
      env, args.Has("all"), request,
      [&stub](grpc::ClientContext* context, const ListTokensRequest& page_request,
              ListTokensResponse* page) { return stub->ListTokens(context, page_request, page); },
      &tokens);
  if (!status.ok()) return RpcFailure(env, status);
  *env.out << RenderList(
      env.options.output, tokens, AsMessages(tokens.tokens()), TokenColumns(),
      [&tokens, &env] { return TokensTable(tokens, env.width); }, env.width);
  return kExitOk;
}

int RunRevoke(const CommandEnv& env, const ParsedArgs& args) {
  RevokeTokenRequest request;
  request.set_request_id(args.Value("request-id").value_or(NewRequestId()));
  request.set_token_id(args.positional[0]);
  ApiToken revoked;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status =
      IdentityService::NewStub(env.channel)->RevokeToken(&context, request, &revoked);
  if (!status.ok()) return RpcFailure(env, status);
  *env.out << RenderResource(env.options.output, revoked, TokenColumns(), TokenColumns(),
                             env.width);
  return kExitOk;
}

std::vector<FlagSpec> TokenCreateFlags() {
  return {
      FieldFlag("principal", "NAME", "principal",
                "Who the token acts as: people/EMPLOYEE_ID or serviceAccounts/ACCOUNT_ID "
                "(default: yourself)."),
      FieldFlag("description", "TEXT", "description",
                "What the token is for, at most 200 characters."),
      ValueFlag("expires-in", "DAYS",
                "Expire this many days from now, 1 to 400 (default: 90 days)."),
      FieldFlag("expire-time", "TIME", "expire_time",
                "Expire at this RFC 3339 time, at most 400 days ahead."),
  };
}

std::vector<FlagSpec> ListFlags() {
  return {
      FieldFlag("principal", "NAME", "principal",
                "Only tokens of this principal, e.g. people/E1001 or serviceAccounts/hr-sync."),
      SwitchFlag("include-inactive", "List revoked and expired tokens too."),
      FieldFlag("page-size", "N", "page_size",
                "Tokens per page (server default 50, at most 1000)."),
      FieldFlag("page-token", "TOKEN", "page_token",
                "Continue from a previous page's next_page_token."),
      SwitchFlag("all", "Fetch every page and print them as one list."),
  };
}

}  // namespace

GroupSpec TokensGroup() {
  GroupSpec group{"tokens", "API tokens: create, list, revoke.", {}};
  VerbSpec create{"create",
                  "Create an API token and show its secret once.",
                  "",
                  0,
                  0,
                  "Creates a token for --principal (default: yourself) and prints its id,\n"
                  "expiry and secret. The secret is shown only this once: store it now. Without\n"
                  "--expires-in or --expire-time the token expires after 90 days.",
                  TokenCreateFlags(),
                  RunTokenCreate};
  VerbSpec list{"list",
                "List tokens, newest first.",
                "",
                0,
                0,
                "Lists tokens that still work, newest first, one page unless --all is given;\n"
                "--include-inactive adds revoked and expired ones. When more pages follow,\n"
                "their token is printed on stderr as 'next_page_token: TOKEN'.",
                ListFlags(),
                RunTokenList};
  VerbSpec revoke{"revoke",
                  "Revoke a token.",
                  "TOKEN_ID",
                  1,
                  1,
                  "Revokes the token with this id (as listed by 'escala tokens list'); it stops\n"
                  "working within a few seconds.",
                  {ValueFlag("request-id", "ID", "Idempotency key; a random UUID when not given.")},
                  RunRevoke};
  group.verbs = {create, list, revoke};
  return group;
}

}  // namespace escala::client
