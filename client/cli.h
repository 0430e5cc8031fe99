#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace escala::client {

// Runs the escala command line: `escala [global flags] <group> <verb> [args]`. `args` excludes
// the program name. Writes results to `out` and diagnostics to `err`; returns the exit status
// (0 success, 1 failed RPC or rejected rows, 2 usage error).
int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace escala::client
