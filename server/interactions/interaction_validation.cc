#include "server/interactions/interaction_validation.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "server/api/text_rules.h"

namespace escala::server {
namespace {

// 0001-01-01 is allowed by the proto, but nothing in a contact centre predates 1970.
constexpr int64_t kMinSeconds = 0;
constexpr int64_t kMaxSeconds = 253402300799;  // 9999-12-31T23:59:59Z
constexpr int64_t kMaxDurationSeconds = 7 * 24 * 3600;

Violation CheckTimestamp(const std::string& field, const google::protobuf::Timestamp& t) {
  if (t.seconds() < kMinSeconds || t.seconds() > kMaxSeconds || t.nanos() < 0 ||
      t.nanos() > 999999999) {
    return FieldViolation{field, "must be a time between 1970-01-01 and 9999-12-31 UTC"};
  }
  return std::nullopt;
}

int64_t Millis(const google::protobuf::Timestamp& t) { return t.seconds() * 1000 + t.nanos() / 1000000; }

Violation CheckDuration(const std::string& field, const google::protobuf::Duration& d) {
  if (d.seconds() < 0 || d.nanos() < 0) {
    return FieldViolation{field, absl::StrCat("must not be negative, got ", d.seconds(), "s")};
  }
  if (d.seconds() > kMaxDurationSeconds || d.nanos() > 999999999) {
    return FieldViolation{field, "must be at most 7 days"};
  }
  return std::nullopt;
}

// A time that must not precede `earlier` (named `earlier_name`).
Violation CheckNotBefore(const std::string& field, const google::protobuf::Timestamp& t,
                         const std::string& earlier_name, const google::protobuf::Timestamp& earlier) {
  if (Violation v = CheckTimestamp(field, t)) return v;
  if (Millis(t) < Millis(earlier)) {
    return FieldViolation{field, absl::StrCat("must not be before ", earlier_name)};
  }
  return std::nullopt;
}

bool IsLowerHex64(const std::string& value) {
  if (value.size() != 64) return false;
  for (char c : value) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool HasUriScheme(const std::string& uri) {
  // RFC 3986: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"
  const std::size_t colon = uri.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == uri.size()) return false;
  if (!absl::ascii_isalpha(static_cast<unsigned char>(uri[0]))) return false;
  for (std::size_t i = 1; i < colon; ++i) {
    const unsigned char c = static_cast<unsigned char>(uri[i]);
    if (!absl::ascii_isalnum(c) && c != '+' && c != '-' && c != '.') return false;
  }
  for (unsigned char c : uri) {
    if (c <= ' ' || c == 0x7f) return false;
  }
  return true;
}

Violation CheckMedia(const std::string& name, const v1::MediaReference& media) {
  if (media.uri().empty()) return FieldViolation{name + ".uri", "is required when " + name + " is set"};
  if (Violation v = LimitText(name + ".uri", media.uri(), 2048)) return v;
  if (!HasUriScheme(media.uri())) {
    return FieldViolation{name + ".uri", "must be an absolute URI with a scheme, e.g. s3://bucket/key"};
  }
  if (Violation v = LimitText(name + ".format", media.format(), 64)) return v;
  if (Violation v = CheckDuration(name + ".duration", media.duration())) return v;
  if (media.size_bytes() < 0) return FieldViolation{name + ".size_bytes", "must not be negative"};
  if (!media.sha256().empty() && !IsLowerHex64(media.sha256())) {
    return FieldViolation{name + ".sha256", "must be 64 lowercase hexadecimal characters"};
  }
  if (media.has_retain_until()) return CheckTimestamp(name + ".retain_until", media.retain_until());
  return std::nullopt;
}

bool IsTag(const std::string& tag) {
  if (tag.empty() || tag.size() > 64) return false;
  for (char c : tag) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != ':' &&
        c != '/' && c != '-') {
      return false;
    }
  }
  return true;
}

// BCP-47 shape: a 2–8 letter primary subtag, then 1–8 alphanumeric subtags.
bool IsLanguageTag(const std::string& tag) {
  if (tag.size() > 35) return false;
  bool first = true;
  for (absl::string_view part : absl::StrSplit(tag, '-')) {
    if (part.empty() || part.size() > 8) return false;
    if (first && part.size() < 2) return false;
    for (char c : part) {
      const unsigned char u = static_cast<unsigned char>(c);
      if (first ? !absl::ascii_isalpha(u) : !absl::ascii_isalnum(u)) return false;
    }
    first = false;
  }
  return true;
}

}  // namespace

Violation ValidateInteraction(const v1::Interaction& in) {
  if (Violation v = LimitText("source_system", in.source_system(), 64)) return v;
  if (Violation v = LimitText("source_id", in.source_id(), 128)) return v;
  if (in.source_system().empty() != in.source_id().empty()) {
    return FieldViolation{in.source_id().empty() ? "source_id" : "source_system",
                          "source_system and source_id must be given together"};
  }
  if (in.channel() == v1::CHANNEL_UNSPECIFIED || !v1::Channel_IsValid(in.channel())) {
    return FieldViolation{"channel", absl::StrCat("must be a known channel, got ", in.channel())};
  }
  if (in.direction() == v1::DIRECTION_UNSPECIFIED || !v1::Direction_IsValid(in.direction())) {
    return FieldViolation{"direction", absl::StrCat("must be inbound or outbound, got ", in.direction())};
  }
  if (Violation v = LimitText("queue", in.queue(), 128)) return v;
  if (in.priority() == v1::PRIORITY_UNSPECIFIED || !v1::Priority_IsValid(in.priority())) {
    return FieldViolation{"priority", absl::StrCat("must be a known priority, got ", in.priority())};
  }
  if (Violation v = RequireIdentifier("agent_employee_id", in.agent_employee_id(), 64)) return v;

  if (!in.has_start_time()) return FieldViolation{"start_time", "is required"};
  if (Violation v = CheckTimestamp("start_time", in.start_time())) return v;
  const auto& start = in.start_time();
  if (in.has_first_response_time()) {
    if (Violation v = CheckNotBefore("first_response_time", in.first_response_time(), "start_time", start)) return v;
  }
  if (in.has_answer_time()) {
    if (Violation v = CheckNotBefore("answer_time", in.answer_time(), "start_time", start)) return v;
  }
  if (in.has_end_time()) {
    if (Violation v = CheckNotBefore("end_time", in.end_time(), "start_time", start)) return v;
    if (in.has_answer_time()) {
      if (Violation v = CheckNotBefore("end_time", in.end_time(), "answer_time", in.answer_time())) return v;
    }
  }
  if (in.has_resolve_time()) {
    if (Violation v = CheckNotBefore("resolve_time", in.resolve_time(), "start_time", start)) return v;
  }

  if (Violation v = CheckDuration("talk_duration", in.talk_duration())) return v;
  if (Violation v = CheckDuration("hold_duration", in.hold_duration())) return v;
  if (Violation v = CheckDuration("after_contact_duration", in.after_contact_duration())) return v;

  if (in.escalated() && (in.escalated_to_level() < 2 || in.escalated_to_level() > 9)) {
    return FieldViolation{"escalated_to_level",
                          absl::StrCat("must be between 2 and 9 when escalated, got ", in.escalated_to_level())};
  }
  if (!in.escalated() && in.escalated_to_level() != 0) {
    return FieldViolation{"escalated_to_level", "must be 0 unless escalated is true"};
  }
  if (in.has_csat() && (in.csat() < 1 || in.csat() > 5)) {
    return FieldViolation{"csat", absl::StrCat("must be between 1 and 5, got ", in.csat())};
  }
  if (in.has_nps() && (in.nps() < 0 || in.nps() > 10)) {
    return FieldViolation{"nps", absl::StrCat("must be between 0 and 10, got ", in.nps())};
  }
  if (in.has_ces() && (in.ces() < 1 || in.ces() > 7)) {
    return FieldViolation{"ces", absl::StrCat("must be between 1 and 7, got ", in.ces())};
  }
  if (in.has_recording()) {
    if (Violation v = CheckMedia("recording", in.recording())) return v;
  }
  if (in.has_transcript()) {
    if (Violation v = CheckMedia("transcript", in.transcript())) return v;
  }
  if (in.tags_size() > 32) {
    return FieldViolation{"tags", absl::StrCat("must have at most 32 entries, got ", in.tags_size())};
  }
  for (int i = 0; i < in.tags_size(); ++i) {
    if (!IsTag(in.tags(i))) {
      return FieldViolation{absl::StrCat("tags[", i, "]"),
                            "must be 1–64 characters of letters, digits, '_', '.', ':', '/' and '-'"};
    }
  }
  if (!in.language().empty() && !IsLanguageTag(in.language())) {
    return FieldViolation{"language", absl::StrCat("must be a BCP-47 language tag such as 'es' or 'en-GB', got '",
                                                   in.language().substr(0, 40), "'")};
  }
  return std::nullopt;
}

}  // namespace escala::server
