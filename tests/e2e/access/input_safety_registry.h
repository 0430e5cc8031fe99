#pragma once

// The input-safety test's vocabulary and its registry of cases. Each domain's cases live in their
// own file (tests/e2e/access/*_input_cases.cc) and register themselves with an
// InputCaseRegistrar, so that a new domain adds a file and edits nothing here.
// input_safety_e2e_test.cc runs every registered case through one generic test body per kind,
// and fails when a List RPC of the policy table has no paging case or a string field of the
// covered requests has neither a round trip nor a reason why it is not free text.
//
// Every case runs against a fresh server whose database holds team t-a, agent A1 in it and
// the administrator; a case makes its own records, with ids from InputClient::Unique.

#include <grpcpp/grpcpp.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "escala/v1/people.pb.h"
#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing::input_safety {

// Texts that break naive quoting, escaping, LIKE patterns or byte-counting.
const std::vector<std::string>& HostileTexts();
// URIs may not hold spaces or control characters, but everything else HostileTexts has.
const std::vector<std::string>& HostileUris();

// A text with a NUL byte in the middle.
inline const std::string kWithNul("before\0after", 12);
// An identifier that would widen a naively built WHERE clause.
inline constexpr char kSqlIdentifier[] = "x' OR '1'='1";

// The calls a case makes: as the administrator unless it says otherwise.
class InputClient {
 public:
  InputClient(std::shared_ptr<grpc::Channel> channel, std::string admin_token)
      : channel_(std::move(channel)), admin_token_(std::move(admin_token)) {}

  const std::shared_ptr<grpc::Channel>& channel() const { return channel_; }
  const std::string& admin_token() const { return admin_token_; }

  // `prefix` and a number not handed out before on this client.
  std::string Unique(const std::string& prefix) { return absl::StrCat(prefix, ++next_id_); }

  // Calls one unary RPC as the administrator, e.g.
  //   client.Call(&v1::PeopleService::Stub::GetPerson, request, &person)
  template <typename Stub, typename Request, typename Response>
  grpc::Status Call(grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                    const Request& request, Response* response) {
    return CallAs(admin_token_, method, request, response);
  }

  // Calls one unary RPC with `token`.
  template <typename Stub, typename Request, typename Response>
  grpc::Status CallAs(const std::string& token,
                      grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                      const Request& request, Response* response) {
    Stub stub(channel_);
    grpc::ClientContext context;
    Authorize(context, token);
    return (stub.*method)(&context, request, response);
  }

  // A valid agent of team t-a with `employee_id` and `display_name`, not yet stored.
  static v1::Person NewPerson(const std::string& employee_id, const std::string& display_name);

  // A token of a new person of team t-a with `role`; "" (and a test failure) when that failed.
  std::string TokenOfNewPerson(const std::string& employee_id, v1::Role role);
  // The token of the manager M1, made on first use: the QA lists are a manager's to read.
  const std::string& ManagerToken();

  // The id of the newest audit event; 0 when there is none.
  int64_t NewestEventId();

 private:
  std::shared_ptr<grpc::Channel> channel_;
  std::string admin_token_;
  std::string manager_token_;
  int next_id_ = 0;
};

// What one read path gave back for a value a case wrote.
struct ReadBack {
  std::string via;  // the read path: "GetPerson", "audit after_json"
  std::string sent;
  std::string got;
};

// Pairs `sent` and `got` in sorted order, for read paths that return a set: any value missing
// on either side reads back as "(missing)".
std::vector<ReadBack> PairSorted(const std::string& via, std::vector<std::string> sent,
                                 std::vector<std::string> got);

enum class TextKind { kFreeText, kUri };

// Writes values into one field through one write path and reads each back through every read
// path; the test expects every value back byte for byte.
struct RoundTrip {
  std::string field;  // as the server names it: "interaction.recording.format"
  std::string via;    // the write path: "CreateInteraction"
  TextKind kind = TextKind::kFreeText;
  // Writes all `texts` (asserting that the writes succeed) and returns what came back.
  std::function<std::vector<ReadBack>(InputClient&, const std::vector<std::string>& texts)> run;
  // The values written; empty for HostileTexts() or HostileUris(), by `kind`. Fields that are
  // not free text list the values of their restricted alphabet here.
  std::vector<std::string> texts = {};
};

// Writes `value` into one field and answers the call's status.
using WriteCall = std::function<grpc::Status(InputClient&, const std::string& value)>;

// One write path of a free-text field: a NUL byte and text that is not UTF-8 are refused, and
// a text longer than the field's limit is refused naming the field and the limit.
struct FieldWrite {
  std::string field;  // as the server names it in the error: "person.display_name"
  std::string via;    // "CreatePerson"
  // Writes `value` into the field of a new record (or an update of an existing one). A streamed
  // write turns the record's rejection into the status it stands for.
  WriteCall write;
  // The field's limit in characters; 0 when this path's limit is not probed.
  std::size_t max_characters = 0;
  // A stream: a message that does not parse ends the stream instead of answering
  // INVALID_ARGUMENT (server/platform/unparsed_request_interceptor.h), so no UTF-8 case.
  bool streamed = false;
  // Instead of `write`, for a path that needs records first (an evaluation to dispute): makes
  // them and returns the write. The refusal tests run it before they note the newest audit
  // event, so that its records are not taken for a refused call's. A write may be called up to
  // twice (the limit test: at the limit, then over it), so make what two calls need.
  std::function<WriteCall(InputClient&)> prepare = nullptr;
};

// Hands out `records` one per call, round and round: the records a prepared write (see
// FieldWrite::prepare) needs fresh for each of its calls.
template <typename Record>
std::function<Record()> Pool(std::vector<Record> records) {
  auto shared = std::make_shared<const std::vector<Record>>(std::move(records));
  auto next = std::make_shared<std::size_t>(0);
  return [shared, next] { return (*shared)[(*next)++ % shared->size()]; };
}

// Values one field refuses: INVALID_ARGUMENT naming the field, and no audit event. SQL-looking
// identifiers, values outside an allow-list, characters outside a restricted alphabet.
struct RefusedValues {
  std::string field;  // as the server names it: "agent_employee_id", "interaction.tags[1]"
  std::string via;    // "ListInteractions"
  std::vector<std::string> values;
  std::function<grpc::Status(InputClient&, const std::string& value)> call;
};

// A filter that matches its value literally: no wildcards, no padding or case folding.
struct LiteralFilter {
  std::string field;  // "resource_name"
  std::string via;    // "ListAuditEvents"
  // Lists with the filter set to `value`; `*count` is the number of records selected.
  std::function<grpc::Status(InputClient&, const std::string& value, int* count)> count;
  std::vector<std::pair<std::string, int>> expected;  // value → records it selects
};

// An enum filter of a List: a value outside the enum is refused naming the field.
struct EnumFilter {
  std::string field;  // "channel"
  std::string via;    // "ListInteractions"
  std::function<grpc::Status(InputClient&, int value)> call;
};

// A List RPC's page_size: above 1000 is coerced (AIP-158), negative is refused naming it.
struct PagedList {
  std::string method;  // as the policy table names it: "escala.v1.PeopleService/ListPeople"
  // Sets up what the list needs (a caller, a parent record) and returns the call.
  std::function<std::function<grpc::Status(int32_t page_size)>(InputClient&)> prepare;
  // The answer to page_size 5000, which is read as 1000: OK, or what a list of a parent that
  // does not exist answers (the page size is checked before the parent is looked up).
  grpc::StatusCode over_maximum = grpc::StatusCode::OK;
};

// A limit of a server with small limits (64 KiB per request message, 5 records per import):
// `check` makes its calls and asserts on them.
struct LimitCase {
  std::string name;
  std::function<void(InputClient&)> check;
};

// Everything one domain registers.
struct InputCases {
  std::vector<RoundTrip> round_trips;
  std::vector<FieldWrite> field_writes;
  std::vector<RefusedValues> refused;
  std::vector<LiteralFilter> literal_filters;
  std::vector<EnumFilter> enum_filters;
  std::vector<PagedList> paged_lists;
  std::vector<LimitCase> limits;
  // String fields of the domain's create and update requests that get no hostile-text round
  // trip, each with the reason ("identifier: refused unless [A-Za-z0-9._-]").
  std::map<std::string, std::string> not_free_text;
};

// Registers a domain's cases at static initialization: in the domain's file,
//   const InputCaseRegistrar kDirectoryInputCases("directory", &DirectoryInputCases);
// The object is named after its file: a unity build compiles several domains' files as one unit.
class InputCaseRegistrar {
 public:
  InputCaseRegistrar(const char* domain, InputCases (*cases)());
};

// The registered domains, in registration order.
std::vector<std::string> InputCaseDomains();

// Every registered case. A case registered by two domains (the same field and write path, or
// the same List method) is a test failure (ADD_FAILURE) naming both; a not_free_text field
// named by two domains (request_id) is not.
InputCases AllInputCases();

}  // namespace escala::testing::input_safety
