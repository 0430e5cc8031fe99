#include "client/core/args.h"

#include <algorithm>
#include <cctype>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace escala::client {
namespace {

const FlagSpec* FindFlag(const std::vector<FlagSpec>& specs, absl::string_view name) {
  for (const FlagSpec& spec : specs) {
    if (spec.name == name) return &spec;
    for (const std::string& alias : spec.aliases) {
      if (alias == name) return &spec;
    }
  }
  return nullptr;
}

std::string FlagTitle(const FlagSpec& spec) {
  std::string title = absl::StrCat("--", spec.name);
  for (const std::string& alias : spec.aliases) absl::StrAppend(&title, ", --", alias);
  if (!spec.value_name.empty()) absl::StrAppend(&title, " ", spec.value_name);
  return title;
}

}  // namespace

FlagSpec FieldFlag(std::string name, std::string value_name, std::string field_path,
                   std::string help) {
  FlagSpec spec;
  spec.name = std::move(name);
  spec.value_name = std::move(value_name);
  spec.field_path = std::move(field_path);
  spec.help = std::move(help);
  return spec;
}

FlagSpec ValueFlag(std::string name, std::string value_name, std::string help) {
  return FieldFlag(std::move(name), std::move(value_name), "", std::move(help));
}

FlagSpec SwitchFlag(std::string name, std::string help) {
  return FieldFlag(std::move(name), "", "", std::move(help));
}

FlagSpec Required(FlagSpec spec) {
  spec.required = true;
  return spec;
}

FlagSpec Repeatable(FlagSpec spec) {
  spec.repeatable = true;
  return spec;
}

bool ParsedArgs::Has(absl::string_view name) const { return Value(name).has_value(); }

std::optional<std::string> ParsedArgs::Value(absl::string_view name) const {
  for (const GivenFlag& flag : flags) {
    if (flag.spec->name == name) return flag.value;
  }
  return std::nullopt;
}

std::vector<std::string> ParsedArgs::Values(absl::string_view name) const {
  std::vector<std::string> values;
  for (const GivenFlag& flag : flags) {
    if (flag.spec->name == name) values.push_back(flag.value);
  }
  return values;
}

size_t ParsedArgs::Count(absl::string_view name) const {
  return static_cast<size_t>(
      std::count_if(flags.begin(), flags.end(),
                    [name](const GivenFlag& flag) { return flag.spec->name == name; }));
}

absl::StatusOr<ParsedArgs> ParseArgs(const std::vector<std::string>& args,
                                     const std::vector<FlagSpec>& specs, bool stop_at_positional) {
  ParsedArgs parsed;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      parsed.positional.insert(parsed.positional.end(), args.begin() + i + 1, args.end());
      break;
    }
    if (arg == "--help" || arg == "-h") {
      // Help wins over everything after it, so `... --help` works on an incomplete command.
      parsed.help = true;
      return parsed;
    }
    // A lone "-" and negative numbers are values, not flags.
    if (!absl::StartsWith(arg, "--")) {
      if (absl::StartsWith(arg, "-") && arg.size() > 1 &&
          !std::isdigit(static_cast<unsigned char>(arg[1]))) {
        return absl::InvalidArgumentError(
            absl::StrCat("unknown flag ", arg, " (flags are written --name)"));
      }
      if (stop_at_positional) {
        parsed.positional.insert(parsed.positional.end(), args.begin() + i, args.end());
        break;
      }
      parsed.positional.push_back(arg);
      continue;
    }
    absl::string_view body = absl::string_view(arg).substr(2);
    std::optional<std::string> inline_value;
    if (size_t eq = body.find('='); eq != absl::string_view::npos) {
      inline_value = std::string(body.substr(eq + 1));
      body = body.substr(0, eq);
    }
    const FlagSpec* spec = FindFlag(specs, body);
    if (spec == nullptr) return absl::InvalidArgumentError(absl::StrCat("unknown flag --", body));
    if (!spec->repeatable &&
        std::any_of(parsed.flags.begin(), parsed.flags.end(),
                    [spec](const GivenFlag& given) { return given.spec == spec; })) {
      return absl::InvalidArgumentError(absl::StrCat("--", spec->name, " given more than once"));
    }
    GivenFlag given{spec, ""};
    if (spec->value_name.empty()) {
      if (inline_value.has_value()) {
        return absl::InvalidArgumentError(absl::StrCat("--", spec->name, " takes no value"));
      }
    } else if (inline_value.has_value()) {
      given.value = *inline_value;
    } else {
      // A following "--x" is almost always a forgotten value, not a value that starts with "--";
      // such a value can still be written --flag=--x.
      if (i + 1 >= args.size() || absl::StartsWith(args[i + 1], "--")) {
        return absl::InvalidArgumentError(
            absl::StrCat("--", spec->name, " needs a value (", spec->value_name, ")"));
      }
      given.value = args[++i];
    }
    parsed.flags.push_back(std::move(given));
  }
  return parsed;
}

std::string FormatFlagHelp(const std::vector<FlagSpec>& specs, absl::string_view title) {
  constexpr size_t kHelpWidth = 100;
  std::vector<std::pair<std::string, std::string>> entries;
  for (const FlagSpec& spec : specs) {
    std::string help = spec.help;
    if (spec.required) help = absl::StrCat("Required. ", help);
    if (spec.repeatable) help = absl::StrCat(help, " Repeatable.");
    entries.emplace_back(FlagTitle(spec), help);
  }
  entries.emplace_back("--help, -h", "Show this help and exit.");
  size_t width = 0;
  for (const auto& [flag, help] : entries) width = std::max(width, flag.size());
  const std::string indent(2 + width + 2, ' ');
  const size_t text_width = kHelpWidth > indent.size() + 20 ? kHelpWidth - indent.size() : 20;
  std::string out = absl::StrCat(title, "\n");
  for (const auto& [flag, help] : entries) {
    absl::StrAppend(&out, "  ", flag, std::string(width - flag.size() + 2, ' '));
    size_t used = 0;
    for (absl::string_view word : absl::StrSplit(help, ' ', absl::SkipEmpty())) {
      if (used > 0 && used + 1 + word.size() > text_width) {
        absl::StrAppend(&out, "\n", indent);
        used = 0;
      } else if (used > 0) {
        out += ' ';
        ++used;
      }
      absl::StrAppend(&out, word);
      used += word.size();
    }
    out += '\n';
  }
  return out;
}

std::vector<std::string> SplitList(absl::string_view text) {
  std::vector<std::string> items;
  for (absl::string_view item :
       absl::StrSplit(text, absl::ByAnyChar(";,"), absl::SkipWhitespace())) {
    items.emplace_back(absl::StripAsciiWhitespace(item));
  }
  return items;
}

}  // namespace escala::client
