#pragma once

#include <set>
#include <string>

#include "absl/strings/string_view.h"
#include "tools/demo/demo_random.h"

namespace escala::demo {

// A person's name as shown in reports and the local part of their e-mail address.
struct PersonName {
  std::string display_name;  // UTF-8, e.g. "María José Núñez Ortega".
  std::string email_local;   // ASCII, e.g. "maria.nunez".
};

// Draws plausible names for a Spanish-speaking department (most Spanish or Latin-American, some
// English), never the same e-mail address twice.
class NameGenerator {
 public:
  explicit NameGenerator(DemoRandom& rng) : rng_(rng) {}

  PersonName Next();

 private:
  DemoRandom& rng_;
  std::set<std::string> used_emails_;
};

// Lower-case ASCII for an e-mail local part: Spanish and Portuguese accented letters lose their
// accents, letters and digits are kept, everything else is dropped ("Núñez de la O" →
// "nunezdelao").
std::string AsciiFold(absl::string_view utf8);

}  // namespace escala::demo
