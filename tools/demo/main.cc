// escala-demo: loads a generated demo department into an Escala server. See DemoUsage().

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "client/core/channel.h"
#include "escala/v1/identity.grpc.pb.h"
#include "escala/v1/interactions.grpc.pb.h"
#include "escala/v1/people.grpc.pb.h"
#include "tools/demo/demo_certifications.h"
#include "tools/demo/demo_data.h"
#include "tools/demo/demo_flags.h"
#include "tools/demo/demo_loader.h"
#include "tools/demo/demo_qa.h"
#include "tools/demo/demo_scorecards.h"
#include "tools/demo/demo_stats.h"
#include "tools/demo/demo_tokens.h"
#include "tools/demo/demo_tokens_file.h"
#include "tools/demo/demo_training.h"
#include "tools/demo/demo_training_plan.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

// Long enough for a server that is still starting, short enough to fail visibly when none is there.
constexpr auto kConnectTimeout = std::chrono::seconds(10);

// Deadline of each CreateToken call.
constexpr absl::Duration kTokenRpcTimeout = absl::Seconds(30);

void PrintFailure(const absl::Status& status, bool token_sent) {
  std::cerr << absl::StatusCodeToString(status.code()) << ": " << status.message() << "\n";
  if (status.code() == absl::StatusCode::kUnauthenticated && !token_sent) {
    std::cerr << "no token was sent: give --token TOKEN or set ESCALA_TOKEN (for a fresh "
                 "database, escala-server --bootstrap_admin=admin prints one)\n";
  }
}

// After the data is in: tokens for a few demo people, written to `path`.
int WriteDemoTokens(const escala::demo::DemoData& data, const std::string& path,
                    const std::shared_ptr<grpc::Channel>& channel, bool token_sent) {
  const std::vector<escala::demo::DemoTokenHolder> holders =
      escala::demo::PickDemoTokenHolders(data);
  const auto identity = escala::v1::IdentityService::NewStub(channel);
  const absl::StatusOr<std::vector<escala::demo::DemoToken>> tokens =
      escala::demo::CreateDemoTokens(holders, *identity, kTokenRpcTimeout);
  if (!tokens.ok()) {
    PrintFailure(tokens.status(), token_sent);
    return kExitFailed;
  }
  if (absl::Status s = escala::demo::WriteDemoTokensFile(path, *tokens); !s.ok()) {
    std::cerr << s.message() << "\n";
    return kExitFailed;
  }
  std::vector<std::string> who;
  for (const escala::demo::DemoToken& token : *tokens) {
    who.push_back(absl::StrCat(token.holder.role, " ", token.holder.employee_id, " (",
                               token.holder.display_name, ")"));
  }
  std::cout << "demo tokens written to " << path << ": " << absl::StrJoin(who, ", ") << "\n";
  return kExitOk;
}

// After the data is in: the agents of the promotion story, written to `path` for tools/run.sh,
// which stages their cases.
int WriteDemoPromotions(const escala::demo::DemoData& data, absl::Time end,
                        const std::string& path) {
  std::ofstream out(path, std::ios::trunc);
  out << "# role employee_id [promoted on]: the L1 agents of the demo's promotion story\n";
  for (const std::string& ready : data.promotion.ready) out << "ready " << ready << "\n";
  if (!data.promotion.nearly_ready.empty()) {
    out << "nearly_ready " << data.promotion.nearly_ready << "\n";
  }
  if (!data.promotion.regressing.empty()) {
    // With the day their promotion took effect.
    out << "regressing " << data.promotion.regressing << " "
        << absl::FormatTime("%Y-%m-%d", end - absl::Hours(24) * escala::demo::kDemoRegressionDays,
                            absl::UTCTimeZone())
        << "\n";
  }
  out.close();
  if (!out) {
    std::cerr << "cannot write " << path << "\n";
    return kExitFailed;
  }
  return kExitOk;
}

int Run(const escala::demo::DemoFlags& flags) {
  const escala::demo::DemoData data = escala::demo::GenerateDemoData(flags.demo);
  const std::string window =
      absl::StrFormat("seed %d, %d days to %s", flags.demo.seed, flags.demo.days,
                      absl::FormatTime("%Y-%m-%d %H:%M UTC", flags.demo.end, absl::UTCTimeZone()));
  if (flags.dry_run) {
    std::cout << "demo data (" << window << ")\n" << escala::demo::DescribeDemoData(data);
    return kExitOk;
  }

  std::cout << absl::StrFormat("loading %d teams, %d people, %d interactions (%s) into %s\n",
                               data.teams.size(), data.people.size(), data.interactions.size(),
                               window, flags.server);
  escala::client::ChannelSettings settings;
  settings.address = flags.server;
  settings.token = flags.token;
  if (settings.token.empty()) {
    if (const char* from_env = std::getenv("ESCALA_TOKEN"); from_env != nullptr) {
      settings.token = from_env;
    }
  }
  // The demo speaks plaintext only. A server refuses plaintext off loopback unless its operator
  // allowed it explicitly, so the server, not this tool, decides whether a token may travel so.
  settings.allow_remote_plaintext = true;
  const bool token_sent = !settings.token.empty();
  // The one place the channel is made: every call on it, unary or streamed, carries the token.
  const absl::StatusOr<std::shared_ptr<grpc::Channel>> made =
      escala::client::MakeServerChannel(settings);
  if (!made.ok()) {
    std::cerr << made.status().message() << "\n";
    return kExitFailed;
  }
  const std::shared_ptr<grpc::Channel>& channel = *made;
  if (!channel->WaitForConnected(std::chrono::system_clock::now() + kConnectTimeout)) {
    std::cerr << "UNAVAILABLE: no server answered at " << flags.server << " within "
              << kConnectTimeout.count() << " s\n";
    return kExitFailed;
  }
  const auto people = escala::v1::PeopleService::NewStub(channel);
  const auto interactions = escala::v1::InteractionService::NewStub(channel);
  const absl::StatusOr<escala::demo::LoadSummary> summary =
      escala::demo::LoadDemoData(data, *people, *interactions);
  if (!summary.ok()) {
    PrintFailure(summary.status(), token_sent);
    return kExitFailed;
  }
  std::cout << escala::demo::FormatLoadSummary(*summary);
  int status = summary->rejections.empty() ? kExitOk : kExitFailed;
  const absl::StatusOr<std::string> scorecards =
      escala::demo::LoadDemoScorecards(data, settings, kTokenRpcTimeout);
  if (scorecards.ok()) {
    std::cout << *scorecards;
  } else {
    PrintFailure(scorecards.status(), token_sent);
    status = kExitFailed;
  }
  // The QA work needs the people, the contacts and the published scorecard.
  if (status == kExitOk) {
    if (absl::Status qa =
            escala::demo::LoadDemoQa(data, flags.demo, settings, kTokenRpcTimeout, std::cout);
        !qa.ok()) {
      PrintFailure(qa, token_sent);
      status = kExitFailed;
    }
  }
  // The training catalogue and sessions need the trainers of the directory.
  if (status == kExitOk) {
    escala::demo::DemoQaClient as_people(settings, kTokenRpcTimeout);
    const absl::StatusOr<std::string> training =
        escala::demo::LoadDemoTraining(escala::demo::PlanDemoTraining(data, flags.demo), as_people);
    if (training.ok()) {
      std::cout << *training;
    } else {
      PrintFailure(training.status(), token_sent);
      status = kExitFailed;
    }
  }
  // Certifications, learning paths and the training history need the catalogue.
  if (status == kExitOk) {
    escala::demo::DemoQaClient as_people(settings, kTokenRpcTimeout);
    const absl::StatusOr<std::string> certifications = escala::demo::LoadDemoCertifications(
        escala::demo::PlanDemoCertifications(data, flags.demo), as_people);
    if (certifications.ok()) {
      std::cout << *certifications;
    } else {
      PrintFailure(certifications.status(), token_sent);
      status = kExitFailed;
    }
  }
  if (!flags.demo_tokens_file.empty() &&
      WriteDemoTokens(data, flags.demo_tokens_file, channel, token_sent) != kExitOk) {
    status = kExitFailed;
  }
  if (!flags.demo_promotions_file.empty() &&
      WriteDemoPromotions(data, flags.demo.end, flags.demo_promotions_file) != kExitOk) {
    status = kExitFailed;
  }
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  const absl::StatusOr<escala::demo::DemoFlags> flags = escala::demo::ParseDemoFlags(args);
  if (!flags.ok()) {
    std::cerr << "escala-demo: " << flags.status().message()
              << "\nRun escala-demo --help for usage.\n";
    return kExitUsage;
  }
  if (flags->help) {
    std::cout << escala::demo::DemoUsage();
    return kExitOk;
  }
  return Run(*flags);
}
