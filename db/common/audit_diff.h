#pragma once

#include <google/protobuf/message.h>

#include <optional>
#include <string>

namespace escala::db {

// The before and after values of what changed between two versions of a record.
struct ChangedFields {
  // JSON object (proto3 JSON mapping, original field names) of the changed fields' old values;
  // empty for a create.
  std::string before_json;
  // JSON object of the changed fields' new values; for a create, every field that is set.
  std::string after_json;
  // Whether nothing changed.
  bool empty() const { return after_json.empty() || after_json == "{}"; }
};

// Compares the top-level fields of two messages of the same type (before == nullptr for a
// create). Bookkeeping fields that change on every write (create_time, update_time, etag) are
// left out, so the record shows only what the caller changed. A field counts as changed when its
// proto3 JSON value differs; a field set on one side only shows as null on the other (proto3 JSON
// leaves unset and default values out, so clearing a field reads as null). A changed repeated or
// message field is shown whole. Keys follow the .proto's declaration order and map entries are
// sorted, so the same change always gives the same text.
ChangedFields DiffForAudit(const google::protobuf::Message* before,
                           const google::protobuf::Message& after);

// The proto3 JSON of a whole message (original field names, set fields in field-number order),
// from the same reflection printer: much cheaper than protobuf's JSON utilities, and read back by
// JsonStringToMessage. nullopt for what that printer refuses (Any, Struct, out-of-range times).
std::optional<std::string> PrintJson(const google::protobuf::Message& message);

}  // namespace escala::db
