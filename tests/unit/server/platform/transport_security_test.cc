#include "server/platform/transport_security.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

namespace escala::server {
namespace {

using ::testing::HasSubstr;

// Not a usable key pair: MakeServerCredentials reads and checks the files, while gRPC parses
// them only when the port is bound.
constexpr char kPem[] = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";

std::string MessageOf(const absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>>& result) {
  return std::string(result.status().message());
}

class TransportSecurityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/escala_transport_security_test_XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    cert_ = Write("cert.pem", kPem);
    key_ = Write("key.pem", kPem);
    ca_ = Write("ca.pem", kPem);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    return path;
  }
  TransportOptions Tls() const {
    TransportOptions options;
    options.tls_cert_file = cert_;
    options.tls_key_file = key_;
    return options;
  }

  std::string dir_, cert_, key_, ca_;
};

TEST(LoopbackListenAddressTest, LoopbackAddresses) {
  for (const char* address :
       {"127.0.0.1:50051", "127.0.0.1:0", "127.255.0.9:1", "localhost:50051", "LocalHost:1",
        "[::1]:50051", "[::ffff:127.0.0.1]:1", "unix:/run/escala.sock"}) {
    EXPECT_TRUE(IsLoopbackListenAddress(address)) << address;
  }
}

TEST(LoopbackListenAddressTest, AddressesOtherHostsReach) {
  for (const char* address :
       {"0.0.0.0:50051", "[::]:50051", ":50051", "10.1.2.3:50051", "128.0.0.1:1",
        "escala.example:50051", "localhost.example:1", "[::2]:1", "[::1:1", "", "127.0.0:1"}) {
    EXPECT_FALSE(IsLoopbackListenAddress(address)) << address;
  }
}

TEST_F(TransportSecurityTest, NeitherTlsNorPlaintextRefusesToStartAndSaysWhatToGive) {
  auto result = MakeServerCredentials(TransportOptions{}, "127.0.0.1:50051");
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(MessageOf(result), HasSubstr("--tls_cert and --tls_key"));
  EXPECT_THAT(MessageOf(result), HasSubstr("--plaintext for local use"));
}

TEST_F(TransportSecurityTest, PlaintextOnLoopback) {
  TransportOptions options;
  options.plaintext = true;
  EXPECT_TRUE(MakeServerCredentials(options, "127.0.0.1:0").ok());
  EXPECT_TRUE(MakeServerCredentials(options, "localhost:50051").ok());
  EXPECT_TRUE(MakeServerCredentials(options, "[::1]:50051").ok());
}

TEST_F(TransportSecurityTest, PlaintextOnRemoteAddressNeedsPlaintextRemoteAndWarns) {
  TransportOptions options;
  options.plaintext = true;
  auto refused = MakeServerCredentials(options, "0.0.0.0:50051");
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(MessageOf(refused), HasSubstr("--plaintext_remote"));
  EXPECT_THAT(MessageOf(refused), HasSubstr("0.0.0.0:50051"));

  options.plaintext_remote = true;
  ::testing::internal::CaptureStderr();
  auto allowed = MakeServerCredentials(options, "0.0.0.0:50051");
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_TRUE(allowed.ok()) << allowed.status();
  EXPECT_THAT(log, HasSubstr("WARN"));
  EXPECT_THAT(log, HasSubstr("clear text"));
}

TEST_F(TransportSecurityTest, PlaintextRemoteAloneIsAnError) {
  TransportOptions options;
  options.plaintext_remote = true;
  EXPECT_THAT(MessageOf(MakeServerCredentials(options, "0.0.0.0:1")),
              HasSubstr("--plaintext_remote applies only together with --plaintext"));
}

TEST_F(TransportSecurityTest, TlsWithCertificateAndKey) {
  EXPECT_TRUE(MakeServerCredentials(Tls(), "0.0.0.0:50051").ok());
  TransportOptions mutual = Tls();
  mutual.tls_client_ca_file = ca_;
  EXPECT_TRUE(MakeServerCredentials(mutual, "0.0.0.0:50051").ok());
  mutual.require_client_cert = true;
  EXPECT_TRUE(MakeServerCredentials(mutual, "0.0.0.0:50051").ok());
}

TEST_F(TransportSecurityTest, HalfAKeyPairNamesTheMissingFlag) {
  TransportOptions no_key = Tls();
  no_key.tls_key_file.clear();
  EXPECT_THAT(MessageOf(MakeServerCredentials(no_key, "127.0.0.1:1")),
              HasSubstr("--tls_key is missing"));
  TransportOptions no_cert = Tls();
  no_cert.tls_cert_file.clear();
  EXPECT_THAT(MessageOf(MakeServerCredentials(no_cert, "127.0.0.1:1")),
              HasSubstr("--tls_cert is missing"));
}

TEST_F(TransportSecurityTest, UnreadableOrNonPemFileNamesTheFlag) {
  TransportOptions options = Tls();
  options.tls_key_file = dir_ + "/none.pem";
  auto unreadable = MakeServerCredentials(options, "127.0.0.1:1");
  EXPECT_EQ(unreadable.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(MessageOf(unreadable), HasSubstr("--tls_key: cannot read"));

  options = Tls();
  options.tls_cert_file = Write("text.pem", "hello\n");
  EXPECT_THAT(MessageOf(MakeServerCredentials(options, "127.0.0.1:1")), HasSubstr("--tls_cert: '"));

  options = Tls();
  options.tls_client_ca_file = dir_ + "/none.pem";
  EXPECT_THAT(MessageOf(MakeServerCredentials(options, "127.0.0.1:1")),
              HasSubstr("--tls_client_ca: cannot read"));
}

TEST_F(TransportSecurityTest, TlsAndPlaintextTogetherIsAnError) {
  TransportOptions options = Tls();
  options.plaintext = true;
  EXPECT_THAT(MessageOf(MakeServerCredentials(options, "127.0.0.1:1")),
              HasSubstr("--plaintext cannot be combined with --tls_cert"));
}

TEST_F(TransportSecurityTest, RequireClientCertNeedsClientCa) {
  TransportOptions options = Tls();
  options.require_client_cert = true;
  EXPECT_THAT(MessageOf(MakeServerCredentials(options, "127.0.0.1:1")),
              HasSubstr("--tls_require_client_cert needs --tls_client_ca"));
}

TEST_F(TransportSecurityTest, ClientCaNeedsTls) {
  TransportOptions options;
  options.plaintext = true;
  options.tls_client_ca_file = ca_;
  EXPECT_THAT(MessageOf(MakeServerCredentials(options, "127.0.0.1:1")),
              HasSubstr("--tls_client_ca needs --tls_cert and --tls_key"));
}

}  // namespace
}  // namespace escala::server
