#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "tools/demo/demo_tokens.h"

namespace escala::demo {

// The tokens file: a comment line naming the columns, then one line per token,
// "role employee_id display_name token". The display name may hold spaces, so the token is the
// last word of its line (awk '$1 == "agent" { print $NF }').
std::string FormatDemoTokens(const std::vector<DemoToken>& tokens);

// Writes FormatDemoTokens(tokens) to `path`, readable and writable by its owner only (0600, also
// when the file existed with wider permissions): the lines are live credentials. Replaces the
// file's earlier content.
absl::Status WriteDemoTokensFile(const std::string& path, const std::vector<DemoToken>& tokens);

}  // namespace escala::demo
