#pragma once

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace escala::client {

// The connection settings as given in one place (the command line or the environment); nullopt
// for each one that was not given there.
struct GivenSettings {
  std::optional<std::string> server;
  std::optional<std::string> token;
  std::optional<std::string> ca_cert;
};

// Where the settings may come from, highest precedence first.
struct SettingsSources {
  // --server, --token, --ca-cert.
  GivenSettings flags;
  // $ESCALA_SERVER, $ESCALA_TOKEN, $ESCALA_CA_CERT; empty values are ignored.
  GivenSettings environment;
  // The text of the config file, when there is one: its `server = …`, `token = …` and
  // `ca_cert = …` lines.
  std::optional<std::string> config_text;
};

constexpr absl::string_view kDefaultServerAddress = "127.0.0.1:50051";

// The settings a command connects with, each taken from the flag, else the environment, else
// the config file.
struct ResolvedSettings {
  // Else 127.0.0.1:50051.
  std::string server;
  // Empty when none was given; calls then carry no authorization header.
  std::string token;
  // The CA file that turns TLS on; empty when none was given.
  std::string ca_cert;
  // Where ca_cert came from, so that an unreadable file is reported where it was set:
  // "--ca-cert", "ESCALA_CA_CERT" or "the config file's ca_cert line". Empty without ca_cert.
  std::string ca_cert_origin;
};

ResolvedSettings ChooseSettings(const SettingsSources& sources);

// The value of the last `key = value` line of a config file; nullopt when there is none. A '#'
// at the start of a line or after a blank starts a comment (so values may contain '#'); lines
// with other keys are ignored.
std::optional<std::string> ConfigValue(absl::string_view text, absl::string_view key);

// `text` with its `key = …` lines replaced by one `key = value` line, where the first of them
// was or else at the end; with nullopt, those lines are removed. Every other line, comments
// included, is kept as it was.
std::string ReplaceConfigLine(absl::string_view text, absl::string_view key,
                              const std::optional<std::string>& value);

// $XDG_CONFIG_HOME/escala/config, else $HOME/.config/escala/config; nullopt when neither
// variable is set. Either pointer may be null.
std::optional<std::string> ConfigFilePath(const char* xdg_config_home, const char* home);

// ChooseSettings for `flags` with the process environment and the config file.
ResolvedSettings ResolveSettings(const GivenSettings& flags);

}  // namespace escala::client
