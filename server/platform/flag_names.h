#pragma once

#include <string>
#include <vector>

namespace escala::server {

// absl flags are named with underscores; users type --db-password-file as often as
// --db_password_file. Returns argv with dashes inside "--flag" names (before any '=') turned
// into underscores; `storage` owns the strings the result points into.
std::vector<char*> NormalizeFlagNames(int argc, char** argv, std::vector<std::string>& storage);

}  // namespace escala::server
