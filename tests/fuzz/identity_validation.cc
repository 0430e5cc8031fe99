// Fuzzes server/identity/identity_validation: the first byte picks the validator, the rest is its
// message in the wire format. Tokens are checked against a fixed "now".

#include "server/identity/identity_validation.h"

#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  escala::fuzz::FuzzInput input(data, size);
  if (input.Byte() % 2 == 0) {
    escala::v1::ServiceAccount account;
    if (input.RestAs(account)) (void)escala::server::ValidateServiceAccount(account);
  } else {
    escala::v1::ApiToken token;
    if (input.RestAs(token)) {
      (void)escala::server::ValidateNewToken(token, absl::FromUnixSeconds(1767225600));
    }
  }
  return 0;
}
