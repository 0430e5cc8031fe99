// The Prometheus endpoint of the real server (--metrics_listen on a free loopback port), scraped
// over HTTP and read by an independent parser, Python's prometheus_client (Debian's
// python3-prometheus-client, which tools/test.sh installs); and the log of a flood of
// unauthenticated calls, which must stay a few lines long while the metrics count every call.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "escala/v1/people.grpc.pb.h"
#include "server/platform/failure_log_limiter.h"
#include "tests/e2e/harness/grpc_client.h"
#include "tests/e2e/harness/server_fixture.h"

namespace escala::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;

// Fetches /metrics and two URLs that must be refused, then prints what the parser read: one
// "SAMPLE name{label="value",…} value" line per sample, labels sorted, values as JSON strings.
constexpr char kScraper[] = R"(import json
import sys
import urllib.error
import urllib.request
from prometheus_client.parser import text_string_to_metric_families

base = sys.argv[1]

def status_of(url, method):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code

print('STATUS GET /other', status_of(base + '/other', 'GET'))
print('STATUS POST /metrics', status_of(base + '/metrics', 'POST'))
with urllib.request.urlopen(base + '/metrics', timeout=10) as response:
    print('CONTENT-TYPE', response.headers['Content-Type'])
    text = response.read().decode('utf-8')
for family in text_string_to_metric_families(text):
    print('FAMILY', family.name, family.type)
    for sample in family.samples:
        labels = ','.join('%s=%s' % (k, json.dumps(v)) for k, v in sorted(sample.labels.items()))
        print('SAMPLE %s{%s} %r' % (sample.name, labels, float(sample.value)))
)";

struct Scrape {
  std::vector<std::string> lines;         // everything the scraper printed
  std::map<std::string, double> samples;  // "name{labels}" → value
  bool Has(const std::string& key) const { return samples.count(key) > 0; }
  double At(const std::string& key) const {
    const auto found = samples.find(key);
    return found == samples.end() ? -1 : found->second;
  }
};

std::string Calls(const std::string& method, const std::string& code) {
  return absl::StrCat("escala_rpc_calls_total{code=\"", code, "\",method=\"", method, "\"}");
}

constexpr char kListPeople[] = "/escala.v1.PeopleService/ListPeople";
constexpr char kGetPerson[] = "/escala.v1.PeopleService/GetPerson";
constexpr char kListTeams[] = "/escala.v1.PeopleService/ListTeams";

class MetricsEndToEndTest : public ServerUnderTestFixture {
 protected:
  std::vector<std::string> ServerFlags() const override {
    return {"--plaintext", "--metrics_listen=127.0.0.1:0"};
  }

  void SetUp() override {
    ServerUnderTestFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // The server logs the address it bound before it writes the port file the harness waits for.
    std::smatch match;
    const std::string log = server().process().ReadErr();
    ASSERT_TRUE(std::regex_search(log, match,
                                  std::regex(R"(metrics on (http://127\.0\.0\.1:\d+)/metrics)")))
        << log;
    metrics_url_ = match[1].str();
    channel_ = PlaintextChannel(server().address());
    people_ = v1::PeopleService::NewStub(channel_);
  }
  void TearDown() override {
    people_.reset();
    channel_.reset();
    ServerUnderTestFixture::TearDown();
  }

  Scrape ScrapeMetrics() {
    Scrape scrape;
    WriteFile(server().dir().File("scrape.py"), kScraper);
    const ProcessResult result =
        RunProcess({"/usr/bin/python3", server().dir().File("scrape.py"), metrics_url_});
    EXPECT_EQ(result.exit_code, 0)
        << "python3 with prometheus_client (python3-prometheus-client) could not scrape "
        << metrics_url_ << ":\n"
        << result.err;
    scrape.lines = absl::StrSplit(result.out, '\n', absl::SkipEmpty());
    for (const std::string& line : scrape.lines) {
      if (line.rfind("SAMPLE ", 0) != 0) continue;
      const std::size_t space = line.rfind(' ');
      double value = 0;
      EXPECT_TRUE(absl::SimpleAtod(line.substr(space + 1), &value)) << line;
      scrape.samples[line.substr(7, space - 7)] = value;
    }
    return scrape;
  }

  grpc::Status ListTeams(const std::string& token) {
    grpc::ClientContext context;
    Authorize(context, token);
    v1::ListTeamsResponse response;
    return people_->ListTeams(&context, v1::ListTeamsRequest(), &response);
  }

  std::string metrics_url_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::PeopleService::Stub> people_;
};

TEST_P(MetricsEndToEndTest, AScrapeCountsCallsByMethodAndCode) {
  {
    grpc::ClientContext context;
    Authorize(context, server().admin_token());
    v1::ListPeopleResponse response;
    ASSERT_TRUE(people_->ListPeople(&context, v1::ListPeopleRequest(), &response).ok());
  }
  {
    grpc::ClientContext context;
    Authorize(context, server().admin_token());
    v1::GetPersonRequest request;
    request.set_employee_id("E404");
    v1::Person person;
    ASSERT_EQ(people_->GetPerson(&context, request, &person).error_code(),
              grpc::StatusCode::NOT_FOUND);
  }
  ASSERT_EQ(ListTeams("").error_code(), grpc::StatusCode::UNAUTHENTICATED);

  const Scrape scrape = ScrapeMetrics();
  EXPECT_THAT(scrape.lines, ::testing::Contains("STATUS GET /other 404"));
  EXPECT_THAT(scrape.lines, ::testing::Contains("STATUS POST /metrics 404"));
  EXPECT_THAT(scrape.lines,
              ::testing::Contains("CONTENT-TYPE text/plain; version=0.0.4; charset=utf-8"));
  EXPECT_THAT(scrape.lines, ::testing::Contains("FAMILY escala_rpc_calls counter"));
  EXPECT_THAT(scrape.lines, ::testing::Contains("FAMILY escala_rpc_duration_seconds histogram"));

  EXPECT_EQ(scrape.At(Calls(kListPeople, "OK")), 1);
  EXPECT_EQ(scrape.At(Calls(kGetPerson, "NOT_FOUND")), 1);
  EXPECT_EQ(scrape.At(Calls(kListTeams, "UNAUTHENTICATED")), 1);
  // Codes a method never returned are not listed.
  EXPECT_FALSE(scrape.Has(Calls(kListPeople, "NOT_FOUND")));
  EXPECT_FALSE(scrape.Has(Calls(kGetPerson, "OK")));
  // One duration each, in the +Inf bucket and in the count.
  const std::string method = absl::StrCat("method=\"", kGetPerson, "\"");
  EXPECT_EQ(scrape.At(absl::StrCat("escala_rpc_duration_seconds_count{", method, "}")), 1);
  EXPECT_EQ(scrape.At(absl::StrCat("escala_rpc_duration_seconds_bucket{le=\"+Inf\",", method, "}")),
            1);
  EXPECT_GT(scrape.At(absl::StrCat("escala_rpc_duration_seconds_sum{", method, "}")), 0);

  // The process: the harness starts the server with --workers=4 --db_pool_size=6.
  EXPECT_EQ(scrape.At("escala_workers{}"), 4);
  EXPECT_EQ(scrape.At("escala_workers_busy{}"), 0);
  EXPECT_EQ(scrape.At("escala_worker_queue_depth{}"), 0);
  EXPECT_EQ(scrape.At("escala_db_pool_size{}"), 6);
  EXPECT_EQ(scrape.At("escala_db_pool_leases_in_use{}"), 0);
  // At least the migration's lease and the two calls that reached the database.
  EXPECT_GE(scrape.At("escala_db_lease_wait_seconds_count{}"), 3);
  EXPECT_EQ(scrape.At("escala_db_lease_timeouts_total{}"), 0);
  EXPECT_EQ(scrape.At("escala_imports_in_progress{}"), 0);
  for (const char* kind : {"connection_lost", "deadlock", "lock_wait_timeout", "busy", "unique_key",
                           "foreign_key", "other"}) {
    EXPECT_TRUE(scrape.Has(absl::StrCat("escala_db_errors_total{kind=\"", kind, "\"}"))) << kind;
  }
  const std::string database = GetParam() == "sqlite" ? "sqlite3" : "mysql";
  bool build_info = false;
  for (const auto& [key, value] : scrape.samples) {
    if (key.rfind("escala_build_info{", 0) != 0) continue;
    build_info = true;
    EXPECT_EQ(value, 1);
    EXPECT_THAT(key, HasSubstr("version=\"0.1.0\""));
    EXPECT_THAT(key, HasSubstr(absl::StrCat("database=\"", database, "\"")));
  }
  EXPECT_TRUE(build_info);
}

// 2,000 calls without a token from one client: the metrics count all of them; the log has the
// first on a line, then (at shutdown, or once the aggregation interval is over) a summary with
// the number left out, which together account for every call, in at most two lines per
// interval.
TEST_P(MetricsEndToEndTest, AFloodOfUnauthenticatedCallsIsCountedNotLogged) {
  constexpr int kCalls = 2000;
  const absl::Time start = absl::Now();
  for (int i = 0; i < kCalls; ++i) {
    ASSERT_EQ(ListTeams("").error_code(), grpc::StatusCode::UNAUTHENTICATED) << "call " << i;
  }
  const std::regex first_line(
      R"(rpc method=/escala\.v1\.PeopleService/ListTeams peer=\S+ code=UNAUTHENTICATED )");
  const std::regex summary(
      R"(rpc failures repeated: method=/escala\.v1\.PeopleService/ListTeams peer=\S+ )"
      R"(code=UNAUTHENTICATED suppressed=(\d+))");
  auto count_first_lines = [&](const std::string& log) {
    return std::distance(std::sregex_iterator(log.begin(), log.end(), first_line),
                         std::sregex_iterator());
  };

  const Scrape scrape = ScrapeMetrics();
  EXPECT_EQ(scrape.At(Calls(kListTeams, "UNAUTHENTICATED")), kCalls);
  const long logged_so_far = count_first_lines(server().process().ReadErr());
  EXPECT_EQ(scrape.At("escala_rpc_failure_log_suppressed_total{code=\"UNAUTHENTICATED\"}"),
            kCalls - logged_so_far);

  people_.reset();
  channel_.reset();
  const ProcessResult stopped = server().Stop();
  ASSERT_EQ(stopped.exit_code, 0) << stopped.err;
  const absl::Duration elapsed = absl::Now() - start;
  const long first_lines = count_first_lines(stopped.err);
  long summaries = 0;
  long suppressed = 0;
  for (auto it = std::sregex_iterator(stopped.err.begin(), stopped.err.end(), summary);
       it != std::sregex_iterator(); ++it) {
    ++summaries;
    suppressed += std::stol((*it)[1].str());
  }
  EXPECT_EQ(first_lines + suppressed, kCalls) << stopped.err;
  // The rule: one line for the first failure of an interval and one summary of it.
  const long intervals = elapsed / server::FailureLogLimiter::kInterval + 1;
  EXPECT_GE(first_lines, 1);
  EXPECT_LE(first_lines + summaries, 2 * intervals) << stopped.err;
  // And the whole log stays short: start-up, shutdown and these few lines.
  const std::vector<std::string> log_lines = absl::StrSplit(stopped.err, '\n', absl::SkipEmpty());
  EXPECT_LT(log_lines.size(), 20u + 2 * intervals) << stopped.err;
}

INSTANTIATE_TEST_SUITE_P(Backends, MetricsEndToEndTest, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace escala::testing
