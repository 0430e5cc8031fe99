// TLS and mutual TLS between the real escala CLI and the real escala-server, with certificates
// made by openssl for each run, and the server's refusal of transports that would expose tokens.

#include <grpcpp/grpcpp.h>
#include <signal.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "server/platform/transport_security.h"
#include "tests/e2e/harness/process.h"
#include "tests/e2e/harness/server_under_test.h"
#include "tests/testing/test_database.h"
#include "tests/testing/test_paths.h"

namespace escala::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kOpenssl[] = "/usr/bin/openssl";

// Extensions for `openssl req -x509` and `openssl x509 -req`, so that the certificates do not
// depend on the system's openssl.cnf.
constexpr char kOpensslConfig[] = R"(
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
[client]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
)";

// The PEM files of one run: a CA, a server certificate for localhost and a client certificate
// signed by it, and a second CA that signed neither.
class Certificates {
 public:
  void Make() {
    WriteFile(dir_.File("openssl.cnf"), kOpensslConfig);
    MakeCa("ca");
    MakeCa("other-ca");
    MakeSigned("server", "localhost", 2);
    MakeSigned("client", "escala-e2e-client", 3);
  }
  std::string File(const std::string& name) const { return dir_.File(name); }
  const std::string& dir() const { return dir_.path(); }

 private:
  void Openssl(std::vector<std::string> args) {
    args.insert(args.begin(), kOpenssl);
    ProcessResult r = RunProcess(args);
    ASSERT_EQ(r.exit_code, 0) << args[1] << " " << args[2] << ": " << r.err;
  }
  void MakeCa(const std::string& name) {
    Openssl({"req", "-x509", "-config", File("openssl.cnf"), "-extensions", "ca", "-newkey", "ec",
             "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", File(name + ".key"),
             "-out", File(name + ".pem"), "-days", "2", "-subj", "/CN=Escala e2e " + name});
  }
  void MakeSigned(const std::string& name, const std::string& common_name, int serial) {
    Openssl({"req", "-new", "-config", File("openssl.cnf"), "-newkey", "ec", "-pkeyopt",
             "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", File(name + ".key"), "-out",
             File(name + ".csr"), "-subj", "/CN=" + common_name});
    Openssl({"x509", "-req", "-in", File(name + ".csr"), "-CA", File("ca.pem"), "-CAkey",
             File("ca.key"), "-set_serial", std::to_string(serial), "-days", "2", "-extfile",
             File("openssl.cnf"), "-extensions", name, "-out", File(name + ".pem")});
  }

  TempDir dir_;
};

class TlsEndToEndTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    certificates_ = new Certificates();
    if (std::filesystem::exists(kOpenssl)) certificates_->Make();
    // The CLI children must not pick up a token, CA or server from the user's settings.
    setenv("XDG_CONFIG_HOME", certificates_->dir().c_str(), 1);
    for (const char* name : {"ESCALA_SERVER", "ESCALA_TOKEN", "ESCALA_CA_CERT"}) unsetenv(name);
  }
  static void TearDownTestSuite() {
    delete certificates_;
    certificates_ = nullptr;
  }

  void SetUp() override {
    if (!std::filesystem::exists(kOpenssl)) GTEST_SKIP() << kOpenssl << " is not installed";
    absl::StatusOr<std::unique_ptr<TestDatabase>> database = TestDatabase::Create(kSqliteBackend);
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = std::move(*database);
  }

  static std::string Pem(const std::string& name) { return certificates_->File(name); }

  // The server with TLS, plus `more` flags.
  std::unique_ptr<ServerUnderTest> StartTlsServer(const std::vector<std::string>& more = {}) {
    std::vector<std::string> flags = {"--tls_cert=" + Pem("server.pem"),
                                      "--tls_key=" + Pem("server.key")};
    flags.insert(flags.end(), more.begin(), more.end());
    absl::StatusOr<std::unique_ptr<ServerUnderTest>> server =
        ServerUnderTest::Start(*database_, flags);
    EXPECT_TRUE(server.ok()) << server.status();
    return server.ok() ? std::move(*server) : nullptr;
  }

  // `escala --server localhost:PORT <args…> health`: localhost is the name in the certificate.
  static ProcessResult Health(const ServerUnderTest& server, std::vector<std::string> args) {
    const std::string port = server.address().substr(server.address().rfind(':') + 1);
    args.insert(args.begin(), {CliBinary(), "--server", "localhost:" + port, "--timeout", "20"});
    args.push_back("health");
    return RunProcess(args);
  }

  // Runs escala-server with `flags` on a fresh SQLite file, expecting it to refuse to start.
  ProcessResult RunServerExpectingExit(const std::vector<std::string>& flags) {
    std::vector<std::string> argv = {ServerBinary(), "--db=sqlite3://db=" + dir_.File("refused.db"),
                                     "--port_file=" + dir_.File("port")};
    argv.insert(argv.end(), flags.begin(), flags.end());
    BackgroundProcess server(argv);
    // A server that started after all is killed here rather than hanging the test.
    return server.Wait(absl::Seconds(60));
  }

  static Certificates* certificates_;
  std::unique_ptr<TestDatabase> database_;
  TempDir dir_;
};

Certificates* TlsEndToEndTest::certificates_ = nullptr;

TEST_F(TlsEndToEndTest, HealthOverTlsWithTheServersCa) {
  std::unique_ptr<ServerUnderTest> server = StartTlsServer();
  ASSERT_NE(server, nullptr);
  ProcessResult r = Health(*server, {"--ca-cert", Pem("ca.pem")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("SERVING"));
}

TEST_F(TlsEndToEndTest, CaFromTheEnvironmentTurnsTlsOn) {
  std::unique_ptr<ServerUnderTest> server = StartTlsServer();
  ASSERT_NE(server, nullptr);
  setenv("ESCALA_CA_CERT", Pem("ca.pem").c_str(), 1);
  ProcessResult r = Health(*server, {});
  unsetenv("ESCALA_CA_CERT");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("SERVING"));
}

TEST_F(TlsEndToEndTest, WrongCaIsRefused) {
  std::unique_ptr<ServerUnderTest> server = StartTlsServer();
  ASSERT_NE(server, nullptr);
  ProcessResult r = Health(*server, {"--ca-cert", Pem("other-ca.pem")});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("UNAVAILABLE"));
  EXPECT_THAT(r.out, Not(HasSubstr("SERVING")));
}

TEST_F(TlsEndToEndTest, PlaintextClientCannotTalkToTlsServer) {
  std::unique_ptr<ServerUnderTest> server = StartTlsServer();
  ASSERT_NE(server, nullptr);
  ProcessResult r = Health(*server, {});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.out, Not(HasSubstr("SERVING")));
}

TEST_F(TlsEndToEndTest, RequiredClientCertificate) {
  std::unique_ptr<ServerUnderTest> server =
      StartTlsServer({"--tls_client_ca=" + Pem("ca.pem"), "--tls_require_client_cert"});
  ASSERT_NE(server, nullptr);

  ProcessResult without = Health(*server, {"--ca-cert", Pem("ca.pem")});
  EXPECT_NE(without.exit_code, 0);
  EXPECT_THAT(without.out, Not(HasSubstr("SERVING")));

  ProcessResult with = Health(*server, {"--ca-cert", Pem("ca.pem"), "--client-cert",
                                        Pem("client.pem"), "--client-key", Pem("client.key")});
  EXPECT_EQ(with.exit_code, 0) << with.err;
  EXPECT_THAT(with.out, HasSubstr("SERVING"));
}

TEST_F(TlsEndToEndTest, RequestedClientCertificateIsOptionalButMustVerify) {
  std::unique_ptr<ServerUnderTest> server =
      StartTlsServer({"--tls_client_ca=" + Pem("other-ca.pem")});
  ASSERT_NE(server, nullptr);

  ProcessResult without = Health(*server, {"--ca-cert", Pem("ca.pem")});
  EXPECT_EQ(without.exit_code, 0) << without.err;

  // client.pem is signed by ca.pem, which this server does not trust for clients.
  ProcessResult unverified =
      Health(*server, {"--ca-cert", Pem("ca.pem"), "--client-cert", Pem("client.pem"),
                       "--client-key", Pem("client.key")});
  EXPECT_NE(unverified.exit_code, 0);
}

TEST_F(TlsEndToEndTest, ServerWithoutTlsOrPlaintextRefusesToStart) {
  ProcessResult r = RunServerExpectingExit({"--listen=127.0.0.1:0"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("--tls_cert and --tls_key"));
  EXPECT_THAT(r.err, HasSubstr("--plaintext for local use"));
  EXPECT_FALSE(std::filesystem::exists(dir_.File("port")));
}

TEST_F(TlsEndToEndTest, PlaintextOnAllInterfacesNeedsPlaintextRemote) {
  ProcessResult refused = RunServerExpectingExit({"--listen=0.0.0.0:0", "--plaintext"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.err, HasSubstr("--plaintext_remote"));
  EXPECT_FALSE(std::filesystem::exists(dir_.File("port")));

  BackgroundProcess allowed({ServerBinary(), "--db=sqlite3://db=" + dir_.File("remote.db"),
                             "--port_file=" + dir_.File("port"), "--listen=0.0.0.0:0",
                             "--plaintext", "--plaintext_remote"});
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while (!std::filesystem::exists(dir_.File("port")) && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  ASSERT_TRUE(std::filesystem::exists(dir_.File("port"))) << allowed.ReadErr();
  EXPECT_THAT(allowed.ReadErr(), HasSubstr("clear text"));
  allowed.Signal(SIGTERM);
  EXPECT_EQ(allowed.Wait(absl::Seconds(30)).exit_code, 0);
}

TEST_F(TlsEndToEndTest, TlsAndPlaintextTogetherRefuseToStart) {
  ProcessResult r =
      RunServerExpectingExit({"--listen=127.0.0.1:0", "--plaintext",
                              "--tls_cert=" + Pem("server.pem"), "--tls_key=" + Pem("server.key")});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("--plaintext cannot be combined"));
}

TEST_F(TlsEndToEndTest, LoginWhoAmIAndLogoutOverTls) {
  std::unique_ptr<ServerUnderTest> server = StartTlsServer();
  ASSERT_NE(server, nullptr);
  setenv("XDG_CONFIG_HOME", dir_.path().c_str(), 1);
  const std::string config = dir_.File("escala/config");
  const std::string port = server->address().substr(server->address().rfind(':') + 1);
  const auto escala = [&](std::vector<std::string> args) {
    args.insert(args.begin(),
                {CliBinary(), "--server", "localhost:" + port, "--ca-cert", Pem("ca.pem")});
    return RunProcess(args);
  };

  WriteFile(dir_.File("wrong-token"), "not-a-real-token\n");
  ProcessResult rejected = escala({"login", "--token-file", dir_.File("wrong-token")});
  EXPECT_EQ(rejected.exit_code, 1);
  EXPECT_THAT(rejected.err, HasSubstr("not accepted"));
  EXPECT_FALSE(std::filesystem::exists(config));

  WriteFile(dir_.File("token"), server->admin_token() + "\n");
  ProcessResult login = escala({"login", "--token-file", dir_.File("token")});
  EXPECT_EQ(login.exit_code, 0) << login.err;
  EXPECT_THAT(login.out, HasSubstr("logged in as "));
  EXPECT_THAT(login.out + login.err, Not(HasSubstr(server->admin_token())));
  EXPECT_THAT(ReadFile(config), HasSubstr("token = " + server->admin_token()));
  EXPECT_EQ(std::filesystem::status(config).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);

  ProcessResult whoami = escala({"--output", "json", "whoami"});
  EXPECT_EQ(whoami.exit_code, 0) << whoami.err;
  EXPECT_THAT(whoami.out, HasSubstr("\"name\""));

  EXPECT_EQ(escala({"logout"}).exit_code, 0);
  EXPECT_THAT(ReadFile(config), Not(HasSubstr("token")));
  ProcessResult anonymous = escala({"whoami"});
  EXPECT_EQ(anonymous.exit_code, 1);
  EXPECT_THAT(anonymous.err, HasSubstr("UNAUTHENTICATED"));
  setenv("XDG_CONFIG_HOME", certificates_->dir().c_str(), 1);
}

// Remembers the verified client common name of each call, the way authentication code reads it.
class CommonNameRecorder : public grpc::health::v1::Health::CallbackService {
 public:
  grpc::ServerUnaryReactor* Check(grpc::CallbackServerContext* context,
                                  const grpc::health::v1::HealthCheckRequest* request,
                                  grpc::health::v1::HealthCheckResponse* response) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      common_name_ = server::VerifiedClientCommonName(*context);
    }
    response->set_status(grpc::health::v1::HealthCheckResponse::SERVING);
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
  std::string common_name() {
    std::lock_guard<std::mutex> lock(mutex_);
    return common_name_;
  }

 private:
  std::mutex mutex_;
  std::string common_name_ = "(no call)";
};

// In process, so that the test sees what authentication code sees.
TEST_F(TlsEndToEndTest, VerifiedClientCommonNameIsTheClientCertificatesSubjectCn) {
  server::TransportOptions options;
  options.tls_cert_file = Pem("server.pem");
  options.tls_key_file = Pem("server.key");
  options.tls_client_ca_file = Pem("ca.pem");
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      server::MakeServerCredentials(options, "127.0.0.1:0");
  ASSERT_TRUE(credentials.ok()) << credentials.status();
  CommonNameRecorder recorder;
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", *credentials, &port);
  builder.RegisterService(&recorder);
  std::unique_ptr<grpc::Server> grpc_server = builder.BuildAndStart();
  ASSERT_NE(grpc_server, nullptr);

  const auto call = [&](bool with_client_cert) {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = ReadFile(Pem("ca.pem"));
    if (with_client_cert) {
      ssl.pem_cert_chain = ReadFile(Pem("client.pem"));
      ssl.pem_private_key = ReadFile(Pem("client.key"));
    }
    std::shared_ptr<grpc::Channel> channel =
        grpc::CreateChannel(absl::StrCat("localhost:", port), grpc::SslCredentials(ssl));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    grpc::health::v1::HealthCheckResponse response;
    return grpc::health::v1::Health::NewStub(channel)->Check(
        &context, grpc::health::v1::HealthCheckRequest(), &response);
  };
  grpc::Status with = call(true);
  ASSERT_TRUE(with.ok()) << with.error_message();
  EXPECT_EQ(recorder.common_name(), "escala-e2e-client");
  grpc::Status without = call(false);
  ASSERT_TRUE(without.ok()) << without.error_message();
  EXPECT_EQ(recorder.common_name(), "");
  grpc_server->Shutdown();
}

}  // namespace
}  // namespace escala::testing
