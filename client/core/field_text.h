#pragma once

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace escala::client {

// Reads and writes one field of a message as text, the way a CSV cell or a command-line flag
// spells it. The field is named by a dotted path through singular sub-messages, e.g. "channel",
// "talk_duration" or "recording.uri". Supported leaves:
//   string                     as is
//   repeated string            ';'-separated ("a;b"); blanks around items and empty items dropped
//   enum                       see ParseEnumName; written as the short name ("web-form")
//   int32, int64               decimal
//   bool                       true/false/1/0/yes/no, any case; written as true/false
//   google.protobuf.Timestamp  RFC 3339; written in UTC with milliseconds
//   google.protobuf.Duration   decimal seconds
// Empty text clears the field (an optional field becomes unset) and does not create a missing
// parent message, so empty recording_* cells leave an interaction without a recording.

// Sets the field at `path` from `text`. INVALID_ARGUMENT with a reason (not naming the field)
// when the text does not parse; INTERNAL when the path names no supported field.
absl::Status SetFieldText(google::protobuf::Message* message, absl::string_view path,
                          absl::string_view text);

// The text of the field at `path`; "" when it or a parent message is unset.
std::string GetFieldText(const google::protobuf::Message& message, absl::string_view path);

// How the value of the field at `path` is written, for help texts: "TEXT", "A;B", "NAME",
// "N", "true|false", "TIME" or "SECONDS"; "VALUE" for a path that names no supported field.
std::string FieldValueHint(const google::protobuf::Descriptor& type, absl::string_view path);

// OK when `path` names a supported field of `type`; for tests of the column tables.
absl::Status CheckFieldPath(const google::protobuf::Descriptor& type, absl::string_view path);

}  // namespace escala::client
