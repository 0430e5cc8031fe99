#include "db/common/audit_diff.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/reflection.h>
#include <google/protobuf/stubs/strutil.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

// The records are printed by hand rather than with google::protobuf::util's JSON functions: in
// protobuf 3.21 those rebuild the type's google.protobuf.Type descriptors on every call, which cost
// more than the write being recorded. The printer below reproduces that library's output byte for
// byte (tests/unit/db/audit_diff_test.cc pins it), so stored records keep reading the same.
namespace escala::db {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Rewritten on every write by the repository, so they say nothing about what the caller changed.
bool IsBookkeeping(const FieldDescriptor& field) {
  return field.name() == "create_time" || field.name() == "update_time" || field.name() == "etag";
}

bool IsSet(const Message& message, const FieldDescriptor& field) {
  const Reflection& reflection = *message.GetReflection();
  return field.is_repeated() ? reflection.FieldSize(message, &field) > 0
                             : reflection.HasField(message, &field);
}

std::string DeterministicBytes(const Message& message) {
  std::string bytes;
  google::protobuf::io::StringOutputStream stream(&bytes);
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);
  message.SerializeToCodedStream(&coded);
  coded.Trim();
  return bytes;
}

// Whether `field` holds the same value in both messages. A false "different" only costs printing
// both sides, which then compare equal; a false "same" would lose a change, so this errs to the
// former (e.g. unknown fields make messages differ here although JSON leaves them out).
bool SameValue(const Message& a, const Message& b, const FieldDescriptor& field) {
  const bool a_set = IsSet(a, field);
  if (a_set != IsSet(b, field)) return false;
  if (!a_set) return true;
  const Reflection& ra = *a.GetReflection();
  const Reflection& rb = *b.GetReflection();
  if (field.is_repeated()) {
    const int size = ra.FieldSize(a, &field);
    if (size != rb.FieldSize(b, &field)) return false;
    if (field.cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
      for (int i = 0; i < size; ++i) {
        if (ra.GetRepeatedString(a, &field, i) != rb.GetRepeatedString(b, &field, i)) return false;
      }
      return true;
    }
    for (int i = 0; i < size; ++i) {
      if (field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        if (DeterministicBytes(ra.GetRepeatedMessage(a, &field, i)) !=
            DeterministicBytes(rb.GetRepeatedMessage(b, &field, i))) {
          return false;
        }
        continue;
      }
      switch (field.cpp_type()) {
        case FieldDescriptor::CPPTYPE_INT32:
          if (ra.GetRepeatedInt32(a, &field, i) != rb.GetRepeatedInt32(b, &field, i)) return false;
          break;
        case FieldDescriptor::CPPTYPE_INT64:
          if (ra.GetRepeatedInt64(a, &field, i) != rb.GetRepeatedInt64(b, &field, i)) return false;
          break;
        case FieldDescriptor::CPPTYPE_UINT32:
          if (ra.GetRepeatedUInt32(a, &field, i) != rb.GetRepeatedUInt32(b, &field, i)) {
            return false;
          }
          break;
        case FieldDescriptor::CPPTYPE_UINT64:
          if (ra.GetRepeatedUInt64(a, &field, i) != rb.GetRepeatedUInt64(b, &field, i)) {
            return false;
          }
          break;
        case FieldDescriptor::CPPTYPE_BOOL:
          if (ra.GetRepeatedBool(a, &field, i) != rb.GetRepeatedBool(b, &field, i)) return false;
          break;
        case FieldDescriptor::CPPTYPE_ENUM:
          if (ra.GetRepeatedEnumValue(a, &field, i) != rb.GetRepeatedEnumValue(b, &field, i)) {
            return false;
          }
          break;
        default:
          // Floating point: NaN never equals itself, so let the printed text decide.
          return false;
      }
    }
    return true;
  }
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return ra.GetInt32(a, &field) == rb.GetInt32(b, &field);
    case FieldDescriptor::CPPTYPE_INT64:
      return ra.GetInt64(a, &field) == rb.GetInt64(b, &field);
    case FieldDescriptor::CPPTYPE_UINT32:
      return ra.GetUInt32(a, &field) == rb.GetUInt32(b, &field);
    case FieldDescriptor::CPPTYPE_UINT64:
      return ra.GetUInt64(a, &field) == rb.GetUInt64(b, &field);
    case FieldDescriptor::CPPTYPE_BOOL:
      return ra.GetBool(a, &field) == rb.GetBool(b, &field);
    case FieldDescriptor::CPPTYPE_ENUM:
      return ra.GetEnumValue(a, &field) == rb.GetEnumValue(b, &field);
    case FieldDescriptor::CPPTYPE_STRING:
      return ra.GetString(a, &field) == rb.GetString(b, &field);
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return DeterministicBytes(ra.GetMessage(a, &field)) ==
             DeterministicBytes(rb.GetMessage(b, &field));
    default:
      return false;
  }
}

// Escapes text as protobuf 3.21's JSON printer (util/internal/json_escaping.cc) does: besides the
// characters JSON requires, '<', '>', DEL, C1 controls and some invisible code points become
// \uXXXX; other non-ASCII text stays raw UTF-8. A byte sequence that is not valid UTF-8 is
// dropped together with the byte that showed it to be invalid, and so is a sequence cut off by
// the end of the text.
void AppendEscaped(absl::string_view text, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto append_unit = [&out](uint32_t unit) {
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(unit >> shift) & 0xf];
  };
  size_t i = 0;
  while (i < text.size()) {
    const size_t start = i;
    uint32_t cp = static_cast<uint8_t>(text[i++]);
    int left = 0;
    if (cp <= 0x7f) {
      left = 0;
    } else if (cp <= 0xbf) {
      continue;
    } else if (cp <= 0xdf) {
      cp &= 0x1f;
      left = 1;
    } else if (cp <= 0xef) {
      cp &= 0x0f;
      left = 2;
    } else if (cp <= 0xf7) {
      cp &= 0x07;
      left = 3;
    } else {
      continue;
    }
    bool valid = true;
    while (left > 0 && i < text.size()) {
      const uint32_t byte = static_cast<uint8_t>(text[i++]);
      --left;
      cp = (cp << 6) | (byte & 0x3f);
      if (byte < 0x80 || byte > 0xbf) {
        valid = false;
        break;
      }
    }
    if (!valid) continue;
    if (left > 0) break;
    if ((cp & 0xfffff800) == 0xd800 || cp > 0x10ffff) continue;
    if (cp < 0xa0) {
      switch (cp) {
        case '\b':
          out += "\\b";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\f':
          out += "\\f";
          break;
        case '\r':
          out += "\\r";
          break;
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        default:
          if (cp < 0x20 || cp >= 0x7f || cp == '<' || cp == '>') {
            append_unit(cp);
          } else {
            // Raw bytes, not cp: an overlong encoding of an ASCII character passes unchanged.
            out.append(text.data() + start, i - start);
          }
      }
      continue;
    }
    // Not required by JSON; protobuf escapes them because they are invisible or change how
    // surrounding text is shown, which matters to JavaScript readers.
    if (cp == 0xfeff || cp == 0xfff9 || cp == 0xfffa || cp == 0xfffb || cp == 0x00ad ||
        cp == 0x06dd || cp == 0x070f || cp == 0x17b4 || cp == 0x17b5 ||
        (cp >= 0x0600 && cp <= 0x0603) || (cp >= 0x200b && cp <= 0x200f) ||
        (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2064) ||
        (cp >= 0x206a && cp <= 0x206f)) {
      append_unit(cp);
    } else if (cp == 0xe0001 || (cp >= 0x1d173 && cp <= 0x1d17a) ||
               (cp >= 0xe0020 && cp <= 0xe007f)) {
      append_unit(0xd800 + ((cp - 0x10000) >> 10));
      append_unit(0xdc00 + ((cp - 0x10000) & 0x3ff));
    } else {
      out.append(text.data() + start, i - start);
    }
  }
}

void AppendQuoted(absl::string_view text, std::string& out) {
  out += '"';
  AppendEscaped(text, out);
  out += '"';
}

// Protobuf's fraction of a second for durations: the digits of nanos / 1e9 printed with 3, 6 or
// 9 places. nanos is unsigned on purpose: protobuf reads it so, which shows in the text of a
// duration whose seconds are positive and nanos negative.
std::string DurationFraction(uint32_t nanos) {
  if (nanos == 0) return "";
  const double value = static_cast<double>(nanos) / 1e9;
  const std::string text = nanos % 1000 != 0      ? absl::StrFormat("%.9f", value)
                           : nanos % 1000000 != 0 ? absl::StrFormat("%.6f", value)
                                                  : absl::StrFormat("%.3f", value);
  return text.substr(1);
}

// RFC 3339 in UTC, with 0, 3, 6 or 9 fraction digits; nullopt outside the range protobuf prints.
std::optional<std::string> TimestampText(int64_t seconds, int32_t nanos) {
  if (seconds < -62135596800 || seconds > 253402300799 || nanos < 0 || nanos > 999999999) {
    return std::nullopt;
  }
  const absl::CivilSecond civil =
      absl::ToCivilSecond(absl::FromUnixSeconds(seconds), absl::UTCTimeZone());
  std::string text = absl::StrFormat("%04d-%02d-%02dT%02d:%02d:%02d", civil.year(), civil.month(),
                                     civil.day(), civil.hour(), civil.minute(), civil.second());
  if (nanos == 0) {
  } else if (nanos % 1000000 == 0) {
    absl::StrAppendFormat(&text, ".%03d", nanos / 1000000);
  } else if (nanos % 1000 == 0) {
    absl::StrAppendFormat(&text, ".%06d", nanos / 1000);
  } else {
    absl::StrAppendFormat(&text, ".%09d", nanos);
  }
  text += 'Z';
  return text;
}

std::optional<std::string> DurationText(int64_t seconds, int32_t nanos) {
  constexpr int64_t kMaxSeconds = 315576000000;
  if (seconds < -kMaxSeconds || seconds > kMaxSeconds || nanos <= -1000000000 ||
      nanos >= 1000000000) {
    return std::nullopt;
  }
  const char* sign = "";
  if (seconds < 0) {
    if (nanos > 0) return std::nullopt;
    sign = "-";
    seconds = -seconds;
    nanos = -nanos;
  } else if (seconds == 0 && nanos < 0) {
    sign = "-";
    nanos = -nanos;
  }
  return absl::StrCat(sign, seconds, DurationFraction(static_cast<uint32_t>(nanos)), "s");
}

// snake_case path to lowerCamelCase, as the proto3 JSON mapping writes FieldMask paths.
std::string CamelCasePath(absl::string_view path) {
  std::string camel;
  bool capitalize_next = false;
  for (char c : path) {
    if (c == '_') {
      capitalize_next = true;
      continue;
    }
    camel += capitalize_next && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    capitalize_next = false;
  }
  return camel;
}

std::string FloatingText(double value, bool is_float) {
  if (std::isnan(value)) return "\"NaN\"";
  if (std::isinf(value)) return value > 0 ? "\"Infinity\"" : "\"-Infinity\"";
  return is_float ? google::protobuf::SimpleFtoa(static_cast<float>(value))
                  : google::protobuf::SimpleDtoa(value);
}

bool AppendMessage(const Message& message, std::string& out);

// One value of `field`: element `index` of a repeated field, or the singular value for index -1.
bool AppendValue(const Message& message, const FieldDescriptor& field, int index,
                 std::string& out) {
  const Reflection& r = *message.GetReflection();
  const bool repeated = index >= 0;
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      absl::StrAppend(&out, repeated ? r.GetRepeatedInt32(message, &field, index)
                                     : r.GetInt32(message, &field));
      return true;
    case FieldDescriptor::CPPTYPE_UINT32:
      absl::StrAppend(&out, repeated ? r.GetRepeatedUInt32(message, &field, index)
                                     : r.GetUInt32(message, &field));
      return true;
    // 64-bit integers are strings in proto3 JSON, since JavaScript numbers cannot hold them all.
    case FieldDescriptor::CPPTYPE_INT64:
      absl::StrAppend(
          &out, "\"",
          repeated ? r.GetRepeatedInt64(message, &field, index) : r.GetInt64(message, &field),
          "\"");
      return true;
    case FieldDescriptor::CPPTYPE_UINT64:
      absl::StrAppend(
          &out, "\"",
          repeated ? r.GetRepeatedUInt64(message, &field, index) : r.GetUInt64(message, &field),
          "\"");
      return true;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      out += FloatingText(
          repeated ? r.GetRepeatedDouble(message, &field, index) : r.GetDouble(message, &field),
          false);
      return true;
    case FieldDescriptor::CPPTYPE_FLOAT:
      out += FloatingText(
          repeated ? r.GetRepeatedFloat(message, &field, index) : r.GetFloat(message, &field),
          true);
      return true;
    case FieldDescriptor::CPPTYPE_BOOL:
      out += (repeated ? r.GetRepeatedBool(message, &field, index) : r.GetBool(message, &field))
                 ? "true"
                 : "false";
      return true;
    case FieldDescriptor::CPPTYPE_ENUM: {
      if (field.enum_type()->full_name() == "google.protobuf.NullValue") {
        out += "null";
        return true;
      }
      const int number = repeated ? r.GetRepeatedEnumValue(message, &field, index)
                                  : r.GetEnumValue(message, &field);
      const google::protobuf::EnumValueDescriptor* value =
          field.enum_type()->FindValueByNumber(number);
      // A number the .proto does not name (an open proto3 enum) is printed as the number.
      if (value == nullptr) {
        absl::StrAppend(&out, number);
      } else {
        absl::StrAppend(&out, "\"", value->name(), "\"");
      }
      return true;
    }
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string scratch;
      const std::string& text = repeated
                                    ? r.GetRepeatedStringReference(message, &field, index, &scratch)
                                    : r.GetStringReference(message, &field, &scratch);
      if (field.type() == FieldDescriptor::TYPE_BYTES) {
        AppendQuoted(absl::Base64Escape(text), out);
      } else {
        AppendQuoted(text, out);
      }
      return true;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return AppendMessage(
          repeated ? r.GetRepeatedMessage(message, &field, index) : r.GetMessage(message, &field),
          out);
  }
  return false;
}

// A map as a JSON object with its entries sorted by key, the order deterministic serialization
// gives them and so the order protobuf's printer showed them in.
bool AppendMap(const Message& message, const FieldDescriptor& field, std::string& out) {
  const Reflection& r = *message.GetReflection();
  const FieldDescriptor& key = *field.message_type()->map_key();
  const FieldDescriptor& value = *field.message_type()->map_value();
  std::vector<const Message*> entries;
  for (int i = 0; i < r.FieldSize(message, &field); ++i) {
    entries.push_back(&r.GetRepeatedMessage(message, &field, i));
  }
  const auto key_less = [&key](const Message* a, const Message* b) {
    const Reflection& ra = *a->GetReflection();
    switch (key.cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
        return ra.GetInt32(*a, &key) < ra.GetInt32(*b, &key);
      case FieldDescriptor::CPPTYPE_INT64:
        return ra.GetInt64(*a, &key) < ra.GetInt64(*b, &key);
      case FieldDescriptor::CPPTYPE_UINT32:
        return ra.GetUInt32(*a, &key) < ra.GetUInt32(*b, &key);
      case FieldDescriptor::CPPTYPE_UINT64:
        return ra.GetUInt64(*a, &key) < ra.GetUInt64(*b, &key);
      case FieldDescriptor::CPPTYPE_BOOL:
        return ra.GetBool(*a, &key) < ra.GetBool(*b, &key);
      default:
        return ra.GetString(*a, &key) < ra.GetString(*b, &key);
    }
  };
  std::stable_sort(entries.begin(), entries.end(), key_less);
  out += '{';
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i > 0) out += ',';
    std::string key_text;
    if (!AppendValue(*entries[i], key, -1, key_text)) return false;
    // Keys are always JSON strings, so numbers and bools are quoted and strings stay as printed.
    if (key_text.empty() || key_text.front() != '"') key_text = absl::StrCat("\"", key_text, "\"");
    absl::StrAppend(&out, key_text, ":");
    if (!AppendValue(*entries[i], value, -1, out)) return false;
  }
  out += '}';
  return true;
}

// The whole value of a set field: an array for a repeated field, an object for a map.
bool AppendFieldValue(const Message& message, const FieldDescriptor& field, std::string& out) {
  if (field.is_map()) return AppendMap(message, field, out);
  if (!field.is_repeated()) return AppendValue(message, field, -1, out);
  out += '[';
  for (int i = 0; i < message.GetReflection()->FieldSize(message, &field); ++i) {
    if (i > 0) out += ',';
    if (!AppendValue(message, field, i, out)) return false;
  }
  out += ']';
  return true;
}

bool AppendMessage(const Message& message, std::string& out) {
  const Descriptor& type = *message.GetDescriptor();
  const Reflection& r = *message.GetReflection();
  const absl::string_view name = type.full_name();
  if (name == "google.protobuf.Timestamp" || name == "google.protobuf.Duration") {
    const int64_t seconds = r.GetInt64(message, type.FindFieldByNumber(1));
    const int32_t nanos = r.GetInt32(message, type.FindFieldByNumber(2));
    const std::optional<std::string> text = name == "google.protobuf.Timestamp"
                                                ? TimestampText(seconds, nanos)
                                                : DurationText(seconds, nanos);
    if (!text.has_value()) return false;
    absl::StrAppend(&out, "\"", *text, "\"");
    return true;
  }
  if (name == "google.protobuf.FieldMask") {
    const FieldDescriptor& paths = *type.FindFieldByNumber(1);
    std::vector<std::string> camel;
    for (int i = 0; i < r.FieldSize(message, &paths); ++i) {
      camel.push_back(CamelCasePath(r.GetRepeatedString(message, &paths, i)));
    }
    AppendQuoted(absl::StrJoin(camel, ","), out);
    return true;
  }
  if (type.file()->name() == "google/protobuf/wrappers.proto") {
    return AppendValue(message, *type.FindFieldByNumber(1), -1, out);
  }
  // Any needs a type registry and Struct, Value and ListValue their own mapping; no audited
  // record holds them, so they read as unset rather than as a wrong object.
  if (name == "google.protobuf.Any" || name == "google.protobuf.Struct" ||
      name == "google.protobuf.Value" || name == "google.protobuf.ListValue") {
    return false;
  }
  std::vector<const FieldDescriptor*> fields;
  // ListFields gives the set fields in field-number order, the order they are serialized in.
  r.ListFields(message, &fields);
  out += '{';
  bool first = true;
  for (const FieldDescriptor* field : fields) {
    if (!first) out += ',';
    first = false;
    absl::StrAppend(&out, "\"", field->name(), "\":");
    if (!AppendFieldValue(message, *field, out)) return false;
  }
  out += '}';
  return true;
}

// The JSON value of `field` in `message`, or nullopt when the field is not set (proto3 JSON
// leaves unset and default-valued fields out) or protobuf's printer would have rejected it.
std::optional<std::string> FieldValue(const Message& message, const FieldDescriptor& field) {
  if (!IsSet(message, field)) return std::nullopt;
  std::string value;
  if (!AppendFieldValue(message, field, value)) return std::nullopt;
  return value;
}

void AppendMember(std::string& object, const FieldDescriptor& field,
                  const std::optional<std::string>& value) {
  absl::StrAppend(&object, object.size() > 1 ? "," : "", "\"", field.name(),
                  "\":", value.has_value() ? *value : "null");
}

}  // namespace

ChangedFields DiffForAudit(const Message* before, const Message& after) {
  const Descriptor& type = *after.GetDescriptor();
  ChangedFields changed;
  std::string before_object = "{";
  std::string after_object = "{";
  // Declaration order: the keys come out in the order the .proto lists the fields.
  for (int i = 0; i < type.field_count(); ++i) {
    const FieldDescriptor& field = *type.field(i);
    if (IsBookkeeping(field)) continue;
    if (before == nullptr) {
      const std::optional<std::string> new_value = FieldValue(after, field);
      if (new_value.has_value()) AppendMember(after_object, field, new_value);
      continue;
    }
    if (SameValue(*before, after, field)) continue;
    // Values that differ can still print alike (e.g. two out-of-range times both read as unset);
    // the record is about the JSON, so only a different text counts as a change.
    const std::optional<std::string> old_value = FieldValue(*before, field);
    const std::optional<std::string> new_value = FieldValue(after, field);
    if (old_value == new_value) continue;
    AppendMember(before_object, field, old_value);
    AppendMember(after_object, field, new_value);
  }
  changed.before_json = before == nullptr ? "" : before_object + "}";
  changed.after_json = after_object + "}";
  return changed;
}

std::optional<std::string> PrintJson(const Message& message) {
  std::string json;
  if (!AppendMessage(message, json)) return std::nullopt;
  return json;
}

}  // namespace escala::db
