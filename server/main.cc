// escala-server: the composition root. Reads flags, opens the database, applies migrations,
// wires repositories → handlers → gRPC services, and runs until SIGTERM/SIGINT.

#include <google/protobuf/descriptor.h>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <signal.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "db/core/database_errors.h"
#include "db/core/database_url.h"
#include "db/core/migrator.h"
#include "db/core/pool_stats.h"
#include "db/core/session_pool.h"
#include "db/soci_repositories.h"
#include "server/audit/register.h"
#include "server/directory/register.h"
#include "server/events/register.h"
#include "server/identity/bootstrap_admin.h"
#include "server/identity/register.h"
#include "server/interactions/register.h"
#include "server/kpi/register.h"
#include "server/metrics/http_exporter.h"
#include "server/metrics/registry.h"
#include "server/metrics/rpc_metrics.h"
#include "server/platform/access_gate.h"
#include "server/platform/access_policy.h"
#include "server/platform/authenticator.h"
#include "server/platform/call_drain.h"
#include "server/platform/domain.h"
#include "server/platform/failure_log_limiter.h"
#include "server/platform/flag_names.h"
#include "server/platform/health_monitor.h"
#include "server/platform/logger.h"
#include "server/platform/rpc_log_interceptor.h"
#include "server/platform/server_state.h"
#include "server/platform/shutdown_deadline.h"
#include "server/platform/transport_limits.h"
#include "server/platform/transport_security.h"
#include "server/platform/unary_call.h"
#include "server/platform/unparsed_request_interceptor.h"
#include "server/platform/worker_pool.h"
#include "server/platform/worker_stats.h"
#include "server/promotion/register.h"
#include "server/qa/register.h"
#include "server/sla/register.h"
#include "server/staffing/register.h"
#include "server/training/register.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051",
          "Address to serve gRPC on, HOST:PORT. Port 0 picks a free port (see --port_file).");
ABSL_FLAG(std::string, port_file, "",
          "If set, the port actually bound is written to this file once the server is ready.");
ABSL_FLAG(std::string, db, "sqlite3://db=var/escala.db",
          "Database URL: sqlite3://db=PATH (embedded default) or "
          "mysql://db=NAME user=USER host=HOST port=PORT (or unix_socket=PATH). A mysql:// URL "
          "may add connect_timeout=S read_timeout=S write_timeout=S (seconds; defaults 5, 8, 8). "
          "Never put the password here.");
ABSL_FLAG(std::string, db_password_file, "",
          "File holding the database password (first line). Without it, the environment "
          "variable ESCALA_DB_PASSWORD is used if set.");
ABSL_FLAG(bool, migrate, true,
          "Apply pending schema migrations at start. With --nomigrate the server refuses to "
          "start on an outdated schema. It always refuses a schema newer than it knows.");
ABSL_FLAG(int, workers, 32,
          "Threads that run database work (gRPC's own threads never block). They mostly wait on "
          "the database, so size them to the calls expected in flight.");
ABSL_FLAG(int, db_pool_size, 36,
          "Database connections kept open: one per worker plus a few for all-or-nothing imports, "
          "which hold theirs for the whole stream.");
ABSL_FLAG(int, evaluation_writers, 2,
          "Transactions that may write new evaluations at once (1-16). Evaluations submitted while "
          "they are all busy wait and are then written together, in one transaction.");
ABSL_FLAG(int, interaction_writers, 2,
          "Transactions that may write new interactions at once (1-16). Interactions created "
          "while they are all busy wait and are then written together, in one transaction.");
ABSL_FLAG(int, db_lease_timeout_ms, 2000,
          "How long a call waits for a free database connection before failing UNAVAILABLE.");
ABSL_FLAG(int, db_connect_timeout_seconds, 30,
          "How long start-up waits for the database to become reachable.");
ABSL_FLAG(int, shutdown_grace_seconds, 10,
          "On SIGTERM/SIGINT: how long in-flight calls may take to finish before they are "
          "cancelled with their database statements. The process exits at most a second later.");
ABSL_FLAG(int, health_interval_ms, 1000, "How often the database is pinged for health checks.");
ABSL_FLAG(int, health_timeout_ms, 1000,
          "How long a health ping may take: a database that does not answer within it makes the "
          "server NOT_SERVING.");
ABSL_FLAG(int, shutdown_notice_ms, 500,
          "On SIGTERM/SIGINT: new calls are answered UNAVAILABLE (retry elsewhere), with health "
          "NOT_SERVING, for this long and then until the calls in flight are done (at most "
          "--shutdown_grace_seconds in all); only then does the server stop accepting.");
ABSL_FLAG(int, max_message_bytes, 8 << 20,
          "Largest request message accepted, in bytes; larger ones fail RESOURCE_EXHAUSTED. The "
          "largest legitimate request (1,000 attendance marks with 1,000-character notes) is about "
          "4 MiB.");
ABSL_FLAG(int64_t, grpc_memory_quota_mib, 64,
          "Memory gRPC may use for connection buffers, all clients together, in MiB (at least "
          "--max_message_bytes). Past it idle connections are closed and calls cancelled, "
          "instead of growing.");
ABSL_FLAG(int, max_concurrent_streams, 100, "Calls one connection may have open at once.");
ABSL_FLAG(int, max_connection_idle_seconds, 600,
          "A connection without calls for this long is closed; clients reconnect when needed.");
ABSL_FLAG(int, max_connection_age_seconds, 1800,
          "A connection is asked to go away after this long (±10%); clients reconnect. Bounds "
          "how long a stalled call can hold memory, with --max_connection_age_grace_seconds.");
ABSL_FLAG(int, max_connection_age_grace_seconds, 600,
          "How long the calls of a connection that was asked to go away may still run.");
ABSL_FLAG(int, keepalive_time_seconds, 60,
          "A connection quiet for this long is pinged; see --keepalive_timeout_seconds.");
ABSL_FLAG(int, keepalive_timeout_seconds, 20,
          "A connection whose peer does not answer a ping within this long is closed.");
ABSL_FLAG(int, handshake_timeout_seconds, 20,
          "How long a new connection may take to complete its handshake.");
ABSL_FLAG(int64_t, max_import_records, 1000000,
          "Most records one ImportInteractions stream may carry; past it the import ends with "
          "RESOURCE_EXHAUSTED after the records already committed.");
ABSL_FLAG(int, event_retention_days, 14,
          "How long the event feed (WatchEvents) keeps events, in days (1-3650). A consumer "
          "that stays away longer must list again; keep it above the longest outage to survive.");
ABSL_FLAG(int, event_stream_max_age_seconds, 1800,
          "A WatchEvents stream ends with OK after this long (10-86400); clients reconnect with "
          "their last resume token.");
ABSL_FLAG(int, auto_nomination_interval_seconds, 3600,
          "How often (1-86400 s) the server nominates everyone eligible under the promotion "
          "policies whose published version has auto_nominate.");
ABSL_FLAG(int, regression_check_interval_minutes, 60,
          "How often people watched after a promotion are checked against their policy's "
          "maintenance criteria (1-1440). Windows are whole days, so an hour keeps a flag at most "
          "an hour behind the day's evidence; CheckRegressions runs a check at once.");
ABSL_FLAG(std::string, bootstrap_admin, "",
          "Create the administrator service account of this name (unless it exists), print a new "
          "token for it on stdout, and exit. The way into a fresh installation, and back in when "
          "every administrator token is lost. Example: --bootstrap_admin=admin");
ABSL_FLAG(bool, reflection, false,
          "Serve gRPC server reflection (the API schema, for tools such as grpcurl). It answers "
          "without a token, so it is off unless asked for.");
ABSL_FLAG(std::string, tls_cert, "",
          "PEM file of the server's certificate chain; with --tls_key, the server speaks TLS.");
ABSL_FLAG(std::string, tls_key, "", "PEM file of the private key of --tls_cert.");
ABSL_FLAG(std::string, tls_client_ca, "",
          "PEM file of the CAs that sign client certificates. Clients are asked for one; one "
          "presented must verify against these CAs (mutual TLS).");
ABSL_FLAG(bool, tls_require_client_cert, false,
          "Refuse clients without a certificate signed by --tls_client_ca.");
ABSL_FLAG(bool, plaintext, false,
          "Serve without TLS, for local use: only on a loopback --listen address "
          "(127.0.0.1, localhost, [::1]) unless --plaintext_remote.");
ABSL_FLAG(std::string, metrics_listen, "",
          "Serve Prometheus metrics at http://HOST:PORT/metrics. Off when empty. ':PORT' or 'PORT' "
          "listens on 127.0.0.1; port 0 picks a free port (logged). The endpoint asks for no "
          "token: keep it on loopback or a network only the monitoring reaches.");
ABSL_FLAG(bool, plaintext_remote, false,
          "With --plaintext, also serve clear text on an address other hosts reach. Insecure: "
          "tokens travel in clear text.");

namespace escala::server {
namespace {

absl::StatusOr<std::string> ReadPassword() {
  const std::string file = absl::GetFlag(FLAGS_db_password_file);
  if (!file.empty()) {
    std::ifstream in(file);
    if (!in)
      return absl::InvalidArgumentError(absl::StrCat("db_password_file: cannot read '", file, "'"));
    std::string line;
    std::getline(in, line);
    return std::string(absl::StripTrailingAsciiWhitespace(line));
  }
  const char* env = std::getenv("ESCALA_DB_PASSWORD");
  return std::string(env == nullptr ? "" : env);
}

// An integer flag and the range it must fall in.
struct FlagRange {
  const char* flag;
  int value;
  int low;
  int high;

  // OK, or INVALID_ARGUMENT naming the flag, its range and the value given.
  absl::Status Check() const {
    if (value >= low && value <= high) return absl::OkStatus();
    return absl::InvalidArgumentError(
        absl::StrCat(flag, ": must be between ", low, " and ", high, ", got ", value));
  }
};

int Fail(const absl::Status& status) {
  Log(LogLevel::kError, absl::StrCat("cannot start: ", status.ToString()));
  return 1;
}

// Opens a lease and migrates, waiting for the database to come up for a while.
absl::Status PrepareSchema(db::SessionPool& pool) {
  absl::StatusOr<std::vector<db::Migration>> migrations =
      db::LoadMigrations(db::EmbeddedMigrations(), pool.dialect());
  if (!migrations.ok()) return migrations.status();
  const absl::Time give_up =
      absl::Now() + absl::Seconds(absl::GetFlag(FLAGS_db_connect_timeout_seconds));
  for (;;) {
    absl::StatusOr<db::SessionPool::Lease> lease = pool.Acquire();
    if (lease.ok()) {
      absl::StatusOr<db::MigrationResult> result =
          db::Migrate(lease->session(), pool.dialect(), *migrations, absl::GetFlag(FLAGS_migrate));
      if (!result.ok()) return result.status();
      Log(LogLevel::kInfo, absl::StrCat("schema at version ", result->version_after, " (applied ",
                                        result->applied, " migration(s))"));
      return absl::OkStatus();
    }
    if (absl::Now() > give_up) return lease.status();
    Log(LogLevel::kWarning, absl::StrCat("waiting for the database: ", lease.status().message()));
    absl::SleepFor(absl::Seconds(1));
  }
}

// Every method the server serves, "/package.Service/Method": the services of the domains, the
// health service and, when on, reflection. The RPC metrics make their cells for these.
std::vector<std::string> ServedMethods(const std::vector<std::string>& service_names) {
  std::vector<std::string> methods = {"/grpc.health.v1.Health/Check",
                                      "/grpc.health.v1.Health/Watch"};
  if (absl::GetFlag(FLAGS_reflection)) {
    methods.push_back("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo");
    methods.push_back("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo");
  }
  for (const std::string& name : service_names) {
    const google::protobuf::ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
    if (service == nullptr) continue;
    for (int i = 0; i < service->method_count(); ++i)
      methods.push_back(absl::StrCat("/", name, "/", service->method(i)->name()));
  }
  return methods;
}

// The metrics of the process's parts: the worker pool and the database. Read at each scrape, from
// counts the parts keep anyway.
void AddProcessMetrics(metrics::Registry& registry, const WorkerPool& workers,
                       const db::SessionPool& pool) {
  using metrics::MetricType;
  using metrics::Sample;
  auto gauge = [&registry](std::string name, std::string help, std::function<double()> read) {
    registry.AddCollected(std::move(name), std::move(help), MetricType::kGauge, {},
                          [read = std::move(read)] {
                            return std::vector<Sample>{{{}, read()}};
                          });
  };
  gauge("escala_worker_queue_depth", "Calls waiting for a worker thread (queued, not started).",
        [&workers] { return static_cast<double>(workers.queued()); });
  gauge("escala_workers_busy", "Worker threads running a call now.",
        [] { return static_cast<double>(WorkersBusy()); });
  gauge("escala_workers", "Worker threads (--workers).",
        [n = absl::GetFlag(FLAGS_workers)] { return static_cast<double>(n); });
  gauge("escala_db_pool_leases_in_use", "Database connections leased now.",
        [] { return static_cast<double>(db::SessionLeasesInUse()); });
  gauge("escala_db_pool_size", "Database connections kept open (--db_pool_size).",
        [&pool] { return static_cast<double>(pool.size()); });
  registry.AddCollected(
      "escala_db_errors_total",
      "Database errors, by kind: connection_lost, deadlock, lock_wait_timeout, busy (SQLite), "
      "unique_key, foreign_key, other.",
      MetricType::kCounter, {"kind"}, [] {
        std::vector<Sample> samples;
        for (int kind = 0; kind < db::kDatabaseErrorKinds; ++kind) {
          const auto k = static_cast<db::DatabaseErrorKind>(kind);
          samples.push_back(Sample{{std::string(db::DatabaseErrorKindName(k))},
                                   static_cast<double>(db::DatabaseErrorCount(k))});
        }
        return samples;
      });
}

int Run(int argc, char** argv) {
  // --help lists the flags of this file (absl's default looks for a file named like the binary).
  absl::FlagsUsageConfig usage_config;
  usage_config.contains_help_flags = [](absl::string_view path) {
    return absl::EndsWith(path, "server/main.cc");
  };
  usage_config.contains_helpshort_flags = usage_config.contains_help_flags;
  absl::SetFlagsUsageConfig(usage_config);
  absl::SetProgramUsageMessage(
      "the Escala gRPC API (people and teams, identity, interaction records, audit, QA).\n"
      "Usage: escala-server [--flagfile=FILE] [--listen=HOST:PORT] [--db=URL] ...\n"
      "A --flagfile holds one --flag=value per line and serves as the configuration file.");
  std::vector<std::string> storage;
  std::vector<char*> args = NormalizeFlagNames(argc, argv, storage);
  absl::ParseCommandLine(static_cast<int>(args.size()), args.data());
  RouteProtobufLogging(10);

  // Signals are taken by a dedicated thread with sigwait; block them before any thread starts.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  // A transport that cannot be set up fails the start before the database is touched. The
  // administrator bootstrap serves nothing, so it needs none.
  const bool bootstrapping = !absl::GetFlag(FLAGS_bootstrap_admin).empty();
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      grpc::InsecureServerCredentials();
  if (!bootstrapping) {
    credentials = MakeServerCredentials(
        TransportOptions{.tls_cert_file = absl::GetFlag(FLAGS_tls_cert),
                         .tls_key_file = absl::GetFlag(FLAGS_tls_key),
                         .tls_client_ca_file = absl::GetFlag(FLAGS_tls_client_ca),
                         .require_client_cert = absl::GetFlag(FLAGS_tls_require_client_cert),
                         .plaintext = absl::GetFlag(FLAGS_plaintext),
                         .plaintext_remote = absl::GetFlag(FLAGS_plaintext_remote)},
        absl::GetFlag(FLAGS_listen));
  }
  if (!credentials.ok()) return Fail(credentials.status());

  absl::StatusOr<std::string> password = ReadPassword();
  if (!password.ok()) return Fail(password.status());
  absl::StatusOr<db::DatabaseConfig> config =
      db::ParseDatabaseUrl(absl::GetFlag(FLAGS_db), *password);
  if (!config.ok()) return Fail(config.status());
  if (config->dialect == db::Dialect::kSqlite) {
    const std::filesystem::path parent = std::filesystem::path(config->sqlite_path).parent_path();
    std::error_code ignored;
    if (!parent.empty()) std::filesystem::create_directories(parent, ignored);
  }
  const int workers_count = absl::GetFlag(FLAGS_workers);
  const int event_retention_days = absl::GetFlag(FLAGS_event_retention_days);
  const int stream_max_age_seconds = absl::GetFlag(FLAGS_event_stream_max_age_seconds);
  const int auto_nomination_seconds = absl::GetFlag(FLAGS_auto_nomination_interval_seconds);
  const int regression_check_minutes = absl::GetFlag(FLAGS_regression_check_interval_minutes);
  for (const FlagRange& range : {
           FlagRange{"evaluation_writers", absl::GetFlag(FLAGS_evaluation_writers), 1, 16},
           FlagRange{"interaction_writers", absl::GetFlag(FLAGS_interaction_writers), 1, 16},
           FlagRange{"workers", workers_count, 1, 256},
           FlagRange{"event_retention_days", event_retention_days, 1, 3650},
           FlagRange{"event_stream_max_age_seconds", stream_max_age_seconds, 10, 86400},
           FlagRange{"auto_nomination_interval_seconds", auto_nomination_seconds, 1, 86400},
           FlagRange{"regression_check_interval_minutes", regression_check_minutes, 1, 1440},
       }) {
    if (absl::Status checked = range.Check(); !checked.ok()) return Fail(checked);
  }
  const TransportLimits transport_limits{
      .max_receive_message_bytes = absl::GetFlag(FLAGS_max_message_bytes),
      .memory_quota_mib = absl::GetFlag(FLAGS_grpc_memory_quota_mib),
      .max_concurrent_streams = absl::GetFlag(FLAGS_max_concurrent_streams),
      .max_connection_idle_seconds = absl::GetFlag(FLAGS_max_connection_idle_seconds),
      .max_connection_age_seconds = absl::GetFlag(FLAGS_max_connection_age_seconds),
      .max_connection_age_grace_seconds = absl::GetFlag(FLAGS_max_connection_age_grace_seconds),
      .keepalive_time_seconds = absl::GetFlag(FLAGS_keepalive_time_seconds),
      .keepalive_timeout_seconds = absl::GetFlag(FLAGS_keepalive_timeout_seconds),
      .handshake_timeout_seconds = absl::GetFlag(FLAGS_handshake_timeout_seconds)};
  if (absl::Status s = CheckTransportLimits(transport_limits); !s.ok()) return Fail(s);
  std::string metrics_address;
  if (const std::string flag = absl::GetFlag(FLAGS_metrics_listen); !flag.empty()) {
    absl::StatusOr<std::string> address = metrics::MetricsListenAddress(flag);
    if (!address.ok()) return Fail(address.status());
    metrics_address = *address;
  }
  // Declared before everything it reports on, so that it outlives them all.
  metrics::Registry registry;
  registry.AddCollected(
      "escala_build_info", "The server's version and what it runs on; the value is always 1.",
      metrics::MetricType::kGauge, {"version", "grpc_version", "database"},
      [version = std::string(ESCALA_VERSION), grpc_version = grpc::Version(),
       database = std::string(config->dialect == db::Dialect::kSqlite ? "sqlite3" : "mysql")] {
        return std::vector<metrics::Sample>{{{version, grpc_version, database}, 1}};
      });
  metrics::Histogram& lease_wait =
      registry
          .AddHistogram("escala_db_lease_wait_seconds",
                        "Time a call waited for a free database connection, leased or not.", {},
                        metrics::LatencyBuckets())
          .WithLabels({});
  metrics::Counter& lease_timeouts =
      registry
          .AddCounter("escala_db_lease_timeouts_total",
                      "Calls that found no free database connection within "
                      "--db_lease_timeout_ms (answered UNAVAILABLE).")
          .WithLabels({});
  absl::StatusOr<std::unique_ptr<db::SessionPool>> pool = db::SessionPool::Open(
      *config, static_cast<std::size_t>(std::max(1, absl::GetFlag(FLAGS_db_pool_size))),
      absl::Milliseconds(absl::GetFlag(FLAGS_db_lease_timeout_ms)));
  if (!pool.ok()) return Fail(pool.status());
  db::SetLeaseObserver([&lease_wait, &lease_timeouts](absl::Duration waited, bool leased) {
    lease_wait.Observe(absl::ToDoubleSeconds(waited));
    if (!leased) lease_timeouts.Increment();
  });
  Log(LogLevel::kInfo, absl::StrCat("database ", config->display));
  if (absl::Status s = PrepareSchema(**pool); !s.ok()) return Fail(s);

  Clock clock = [] { return absl::Now(); };
  db::SociRepositories repository_set(
      **pool, db::StorageOptions{.evaluation_writers = absl::GetFlag(FLAGS_evaluation_writers),
                                 .interaction_writers = absl::GetFlag(FLAGS_interaction_writers)});
  const db::Repositories repositories = repository_set.view();
  if (bootstrapping) {
    const std::string admin = absl::GetFlag(FLAGS_bootstrap_admin);
    absl::StatusOr<v1::CreateTokenResponse> issued =
        BootstrapAdministrator(repositories.service_accounts, repositories.tokens, admin, clock());
    if (!issued.ok()) return Fail(issued.status());
    Log(LogLevel::kInfo,
        absl::StrCat("issued token ", issued->token().token_id(), " for ",
                     issued->token().principal(), "; the secret is printed once, on stdout"));
    std::cout << issued->secret() << std::endl;
    return 0;
  }

  Authenticator authenticator(repositories.tokens, repositories.people,
                              repositories.service_accounts, clock);
  AccessGate gate(authenticator);
  ServerState state;
  WorkerPool workers(static_cast<std::size_t>(workers_count));
  CallRuntime runtime{workers, gate, &state};
  const DomainContext context{.repositories = repositories,
                              .runtime = runtime,
                              .authenticator = authenticator,
                              .state = state,
                              .clock = clock,
                              .max_import_records = absl::GetFlag(FLAGS_max_import_records),
                              .event_retention = absl::Hours(24) * event_retention_days,
                              .event_stream_max_age = absl::Seconds(stream_max_age_seconds),
                              .auto_nomination_interval = absl::Seconds(auto_nomination_seconds),
                              .regression_check_interval = absl::Minutes(regression_check_minutes)};
  // One line per domain: each builds its handlers and services (server/<domain>/register.h).
  std::vector<std::unique_ptr<Domain>> domains;
  domains.push_back(RegisterDirectory(context));
  domains.push_back(RegisterIdentity(context));
  domains.push_back(RegisterInteractions(context));
  domains.push_back(RegisterAudit(context));
  domains.push_back(RegisterQa(context));
  domains.push_back(RegisterTraining(context));
  domains.push_back(RegisterKpiReports(context));
  domains.push_back(RegisterSla(context));
  domains.push_back(RegisterStaffing(context));
  domains.push_back(RegisterPromotion(context));
  domains.push_back(RegisterEvents(context));
  std::vector<std::string> service_names;
  for (const std::unique_ptr<Domain>& domain : domains) {
    for (const ServedService& served : domain->services())
      service_names.push_back(served.full_name);
  }
  // A method without a row in the access policy would refuse every call; better not to start.
  if (absl::Status s = CheckPolicyCovers(service_names); !s.ok()) return Fail(s);

  metrics::RpcMetrics rpc_metrics(registry, ServedMethods(service_names));
  FailureLogLimiter failure_log(clock);
  AddProcessMetrics(registry, workers, **pool);

  std::unique_ptr<metrics::MetricsHttpServer> metrics_server;
  if (!metrics_address.empty()) {
    absl::StatusOr<std::unique_ptr<metrics::MetricsHttpServer>> started =
        metrics::MetricsHttpServer::Start(registry, metrics_address);
    if (!started.ok()) return Fail(started.status());
    metrics_server = *std::move(started);
    Log(LogLevel::kInfo,
        absl::StrCat("metrics on http://", metrics_server->bound_address(), "/metrics"));
  }
  grpc::EnableDefaultHealthCheckService(true);
  if (absl::GetFlag(FLAGS_reflection)) grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int bound_port = 0;
  builder.AddListeningPort(absl::GetFlag(FLAGS_listen), *credentials, &bound_port);
  ApplyTransportLimits(transport_limits, builder);
  for (const std::unique_ptr<Domain>& domain : domains) {
    for (const ServedService& served : domain->services()) builder.RegisterService(served.service);
  }
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  // First, so that the log line shows the status the caller gets.
  interceptors.push_back(std::make_unique<UnparsedRequestInterceptorFactory>());
  interceptors.push_back(std::make_unique<RpcLogInterceptorFactory>(rpc_metrics, failure_log));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || bound_port == 0) {
    return Fail(absl::UnavailableError(absl::StrCat(
        "cannot listen on ", absl::GetFlag(FLAGS_listen), " (address in use or invalid)")));
  }

  HealthMonitor health([&pool] { return (*pool)->Ping(); }, server->GetHealthCheckService(), state,
                       absl::Milliseconds(absl::GetFlag(FLAGS_health_interval_ms)),
                       absl::Milliseconds(absl::GetFlag(FLAGS_health_timeout_ms)));
  ShutdownDeadline shutdown_deadline(absl::Seconds(absl::GetFlag(FLAGS_shutdown_grace_seconds)),
                                     absl::Milliseconds(750),
                                     [&pool] { return (*pool)->CancelRunningStatements(); });
  health.CheckNow();
  const std::string listen = absl::GetFlag(FLAGS_listen);
  Log(LogLevel::kInfo,
      absl::StrCat("listening on ", listen.substr(0, listen.rfind(':')), ":", bound_port));
  if (const std::string port_file = absl::GetFlag(FLAGS_port_file); !port_file.empty()) {
    // Written then renamed, so a reader never sees a half-written file.
    const std::string temporary = port_file + ".tmp";
    { std::ofstream(temporary) << bound_port << "\n"; }
    std::filesystem::rename(temporary, port_file);
  }

  std::thread signal_thread([&] {
    int signal_number = 0;
    sigwait(&signals, &signal_number);
    Log(LogLevel::kInfo,
        absl::StrCat("signal ", signal_number, ": shutting down, up to ",
                     absl::GetFlag(FLAGS_shutdown_grace_seconds), " s for calls in flight"));
    // Nothing on this path waits on the database, which may be the reason for the shutdown.
    state.draining = true;
    shutdown_deadline.Start();
    health.Drain();
    // New calls are answered UNAVAILABLE (and logged) while the calls in flight finish; gRPC is
    // stopped only then, with what is left of the grace (at most a second, for the last replies
    // to be sent), see DrainCalls. The shutdown deadline cancels what still runs at the grace.
    const absl::Time deadline =
        absl::Now() + absl::Seconds(absl::GetFlag(FLAGS_shutdown_grace_seconds));
    DrainCalls(state, absl::Milliseconds(std::max(0, absl::GetFlag(FLAGS_shutdown_notice_ms))),
               deadline);
    server->Shutdown(absl::ToChronoTime(std::min(deadline, absl::Now() + absl::Seconds(1))));
  });
  server->Wait();
  signal_thread.join();
  health.Stop();
  for (const std::string& summary : failure_log.TakeAllSummaries())
    Log(LogLevel::kWarning, summary);
  metrics_server.reset();
  db::SetLeaseObserver(nullptr);
  // Workers may still be finishing cancelled calls; they must be done before the server goes.
  workers.Stop();
  server.reset();
  shutdown_deadline.Disarm();
  Log(LogLevel::kInfo, absl::StrCat("stopped; ", repository_set.Summary()));
  return 0;
}

}  // namespace
}  // namespace escala::server

int main(int argc, char** argv) { return escala::server::Run(argc, argv); }
