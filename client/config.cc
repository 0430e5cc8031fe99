#include "client/config.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace escala::client {

std::string ChooseServerAddress(const AddressSources& sources) {
  if (sources.flag.has_value()) return *sources.flag;
  if (sources.env_server.has_value() && !sources.env_server->empty()) return *sources.env_server;
  if (sources.config_text.has_value()) {
    if (std::optional<std::string> server = ServerFromConfigText(*sources.config_text)) {
      return *server;
    }
  }
  return std::string(kDefaultServerAddress);
}

std::optional<std::string> ServerFromConfigText(absl::string_view text) {
  std::optional<std::string> server;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    line = line.substr(0, line.find('#'));
    const size_t equals = line.find('=');
    if (equals == absl::string_view::npos) continue;
    if (absl::StripAsciiWhitespace(line.substr(0, equals)) != "server") continue;
    const absl::string_view value = absl::StripAsciiWhitespace(line.substr(equals + 1));
    // The last line wins, as in most config formats.
    if (!value.empty()) server = std::string(value);
  }
  return server;
}

std::optional<std::string> ConfigFilePath(const char* xdg_config_home, const char* home) {
  if (xdg_config_home != nullptr && *xdg_config_home != '\0') {
    return absl::StrCat(xdg_config_home, "/escala/config");
  }
  if (home != nullptr && *home != '\0') return absl::StrCat(home, "/.config/escala/config");
  return std::nullopt;
}

std::string ResolveServerAddress(const std::optional<std::string>& flag) {
  AddressSources sources;
  sources.flag = flag;
  if (const char* env = std::getenv("ESCALA_SERVER")) sources.env_server = env;
  if (!sources.flag.has_value() && !(sources.env_server && !sources.env_server->empty())) {
    if (std::optional<std::string> path =
            ConfigFilePath(std::getenv("XDG_CONFIG_HOME"), std::getenv("HOME"))) {
      std::ifstream file(*path);
      if (file.is_open()) {
        std::stringstream text;
        text << file.rdbuf();
        sources.config_text = text.str();
      }
    }
  }
  return ChooseServerAddress(sources);
}

}  // namespace escala::client
