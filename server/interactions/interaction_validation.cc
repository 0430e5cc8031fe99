#include "server/interactions/interaction_validation.h"

#include <initializer_list>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "server/api/text_rules.h"
#include "server/api/violations.h"

namespace escala::server {
namespace {

// 0001-01-01 is allowed by the proto, but nothing in a contact centre predates 1970.
constexpr int64_t kMinSeconds = 0;
constexpr int64_t kMaxSeconds = 253402300799;  // 9999-12-31T23:59:59Z
constexpr int64_t kMaxDurationSeconds = 7 * 24 * 3600;

absl::Status CheckTimestamp(const std::string& field, const google::protobuf::Timestamp& t) {
  if (t.seconds() < kMinSeconds || t.seconds() > kMaxSeconds || t.nanos() < 0 ||
      t.nanos() > 999999999) {
    return InvalidField(field, "must be a time between 1970-01-01 and 9999-12-31 UTC");
  }
  return absl::OkStatus();
}

int64_t Millis(const google::protobuf::Timestamp& t) {
  return t.seconds() * 1000 + t.nanos() / 1000000;
}

absl::Status CheckDuration(const std::string& field, const google::protobuf::Duration& d) {
  if (d.seconds() < 0 || d.nanos() < 0) {
    return InvalidField(field, absl::StrCat("must not be negative, got ", d.seconds(), "s"));
  }
  if (d.seconds() > kMaxDurationSeconds || d.nanos() > 999999999) {
    return InvalidField(field, "must be at most 7 days");
  }
  return absl::OkStatus();
}

// A valid time that is not before any of the `earlier` times given (null: unknown or invalid,
// not compared); the first it precedes is named in the violation.
absl::Status CheckNotBefore(
    const std::string& field, const google::protobuf::Timestamp& t,
    std::initializer_list<std::pair<const char*, const google::protobuf::Timestamp*>> earlier) {
  if (absl::Status s = CheckTimestamp(field, t); !s.ok()) return s;
  for (const auto& [earlier_name, earlier_time] : earlier) {
    if (earlier_time != nullptr && Millis(t) < Millis(*earlier_time)) {
      return InvalidField(field, absl::StrCat("must not be before ", earlier_name));
    }
  }
  return absl::OkStatus();
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

// The rules of a recording or transcript reference named `name`, one violation per field.
absl::Status CheckMedia(const std::string& name, const v1::MediaReference& media) {
  Violations violations;
  if (media.uri().empty()) {
    violations.Add(name + ".uri", "is required when " + name + " is set");
  } else if (absl::Status s = LimitText(name + ".uri", media.uri(), 2048); !s.ok()) {
    violations.Add(s);
  } else if (!HasUriScheme(media.uri())) {
    violations.Add(name + ".uri", "must be an absolute URI with a scheme, e.g. s3://bucket/key");
  }
  violations.Add(LimitText(name + ".format", media.format(), 64));
  violations.Add(CheckDuration(name + ".duration", media.duration()));
  if (media.size_bytes() < 0) violations.Add(name + ".size_bytes", "must not be negative");
  if (!media.sha256().empty() && !IsLowerHex64(media.sha256())) {
    violations.Add(name + ".sha256", "must be 64 lowercase hexadecimal characters");
  }
  if (media.has_retain_until()) {
    violations.Add(CheckTimestamp(name + ".retain_until", media.retain_until()));
  }
  return violations.ToStatus();
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

absl::Status ValidateInteraction(const v1::Interaction& in) {
  Violations violations;
  const absl::Status source_system = LimitText("source_system", in.source_system(), 64);
  const absl::Status source_id = LimitText("source_id", in.source_id(), 128);
  violations.Add(source_system);
  violations.Add(source_id);
  if (source_system.ok() && source_id.ok() &&
      in.source_system().empty() != in.source_id().empty()) {
    violations.Add(in.source_id().empty() ? "source_id" : "source_system",
                   "source_system and source_id must be given together");
  }
  if (in.channel() == v1::CHANNEL_UNSPECIFIED || !v1::Channel_IsValid(in.channel())) {
    violations.Add("channel", absl::StrCat("must be a known channel, got ", in.channel()));
  }
  if (in.direction() == v1::DIRECTION_UNSPECIFIED || !v1::Direction_IsValid(in.direction())) {
    violations.Add("direction", absl::StrCat("must be inbound or outbound, got ", in.direction()));
  }
  violations.Add(LimitText("queue", in.queue(), 128));
  if (in.priority() == v1::PRIORITY_UNSPECIFIED || !v1::Priority_IsValid(in.priority())) {
    violations.Add("priority", absl::StrCat("must be a known priority, got ", in.priority()));
  }
  violations.Add(RequireIdentifier("agent_employee_id", in.agent_employee_id(), 64));

  // The other times are compared with start_time only when it is itself valid.
  const google::protobuf::Timestamp* start = nullptr;
  if (!in.has_start_time()) {
    violations.Add("start_time", "is required");
  } else if (absl::Status s = CheckTimestamp("start_time", in.start_time()); !s.ok()) {
    violations.Add(s);
  } else {
    start = &in.start_time();
  }
  const google::protobuf::Timestamp* answer =
      in.has_answer_time() && CheckTimestamp("answer_time", in.answer_time()).ok()
          ? &in.answer_time()
          : nullptr;
  if (in.has_first_response_time()) {
    violations.Add(
        CheckNotBefore("first_response_time", in.first_response_time(), {{"start_time", start}}));
  }
  if (in.has_answer_time()) {
    violations.Add(CheckNotBefore("answer_time", in.answer_time(), {{"start_time", start}}));
  }
  if (in.has_end_time()) {
    violations.Add(CheckNotBefore("end_time", in.end_time(),
                                  {{"start_time", start}, {"answer_time", answer}}));
  }
  if (in.has_resolve_time()) {
    violations.Add(CheckNotBefore("resolve_time", in.resolve_time(), {{"start_time", start}}));
  }

  violations.Add(CheckDuration("talk_duration", in.talk_duration()));
  violations.Add(CheckDuration("hold_duration", in.hold_duration()));
  violations.Add(CheckDuration("after_contact_duration", in.after_contact_duration()));

  if (in.escalated() && (in.escalated_to_level() < 2 || in.escalated_to_level() > 9)) {
    violations.Add(
        "escalated_to_level",
        absl::StrCat("must be between 2 and 9 when escalated, got ", in.escalated_to_level()));
  }
  if (!in.escalated() && in.escalated_to_level() != 0) {
    violations.Add("escalated_to_level", "must be 0 unless escalated is true");
  }
  if (in.has_csat() && (in.csat() < 1 || in.csat() > 5)) {
    violations.Add("csat", absl::StrCat("must be between 1 and 5, got ", in.csat()));
  }
  if (in.has_nps() && (in.nps() < 0 || in.nps() > 10)) {
    violations.Add("nps", absl::StrCat("must be between 0 and 10, got ", in.nps()));
  }
  if (in.has_ces() && (in.ces() < 1 || in.ces() > 7)) {
    violations.Add("ces", absl::StrCat("must be between 1 and 7, got ", in.ces()));
  }
  if (in.has_recording()) violations.Add(CheckMedia("recording", in.recording()));
  if (in.has_transcript()) violations.Add(CheckMedia("transcript", in.transcript()));
  if (in.tags_size() > 32) {
    violations.Add("tags", absl::StrCat("must have at most 32 entries, got ", in.tags_size()));
  } else {
    for (int i = 0; i < in.tags_size(); ++i) {
      if (!IsTag(in.tags(i))) {
        violations.Add(absl::StrCat("tags[", i, "]"),
                       "must be 1–64 characters of letters, digits, '_', '.', ':', '/' and '-'");
      }
    }
  }
  if (!in.language().empty() && !IsLanguageTag(in.language())) {
    violations.Add("language",
                   absl::StrCat("must be a BCP-47 language tag such as 'es' or 'en-GB', got '",
                                in.language().substr(0, 40), "'"));
  }
  return violations.ToStatus();
}

}  // namespace escala::server
