// `escala certifications …` (CertificationService) and `escala paths …` (LearningPathService):
// definitions, and the statuses and progress the server computes from completion records.

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "client/core/command.h"
#include "client/core/enum_names.h"
#include "client/core/table_printer.h"
#include "client/core/time_text.h"
#include "escala/v1/certifications.grpc.pb.h"
#include "escala/v1/identity.grpc.pb.h"
#include "escala/v1/learning_paths.grpc.pb.h"

namespace escala::client {
namespace {

using v1::Certification;
using v1::CertificationService;
using v1::LearningPath;
using v1::LearningPathService;

std::unique_ptr<CertificationService::Stub> CertStub(const CommandEnv& env) {
  return CertificationService::NewStub(env.channel);
}
std::unique_ptr<LearningPathService::Stub> PathStub(const CommandEnv& env) {
  return LearningPathService::NewStub(env.channel);
}

// "12m" (months), "30d" or "30" (days).
std::optional<v1::CalendarPeriod> ParsePeriod(absl::string_view text) {
  v1::CalendarPeriod period;
  int32_t count = 0;
  if (absl::ConsumeSuffix(&text, "m")) {
    period.set_unit(v1::CALENDAR_PERIOD_UNIT_MONTHS);
  } else {
    absl::ConsumeSuffix(&text, "d");
    period.set_unit(v1::CALENDAR_PERIOD_UNIT_DAYS);
  }
  if (!absl::SimpleAtoi(text, &count)) return std::nullopt;
  period.set_count(count);
  return period;
}

std::string PeriodText(const v1::CalendarPeriod& period) {
  return absl::StrCat(period.count(), period.unit() == v1::CALENDAR_PERIOD_UNIT_MONTHS ? "m" : "d");
}

// "30d" or "30" as days.
std::optional<int32_t> ParseDays(absl::string_view text) {
  absl::ConsumeSuffix(&text, "d");
  int32_t days = 0;
  if (!absl::SimpleAtoi(text, &days)) return std::nullopt;
  return days;
}

int PrintJsonOr(const CommandEnv& env, const google::protobuf::Message& message) {
  *env.out << ToPrettyJson(message);
  return kExitOk;
}

// The period, enum and list flags of create; a usage error names the flag.
int ApplyCertificationFlags(const CommandEnv& env, const ParsedArgs& args, Certification* c) {
  c->set_certification_id(*args.Value("id"));
  c->set_title(*args.Value("title"));
  if (auto description = args.Value("description")) c->set_description(*description);
  for (const std::string& value : args.Values("course")) {
    for (const std::string& course : SplitList(value)) c->add_course_ids(course);
  }
  struct PeriodFlag {
    const char* flag;
    v1::CalendarPeriod* field;
  };
  for (PeriodFlag p : {PeriodFlag{"active-period", c->mutable_active_period()},
                       PeriodFlag{"window", c->mutable_renewal_window()}}) {
    std::optional<v1::CalendarPeriod> parsed = ParsePeriod(*args.Value(p.flag));
    if (!parsed) {
      return UsageError(env, absl::StrCat("--", p.flag, ": months (12m) or days (30d), got '",
                                          *args.Value(p.flag), "'"));
    }
    *p.field = *parsed;
  }
  if (auto minimum = args.Value("minimum")) {
    std::optional<v1::CalendarPeriod> parsed = ParsePeriod(*minimum);
    if (!parsed) {
      return UsageError(env,
                        absl::StrCat("--minimum: months (6m) or days (30d), got '", *minimum, "'"));
    }
    *c->mutable_minimum_active_period() = *parsed;
  }
  absl::StatusOr<v1::RenewalBasis> basis =
      ParseEnum<v1::RenewalBasis>(args.Value("basis").value_or("completion-date"));
  if (!basis.ok()) return UsageError(env, absl::StrCat("--basis: ", basis.status().message()));
  c->set_renewal_basis(*basis);
  for (const std::string& role : SplitList(args.Value("roles").value_or(""))) {
    absl::StatusOr<v1::Role> parsed = ParseEnum<v1::Role>(role);
    if (!parsed.ok()) return UsageError(env, absl::StrCat("--roles: ", parsed.status().message()));
    c->add_required_roles(*parsed);
  }
  for (const std::string& level : SplitList(args.Value("levels").value_or(""))) {
    int32_t n = 0;
    if (!absl::SimpleAtoi(level, &n)) {
      return UsageError(env, absl::StrCat("--levels: whole numbers (1,2), got '", level, "'"));
    }
    c->add_required_levels(n);
  }
  return kExitOk;
}

std::string Roles(const google::protobuf::RepeatedField<int>& roles) {
  std::vector<std::string> names;
  for (int role : roles) names.push_back(ShortEnumName(static_cast<v1::Role>(role)));
  return absl::StrJoin(names, ",");
}

int PrintCertification(const CommandEnv& env, const Certification& c) {
  if (env.options.output == OutputFormat::kJson) return PrintJsonOr(env, c);
  Table table;
  if (env.options.output == OutputFormat::kCsv) table.header = {"field", "value"};
  table.rows = {
      {"id", c.certification_id()},
      {"title", c.title()},
      {"courses", absl::StrJoin(c.course_ids(), ",")},
      {"active_period", PeriodText(c.active_period())},
      {"window", PeriodText(c.renewal_window())},
      {"basis", ShortEnumName(c.renewal_basis())},
      {"minimum", c.has_minimum_active_period() ? PeriodText(c.minimum_active_period()) : ""},
      {"required_roles", Roles(c.required_roles())},
      {"required_levels", absl::StrJoin(c.required_levels(), ",")},
      {"active", c.active() ? "yes" : "no"},
      {"created_by", c.created_by()},
      {"update_time", FormatTimestamp(c.update_time())},
      {"etag", c.etag()}};
  if (!c.description().empty())
    table.rows.insert(table.rows.begin() + 2, {"description", c.description()});
  PrintTable(env, table);
  return kExitOk;
}

int RunCertificationCreate(const CommandEnv& env, const ParsedArgs& args) {
  v1::CreateCertificationRequest request;
  if (int code = ApplyCertificationFlags(env, args, request.mutable_certification());
      code != kExitOk) {
    return code;
  }
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  Certification created;
  grpc::Status status = CertStub(env)->CreateCertification(&context, request, &created);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintCertification(env, created);
}

int RunCertificationShow(const CommandEnv& env, const ParsedArgs& args) {
  v1::GetCertificationRequest request;
  request.set_certification_id(args.positional[0]);
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  Certification c;
  grpc::Status status = CertStub(env)->GetCertification(&context, request, &c);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintCertification(env, c);
}

int RunCertificationList(const CommandEnv& env, const ParsedArgs& args) {
  v1::ListCertificationsRequest request;
  if (int code = ApplyFieldFlags(env, args, &request); code != kExitOk) return code;
  request.set_active_only(args.Has("active-only"));
  auto stub = CertStub(env);
  v1::ListCertificationsResponse response;
  grpc::Status status = ListPages<v1::ListCertificationsRequest, v1::ListCertificationsResponse>(
      env, args.Has("all"), request,
      [&stub](grpc::ClientContext* context, const v1::ListCertificationsRequest& page_request,
              v1::ListCertificationsResponse* page) {
        return stub->ListCertifications(context, page_request, page);
      },
      &response);
  if (!status.ok()) return RpcFailure(env, status);
  if (env.options.output == OutputFormat::kJson) return PrintJsonOr(env, response);
  Table table;
  table.header = {"ID", "TITLE", "COURSES", "HOLDS", "WINDOW", "BASIS", "ROLES"};
  for (const Certification& c : response.certifications()) {
    table.rows.push_back({c.certification_id(), c.title(), absl::StrJoin(c.course_ids(), ","),
                          PeriodText(c.active_period()), PeriodText(c.renewal_window()),
                          ShortEnumName(c.renewal_basis()), Roles(c.required_roles())});
  }
  PrintTable(env, table);
  return kExitOk;
}

std::string StateText(const v1::CertificationStatus& s) { return ShortEnumName(s.state()); }

Table StatusTable(const google::protobuf::RepeatedPtrField<v1::CertificationStatus>& rows,
                  bool with_days) {
  Table table;
  table.header = {"PERSON", "CERTIFICATION", "STATE", "CERTIFIED", "EXPIRES"};
  if (with_days) table.header.push_back("DAYS");
  for (const v1::CertificationStatus& s : rows) {
    std::vector<std::string> row = {s.employee_id(), s.certification_id(), StateText(s),
                                    s.certified_date(), s.expiry_date()};
    if (with_days) row.push_back(absl::StrCat(s.days_to_expiry()));
    table.rows.push_back(std::move(row));
  }
  return table;
}

// --as-of TIME into the request's as_of_time.
template <typename Request>
int ApplyAsOf(const CommandEnv& env, const ParsedArgs& args, Request* request) {
  if (auto as_of = args.Value("as-of")) {
    absl::StatusOr<google::protobuf::Timestamp> parsed = ParseTimestamp(*as_of);
    if (!parsed.ok()) return UsageError(env, absl::StrCat("--as-of: ", parsed.status().message()));
    *request->mutable_as_of_time() = *parsed;
  }
  return kExitOk;
}

int RunCertificationStatus(const CommandEnv& env, const ParsedArgs& args) {
  v1::ListCertificationStatusesRequest request;
  if (int code = ApplyFieldFlags(env, args, &request); code != kExitOk) return code;
  if (int code = ApplyAsOf(env, args, &request); code != kExitOk) return code;
  auto stub = CertStub(env);
  v1::ListCertificationStatusesResponse response;
  grpc::Status status =
      ListPages<v1::ListCertificationStatusesRequest, v1::ListCertificationStatusesResponse>(
          env, true, request,
          [&stub](grpc::ClientContext* context,
                  const v1::ListCertificationStatusesRequest& page_request,
                  v1::ListCertificationStatusesResponse* page) {
            return stub->ListCertificationStatuses(context, page_request, page);
          },
          &response);
  if (!status.ok()) return RpcFailure(env, status);
  if (env.options.output == OutputFormat::kJson) return PrintJsonOr(env, response);
  PrintTable(env, StatusTable(response.statuses(), false));
  return kExitOk;
}

int RunCertificationExpiring(const CommandEnv& env, const ParsedArgs& args) {
  v1::ListExpiringCertificationsRequest request;
  if (int code = ApplyFieldFlags(env, args, &request); code != kExitOk) return code;
  if (int code = ApplyAsOf(env, args, &request); code != kExitOk) return code;
  if (auto within = args.Value("within")) {
    std::optional<int32_t> days = ParseDays(*within);
    if (!days) return UsageError(env, absl::StrCat("--within: days (30d), got '", *within, "'"));
    request.set_within_days(*days);
  }
  request.set_exclude_expired(args.Has("exclude-expired"));
  auto stub = CertStub(env);
  v1::ListExpiringCertificationsResponse response;
  grpc::Status status =
      ListPages<v1::ListExpiringCertificationsRequest, v1::ListExpiringCertificationsResponse>(
          env, true, request,
          [&stub](grpc::ClientContext* context,
                  const v1::ListExpiringCertificationsRequest& page_request,
                  v1::ListExpiringCertificationsResponse* page) {
            return stub->ListExpiringCertifications(context, page_request, page);
          },
          &response);
  if (!status.ok()) return RpcFailure(env, status);
  if (env.options.output == OutputFormat::kJson) return PrintJsonOr(env, response);
  PrintTable(env, StatusTable(response.statuses(), true));
  return kExitOk;
}

// ---- learning paths ----

// "COURSE[:optional][:30d]" (required unless it says optional).
std::optional<v1::LearningPathItem> ParseItem(const std::string& text) {
  std::vector<std::string> parts = absl::StrSplit(text, ':');
  v1::LearningPathItem item;
  item.set_course_id(parts[0]);
  item.set_required(true);
  for (std::size_t i = 1; i < parts.size(); ++i) {
    if (parts[i] == "optional") {
      item.set_required(false);
    } else if (parts[i] == "required") {
      item.set_required(true);
    } else {
      std::optional<int32_t> days = ParseDays(parts[i]);
      if (!days) return std::nullopt;
      item.set_due_within_days(*days);
    }
  }
  return item;
}

int PrintPath(const CommandEnv& env, const LearningPath& p) {
  if (env.options.output == OutputFormat::kJson) return PrintJsonOr(env, p);
  Table table;
  table.header = {"COURSE", "REQUIRED", "DUE"};
  if (env.options.output != OutputFormat::kCsv) {
    *env.out << p.learning_path_id() << ": " << p.title() << " (" << ShortEnumName(p.role())
             << (p.level() == 0 ? ", every level" : absl::StrCat(", level ", p.level()))
             << (p.active() ? "" : ", inactive") << "; etag " << p.etag() << ")\n";
  }
  for (const v1::LearningPathItem& item : p.items()) {
    table.rows.push_back(
        {item.course_id(), item.required() ? "yes" : "optional",
         item.due_within_days() == 0 ? "" : absl::StrCat(item.due_within_days(), "d")});
  }
  PrintTable(env, table);
  return kExitOk;
}

int RunPathCreate(const CommandEnv& env, const ParsedArgs& args) {
  v1::CreateLearningPathRequest request;
  LearningPath* p = request.mutable_learning_path();
  p->set_learning_path_id(*args.Value("id"));
  p->set_title(*args.Value("title"));
  absl::StatusOr<v1::Role> role = ParseEnum<v1::Role>(*args.Value("role"));
  if (!role.ok()) return UsageError(env, absl::StrCat("--role: ", role.status().message()));
  p->set_role(*role);
  if (auto level = args.Value("level")) {
    int32_t n = 0;
    if (!absl::SimpleAtoi(*level, &n)) {
      return UsageError(env, absl::StrCat("--level: a whole number, got '", *level, "'"));
    }
    p->set_level(n);
  }
  for (const std::string& value : args.Values("item")) {
    for (const std::string& text : SplitList(value)) {
      std::optional<v1::LearningPathItem> item = ParseItem(text);
      if (!item) {
        return UsageError(env, absl::StrCat("--item: COURSE[:optional][:30d], got '", text, "'"));
      }
      *p->add_items() = *item;
    }
  }
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  LearningPath created;
  grpc::Status status = PathStub(env)->CreateLearningPath(&context, request, &created);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintPath(env, created);
}

int RunPathShow(const CommandEnv& env, const ParsedArgs& args) {
  v1::GetLearningPathRequest request;
  request.set_learning_path_id(args.positional[0]);
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  LearningPath p;
  grpc::Status status = PathStub(env)->GetLearningPath(&context, request, &p);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintPath(env, p);
}

int RunPathList(const CommandEnv& env, const ParsedArgs& args) {
  v1::ListLearningPathsRequest request;
  if (int code = ApplyFieldFlags(env, args, &request); code != kExitOk) return code;
  request.set_active_only(args.Has("active-only"));
  auto stub = PathStub(env);
  v1::ListLearningPathsResponse response;
  grpc::Status status = ListPages<v1::ListLearningPathsRequest, v1::ListLearningPathsResponse>(
      env, true, request,
      [&stub](grpc::ClientContext* context, const v1::ListLearningPathsRequest& page_request,
              v1::ListLearningPathsResponse* page) {
        return stub->ListLearningPaths(context, page_request, page);
      },
      &response);
  if (!status.ok()) return RpcFailure(env, status);
  if (env.options.output == OutputFormat::kJson) return PrintJsonOr(env, response);
  Table table;
  table.header = {"ID", "TITLE", "ROLE", "LEVEL", "ITEMS", "ACTIVE"};
  for (const LearningPath& p : response.learning_paths()) {
    table.rows.push_back({p.learning_path_id(), p.title(), ShortEnumName(p.role()),
                          p.level() == 0 ? "any" : absl::StrCat(p.level()),
                          absl::StrCat(p.items_size()), p.active() ? "yes" : "no"});
  }
  PrintTable(env, table);
  return kExitOk;
}

// One row per person, path and item.
Table ProgressTable(const std::vector<const v1::PersonLearningProgress*>& people) {
  Table table;
  table.header = {"PERSON", "PATH", "COURSE", "DUE", "DONE", "VERSION", "STATE"};
  for (const v1::PersonLearningProgress* person : people) {
    for (const v1::LearningPathProgress& path : person->paths()) {
      for (const v1::LearningPathItemProgress& item : path.items()) {
        std::string state = item.completed() ? "done" : (item.overdue() ? "OVERDUE" : "open");
        if (!item.required()) state += " (optional)";
        table.rows.push_back(
            {person->employee_id(), path.learning_path_id(), item.course_id(), item.due_date(),
             item.completed() ? FormatTimestamp(item.completion().completion_time()).substr(0, 10)
                              : "",
             item.completed() ? absl::StrCat(item.completion().course_version()) : "", state});
      }
    }
  }
  return table;
}

void PrintProgressSummary(const CommandEnv& env, const v1::PersonLearningProgress& person) {
  for (const v1::LearningPathProgress& path : person.paths()) {
    *env.out << person.employee_id() << " " << path.learning_path_id() << ": "
             << absl::StrFormat("%.0f", path.percent_done()) << "% done ("
             << path.required_completed() << " of " << path.required_total() << " required), "
             << path.overdue_count() << " overdue; started " << person.start_date() << "\n";
  }
}

int RunPathProgress(const CommandEnv& env, const ParsedArgs& args) {
  auto stub = PathStub(env);
  std::vector<v1::PersonLearningProgress> people;
  if (!args.positional.empty()) {
    if (args.Has("team")) return UsageError(env, "PERSON and --team: give one of them");
    v1::GetLearningPathProgressRequest request;
    request.set_employee_id(args.positional[0]);
    if (int code = ApplyAsOf(env, args, &request); code != kExitOk) return code;
    grpc::ClientContext context;
    SetDeadline(env.options, &context);
    v1::PersonLearningProgress progress;
    grpc::Status status = stub->GetLearningPathProgress(&context, request, &progress);
    if (!status.ok()) return RpcFailure(env, status);
    if (env.options.output == OutputFormat::kJson) return PrintJsonOr(env, progress);
    people.push_back(std::move(progress));
  } else {
    v1::ListLearningPathProgressRequest request;
    if (auto team = args.Value("team")) request.set_team_id(*team);
    if (int code = ApplyAsOf(env, args, &request); code != kExitOk) return code;
    v1::ListLearningPathProgressResponse response;
    grpc::Status status =
        ListPages<v1::ListLearningPathProgressRequest, v1::ListLearningPathProgressResponse>(
            env, true, request,
            [&stub](grpc::ClientContext* context,
                    const v1::ListLearningPathProgressRequest& page_request,
                    v1::ListLearningPathProgressResponse* page) {
              return stub->ListLearningPathProgress(context, page_request, page);
            },
            &response);
    if (!status.ok()) return RpcFailure(env, status);
    if (env.options.output == OutputFormat::kJson) return PrintJsonOr(env, response);
    people.assign(response.people().begin(), response.people().end());
  }
  std::vector<const v1::PersonLearningProgress*> rows;
  for (const v1::PersonLearningProgress& p : people) rows.push_back(&p);
  if (env.options.output != OutputFormat::kCsv) {
    for (const v1::PersonLearningProgress& p : people) PrintProgressSummary(env, p);
  }
  PrintTable(env, ProgressTable(rows));
  return kExitOk;
}

FlagSpec AsOfFlag() {
  return ValueFlag("as-of", "TIME", "Compute as of this RFC 3339 time (default now).");
}

// The caller's employee id (WhoAmI); a usage error for a service account.
int CallerEmployeeId(const CommandEnv& env, std::string* employee_id) {
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  v1::Principal principal;
  grpc::Status status =
      v1::IdentityService::NewStub(env.channel)->WhoAmI(&context, v1::WhoAmIRequest(), &principal);
  if (!status.ok()) return RpcFailure(env, status);
  if (!absl::StartsWith(principal.name(), "people/")) {
    return UsageError(env, absl::StrCat(principal.name(), " is not a person and has no training"));
  }
  *employee_id = principal.name().substr(7);
  return kExitOk;
}

int RunMyCertifications(const CommandEnv& env, const ParsedArgs& args) {
  v1::ListCertificationStatusesRequest request;
  if (int code = CallerEmployeeId(env, request.mutable_employee_id()); code != kExitOk) {
    return code;
  }
  if (int code = ApplyAsOf(env, args, &request); code != kExitOk) return code;
  request.set_page_size(1000);
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  v1::ListCertificationStatusesResponse response;
  grpc::Status status = CertStub(env)->ListCertificationStatuses(&context, request, &response);
  if (!status.ok()) return RpcFailure(env, status);
  if (env.options.output == OutputFormat::kJson) return PrintJsonOr(env, response);
  PrintTable(env, StatusTable(response.statuses(), false));
  return kExitOk;
}

int RunMyPath(const CommandEnv& env, const ParsedArgs& args) {
  v1::GetLearningPathProgressRequest request;
  if (int code = CallerEmployeeId(env, request.mutable_employee_id()); code != kExitOk) {
    return code;
  }
  if (int code = ApplyAsOf(env, args, &request); code != kExitOk) return code;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  v1::PersonLearningProgress progress;
  grpc::Status status = PathStub(env)->GetLearningPathProgress(&context, request, &progress);
  if (!status.ok()) return RpcFailure(env, status);
  if (env.options.output == OutputFormat::kJson) return PrintJsonOr(env, progress);
  if (env.options.output != OutputFormat::kCsv) PrintProgressSummary(env, progress);
  PrintTable(env, ProgressTable({&progress}));
  return kExitOk;
}

}  // namespace

VerbSpec MyCertificationsVerb() {
  VerbSpec verb{"certifications",
                "Your certifications: held, renewal open, expired or still to earn.",
                "",
                0,
                0,
                "Lists your state with each certification you must hold or have held.",
                {AsOfFlag()},
                RunMyCertifications};
  verb.field_names = {{"as_of_time", "--as-of"}};
  return verb;
}

VerbSpec MyPathVerb() {
  VerbSpec verb{"path",
                "Your learning path: each course, when it is due and what is done.",
                "",
                0,
                0,
                "Shows your progress on the learning paths of your role and level.",
                {AsOfFlag()},
                RunMyPath};
  verb.field_names = {{"as_of_time", "--as-of"}};
  return verb;
}

GroupSpec CertificationsGroup() {
  GroupSpec group{
      "certifications", "Certifications earned by training, and who holds them until when.", {}};
  VerbSpec create{
      "create",
      "Define a certification: the courses that earn it and how long it holds.",
      "",
      0,
      0,
      "Defines a certification. Completing ANY ONE of the --course courses certifies or\n"
      "renews it; it holds --active-period (12m or 365d) and can be renewed in the --window\n"
      "before it expires, counted by --basis.",
      {Required(ValueFlag("id", "CODE", "The certification's code (DATA-PROTECTION).")),
       Required(ValueFlag("title", "TEXT", "1–200 characters.")),
       ValueFlag("description", "TEXT", "What it attests (at most 4000 characters)."),
       Required(Repeatable(ValueFlag("course", "COURSE_ID[,…]", "A course that earns it."))),
       Required(ValueFlag("active-period", "12m|365d", "How long it holds.")),
       Required(ValueFlag("window", "1m|30d", "How long before the expiry renewal opens.")),
       ValueFlag("basis", "completion-date|previous-expiry|fixed",
                 "What a renewal counts from (completion-date)."),
       ValueFlag("minimum", "6m|180d", "Fixed basis: the least a renewal holds."),
       ValueFlag("roles", "ROLE[,…]", "Roles that must hold it (agent,specialist)."),
       ValueFlag("levels", "N[,…]", "Levels that must hold it (1,2).")},
      RunCertificationCreate};
  create.field_names = {{"certification.certification_id", "--id"},
                        {"certification.title", "--title"},
                        {"certification.description", "--description"},
                        {"certification.course_ids", "--course"},
                        {"certification.active_period", "--active-period"},
                        {"certification.renewal_window", "--window"},
                        {"certification.renewal_basis", "--basis"},
                        {"certification.minimum_active_period", "--minimum"},
                        {"certification.required_roles", "--roles"},
                        {"certification.required_levels", "--levels"}};
  VerbSpec show{"show", "Show a certification.",    "CODE", 1,
                1,      "Shows one certification.", {},     RunCertificationShow};
  show.field_names = {{"certification_id", "CODE"}};
  VerbSpec list{"list",
                "List certifications by code.",
                "",
                0,
                0,
                "Lists the certifications, one page unless --all.",
                {FieldFlag("course", "COURSE_ID", "course_id", "Only those this course earns."),
                 SwitchFlag("active-only", "Only active ones."),
                 FieldFlag("page-size", "N", "page_size", "Per page (default 50, at most 1000)."),
                 FieldFlag("page-token", "TOKEN", "page_token", "Continue from a previous page."),
                 SwitchFlag("all", "Fetch every page.")},
                RunCertificationList};
  VerbSpec status{
      "status",
      "Who holds which certification, computed from their completions.",
      "",
      0,
      0,
      "Lists each person's state with each certification they must hold or have held:\n"
      "not-certified, certified, renewal-open (inside the window) or expired.",
      {FieldFlag("person", "EMPLOYEE_ID", "employee_id", "Only this person."),
       FieldFlag("team", "TEAM_ID", "team_id", "Only this team."),
       FieldFlag("certification", "CODE", "certification_id", "Only this certification."),
       AsOfFlag()},
      RunCertificationStatus};
  status.field_names = {{"as_of_time", "--as-of"}};
  VerbSpec expiring{
      "expiring",
      "Certifications expiring soon, and those expired.",
      "",
      0,
      0,
      "Lists the certifications that expire within --within days (30d), soonest first,\n"
      "after those already expired (negative DAYS).",
      {ValueFlag("within", "DAYS", "How far ahead: 30d (at most 3660)."),
       FieldFlag("team", "TEAM_ID", "team_id", "Only this team."),
       FieldFlag("person", "EMPLOYEE_ID", "employee_id", "Only this person."),
       FieldFlag("certification", "CODE", "certification_id", "Only this certification."),
       SwitchFlag("exclude-expired", "Leave out those already expired."), AsOfFlag()},
      RunCertificationExpiring};
  expiring.field_names = {{"within_days", "--within"}, {"as_of_time", "--as-of"}};
  group.verbs = {create, show, list, status, expiring};
  return group;
}

GroupSpec PathsGroup() {
  GroupSpec group{"paths", "Learning paths per role and level, and each person's progress.", {}};
  VerbSpec create{
      "create",
      "Define a learning path for a role (and level).",
      "",
      0,
      0,
      "Defines a path: the courses people of --role (and --level) take, each required\n"
      "unless marked optional, and due a number of days after the person's start:\n"
      "--item L1-ETIQ-101:30d --item L1-TOOLS:optional",
      {Required(ValueFlag("id", "CODE", "The path's code (L1-ONBOARDING).")),
       Required(ValueFlag("title", "TEXT", "1–200 characters.")),
       Required(ValueFlag("role", "ROLE", "The role it is for (agent).")),
       ValueFlag("level", "N", "The level it is for (1–9); every level when not given."),
       Required(Repeatable(ValueFlag("item", "COURSE[:optional][:30d]", "A course of the path.")))},
      RunPathCreate};
  create.field_names = {{"learning_path.learning_path_id", "--id"},
                        {"learning_path.title", "--title"},
                        {"learning_path.role", "--role"},
                        {"learning_path.level", "--level"},
                        {"learning_path.items", "--item"}};
  VerbSpec show{"show", "Show a learning path.",           "CODE", 1,
                1,      "Shows one path and its courses.", {},     RunPathShow};
  show.field_names = {{"learning_path_id", "CODE"}};
  VerbSpec list{"list",
                "List learning paths.",
                "",
                0,
                0,
                "Lists the paths by code.",
                {FieldFlag("role", "ROLE", "role", "Only paths of this role."),
                 FieldFlag("level", "N", "level", "Only paths that apply at this level."),
                 SwitchFlag("active-only", "Only active ones.")},
                RunPathList};
  VerbSpec progress{
      "progress",
      "A person's (or a team's) progress on their paths.",
      "[PERSON]",
      0,
      1,
      "Shows, per path, each course: its due date, whether and when it was completed (and\n"
      "the version taken), and what is overdue. Without PERSON: everyone in reach, or --team.",
      {ValueFlag("team", "TEAM_ID", "Everyone of this team."), AsOfFlag()},
      RunPathProgress};
  progress.field_names = {
      {"employee_id", "PERSON"}, {"team_id", "--team"}, {"as_of_time", "--as-of"}};
  group.verbs = {create, show, list, progress};
  return group;
}

}  // namespace escala::client
