#include "client/core/cli_field_names.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace escala::client {
namespace {

bool IsPathChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '[' ||
         c == ']';
}

// "people[3].email" → "people.email": indexes say which record, not which field.
std::string WithoutIndexes(absl::string_view path) {
  std::string plain;
  bool in_index = false;
  for (char c : path) {
    if (c == '[') in_index = true;
    if (!in_index) plain += c;
    if (c == ']') in_index = false;
  }
  return plain;
}

}  // namespace

void CliFieldNames::Add(std::string api_path, std::string cli_name) {
  names_[std::move(api_path)] = std::move(cli_name);
}

void CliFieldNames::AddFlags(const std::vector<FlagSpec>& flags) {
  for (const FlagSpec& flag : flags) {
    if (!flag.field_path.empty()) Add(flag.field_path, absl::StrCat("--", flag.name));
  }
}

void CliFieldNames::AddColumns(const ColumnTable& columns) {
  for (const ColumnSpec& column : columns) {
    if (!column.output_only) Add(column.field_path, column.name);
  }
}

std::optional<std::string> CliFieldNames::Find(absl::string_view api_path) const {
  std::string path = WithoutIndexes(api_path);
  while (!path.empty()) {
    auto it = names_.find(path);
    if (it != names_.end()) return it->second;
    const size_t dot = path.find('.');
    if (dot == std::string::npos) break;
    path.erase(0, dot + 1);
  }
  return std::nullopt;
}

std::string CliFieldNames::Rewrite(absl::string_view message) const {
  if (names_.empty()) return std::string(message);
  std::string out;
  size_t i = 0;
  while (i < message.size()) {
    if (!IsPathChar(message[i]) || (i > 0 && (message[i - 1] == '\'' || message[i - 1] == '"'))) {
      // Quoted words are values the user gave, never field names.
      size_t end = i + 1;
      if (IsPathChar(message[i])) {
        while (end < message.size() && IsPathChar(message[end])) ++end;
      }
      absl::StrAppend(&out, message.substr(i, end - i));
      i = end;
      continue;
    }
    size_t end = i;
    while (end < message.size() && IsPathChar(message[end])) ++end;
    absl::string_view word = message.substr(i, end - i);
    // A sentence's full stop is not part of a path.
    while (!word.empty() && word.back() == '.') word.remove_suffix(1);
    if (word.empty()) {
      // Dots alone: punctuation.
      absl::StrAppend(&out, message.substr(i, end - i));
      i = end;
      continue;
    }
    end = i + word.size();
    const bool before_colon = end < message.size() && message[end] == ':';
    const bool looks_like_path = absl::StrContains(word, '_') || absl::StrContains(word, '.');
    std::optional<std::string> name;
    if (looks_like_path || before_colon) name = Find(word);
    absl::StrAppend(&out, name.has_value() ? absl::string_view(*name) : word);
    i = end;
  }
  return out;
}

}  // namespace escala::client
