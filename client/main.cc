// The `escala` command-line client. All logic lives in escala_client_lib; see cli.h.

#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "client/cli.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    return escala::client::RunCli(args, std::cout, std::cerr);
  } catch (const std::exception& error) {
    // Nothing below is meant to throw; if something does, report it in one line.
    std::cerr << "escala: internal error: " << error.what() << "\n";
    return 1;
  }
}
