#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "tools/bench/load.h"

namespace escala::bench {

// What escala-bench measures and against what. See main.cc for the flags.
struct BenchOptions {
  std::string server_binary;
  // Further flags for escala-server (e.g. --workers=16), after the ones the benchmark sets.
  std::vector<std::string> server_flags;
  // "mysql://user=U unix_socket=S", without a database.
  std::string mysql_url;
  // May be empty: then the account has no password.
  std::string mysql_password_file;
  // Interaction records imported per run.
  int64_t records = 100000;
  // Runs of each side of each comparison, alternating; the best run of each side counts.
  int repeats = 2;
  // Seed of the demo data set.
  uint64_t seed = 1;
  // In flight, duration and call limit of the unary measurements.
  LoadLimits unary;
  // Which comparisons run: any of "import", "get", "create", "submit", "enrol"; empty: all.
  std::set<std::string> workloads;
  // The Enrol comparison: learners enrolled per run, over `enrol_sessions` sessions of
  // `enrol_seats` seats each; a second figure with half the seats (waitlists) unless 0.
  int enrol_learners = 1000;
  int enrol_sessions = 10;
  int enrol_seats = 100;
  bool enrol_waitlist = true;
  // The reports workload (report_workload.h), run only when --workloads names it.
  int64_t report_interactions = 2'000'000;
  int report_agents = 10'000;
  int report_days = 91;
  int report_reads = 200;
  int report_raw_reads = 0;
  int64_t report_evaluations = 500'000;
  bool report_bulk = true;
  bool report_local_infile = true;
  int64_t report_import_check = 200'000;
  int report_eligibility_runs = 5;
};

// The names --workloads accepts.
inline const std::set<std::string>& KnownWorkloads() {
  static const std::set<std::string>* const known =
      new std::set<std::string>{"import", "get", "create", "submit", "enrol", "reports"};
  return *known;
}

// Runs the benchmark: (a) ImportInteractions through escala-server against (b) literal multi-row
// INSERTs through the MariaDB C client, (c) CreateInteraction against single-row INSERTs,
// (d) GetInteraction against an empty in-process handler, (e) SubmitEvaluation against
// single-row INSERTs of the same evaluations, and (f) Enrol against INSERTs of the enrolment
// and its history entry (enrol_workload.h), each side in a database of its own on
// the same MariaDB server. Progress and results go to stdout; the last line is
// `import_ratio=<server/raw>`. Returns the process exit status: 0, or 1 when anything failed
// (a wrong imported count, an RPC error, a server that did not stop cleanly).
int RunBench(const BenchOptions& options);

}  // namespace escala::bench
