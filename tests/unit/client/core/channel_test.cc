#include "client/core/channel.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace escala::client {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(ChannelTest, LoopbackTargets) {
  for (const char* address :
       {"127.0.0.1:50051", "127.8.9.10:1", "localhost:50051", "LOCALHOST:1", "[::1]:50051",
        "[::ffff:127.0.0.1]:1", "dns:///localhost:50051", "dns://8.8.8.8/127.0.0.1:1",
        "ipv4:127.0.0.1:1,127.0.0.2:2", "ipv6:[::1]:1", "unix:/run/escala.sock", "localhost"}) {
    EXPECT_TRUE(IsLoopbackTarget(address)) << address;
  }
}

TEST(ChannelTest, RemoteTargets) {
  for (const char* address : {"10.0.0.5:50051", "0.0.0.0:50051", "[::]:50051", "escala.example:443",
                              "localhost.example:1", "128.0.0.1:1", "dns:///escala.example:443",
                              "ipv4:127.0.0.1:1,10.0.0.1:2", "[::2]:1", "127.0.0:1", ""}) {
    EXPECT_FALSE(IsLoopbackTarget(address)) << address;
  }
}

TEST(ChannelTest, TokenInClearTextToRemoteServerIsRefused) {
  ChannelSettings settings;
  settings.address = "escala.example:50051";
  settings.token = "s3cret-token";
  absl::Status status = CheckChannelSettings(settings);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("clear text"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("--ca-cert"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("--plaintext"));
  EXPECT_THAT(std::string(status.message()), Not(HasSubstr("s3cret-token")));
  EXPECT_FALSE(MakeServerChannel(settings).ok());
}

TEST(ChannelTest, ClearTextIsAllowedToLoopbackWithoutTokenWithTlsOrWhenAskedFor) {
  ChannelSettings loopback;
  loopback.address = "127.0.0.1:50051";
  loopback.token = "t";
  EXPECT_TRUE(CheckChannelSettings(loopback).ok());

  ChannelSettings no_token;
  no_token.address = "escala.example:50051";
  EXPECT_TRUE(CheckChannelSettings(no_token).ok());

  ChannelSettings tls = no_token;
  tls.token = "t";
  tls.tls = true;
  EXPECT_TRUE(CheckChannelSettings(tls).ok());

  ChannelSettings asked = no_token;
  asked.token = "t";
  asked.allow_remote_plaintext = true;
  EXPECT_TRUE(CheckChannelSettings(asked).ok());
  EXPECT_TRUE(MakeServerChannel(asked).ok());
}

TEST(ChannelTest, ClientCertificateAndKeyGoTogether) {
  ChannelSettings settings;
  settings.address = "localhost:1";
  settings.tls = true;
  settings.client_cert_file = "/c.pem";
  EXPECT_THAT(std::string(CheckChannelSettings(settings).message()), HasSubstr("--client-key"));
  settings.client_cert_file.clear();
  settings.client_key_file = "/k.pem";
  EXPECT_THAT(std::string(CheckChannelSettings(settings).message()), HasSubstr("--client-cert"));
}

TEST(ChannelTest, UnreadableCaFileNamesWhereItWasSet) {
  ChannelSettings settings;
  settings.address = "localhost:1";
  settings.tls = true;
  settings.ca_cert_file = "/nonexistent/ca.pem";
  settings.ca_cert_origin = "ESCALA_CA_CERT";
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = MakeServerChannel(settings);
  ASSERT_FALSE(channel.ok());
  EXPECT_THAT(std::string(channel.status().message()), HasSubstr("ESCALA_CA_CERT"));
  EXPECT_THAT(std::string(channel.status().message()), HasSubstr("/nonexistent/ca.pem"));
}

}  // namespace
}  // namespace escala::client
