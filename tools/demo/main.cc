// escala-demo: loads a generated demo department into an Escala server. See DemoUsage().

#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "escala/v1/interactions.grpc.pb.h"
#include "escala/v1/people.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "tools/demo/demo_data.h"
#include "tools/demo/demo_flags.h"
#include "tools/demo/demo_loader.h"
#include "tools/demo/demo_stats.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

// Long enough for a server that is still starting, short enough to fail visibly when none is there.
constexpr auto kConnectTimeout = std::chrono::seconds(10);

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
  const std::shared_ptr<grpc::Channel> channel =
      grpc::CreateChannel(flags.server, grpc::InsecureChannelCredentials());
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
    std::cerr << absl::StatusCodeToString(summary.status().code()) << ": "
              << summary.status().message() << "\n";
    return kExitFailed;
  }
  std::cout << escala::demo::FormatLoadSummary(*summary);
  return summary->rejections.empty() ? kExitOk : kExitFailed;
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
