// Input-safety cases of the AuditService: its filters match literally, its order and resource
// type come from an allow-list.

#include <grpcpp/grpcpp.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "escala/v1/audit.grpc.pb.h"
#include "tests/e2e/access/input_safety_registry.h"

namespace escala::testing::input_safety {
namespace {

// Lists the audit log as the administrator with `set` applied to the request.
grpc::Status ListEvents(InputClient& client,
                        void (*set)(v1::ListAuditEventsRequest&, const std::string&),
                        const std::string& value, v1::ListAuditEventsResponse* response) {
  v1::ListAuditEventsRequest request;
  set(request, value);
  request.set_page_size(1000);
  return client.Call(&v1::AuditService::Stub::ListAuditEvents, request, response);
}

void SetResourceName(v1::ListAuditEventsRequest& r, const std::string& v) {
  r.set_resource_name(v);
}
void SetPrincipal(v1::ListAuditEventsRequest& r, const std::string& v) { r.set_principal(v); }
void SetOrderBy(v1::ListAuditEventsRequest& r, const std::string& v) { r.set_order_by(v); }
void SetResourceType(v1::ListAuditEventsRequest& r, const std::string& v) {
  r.set_resource_type(v);
}

// The number of events a filter selects.
auto CountWith(void (*set)(v1::ListAuditEventsRequest&, const std::string&)) {
  return [set](InputClient& client, const std::string& value, int* count) {
    v1::ListAuditEventsResponse response;
    grpc::Status status = ListEvents(client, set, value, &response);
    *count = response.events_size();
    return status;
  };
}

// A filter value that must be refused.
auto RefusedWith(void (*set)(v1::ListAuditEventsRequest&, const std::string&)) {
  return [set](InputClient& client, const std::string& value) {
    v1::ListAuditEventsResponse response;
    return ListEvents(client, set, value, &response);
  };
}

InputCases AuditInputCases() {
  InputCases cases;
  // The world's log holds two events, both by the administrator: team t-a and person A1. The
  // literal values match; the same as patterns, padded or in another case must not.
  cases.literal_filters = {
      {.field = "resource_name",
       .via = "ListAuditEvents",
       .count = CountWith(&SetResourceName),
       .expected = {{"people/A1", 1},
                    {"people/%", 0},
                    {"people/A_", 0},
                    {"%", 0},
                    {absl::StrCat("people/", kSqlIdentifier), 0},
                    {"people/A1 ", 0},
                    {"PEOPLE/A1", 0}}},
      {.field = "principal",
       .via = "ListAuditEvents",
       .count = CountWith(&SetPrincipal),
       .expected = {{"serviceAccounts/admin", 2},
                    {"serviceAccounts/%", 0},
                    {"serviceAccounts/admi_", 0},
                    {kSqlIdentifier, 0},
                    {"serviceAccounts/admin ", 0}}},
  };
  cases.refused = {
      {.field = "order_by",
       .via = "ListAuditEvents",
       .values = {"id; DROP TABLE audit_events", "event_time", "id desc", "event_time asc; --",
                  "EVENT_TIME DESC"},
       .call = RefusedWith(&SetOrderBy)},
      {.field = "resource_type",
       .via = "ListAuditEvents",
       .values = {"people", "person' OR '1'='1", "%", "tokens"},
       .call = RefusedWith(&SetResourceType)},
  };
  cases.paged_lists = {
      {.method = "escala.v1.AuditService/ListAuditEvents",
       .prepare =
           [](InputClient& client) {
             return [&client](int32_t page_size) {
               v1::ListAuditEventsRequest request;
               request.set_page_size(page_size);
               v1::ListAuditEventsResponse response;
               return client.Call(&v1::AuditService::Stub::ListAuditEvents, request, &response);
             };
           }},
  };
  return cases;
}

const InputCaseRegistrar kAuditInputCases("audit", &AuditInputCases);

}  // namespace
}  // namespace escala::testing::input_safety
