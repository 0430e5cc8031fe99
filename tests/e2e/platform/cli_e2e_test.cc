// The escala CLI against the real escala-server, over gRPC on loopback, on each backend.

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/harness/server_fixture.h"
#include "tests/testing/test_database.h"
#include "tests/testing/test_paths.h"

namespace escala::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kHeader[] =
    "source_system,source_id,channel,direction,queue,priority,agent_employee_id,start_time,"
    "end_time,talk_seconds,csat,recording_uri,tags\n";

class CliEndToEndTest : public ServerUnderTestFixture {
 protected:
  void SetUp() override {
    ServerUnderTestFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ExpectOk(Cli({"teams", "create", "--team-id", "t-phone", "--display-name", "Teléfono 1"}));
    ExpectOk(Cli({"people", "create", "--employee-id", "E1", "--display-name", "Ana Pérez",
                  "--email", "ana@escala.example", "--role", "agent", "--level", "1", "--team",
                  "t-phone", "--hire-date", "2025-03-01"}));
    ExpectOk(Cli({"people", "create", "--employee-id", "E2", "--display-name", "Luis Gómez",
                  "--email", "luis@escala.example", "--role", "specialist", "--level", "2"}));
  }
  ProcessResult Cli(const std::vector<std::string>& args) { return server_->Cli(args); }
  void ExpectOk(const ProcessResult& r) {
    EXPECT_EQ(r.exit_code, 0) << "stdout: " << r.out << "\nstderr: " << r.err;
  }
  std::string WriteCsv(const std::string& name, const std::string& body) {
    const std::string path = server_->dir().File(name);
    WriteFile(path, body);
    return path;
  }
};

TEST_P(CliEndToEndTest, HealthReportsServing) {
  ProcessResult r = Cli({"health"});
  ExpectOk(r);
  EXPECT_THAT(r.out, HasSubstr("SERVING"));
}

TEST_P(CliEndToEndTest, PeopleCanBeListedFetchedAndUpdated) {
  ProcessResult list = Cli({"--output", "json", "people", "list", "--team", "t-phone"});
  ExpectOk(list);
  EXPECT_THAT(list.out, HasSubstr("\"E1\""));
  EXPECT_THAT(list.out, Not(HasSubstr("\"E2\"")));

  ExpectOk(Cli({"people", "update", "E1", "--display-name", "Ana Pérez Ruiz"}));
  ProcessResult get = Cli({"--output", "json", "people", "get", "E1"});
  ExpectOk(get);
  EXPECT_THAT(get.out, HasSubstr("Ana Pérez Ruiz"));
  EXPECT_THAT(get.out, HasSubstr("2025-03-01"));
}

TEST_P(CliEndToEndTest, UnknownPersonIsNotFoundWithExitCodeOne) {
  ProcessResult r = Cli({"people", "get", "E404"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("NOT_FOUND: "));
}

TEST_P(CliEndToEndTest, InvalidFieldIsRejectedNamingTheField) {
  ProcessResult r = Cli({"people", "create", "--employee-id", "E9", "--display-name", "X",
                         "--email", "not-an-address", "--role", "agent", "--level", "1"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("INVALID_ARGUMENT: --email: "));
}

TEST_P(CliEndToEndTest, ImportKeepsGoodRowsAndReportsBadOnesByLine) {
  const std::string csv = WriteCsv(
      "calls.csv",
      absl::StrCat(
          kHeader,
          "pbx,c1,phone,inbound,billing,high,E1,2026-11-02T09:00:00.250Z,2026-11-02T09:05:00Z,280,"
          "5,s3://rec/c1.ogg,billing;refund\n",
          "pbx,c2,phone,inbound,billing,high,E1,2026-11-02T10:00:00Z,2026-11-02T09:00:00Z,60,,,\n",
          "pbx,c3,chat,inbound,tech,low,E404,2026-11-02T11:00:00Z,,,,,\n",
          "pbx,c4,email,outbound,billing,medium,E2,2026-11-02T12:00:00Z,,,4,,\n"));
  ProcessResult r = Cli({"interactions", "import", csv});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  const std::string all = r.out + r.err;
  EXPECT_THAT(all, HasSubstr("line 3: end_time"));
  EXPECT_THAT(all, HasSubstr("line 4: agent_employee_id"));
  EXPECT_THAT(r.out, HasSubstr("imported 2"));

  ProcessResult list = Cli({"--output", "csv", "interactions", "list"});
  ExpectOk(list);
  EXPECT_THAT(list.out, ::testing::StartsWith("id,source_system,source_id,"));
  EXPECT_THAT(list.out, HasSubstr("c1"));
  // What list wrote imports again: the id column is ignored, the records are already there.
  ProcessResult relisted = Cli({"interactions", "import", WriteCsv("listed.csv", list.out)});
  EXPECT_THAT(relisted.out, HasSubstr("already present 2")) << relisted.err;
  EXPECT_THAT(list.out, HasSubstr("c4"));
  EXPECT_THAT(list.out, Not(HasSubstr("c2")));

  // Newest first: c4 then c1; the filter narrows to phone.
  ProcessResult phone = Cli({"--output", "json", "interactions", "list", "--channel", "phone"});
  ExpectOk(phone);
  EXPECT_THAT(phone.out, HasSubstr("\"c1\""));
  EXPECT_THAT(phone.out, Not(HasSubstr("\"c4\"")));
  EXPECT_THAT(phone.out, HasSubstr("2026-11-02T09:00:00.250Z"));

  // Re-sending the same file writes nothing new.
  ProcessResult again = Cli({"interactions", "import", csv});
  EXPECT_THAT(again.out, HasSubstr("already present 2"));
}

TEST_P(CliEndToEndTest, InteractionCanBeFetchedAndUpdated) {
  const std::string csv = WriteCsv(
      "one.csv",
      absl::StrCat(kHeader, "pbx,u1,phone,inbound,billing,high,E1,2026-11-03T09:00:00Z,,,,,\n"));
  ExpectOk(Cli({"interactions", "import", csv}));
  ProcessResult list = Cli({"--output", "json", "interactions", "list", "--agent", "E1"});
  ExpectOk(list);
  // The id is the first "id" field of the JSON list.
  const std::size_t at = list.out.find("\"id\": \"");
  ASSERT_NE(at, std::string::npos) << list.out;
  const std::string id = list.out.substr(at + 7, list.out.find('"', at + 7) - (at + 7));

  ExpectOk(Cli({"interactions", "update", id, "--queue", "retention"}));
  ProcessResult get = Cli({"--output", "json", "interactions", "get", id});
  ExpectOk(get);
  EXPECT_THAT(get.out, HasSubstr("retention"));
  EXPECT_THAT(get.out, HasSubstr("\"etag\": \"2\""));
}

TEST_P(CliEndToEndTest, AllOrNothingImportWritesNothingWhenARowIsBad) {
  const std::string csv =
      WriteCsv("atomic.csv",
               absl::StrCat(kHeader, "pbx,a1,phone,inbound,q,high,E1,2026-11-02T09:00:00Z,,,,,\n",
                            "pbx,a2,phone,inbound,q,high,E1,2026-11-02T09:00:00Z,,,9,,\n"));
  ProcessResult r = Cli({"interactions", "import", csv, "--mode", "all-or-nothing"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out + r.err, HasSubstr("line 3: csat"));
  EXPECT_EQ(*database().QueryInt("SELECT COUNT(*) FROM interactions"), 0);
}

TEST_P(CliEndToEndTest, MalformedCsvIsReportedByLine) {
  const std::string missing_column =
      WriteCsv("missing.csv", "source_system,source_id,channel\npbx,x,phone\n");
  ProcessResult r1 = Cli({"interactions", "import", missing_column});
  EXPECT_EQ(r1.exit_code, 2);
  EXPECT_THAT(r1.err, HasSubstr("direction"));

  const std::string bad_rows = WriteCsv(
      "bad.csv",
      absl::StrCat(kHeader, "pbx,b1,phone,inbound,q,high,E1,2026-11-02T09:00:00Z,,,,,,EXTRA\n",
                   "pbx,b2,phone,inbound,\"unterminated,high,E1,2026-11-02T09:00:00Z,,,,,\n"));
  ProcessResult r2 = Cli({"interactions", "import", bad_rows});
  EXPECT_EQ(r2.exit_code, 1);
  EXPECT_THAT(r2.out + r2.err, HasSubstr("line 2"));
  EXPECT_THAT(r2.out + r2.err, HasSubstr("line 3"));
  EXPECT_EQ(*database().QueryInt("SELECT COUNT(*) FROM interactions"), 0);
}

TEST_P(CliEndToEndTest, BadPagingArgumentsAreInvalidArgument) {
  ProcessResult token = Cli({"interactions", "list", "--page-token", "not-a-token"});
  EXPECT_EQ(token.exit_code, 1);
  EXPECT_THAT(token.err, HasSubstr("INVALID_ARGUMENT: --page-token: "));
  ProcessResult size = Cli({"people", "list", "--page-size", "-1"});
  EXPECT_EQ(size.exit_code, 1);
  EXPECT_THAT(size.err, HasSubstr("--page-size: must not be negative"));
  // Above the maximum is coerced down to it, not refused.
  EXPECT_EQ(Cli({"people", "list", "--page-size", "5000"}).exit_code, 0);
}

TEST_P(CliEndToEndTest, PagesFollowEachOtherWithoutGaps) {
  std::string body = kHeader;
  for (int i = 0; i < 7; ++i) {
    // Equal start times on purpose: ties are broken by id.
    absl::StrAppend(&body, "pbx,p", i, ",chat,inbound,q,low,E1,2026-11-04T08:00:00Z,,,,,\n");
  }
  ExpectOk(Cli({"interactions", "import", WriteCsv("pages.csv", body)}));
  ProcessResult all = Cli({"--output", "csv", "interactions", "list", "--page-size", "3", "--all"});
  ExpectOk(all);
  for (int i = 0; i < 7; ++i) {
    const std::string key = absl::StrCat(",p", i, ",");
    const std::size_t first = all.out.find(key);
    EXPECT_NE(first, std::string::npos) << key;
    EXPECT_EQ(all.out.find(key, first + 1), std::string::npos) << key << " listed twice";
  }
}

TEST_P(CliEndToEndTest, ReplayedCreateAnswersTheOriginalRecord) {
  auto create = [&](const std::string& source_id) {
    return Cli({"--output",        "json",
                "interactions",    "create",
                "--source-system", "pbx",
                "--source-id",     source_id,
                "--channel",       "phone",
                "--direction",     "inbound",
                "--priority",      "high",
                "--agent",         "E1",
                "--start",         "2026-11-05T10:00:00Z",
                "--request-id",    "7d3c0b5e-replay"});
  };
  ProcessResult first = create("r1");
  ExpectOk(first);
  ProcessResult replay = create("r1");
  ExpectOk(replay);
  // Even a replay whose body changed gets the record the request_id created.
  ProcessResult changed = create("r2");
  ExpectOk(changed);
  EXPECT_EQ(first.out, replay.out);
  EXPECT_EQ(first.out, changed.out);
  EXPECT_EQ(*database().QueryInt("SELECT COUNT(*) FROM interactions"), 1);

  // Without the request_id, the same source id is a duplicate.
  ProcessResult duplicate = Cli({"interactions", "create", "--source-system", "pbx", "--source-id",
                                 "r1", "--channel", "phone", "--direction", "inbound", "--priority",
                                 "high", "--agent", "E1", "--start", "2026-11-05T10:00:00Z"});
  EXPECT_EQ(duplicate.exit_code, 1);
  EXPECT_THAT(duplicate.err, HasSubstr("ALREADY_EXISTS: "));
}

TEST_P(CliEndToEndTest, PeopleImportUpsertsGoodRowsAndReportsBadOnesByLine) {
  const std::string csv =
      WriteCsv("people.csv",
               "employee_id,display_name,email,role,level,team_id,hire_date,active\n"
               "E1,Ana Pérez Ruiz,ana@escala.example,agent,1,t-phone,2025-03-01,true\n"
               "E3,Marta Díaz,marta@escala.example,team-lead,3,t-phone,2021-06-15,true\n"
               "E4,Bad Level,bad@escala.example,agent,12,,,true\n"
               "E5,No Team,noteam@escala.example,agent,1,t-missing,,true\n"
               "E6,\"Quoted, Name\",q@escala.example,specialist,2,,2024-02-29,false\n");
  ProcessResult r = Cli({"people", "import", csv});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_THAT(r.err, HasSubstr("line 4: level"));
  EXPECT_THAT(r.err, HasSubstr("line 5: team_id"));
  EXPECT_THAT(r.out, HasSubstr("created 2, updated 1, unchanged 0"));

  ProcessResult quoted = Cli({"--output", "json", "people", "get", "E6"});
  ExpectOk(quoted);
  EXPECT_THAT(quoted.out, HasSubstr("Quoted, Name"));
  // Importing again changes nothing.
  ProcessResult again = Cli({"people", "import", csv});
  EXPECT_THAT(again.out, HasSubstr("created 0, updated 0, unchanged 3"));
}

TEST_P(CliEndToEndTest, PeopleImportOfSomeColumnsKeepsTheOthersAndNewPeopleAreActive) {
  ExpectOk(
      Cli({"people", "import",
           WriteCsv("full.csv",
                    "employee_id,display_name,email,role,level,team_id,hire_date,active\n"
                    "E1,Ana Pérez Ruiz,ana@escala.example,agent,1,t-phone,2025-03-01,false\n")}));
  // An HR export with two columns: the e-mail changes, everything else stays.
  ProcessResult partial = Cli({"people", "import",
                               WriteCsv("emails.csv",
                                        "employee_id,email\n"
                                        "E1,ana.perez@escala.example\n")});
  ExpectOk(partial);
  EXPECT_THAT(partial.out, HasSubstr("created 0, updated 1, unchanged 0, rejected 0"));
  ProcessResult shown = Cli({"--output", "csv", "people", "get", "E1"});
  ExpectOk(shown);
  EXPECT_THAT(shown.out, HasSubstr("E1,Ana Pérez Ruiz,ana.perez@escala.example,agent,1,t-phone,"
                                   "2025-03-01,false"));

  // A new person in a file without the active column is active; one without a name is refused
  // on its line, naming the column.
  ProcessResult fresh = Cli({"people", "import",
                             WriteCsv("new.csv",
                                      "employee_id,display_name,role,level\n"
                                      "E7,Nora Nueva,agent,1\n"
                                      "E8,,agent,1\n")});
  EXPECT_EQ(fresh.exit_code, 1) << fresh.out << fresh.err;
  EXPECT_THAT(fresh.err, HasSubstr("line 3: display_name"));
  EXPECT_THAT(fresh.out, HasSubstr("created 1, updated 0, unchanged 0, rejected 1"));
  ProcessResult nora = Cli({"--output", "csv", "people", "get", "E7"});
  ExpectOk(nora);
  EXPECT_THAT(nora.out, HasSubstr("E7,Nora Nueva,,agent,1,,,true"));
}

TEST_P(CliEndToEndTest, PeopleImportAllOrNothingWritesNothingWhenOneRowIsBad) {
  const std::string csv = WriteCsv("batch.csv",
                                   "employee_id,display_name,role,level,team_id\n"
                                   "E7,Nora Nueva,agent,1,t-phone\n"
                                   "E8,Bad Level,agent,12,t-phone\n"
                                   "E9,No Team,agent,1,t-missing\n");
  ProcessResult r = Cli({"people", "import", "--mode", "all-or-nothing", csv});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_THAT(r.err, HasSubstr("line 3: level"));
  EXPECT_THAT(r.err, HasSubstr("line 4: team_id: team 't-missing' does not exist"));
  EXPECT_THAT(r.err, HasSubstr("nothing was written"));
  EXPECT_THAT(r.out, HasSubstr("created 0, updated 0, unchanged 0"));
  EXPECT_EQ(Cli({"people", "get", "E7"}).exit_code, 1);
  EXPECT_EQ(*database().QueryInt("SELECT COUNT(*) FROM people WHERE employee_id = 'E7'"), 0);
}

TEST_P(CliEndToEndTest, Latin1RowsAreRejectedByLineAndColumnAndTheGoodRowsKept) {
  // 0xE9 is "é" in Latin-1 (and Windows-1252), the usual encoding of a spreadsheet export.
  const std::string calls = WriteCsv(
      "latin1_calls.csv",
      absl::StrCat(kHeader,
                   "pbx,l1,phone,inbound,Facturaci\xE9n,high,E1,2026-11-02T09:00:00Z,,,,,\n",
                   "pbx,l2,phone,inbound,billing,high,E1,2026-11-02T10:00:00Z,,,,,\n",
                   "pbx,l3,phone,inbound,billing,high,E2,2026-11-02T11:00:00Z,,,,,caf\xE9\n"));
  ProcessResult r = Cli({"interactions", "import", calls});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_THAT(r.err, HasSubstr("line 2: queue: the value is not valid UTF-8 (byte 0xE9"));
  EXPECT_THAT(r.err, HasSubstr("line 4: tags: the value is not valid UTF-8"));
  EXPECT_THAT(r.out, HasSubstr("received 3, imported 1, already present 0, rejected 2"));
  EXPECT_THAT(r.err + r.out, Not(HasSubstr("libprotobuf")));
  EXPECT_EQ(*database().QueryInt("SELECT COUNT(*) FROM interactions"), 1);

  const std::string people = WriteCsv("latin1_people.csv",
                                      "employee_id,display_name,email,role,level\n"
                                      "E7,Jos\xE9 Mar\xED"
                                      "a,jose@escala.example,agent,1\n"
                                      "E8,Eva Ruiz,eva@escala.example,agent,1\n");
  ProcessResult p = Cli({"people", "import", people});
  EXPECT_EQ(p.exit_code, 1) << p.out << p.err;
  EXPECT_THAT(p.err, HasSubstr("line 2: display_name: the value is not valid UTF-8"));
  EXPECT_THAT(p.err, Not(HasSubstr("UNIMPLEMENTED")));
  EXPECT_THAT(p.out, HasSubstr("created 1"));
  EXPECT_THAT(p.out, HasSubstr("rejected 1"));
  ExpectOk(Cli({"people", "get", "E8"}));
}

TEST(ServerHelpTest, HelpDocumentsEveryFlag) {
  ProcessResult help = RunProcess({ServerBinary(), "--help"});
  const std::string text = help.out + help.err;
  for (const char* flag :
       {"--listen", "--port_file", "--db ", "--db_password_file", "--migrate", "--workers",
        "--db_pool_size", "--db_lease_timeout_ms", "--shutdown_grace_seconds",
        "--health_interval_ms", "--max_message_bytes"}) {
    EXPECT_THAT(text, HasSubstr(flag));
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, CliEndToEndTest, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace escala::testing
