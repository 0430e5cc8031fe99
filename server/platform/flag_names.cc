#include "server/platform/flag_names.h"

#include <algorithm>

namespace escala::server {

std::vector<char*> NormalizeFlagNames(int argc, char** argv, std::vector<std::string>& storage) {
  storage.assign(argv, argv + argc);
  std::vector<char*> result;
  for (std::string& arg : storage) {
    if (arg.rfind("--", 0) == 0) {
      const std::size_t end = std::min(arg.find('='), arg.size());
      for (std::size_t i = 2; i < end; ++i) {
        if (arg[i] == '-') arg[i] = '_';
      }
    }
    result.push_back(arg.data());
  }
  return result;
}

}  // namespace escala::server
