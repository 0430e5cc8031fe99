// escala-bench: measures escala-server against baselines taken in the same run on the same
// MariaDB server, and prints absolute figures and ratios (see tools/bench/bench.h).
//   escala-bench --server-binary=build/server/escala-server
//     --mysql='mysql://user=U unix_socket=S' --mysql-password-file=F [--records=N] [--quick]

#include <mysql.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/marshalling.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "absl/time/time.h"
#include "server/platform/flag_names.h"
#include "tools/bench/bench.h"

ABSL_FLAG(std::string, server_binary, "", "Path of the escala-server binary to measure. Required.");
ABSL_FLAG(std::vector<std::string>, server_flags, {},
          "Further flags for escala-server, comma-separated, e.g. --server-flags=--workers=16 "
          "(for tuning experiments; the benchmark sets --listen, --port_file, --db and "
          "--db_password_file itself).");
ABSL_FLAG(std::string, mysql, "",
          "MariaDB server and account, without a database: 'mysql://user=U unix_socket=S' or "
          "'mysql://user=U host=H port=P' (the form of ESCALA_TEST_MYSQL). The account must be "
          "allowed to create and drop databases. Required.");
ABSL_FLAG(
    std::string, mysql_password_file, "",
    "File whose first line is the account's password (like ESCALA_TEST_MYSQL_PASSWORD_FILE).");
ABSL_FLAG(int64_t, records, 0,
          "Interaction records per import run; 0 means 100000, or 5000 with --quick.");
ABSL_FLAG(bool, quick, false,
          "A smoke run: 5000 records and 1 s per unary measurement (unless set explicitly).");
ABSL_FLAG(double, seconds, 0,
          "Duration of each unary measurement (CreateInteraction, GetInteraction) in seconds; "
          "0 means 5, or 1 with --quick.");
ABSL_FLAG(int64_t, calls, 0, "If positive, a unary measurement also ends after this many calls.");
ABSL_FLAG(int, in_flight, 16, "Concurrent unary calls (and baseline connections).");
ABSL_FLAG(int, repeats, 2, "Runs of each side of each comparison, alternating; the best counts.");
ABSL_FLAG(uint64_t, seed, 1, "Seed of the generated demo data.");
ABSL_FLAG(std::vector<std::string>, workloads, {},
          "Comparisons to run, comma-separated, from import, get, create, submit, enrol and "
          "reports; default: all but reports. get, create and submit import the records first.");
ABSL_FLAG(int, enrol_learners, 1000, "Enrol: learners, each enrolled once per run (1–100000).");
ABSL_FLAG(int, enrol_sessions, 10, "Enrol: sessions per run the learners are spread over.");
ABSL_FLAG(int, enrol_seats, 100,
          "Enrol: seats per session; a second figure runs with half as many (waitlists).");
ABSL_FLAG(bool, enrol_waitlist, true, "Enrol: also measure with half the seats (waitlists).");
ABSL_FLAG(int64_t, report_interactions, 2'000'000,
          "Reports (only when --workloads names it): interactions loaded before the reads.");
ABSL_FLAG(int64_t, report_evaluations, -1,
          "Reports: evaluations loaded with the interactions (bulk load only); -1 means a quarter "
          "of --report-interactions.");
ABSL_FLAG(std::string, report_load, "infile",
          "Reports: how the history is loaded: 'infile' (LOAD DATA LOCAL INFILE straight into "
          "the tables, the rows streamed from memory) or 'insert' (multi-row INSERTs), each "
          "followed by the summaries built by the server's RecomputeReportSummaries; or 'import' "
          "(through ImportInteractions, which keeps the summaries on the way; no evaluations).");
ABSL_FLAG(int64_t, report_import_check, 200'000,
          "Reports: interactions imported through the server after the load, against raw "
          "INSERTs of the same rows (report_import_ratio); 0 skips it.");
ABSL_FLAG(int, report_eligibility_runs, 5,
          "Reports: times promotion eligibility is computed for every agent after the reads, "
          "against the raw queries of the same figures; 0 skips it.");
ABSL_FLAG(int, report_raw_reads, 0,
          "Reports: reads of each shape by aggregates over the interactions; 0 means a tenth of "
          "--report-reads, at least 3.");
ABSL_FLAG(int, report_agents, 10'000, "Reports: agents the interactions are spread over.");
ABSL_FLAG(int, report_days, 91,
          "Reports: days of history the interactions are spread over, at least 91.");
ABSL_FLAG(int, report_reads, 200, "Reports: reads of each shape through the summaries.");

namespace {

int Usage(const std::string& problem) {
  std::cerr << "escala-bench: " << problem << "\n" << absl::ProgramUsageMessage() << std::endl;
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "measures escala-server against baselines taken in the same run.\n"
      "  (a/b) ImportInteractions vs literal multi-row INSERTs through the MariaDB C client\n"
      "  (c)   CreateInteraction vs single-row autocommit INSERTs at the same concurrency\n"
      "  (d)   GetInteraction vs an empty in-process gRPC handler\n"
      "  (e)   SubmitEvaluation vs single-row autocommit INSERTs of the same evaluations\n"
      "  (f)   Enrol vs INSERTs of the enrolment and its history entry, one transaction each\n"
      "  (g)   KPI reports from the summaries vs aggregates over the interactions, and the SLA\n"
      "        report, which reads the interactions (by name only)\n"
      "Usage: escala-bench --server-binary=PATH --mysql='mysql://user=U unix_socket=S'\n"
      "         [--mysql-password-file=F] [--records=N] [--quick] [--seconds=S] [--repeats=R]\n"
      "         [--workloads=import,get,create,submit,enrol,reports]\n"
      "The last line printed is import_ratio=<server/raw>; the exit status is 0 unless something\n"
      "failed (e.g. the server imported the wrong number of records).");
  // --help lists the flags of this file (absl's default looks for a file named after the binary).
  absl::FlagsUsageConfig usage_config;
  usage_config.contains_help_flags = [](absl::string_view file) {
    return absl::EndsWith(file, "tools/bench/main.cc");
  };
  usage_config.contains_helpshort_flags = usage_config.contains_help_flags;
  absl::SetFlagsUsageConfig(usage_config);
  std::vector<std::string> storage;
  std::vector<char*> args = escala::server::NormalizeFlagNames(argc, argv, storage);
  const std::vector<char*> positional =
      absl::ParseCommandLine(static_cast<int>(args.size()), args.data());
  if (positional.size() > 1)
    return Usage(std::string("unexpected argument '") + positional[1] + "'");

  escala::bench::BenchOptions options;
  const bool quick = absl::GetFlag(FLAGS_quick);
  options.server_binary = absl::GetFlag(FLAGS_server_binary);
  options.server_flags = absl::GetFlag(FLAGS_server_flags);
  options.mysql_url = absl::GetFlag(FLAGS_mysql);
  options.mysql_password_file = absl::GetFlag(FLAGS_mysql_password_file);
  options.records = absl::GetFlag(FLAGS_records);
  if (options.records == 0) options.records = quick ? 5000 : 100000;
  options.repeats = absl::GetFlag(FLAGS_repeats);
  options.seed = absl::GetFlag(FLAGS_seed);
  double seconds = absl::GetFlag(FLAGS_seconds);
  if (seconds == 0) seconds = quick ? 1 : 5;
  options.unary.duration = absl::Seconds(seconds);
  options.unary.max_calls = absl::GetFlag(FLAGS_calls);
  options.unary.in_flight = absl::GetFlag(FLAGS_in_flight);

  for (const std::string& name : absl::GetFlag(FLAGS_workloads)) {
    if (!escala::bench::KnownWorkloads().count(name)) {
      return Usage("--workloads: unknown workload '" + name +
                   "' (import, get, create, submit, enrol, reports)");
    }
    options.workloads.insert(name);
  }
  options.enrol_learners = absl::GetFlag(FLAGS_enrol_learners);
  options.enrol_sessions = absl::GetFlag(FLAGS_enrol_sessions);
  options.enrol_seats = absl::GetFlag(FLAGS_enrol_seats);
  options.enrol_waitlist = absl::GetFlag(FLAGS_enrol_waitlist);
  options.report_interactions = absl::GetFlag(FLAGS_report_interactions);
  options.report_agents = absl::GetFlag(FLAGS_report_agents);
  options.report_days = absl::GetFlag(FLAGS_report_days);
  options.report_reads = absl::GetFlag(FLAGS_report_reads);
  options.report_raw_reads = absl::GetFlag(FLAGS_report_raw_reads);
  options.report_import_check = absl::GetFlag(FLAGS_report_import_check);
  options.report_eligibility_runs = absl::GetFlag(FLAGS_report_eligibility_runs);
  options.report_evaluations = absl::GetFlag(FLAGS_report_evaluations);
  if (options.report_evaluations < 0) options.report_evaluations = options.report_interactions / 4;
  const std::string report_load = absl::GetFlag(FLAGS_report_load);
  if (report_load != "infile" && report_load != "insert" && report_load != "import") {
    return Usage("--report-load must be 'infile', 'insert' or 'import'");
  }
  options.report_bulk = report_load != "import";
  options.report_local_infile = report_load == "infile";
  if (options.report_evaluations > options.report_interactions) {
    return Usage("--report-evaluations must be at most --report-interactions");
  }
  if (options.report_raw_reads < 0 || options.report_import_check < 0 ||
      options.report_eligibility_runs < 0) {
    return Usage(
        "--report-raw-reads, --report-import-check and --report-eligibility-runs must not be "
        "negative");
  }
  if (options.report_interactions < 1 || options.report_agents < 1 ||
      options.report_agents > 99'999 || options.report_reads < 1) {
    return Usage(
        "--report-interactions, --report-agents (at most 99999) and --report-reads "
        "must be positive");
  }
  if (options.report_days < 91 || options.report_days > 3660) {
    return Usage("--report-days must be between 91 and 3660");
  }
  if (options.enrol_learners < 1 || options.enrol_learners > 100000) {
    return Usage("--enrol-learners must be between 1 and 100000");
  }
  if (options.enrol_sessions < 1 || options.enrol_sessions > 1000) {
    return Usage("--enrol-sessions must be between 1 and 1000");
  }
  if (options.enrol_seats < 1 || options.enrol_seats > 10000) {
    return Usage("--enrol-seats must be between 1 and 10000");
  }
  if (options.server_binary.empty()) return Usage("--server-binary is required");
  if (::access(options.server_binary.c_str(), X_OK) != 0) {
    return Usage("--server-binary: '" + options.server_binary + "' is not an executable file");
  }
  if (options.mysql_url.empty()) return Usage("--mysql is required");
  if (options.records < 1) return Usage("--records must be positive");
  if (options.repeats < 1 || options.repeats > 10)
    return Usage("--repeats must be between 1 and 10");
  if (seconds < 0.1 || seconds > 600) return Usage("--seconds must be between 0.1 and 600");
  if (options.unary.in_flight < 1 || options.unary.in_flight > 256) {
    return Usage("--in-flight must be between 1 and 256");
  }
  if (options.unary.max_calls < 0) return Usage("--calls must not be negative");

  // Once, before any thread uses the client library.
  if (mysql_library_init(0, nullptr, nullptr) != 0) {
    std::cerr << "escala-bench: cannot initialise the MariaDB client library" << std::endl;
    return 1;
  }
  const int status = escala::bench::RunBench(options);
  mysql_library_end();
  return status;
}
