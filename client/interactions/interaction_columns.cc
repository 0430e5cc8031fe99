#include "client/interactions/interaction_columns.h"

namespace escala::client {
namespace {

ColumnTable MediaColumns(const std::string& media) {
  return {
      {media + "_uri", media + ".uri", false, "", "", "Absolute URI of the " + media + "."},
      {media + "_format", media + ".format", false, "", "",
       "Media type or container, e.g. audio/ogg or text/vtt."},
      {media + "_duration_seconds", media + ".duration", false, "", "",
       "Length of the " + media + " in seconds."},
      {media + "_size_bytes", media + ".size_bytes", false, "", "", "Size in bytes."},
      {media + "_sha256", media + ".sha256", false, "", "", "SHA-256 as 64 lowercase hex digits."},
      {media + "_retain_until", media + ".retain_until", false, "", "",
       "RFC 3339 time from which the " + media + " may be deleted."},
  };
}

ColumnTable MakeInteractionColumns() {
  ColumnTable columns = {
      {"source_system", "source_system", false, "", "", "System the record came from."},
      {"source_id", "source_id", false, "", "", "The source system's own id."},
      {"channel", "channel", true, "", "", "phone, email, chat, social or web-form."},
      {"direction", "direction", true, "", "", "inbound or outbound."},
      {"queue", "queue", false, "", "", "Queue or skill the contact was routed to."},
      {"priority", "priority", true, "", "", "urgent, high, medium or low."},
      {"agent_employee_id", "agent_employee_id", true, "", "agent",
       "Employee id of the agent who handled it."},
      {"start_time", "start_time", true, "", "start", "RFC 3339 time the contact was created."},
      {"first_response_time", "first_response_time", false, "", "",
       "RFC 3339 time of the first human response."},
      {"answer_time", "answer_time", false, "", "", "RFC 3339 time an agent answered."},
      {"end_time", "end_time", false, "", "end", "RFC 3339 time the contact ended."},
      {"resolve_time", "resolve_time", false, "", "", "RFC 3339 time the issue was resolved."},
      {"talk_seconds", "talk_duration", false, "", "", "Talk or chat time in seconds."},
      {"hold_seconds", "hold_duration", false, "", "", "Hold time in seconds."},
      {"after_contact_seconds", "after_contact_duration", false, "", "",
       "After-contact work in seconds."},
      {"first_contact_resolution", "first_contact_resolution", false, "", "",
       "Resolved on first contact: true or false."},
      {"escalated", "escalated", false, "", "", "Escalated to a higher level: true or false."},
      {"escalated_to_level", "escalated_to_level", false, "", "",
       "Support level escalated to (2-9)."},
      {"csat", "csat", false, "", "", "Customer satisfaction 1-5; empty for none."},
      {"nps", "nps", false, "", "", "Net-promoter answer 0-10; empty for none."},
      {"ces", "ces", false, "", "", "Customer-effort answer 1-7; empty for none."},
  };
  for (const std::string media : {"recording", "transcript"}) {
    ColumnTable more = MediaColumns(media);
    columns.insert(columns.end(), more.begin(), more.end());
  }
  columns.push_back({"tags", "tags", false, "", "", "Tags separated by ';'."});
  columns.push_back({"language", "language", false, "", "", "BCP-47 language tag, e.g. en-GB."});
  return columns;
}

}  // namespace

const ColumnTable& InteractionColumns() {
  static const ColumnTable* const kColumns = new ColumnTable(MakeInteractionColumns());
  return *kColumns;
}

const ColumnTable& InteractionDetailColumns() {
  static const ColumnTable* const kColumns = [] {
    auto* columns = new ColumnTable{OutputOnlyColumn("id")};
    columns->insert(columns->end(), InteractionColumns().begin(), InteractionColumns().end());
    columns->push_back(OutputOnlyColumn("create_time"));
    columns->push_back(OutputOnlyColumn("update_time"));
    columns->push_back(OutputOnlyColumn("etag"));
    return columns;
  }();
  return *kColumns;
}

std::string InteractionMaskPath(absl::string_view field_path) {
  return std::string(field_path.substr(0, field_path.find('.')));
}

std::vector<std::string> InteractionToRow(const escala::v1::Interaction& interaction) {
  return MessageToRow(InteractionColumns(), interaction);
}

}  // namespace escala::client
