// `escala audit …`: reading the audit log of changes.

#include <algorithm>
#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "client/core/command.h"
#include "client/core/enum_names.h"
#include "client/core/time_text.h"
#include "escala/v1/audit.grpc.pb.h"

namespace escala::client {
namespace {

using escala::v1::AuditEvent;
using escala::v1::AuditService;
using escala::v1::ListAuditEventsRequest;
using escala::v1::ListAuditEventsResponse;

// The change column gets the room the other columns leave, within these bounds: enough to
// recognise the change, while a bulk change's record (it can be megabytes) cannot blow up a row.
constexpr size_t kMinChangeWidth = 12;
constexpr size_t kMaxChangeWidth = 60;
// Every method lives in this package; leaving it out keeps the method column readable.
constexpr char kPackagePrefix[] = "escala.v1.";

// Every field of an event, for --output csv.
const ColumnTable& AuditColumns() {
  static const ColumnTable* const kColumns = new ColumnTable{
      OutputOnlyColumn("id"),
      OutputOnlyColumn("event_time"),
      OutputOnlyColumn("principal"),
      OutputOnlyColumn("principal_role"),
      OutputOnlyColumn("method"),
      OutputOnlyColumn("resource_type"),
      OutputOnlyColumn("resource_name"),
      OutputOnlyColumn("request_id"),
      OutputOnlyColumn("before_json"),
      OutputOnlyColumn("after_json"),
  };
  return *kColumns;
}

std::string ShortMethod(const std::string& method) {
  if (absl::StartsWith(method, kPackagePrefix)) {
    return method.substr(sizeof(kPackagePrefix) - 1);
  }
  return method;
}

// The rows fit `width` by cutting only the change column where possible: the other columns are
// short values that are useless when cut.
Table AuditTable(const ListAuditEventsResponse& response, int width) {
  Table table;
  table.header = {"ID",     "TIME (UTC)", "PRINCIPAL",  "ROLE",
                  "METHOD", "RESOURCE",   "REQUEST ID", "CHANGE"};
  for (const AuditEvent& event : response.events()) {
    table.rows.push_back({
        absl::StrCat(event.id()),
        event.has_event_time() ? FormatTimestamp(event.event_time()) : "",
        event.principal(),
        ShortEnumName(event.principal_role()),
        ShortMethod(event.method()),
        event.resource_name(),
        event.request_id(),
        event.after_json(),
    });
  }
  if (width <= kNoWidthLimit) return table;
  const size_t change = table.header.size() - 1;
  // Two blanks between columns, as RenderTable draws them.
  size_t used = 2 * change;
  for (size_t column = 0; column < change; ++column) {
    size_t widest = DisplayWidth(table.header[column]);
    for (const std::vector<std::string>& row : table.rows) {
      widest = std::max(widest, DisplayWidth(row[column]));
    }
    used += widest;
  }
  const size_t room = width > 0 && static_cast<size_t>(width) > used ? width - used : 0;
  const size_t change_width = std::clamp(room, kMinChangeWidth, kMaxChangeWidth);
  for (std::vector<std::string>& row : table.rows)
    row[change] = Truncate(row[change], change_width);
  return table;
}

int RunList(const CommandEnv& env, const ParsedArgs& args) {
  ListAuditEventsRequest request;
  if (int code = ApplyFieldFlags(env, args, &request); code != kExitOk) return code;
  if (args.Has("oldest-first")) request.set_order_by("event_time asc");
  std::unique_ptr<AuditService::Stub> stub = AuditService::NewStub(env.channel);
  ListAuditEventsResponse events;
  grpc::Status status = ListPages<ListAuditEventsRequest, ListAuditEventsResponse>(
      env, args.Has("all"), request,
      [&stub](grpc::ClientContext* context, const ListAuditEventsRequest& page_request,
              ListAuditEventsResponse* page) {
        return stub->ListAuditEvents(context, page_request, page);
      },
      &events);
  if (!status.ok()) return RpcFailure(env, status);
  *env.out << RenderList(
      env.options.output, events, AsMessages(events.events()), AuditColumns(),
      [&events, &env] { return AuditTable(events, env.width); }, env.width);
  return kExitOk;
}

std::vector<FlagSpec> ListFlags() {
  return {
      FieldFlag("principal", "NAME", "principal",
                "Only changes made by this principal, e.g. people/E1001 or "
                "serviceAccounts/hr-sync."),
      FieldFlag("resource-type", "TYPE", "resource_type",
                "Only changes of this kind of resource: person, team, interaction, "
                "service_account, token."),
      FieldFlag("resource", "NAME", "resource_name",
                "Only changes of this resource, e.g. people/E1001 or interactions/42."),
      FieldFlag("since", "TIME", "start_time", "Only changes at or after this RFC 3339 time."),
      FieldFlag("until", "TIME", "end_time", "Only changes before this RFC 3339 time."),
      SwitchFlag("oldest-first", "Oldest change first (default: newest first)."),
      FieldFlag("page-size", "N", "page_size",
                "Events per page (server default 50, at most 1000)."),
      FieldFlag("page-token", "TOKEN", "page_token",
                "Continue from a previous page's next_page_token."),
      SwitchFlag("all", "Fetch every page and print them as one list."),
  };
}

}  // namespace

GroupSpec AuditGroup() {
  GroupSpec group{"audit", "The audit log of changes: who changed what, when.", {}};
  VerbSpec list{"list",
                "List audit events, newest first.",
                "",
                0,
                0,
                "Lists recorded changes, newest first unless --oldest-first is given, one page\n"
                "unless --all is given. When more pages follow, their token is printed on\n"
                "stderr as 'next_page_token: TOKEN'; use it with the same filters. The CHANGE\n"
                "column shows the start of the changed fields' new values; --output json or csv\n"
                "shows the values before and after in full.",
                ListFlags(),
                RunList};
  group.verbs = {list};
  return group;
}

}  // namespace escala::client
