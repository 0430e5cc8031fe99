#include "client/core/enum_names.h"

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"

namespace escala::client {
namespace {

constexpr absl::string_view kUnspecified = "UNSPECIFIED";

// The prefix the style guide puts on every value, taken from the zero value "CHANNEL_UNSPECIFIED"
// rather than from the type name so that it works for any enum that follows the guide.
std::string ValuePrefix(const google::protobuf::EnumDescriptor& type) {
  const google::protobuf::EnumValueDescriptor* zero = type.FindValueByNumber(0);
  if (zero == nullptr || !absl::EndsWith(zero->name(), kUnspecified)) return "";
  return zero->name().substr(0, zero->name().size() - kUnspecified.size());
}

}  // namespace

absl::StatusOr<int> ParseEnumName(const google::protobuf::EnumDescriptor& type,
                                  absl::string_view text) {
  const std::string wanted =
      absl::AsciiStrToUpper(absl::StrReplaceAll(absl::StripAsciiWhitespace(text), {{"-", "_"}}));
  const std::string prefix = ValuePrefix(type);
  std::vector<std::string> accepted;
  for (int i = 0; i < type.value_count(); ++i) {
    const google::protobuf::EnumValueDescriptor& value = *type.value(i);
    if (value.name() == wanted || (!prefix.empty() && value.name() == prefix + wanted)) {
      return value.number();
    }
    if (value.number() != 0) accepted.push_back(ShortEnumName(type, value.number()));
  }
  int number = 0;
  if (absl::SimpleAtoi(text, &number) && type.FindValueByNumber(number) != nullptr) return number;
  return absl::InvalidArgumentError(
      absl::StrCat("'", text, "' is not a valid ", type.name(),
                   " (expected one of: ", absl::StrJoin(accepted, ", "), ")"));
}

std::string ShortEnumName(const google::protobuf::EnumDescriptor& type, int number) {
  if (number == 0) return "";
  const google::protobuf::EnumValueDescriptor* value = type.FindValueByNumber(number);
  if (value == nullptr) return absl::StrCat(number);
  absl::string_view name = value->name();
  absl::ConsumePrefix(&name, ValuePrefix(type));
  return absl::StrReplaceAll(absl::AsciiStrToLower(name), {{"_", "-"}});
}

}  // namespace escala::client
