// Fuzzes the config file's text (client/core/config): reading a key's value and replacing its
// line, as `escala login` and `logout` do on a file the user may have edited. The input is a
// key selector byte, a value (one length byte), then the file's text. A value that a line can
// hold must read back after it is written, and a removed key must be gone.

#include <cstddef>
#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "client/core/config.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

// A value that survives a `key = value` line: printable, no blanks around it, no comment in it.
bool FitsOnLine(const std::string& value) {
  if (value.empty() || value[0] == '#') return false;
  for (char c : value) {
    if (!absl::ascii_isprint(static_cast<unsigned char>(c))) return false;
  }
  return absl::StripAsciiWhitespace(value) == value && !absl::StrContains(value, " #");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  escala::fuzz::FuzzInput input(data, size);
  static const char* const kKeys[] = {"server", "token", "ca_cert"};
  const std::string key = kKeys[input.Byte() % 3];
  const std::string value = input.ShortPart();
  const std::string text = input.Rest();

  (void)escala::client::ConfigValue(text, key);
  const std::string written = escala::client::ReplaceConfigLine(text, key, value);
  if (FitsOnLine(value)) {
    escala::fuzz::Check(escala::client::ConfigValue(written, key) == value,
                        "a written value reads back");
  }
  const std::string removed = escala::client::ReplaceConfigLine(text, key, std::nullopt);
  escala::fuzz::Check(!escala::client::ConfigValue(removed, key).has_value(),
                      "a removed key has no value");
  return 0;
}
