#pragma once

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace escala::client {

// Where the server address may come from, highest precedence first.
struct AddressSources {
  // --server.
  std::optional<std::string> flag;
  // $ESCALA_SERVER; ignored when empty.
  std::optional<std::string> env_server;
  // The text of the config file, when there is one.
  std::optional<std::string> config_text;
};

constexpr absl::string_view kDefaultServerAddress = "127.0.0.1:50051";

// The address to dial: --server, else $ESCALA_SERVER, else the config file's `server = …` line,
// else 127.0.0.1:50051.
std::string ChooseServerAddress(const AddressSources& sources);

// The value of the `server = HOST:PORT` line of a config file; '#' starts a comment, other keys
// are ignored. nullopt when there is no such line.
std::optional<std::string> ServerFromConfigText(absl::string_view text);

// $XDG_CONFIG_HOME/escala/config, else $HOME/.config/escala/config; nullopt when neither
// variable is set. Either pointer may be null.
std::optional<std::string> ConfigFilePath(const char* xdg_config_home, const char* home);

// ChooseServerAddress from the process environment and the config file.
std::string ResolveServerAddress(const std::optional<std::string>& flag);

}  // namespace escala::client
