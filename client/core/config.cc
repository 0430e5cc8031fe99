#include "client/core/config.h"

#include <cstdlib>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "client/core/config_file.h"

namespace escala::client {
namespace {

// The line up to its comment. '#' inside a value (a token may hold one) is not a comment.
absl::string_view WithoutComment(absl::string_view line) {
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) {
      return line.substr(0, i);
    }
  }
  return line;
}

// Whether `line` is a `key = …` line.
bool IsLineOf(absl::string_view line, absl::string_view key) {
  line = WithoutComment(line);
  const size_t equals = line.find('=');
  return equals != absl::string_view::npos &&
         absl::StripAsciiWhitespace(line.substr(0, equals)) == key;
}

// The first of flag, non-empty environment value, config file line; `origin` names which.
std::optional<std::string> Choose(const std::optional<std::string>& flag,
                                  absl::string_view flag_name,
                                  const std::optional<std::string>& environment,
                                  absl::string_view variable,
                                  const std::optional<std::string>& config_text,
                                  absl::string_view key, std::string* origin) {
  if (flag.has_value()) {
    *origin = std::string(flag_name);
    return flag;
  }
  if (environment.has_value() && !environment->empty()) {
    *origin = std::string(variable);
    return environment;
  }
  if (config_text.has_value()) {
    if (std::optional<std::string> value = ConfigValue(*config_text, key)) {
      *origin = absl::StrCat("the config file's ", key, " line");
      return value;
    }
  }
  origin->clear();
  return std::nullopt;
}

std::optional<std::string> Environment(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

}  // namespace

ResolvedSettings ChooseSettings(const SettingsSources& sources) {
  ResolvedSettings settings;
  std::string ignored_origin;
  settings.server = Choose(sources.flags.server, "--server", sources.environment.server,
                           "ESCALA_SERVER", sources.config_text, "server", &ignored_origin)
                        .value_or(std::string(kDefaultServerAddress));
  settings.token = Choose(sources.flags.token, "--token", sources.environment.token, "ESCALA_TOKEN",
                          sources.config_text, "token", &ignored_origin)
                       .value_or("");
  settings.ca_cert =
      Choose(sources.flags.ca_cert, "--ca-cert", sources.environment.ca_cert, "ESCALA_CA_CERT",
             sources.config_text, "ca_cert", &settings.ca_cert_origin)
          .value_or("");
  if (settings.ca_cert.empty()) settings.ca_cert_origin.clear();
  return settings;
}

std::optional<std::string> ConfigValue(absl::string_view text, absl::string_view key) {
  std::optional<std::string> found;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (!IsLineOf(line, key)) continue;
    line = WithoutComment(line);
    const absl::string_view value = absl::StripAsciiWhitespace(line.substr(line.find('=') + 1));
    // The last line wins, as in most config formats.
    if (!value.empty()) found = std::string(value);
  }
  return found;
}

std::string ReplaceConfigLine(absl::string_view text, absl::string_view key,
                              const std::optional<std::string>& value) {
  std::vector<std::string> lines;
  if (!text.empty()) lines = absl::StrSplit(text, '\n');
  // The piece after a final line break is not a line.
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  std::vector<std::string> kept;
  bool placed = false;
  for (std::string& line : lines) {
    if (!IsLineOf(line, key)) {
      kept.push_back(std::move(line));
    } else if (value.has_value() && !placed) {
      kept.push_back(absl::StrCat(key, " = ", *value));
      placed = true;
    }
  }
  if (value.has_value() && !placed) kept.push_back(absl::StrCat(key, " = ", *value));
  return kept.empty() ? "" : absl::StrCat(absl::StrJoin(kept, "\n"), "\n");
}

std::optional<std::string> ConfigFilePath(const char* xdg_config_home, const char* home) {
  if (xdg_config_home != nullptr && *xdg_config_home != '\0') {
    return absl::StrCat(xdg_config_home, "/escala/config");
  }
  if (home != nullptr && *home != '\0') return absl::StrCat(home, "/.config/escala/config");
  return std::nullopt;
}

ResolvedSettings ResolveSettings(const GivenSettings& flags) {
  SettingsSources sources;
  sources.flags = flags;
  sources.environment.server = Environment("ESCALA_SERVER");
  sources.environment.token = Environment("ESCALA_TOKEN");
  sources.environment.ca_cert = Environment("ESCALA_CA_CERT");
  if (std::optional<std::string> path =
          ConfigFilePath(std::getenv("XDG_CONFIG_HOME"), std::getenv("HOME"))) {
    // A config file that cannot be read counts as absent; only login and logout write it.
    absl::StatusOr<std::optional<std::string>> text = ReadConfigFile(*path);
    if (text.ok()) sources.config_text = *text;
  }
  return ChooseSettings(sources);
}

}  // namespace escala::client
