#include "db/interactions/interaction_columns.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "db/common/proto_time.h"

namespace escala::db {
namespace {

using v1::Interaction;
using v1::MediaReference;
using OptInt = std::optional<long long>;
using OptText = std::optional<std::string>;

// Accessors for a Timestamp / Duration field pair (has_x, x, mutable_x).
#define ESCALA_TIME_COLUMN(column, field)                                                \
  IntegerColumn {                                                                        \
    column,                                                                              \
        [](const Interaction& i) -> OptInt {                                             \
          if (!i.has_##field()) return std::nullopt;                                     \
          return TimestampToMillis(i.field());                                           \
        },                                                                               \
        [](Interaction& i, long long v) { *i.mutable_##field() = MillisToTimestamp(v); } \
  }
#define ESCALA_DURATION_COLUMN(column, field)                                           \
  IntegerColumn {                                                                       \
    column,                                                                             \
        [](const Interaction& i) -> OptInt {                                            \
          if (!i.has_##field()) return std::nullopt;                                    \
          return DurationToMillis(i.field());                                           \
        },                                                                              \
        [](Interaction& i, long long v) { *i.mutable_##field() = MillisToDuration(v); } \
  }
#define ESCALA_OPTIONAL_INT_COLUMN(column, field)                                   \
  IntegerColumn {                                                                   \
    column,                                                                         \
        [](const Interaction& i) -> OptInt {                                        \
          if (!i.has_##field()) return std::nullopt;                                \
          return i.field();                                                         \
        },                                                                          \
        [](Interaction& i, long long v) { i.set_##field(static_cast<int32_t>(v)); } \
  }
// A media reference (recording/transcript) is present when its uri column is not NULL; its
// other columns are NULL exactly when the reference is absent.
#define ESCALA_MEDIA_COLUMNS(prefix, media)                                                       \
  IntegerColumn{prefix "_duration_ms",                                                            \
                [](const Interaction& i) -> OptInt {                                              \
                  if (!i.has_##media() || !i.media().has_duration()) return std::nullopt;         \
                  return DurationToMillis(i.media().duration());                                  \
                },                                                                                \
                [](Interaction& i, long long v) {                                                 \
                  *i.mutable_##media()->mutable_duration() = MillisToDuration(v);                 \
                }},                                                                               \
      IntegerColumn{prefix "_size_bytes",                                                         \
                    [](const Interaction& i) -> OptInt {                                          \
                      if (!i.has_##media()) return std::nullopt;                                  \
                      return i.media().size_bytes();                                              \
                    },                                                                            \
                    [](Interaction& i, long long v) { i.mutable_##media()->set_size_bytes(v); }}, \
      IntegerColumn {                                                                             \
    prefix "_retain_until_ms",                                                                    \
        [](const Interaction& i) -> OptInt {                                                      \
          if (!i.has_##media() || !i.media().has_retain_until()) return std::nullopt;             \
          return TimestampToMillis(i.media().retain_until());                                     \
        },                                                                                        \
        [](Interaction& i, long long v) {                                                         \
          *i.mutable_##media()->mutable_retain_until() = MillisToTimestamp(v);                    \
        }                                                                                         \
  }
#define ESCALA_MEDIA_TEXT_COLUMN(column, media, field)                                    \
  TextColumn {                                                                            \
    column,                                                                               \
        [](const Interaction& i) -> OptText {                                             \
          if (!i.has_##media()) return std::nullopt;                                      \
          return i.media().field();                                                       \
        },                                                                                \
        [](Interaction& i, const std::string& v) { i.mutable_##media()->set_##field(v); } \
  }

const std::vector<IntegerColumn>& Integers() {
  static const std::vector<IntegerColumn> kColumns = {
      {"channel", [](const Interaction& i) -> OptInt { return i.channel(); },
       [](Interaction& i, long long v) { i.set_channel(static_cast<v1::Channel>(v)); }},
      {"direction", [](const Interaction& i) -> OptInt { return i.direction(); },
       [](Interaction& i, long long v) { i.set_direction(static_cast<v1::Direction>(v)); }},
      {"priority", [](const Interaction& i) -> OptInt { return i.priority(); },
       [](Interaction& i, long long v) { i.set_priority(static_cast<v1::Priority>(v)); }},
      ESCALA_TIME_COLUMN("start_ms", start_time),
      ESCALA_TIME_COLUMN("first_response_ms", first_response_time),
      ESCALA_TIME_COLUMN("answer_ms", answer_time),
      ESCALA_TIME_COLUMN("end_ms", end_time),
      ESCALA_TIME_COLUMN("resolve_ms", resolve_time),
      ESCALA_DURATION_COLUMN("talk_ms", talk_duration),
      ESCALA_DURATION_COLUMN("hold_ms", hold_duration),
      ESCALA_DURATION_COLUMN("after_contact_ms", after_contact_duration),
      {"first_contact_resolution",
       [](const Interaction& i) -> OptInt { return i.first_contact_resolution() ? 1 : 0; },
       [](Interaction& i, long long v) { i.set_first_contact_resolution(v != 0); }},
      {"escalated", [](const Interaction& i) -> OptInt { return i.escalated() ? 1 : 0; },
       [](Interaction& i, long long v) { i.set_escalated(v != 0); }},
      {"escalated_to_level", [](const Interaction& i) -> OptInt { return i.escalated_to_level(); },
       [](Interaction& i, long long v) { i.set_escalated_to_level(static_cast<int32_t>(v)); }},
      ESCALA_OPTIONAL_INT_COLUMN("csat", csat),
      ESCALA_OPTIONAL_INT_COLUMN("nps", nps),
      ESCALA_OPTIONAL_INT_COLUMN("ces", ces),
      ESCALA_MEDIA_COLUMNS("recording", recording),
      ESCALA_MEDIA_COLUMNS("transcript", transcript),
  };
  return kColumns;
}

const std::vector<TextColumn>& Texts() {
  static const std::vector<TextColumn> kColumns = {
      // NULL rather than "" keeps records without a source id out of the unique index.
      {"source_system", [](const Interaction& i) { return NullIfEmpty(i.source_system()); },
       [](Interaction& i, const std::string& v) { i.set_source_system(v); }},
      {"source_id", [](const Interaction& i) { return NullIfEmpty(i.source_id()); },
       [](Interaction& i, const std::string& v) { i.set_source_id(v); }},
      {"queue", [](const Interaction& i) -> OptText { return i.queue(); },
       [](Interaction& i, const std::string& v) { i.set_queue(v); }},
      {"agent_employee_id", [](const Interaction& i) -> OptText { return i.agent_employee_id(); },
       [](Interaction& i, const std::string& v) { i.set_agent_employee_id(v); }},
      ESCALA_MEDIA_TEXT_COLUMN("recording_uri", recording, uri),
      ESCALA_MEDIA_TEXT_COLUMN("recording_format", recording, format),
      ESCALA_MEDIA_TEXT_COLUMN("recording_sha256", recording, sha256),
      ESCALA_MEDIA_TEXT_COLUMN("transcript_uri", transcript, uri),
      ESCALA_MEDIA_TEXT_COLUMN("transcript_format", transcript, format),
      ESCALA_MEDIA_TEXT_COLUMN("transcript_sha256", transcript, sha256),
      // Tags never contain commas (validated), so one joined column is enough.
      {"tags", [](const Interaction& i) -> OptText { return absl::StrJoin(i.tags(), ","); },
       [](Interaction& i, const std::string& v) {
         for (absl::string_view tag : absl::StrSplit(v, ',', absl::SkipEmpty())) {
           i.add_tags(std::string(tag));
         }
       }},
      {"language", [](const Interaction& i) -> OptText { return i.language(); },
       [](Interaction& i, const std::string& v) { i.set_language(v); }},
  };
  return kColumns;
}

}  // namespace

const std::vector<IntegerColumn>& InteractionIntegerColumns() { return Integers(); }
const std::vector<TextColumn>& InteractionTextColumns() { return Texts(); }

const std::string& InteractionColumnList() {
  static const std::string kList = [] {
    std::vector<std::string> names;
    for (const IntegerColumn& c : Integers()) names.push_back(c.name);
    for (const TextColumn& c : Texts()) names.push_back(c.name);
    return absl::StrJoin(names, ", ");
  }();
  return kList;
}

const std::string& InteractionSelectList() {
  static const std::string kList = [] {
    std::vector<std::string> names = {"i.id"};
    for (const IntegerColumn& c : Integers()) names.push_back(absl::StrCat("i.", c.name));
    for (const TextColumn& c : Texts()) names.push_back(absl::StrCat("i.", c.name));
    for (const char* c : {"i.create_ms", "i.update_ms", "i.version"}) names.push_back(c);
    return absl::StrJoin(names, ", ");
  }();
  return kList;
}

void AppendInteractionValues(BoundQuery& query, const v1::Interaction& interaction) {
  bool first = true;
  for (const IntegerColumn& c : Integers()) {
    if (!first) query.Sql(", ");
    first = false;
    query.Value(c.read(interaction));
  }
  for (const TextColumn& c : Texts()) {
    query.Sql(", ").Value(c.read(interaction));
  }
}

void AppendInteractionAssignments(BoundQuery& query, const v1::Interaction& interaction) {
  bool first = true;
  for (const IntegerColumn& c : Integers()) {
    query.Sql(first ? "" : ", ").Sql(c.name).Sql(" = ").Value(c.read(interaction));
    first = false;
  }
  for (const TextColumn& c : Texts()) {
    query.Sql(", ").Sql(c.name).Sql(" = ").Value(c.read(interaction));
  }
}

v1::Interaction StoredForm(const v1::Interaction& interaction) {
  v1::Interaction stored;
  // Same order as InteractionRowReader::ToProto: texts create the media references first.
  for (const TextColumn& c : Texts()) {
    if (std::optional<std::string> value = c.read(interaction)) c.write(stored, *value);
  }
  for (const IntegerColumn& c : Integers()) {
    if (std::optional<long long> value = c.read(interaction)) c.write(stored, *value);
  }
  return stored;
}

InteractionRowReader::InteractionRowReader()
    : integers_(Integers().size()),
      integer_indicators_(Integers().size()),
      texts_(Texts().size()),
      text_indicators_(Texts().size()) {}

void InteractionRowReader::BindInto(soci::statement& statement) {
  statement.exchange(soci::into(id_));
  for (std::size_t k = 0; k < integers_.size(); ++k) {
    statement.exchange(soci::into(integers_[k], integer_indicators_[k]));
  }
  for (std::size_t k = 0; k < texts_.size(); ++k) {
    statement.exchange(soci::into(texts_[k], text_indicators_[k]));
  }
  statement.exchange(soci::into(create_ms_));
  statement.exchange(soci::into(update_ms_));
  statement.exchange(soci::into(version_));
}

v1::Interaction InteractionRowReader::ToProto() const {
  v1::Interaction interaction;
  interaction.set_id(id_);
  // Texts first: a media reference's uri creates the sub-message the integer columns fill in.
  for (std::size_t k = 0; k < texts_.size(); ++k) {
    if (text_indicators_[k] == soci::i_ok) Texts()[k].write(interaction, texts_[k]);
  }
  for (std::size_t k = 0; k < integers_.size(); ++k) {
    if (integer_indicators_[k] == soci::i_ok) Integers()[k].write(interaction, integers_[k]);
  }
  *interaction.mutable_create_time() = MillisToTimestamp(create_ms_);
  *interaction.mutable_update_time() = MillisToTimestamp(update_ms_);
  interaction.set_etag(absl::StrCat(version_));
  return interaction;
}

}  // namespace escala::db
