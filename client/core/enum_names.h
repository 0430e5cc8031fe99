#pragma once

#include <google/protobuf/descriptor.h>
#include <google/protobuf/generated_enum_reflection.h>

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace escala::client {

// Parses an enum value as people type it: the full proto name ("CHANNEL_WEB_FORM") or the name
// without the type's prefix ("web_form", "web-form"), in any letter case, or the number.
// Returns INVALID_ARGUMENT listing the accepted short names.
absl::StatusOr<int> ParseEnumName(const google::protobuf::EnumDescriptor& type,
                                  absl::string_view text);

// The short, lower-case, hyphenated name of a value ("web-form", "team-lead"); "" for the zero
// (unspecified) value, and the number for a value this build does not know.
std::string ShortEnumName(const google::protobuf::EnumDescriptor& type, int number);

template <typename E>
absl::StatusOr<E> ParseEnum(absl::string_view text) {
  absl::StatusOr<int> number = ParseEnumName(*google::protobuf::GetEnumDescriptor<E>(), text);
  if (!number.ok()) return number.status();
  return static_cast<E>(*number);
}

template <typename E>
std::string ShortEnumName(E value) {
  return ShortEnumName(*google::protobuf::GetEnumDescriptor<E>(), static_cast<int>(value));
}

}  // namespace escala::client
