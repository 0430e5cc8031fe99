// Input-safety cases of the InteractionService: interactions, created one by one, updated and
// imported in bulk.

#include <gmock/gmock.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "escala/v1/audit.grpc.pb.h"
#include "escala/v1/interactions.grpc.pb.h"
#include "tests/e2e/access/input_safety_registry.h"

namespace escala::testing::input_safety {
namespace {

using ::testing::HasSubstr;

// Puts a value into one field of an interaction.
using Setter = std::function<void(v1::Interaction&, const std::string& value)>;

// The free-text fields of an interaction, by the name the server gives them, with a setter
// that keeps the rest of the record valid (a media format needs a URI beside it).
struct TextField {
  std::string field;
  Setter set;
  std::size_t max_characters;  // 0 when the limit is not probed
  TextKind kind = TextKind::kFreeText;
};

const std::vector<TextField>& TextFields() {
  static const std::vector<TextField> fields = {
      {"interaction.source_system",
       [](v1::Interaction& i, const std::string& v) { i.set_source_system(v); }, 64},
      {"interaction.source_id",
       [](v1::Interaction& i, const std::string& v) { i.set_source_id(v); }, 128},
      {"interaction.queue", [](v1::Interaction& i, const std::string& v) { i.set_queue(v); }, 128},
      {"interaction.recording.uri",
       [](v1::Interaction& i, const std::string& v) { i.mutable_recording()->set_uri(v); }, 0,
       TextKind::kUri},
      {"interaction.recording.format",
       [](v1::Interaction& i, const std::string& v) {
         i.mutable_recording()->set_uri("s3://recordings/a");
         i.mutable_recording()->set_format(v);
       },
       64},
      {"interaction.transcript.uri",
       [](v1::Interaction& i, const std::string& v) { i.mutable_transcript()->set_uri(v); }, 0,
       TextKind::kUri},
      {"interaction.transcript.format",
       [](v1::Interaction& i, const std::string& v) {
         i.mutable_transcript()->set_uri("s3://transcripts/a");
         i.mutable_transcript()->set_format(v);
       },
       0},
  };
  return fields;
}

// The value of `field` (a TextFields name) in `interaction`.
std::string ValueOf(const v1::Interaction& interaction, const std::string& field) {
  if (field == "interaction.source_system") return interaction.source_system();
  if (field == "interaction.source_id") return interaction.source_id();
  if (field == "interaction.queue") return interaction.queue();
  if (field == "interaction.recording.uri") return interaction.recording().uri();
  if (field == "interaction.recording.format") return interaction.recording().format();
  if (field == "interaction.transcript.uri") return interaction.transcript().uri();
  if (field == "interaction.transcript.format") return interaction.transcript().format();
  return "(unknown field " + field + ")";
}

// A valid interaction of agent A1 with a source key unique on `client`.
v1::Interaction NewRecord(InputClient& client) {
  return NewInteraction(client.Unique("input-"), client.Unique("src-"), "A1");
}

grpc::Status CreateInteraction(InputClient& client, const v1::Interaction& interaction,
                               v1::Interaction* created) {
  v1::CreateInteractionRequest request;
  *request.mutable_interaction() = interaction;
  return client.Call(&v1::InteractionService::Stub::CreateInteraction, request, created);
}

v1::Interaction GetInteraction(InputClient& client, int64_t id) {
  v1::GetInteractionRequest request;
  request.set_id(id);
  v1::Interaction stored;
  grpc::Status status =
      client.Call(&v1::InteractionService::Stub::GetInteraction, request, &stored);
  EXPECT_TRUE(status.ok()) << id << ": " << status.error_message();
  return stored;
}

// Streams `records`, `per_message` to a message, as the administrator.
grpc::Status Import(InputClient& client, const std::vector<v1::Interaction>& records,
                    int per_message, v1::ImportInteractionsResponse* response,
                    std::string* committed_through = nullptr) {
  grpc::ClientContext context;
  Authorize(context, client.admin_token());
  std::unique_ptr<v1::InteractionService::Stub> stub =
      NewStub<v1::InteractionService>(client.channel());
  std::unique_ptr<grpc::ClientWriter<v1::ImportInteractionsRequest>> writer =
      stub->ImportInteractions(&context, response);
  v1::ImportInteractionsRequest request;
  request.set_mode(v1::IMPORT_MODE_KEEP_VALID);
  for (std::size_t i = 0; i < records.size(); ++i) {
    *request.add_interactions() = records[i];
    if (request.interactions_size() == per_message || i + 1 == records.size()) {
      if (!writer->Write(request)) break;  // the server has ended the call
      request.Clear();
    }
  }
  writer->WritesDone();
  grpc::Status status = writer->Finish();
  if (committed_through != nullptr) {
    const auto& trailers = context.GetServerTrailingMetadata();
    auto found = trailers.find("escala-committed-through");
    if (found != trailers.end()) {
      committed_through->assign(found->second.data(), found->second.size());
    }
  }
  return status;
}

// Imports one record and answers as CreateInteraction would: the record's one rejection as a
// status naming the field with the request's prefix, or OK when it was written.
grpc::Status ImportOne(InputClient& client, const v1::Interaction& record) {
  v1::ImportInteractionsResponse response;
  grpc::Status status = Import(client, {record}, 1, &response);
  if (!status.ok()) return status;
  if (response.rejections_size() == 0 && response.imported_count() == 1) return grpc::Status::OK;
  if (response.rejections_size() != 1 || response.imported_count() != 0) {
    return grpc::Status(grpc::StatusCode::UNKNOWN,
                        absl::StrCat("imported ", response.imported_count(), " with ",
                                     response.rejections_size(), " rejections"));
  }
  const v1::ImportRejection& rejection = response.rejections(0);
  return grpc::Status(static_cast<grpc::StatusCode>(rejection.code()),
                      absl::StrCat("interaction.", rejection.field(), ": ", rejection.reason()));
}

// The interactions of agent A1 from `source_system`.
std::vector<v1::Interaction> InteractionsFrom(InputClient& client,
                                              const std::string& source_system) {
  v1::ListInteractionsRequest request;
  request.set_agent_employee_id("A1");
  request.set_page_size(1000);
  v1::ListInteractionsResponse response;
  grpc::Status status =
      client.Call(&v1::InteractionService::Stub::ListInteractions, request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  std::vector<v1::Interaction> from;
  for (const v1::Interaction& interaction : response.interactions()) {
    if (interaction.source_system() == source_system) from.push_back(interaction);
  }
  return from;
}

// Creates one interaction per text with the text in `field`; reads each back by id.
RoundTrip CreateRoundTrip(const TextField& field) {
  return {.field = field.field,
          .via = "CreateInteraction",
          .kind = field.kind,
          .run = [field](InputClient& client, const std::vector<std::string>& texts) {
            std::vector<ReadBack> read;
            for (const std::string& text : texts) {
              v1::Interaction interaction = NewRecord(client);
              field.set(interaction, text);
              v1::Interaction created;
              grpc::Status status = CreateInteraction(client, interaction, &created);
              EXPECT_TRUE(status.ok()) << status.error_message();
              read.push_back({"GetInteraction", text,
                              ValueOf(GetInteraction(client, created.id()), field.field)});
            }
            return read;
          }};
}

// Imports every text in one stream with the text in `field` (and the record's position as its
// source id); reads them back through the list. For the source id, also the audit event's keys.
RoundTrip ImportRoundTrip(const TextField& field) {
  return {
      .field = field.field,
      .via = "ImportInteractions",
      .kind = field.kind,
      .run = [field](InputClient& client, const std::vector<std::string>& texts) {
        const std::string system = client.Unique("imported-");
        std::vector<v1::Interaction> records;
        for (std::size_t i = 0; i < texts.size(); ++i) {
          v1::Interaction record = NewInteraction(system, absl::StrCat(i), "A1");
          field.set(record, texts[i]);
          records.push_back(record);
        }
        v1::ImportInteractionsResponse response;
        grpc::Status status = Import(client, records, 100, &response);
        EXPECT_TRUE(status.ok()) << status.error_message();
        std::vector<ReadBack> read = {
            {"imported_count", absl::StrCat(texts.size()), absl::StrCat(response.imported_count())},
            {"rejections", "0", absl::StrCat(response.rejections_size())}};
        std::vector<std::string> got;
        for (const v1::Interaction& stored : InteractionsFrom(client, system)) {
          got.push_back(ValueOf(stored, field.field));
        }
        std::vector<ReadBack> listed = PairSorted("ListInteractions", texts, got);
        read.insert(read.end(), listed.begin(), listed.end());
        if (field.field != "interaction.source_id") return read;

        v1::ListAuditEventsRequest request;
        request.set_resource_name("interactions");
        request.set_page_size(1);
        v1::ListAuditEventsResponse events;
        status = client.Call(&v1::AuditService::Stub::ListAuditEvents, request, &events);
        EXPECT_TRUE(status.ok()) << status.error_message();
        std::vector<std::string> sent_keys;
        for (const std::string& text : texts) sent_keys.push_back(system + "/" + text);
        std::vector<std::string> audited_keys;
        google::protobuf::Struct after;
        if (events.events_size() == 1 &&
            google::protobuf::util::JsonStringToMessage(events.events(0).after_json(), &after)
                .ok() &&
            after.fields().contains("source_keys")) {
          for (const google::protobuf::Value& key :
               after.fields().at("source_keys").list_value().values()) {
            audited_keys.push_back(key.string_value());
          }
        }
        std::vector<ReadBack> audited = PairSorted("audit source_keys", sent_keys, audited_keys);
        read.insert(read.end(), audited.begin(), audited.end());
        return read;
      }};
}

const TextField& Field(const std::string& name) {
  for (const TextField& field : TextFields()) {
    if (field.field == name) return field;
  }
  ADD_FAILURE() << "no text field " << name;
  return TextFields().front();
}

std::vector<RoundTrip> RoundTrips() {
  std::vector<RoundTrip> trips;
  for (const TextField& field : TextFields()) trips.push_back(CreateRoundTrip(field));
  for (const char* name :
       {"interaction.source_id", "interaction.queue", "interaction.recording.format"}) {
    trips.push_back(ImportRoundTrip(Field(name)));
  }
  trips.push_back(
      {.field = "interaction.queue",
       .via = "UpdateInteraction",
       .run = [](InputClient& client, const std::vector<std::string>& texts) {
         std::vector<ReadBack> read;
         for (const std::string& text : texts) {
           v1::Interaction created;
           EXPECT_TRUE(CreateInteraction(client, NewRecord(client), &created).ok());
           v1::UpdateInteractionRequest request;
           request.mutable_interaction()->set_id(created.id());
           request.mutable_interaction()->set_queue(text);
           request.mutable_update_mask()->add_paths("queue");
           v1::Interaction updated;
           grpc::Status status =
               client.Call(&v1::InteractionService::Stub::UpdateInteraction, request, &updated);
           EXPECT_TRUE(status.ok()) << status.error_message();
           read.push_back({"GetInteraction", text, GetInteraction(client, created.id()).queue()});
         }
         return read;
       }});
  // Source ids that differ only in trailing spaces or in case are different ids.
  RoundTrip padding = CreateRoundTrip(Field("interaction.source_id"));
  padding.via = "CreateInteraction, ids differing in padding or case";
  padding.texts = {"pad", "pad ", "pad  ", "PAD"};
  padding.run = [](InputClient& client, const std::vector<std::string>& texts) {
    const std::string system = client.Unique("padding-");
    std::vector<ReadBack> read;
    for (const std::string& text : texts) {
      v1::Interaction created;
      grpc::Status status = CreateInteraction(client, NewInteraction(system, text, "A1"), &created);
      EXPECT_TRUE(status.ok()) << "'" << text << "': " << status.error_message();
      read.push_back({"GetInteraction", text, GetInteraction(client, created.id()).source_id()});
    }
    return read;
  };
  trips.push_back(padding);
  // Tags and language are not free text; what their alphabet allows comes back as sent.
  trips.push_back({.field = "interaction.tags",
                   .via = "CreateInteraction",
                   .run =
                       [](InputClient& client, const std::vector<std::string>& texts) {
                         v1::Interaction interaction = NewRecord(client);
                         for (const std::string& text : texts) interaction.add_tags(text);
                         v1::Interaction created;
                         grpc::Status status = CreateInteraction(client, interaction, &created);
                         EXPECT_TRUE(status.ok()) << status.error_message();
                         const v1::Interaction stored = GetInteraction(client, created.id());
                         std::vector<ReadBack> read;
                         for (int i = 0; i < static_cast<int>(texts.size()); ++i) {
                           read.push_back({absl::StrCat("GetInteraction tags[", i, "]"), texts[i],
                                           i < stored.tags_size() ? stored.tags(i) : "(missing)"});
                         }
                         read.push_back({"GetInteraction tags count", absl::StrCat(texts.size()),
                                         absl::StrCat(stored.tags_size())});
                         return read;
                       },
                   .texts = {"_", "--", "a/b:c.d_e-f"}});
  trips.push_back({.field = "interaction.language",
                   .via = "CreateInteraction",
                   .run =
                       [](InputClient& client, const std::vector<std::string>& texts) {
                         std::vector<ReadBack> read;
                         for (const std::string& text : texts) {
                           v1::Interaction interaction = NewRecord(client);
                           interaction.set_language(text);
                           v1::Interaction created;
                           grpc::Status status = CreateInteraction(client, interaction, &created);
                           EXPECT_TRUE(status.ok()) << status.error_message();
                           read.push_back({"GetInteraction", text,
                                           GetInteraction(client, created.id()).language()});
                         }
                         return read;
                       },
                   .texts = {"en-GB"}});
  return trips;
}

// Every text field through CreateInteraction and, reported per record, ImportInteractions. A
// URI keeps its scheme in front of the value.
std::vector<FieldWrite> FieldWrites() {
  std::vector<FieldWrite> writes;
  for (const TextField& field : TextFields()) {
    auto record_with = [field](InputClient& client, const std::string& value) {
      v1::Interaction interaction = NewRecord(client);
      field.set(interaction, field.kind == TextKind::kUri ? "s3://a/" + value : value);
      return interaction;
    };
    writes.push_back({.field = field.field,
                      .via = "CreateInteraction",
                      .write =
                          [record_with](InputClient& client, const std::string& value) {
                            v1::Interaction created;
                            return CreateInteraction(client, record_with(client, value), &created);
                          },
                      .max_characters = field.max_characters});
    writes.push_back({.field = field.field,
                      .via = "ImportInteractions",
                      .write =
                          [record_with](InputClient& client, const std::string& value) {
                            return ImportOne(client, record_with(client, value));
                          },
                      .streamed = true});
  }
  return writes;
}

// A new interaction with `tags` and `language`, through CreateInteraction.
grpc::Status CreateTagged(InputClient& client, const std::vector<std::string>& tags,
                          const std::string& language) {
  v1::Interaction interaction = NewRecord(client);
  for (const std::string& tag : tags) interaction.add_tags(tag);
  interaction.set_language(language);
  v1::Interaction created;
  return CreateInteraction(client, interaction, &created);
}

std::vector<RefusedValues> Refused() {
  return {
      {.field = "agent_employee_id",
       .via = "ListInteractions",
       .values = {kSqlIdentifier},
       .call =
           [](InputClient& client, const std::string& value) {
             v1::ListInteractionsRequest request;
             request.set_agent_employee_id(value);
             v1::ListInteractionsResponse response;
             return client.Call(&v1::InteractionService::Stub::ListInteractions, request,
                                &response);
           }},
      {.field = "team_id",
       .via = "ListInteractions",
       .values = {kSqlIdentifier},
       .call =
           [](InputClient& client, const std::string& value) {
             v1::ListInteractionsRequest request;
             request.set_team_id(value);
             v1::ListInteractionsResponse response;
             return client.Call(&v1::InteractionService::Stub::ListInteractions, request,
                                &response);
           }},
      // The position of the refused tag is named: here the second, after an allowed one.
      {.field = "interaction.tags[1]",
       .via = "CreateInteraction",
       .values = {"it's"},
       .call =
           [](InputClient& client, const std::string& value) {
             return CreateTagged(client, {"vip", value}, "en");
           }},
      {.field = "interaction.tags[0]",
       .via = "CreateInteraction",
       .values = {"100%"},
       .call = [](InputClient& client,
                  const std::string& value) { return CreateTagged(client, {value}, "en"); }},
      {.field = "interaction.language",
       .via = "CreateInteraction",
       .values = {"en'--"},
       .call = [](InputClient& client,
                  const std::string& value) { return CreateTagged(client, {}, value); }},
  };
}

std::vector<EnumFilter> EnumFilters() {
  return {
      {.field = "channel",
       .via = "ListInteractions",
       .call =
           [](InputClient& client, int value) {
             v1::ListInteractionsRequest request;
             request.set_channel(static_cast<v1::Channel>(value));
             v1::ListInteractionsResponse response;
             return client.Call(&v1::InteractionService::Stub::ListInteractions, request,
                                &response);
           }},
      {.field = "priority",
       .via = "ListInteractions",
       .call =
           [](InputClient& client, int value) {
             v1::ListInteractionsRequest request;
             request.set_priority(static_cast<v1::Priority>(value));
             v1::ListInteractionsResponse response;
             return client.Call(&v1::InteractionService::Stub::ListInteractions, request,
                                &response);
           }},
  };
}

// A request over the 64 KiB message limit is RESOURCE_EXHAUSTED, alone or in an import stream;
// a record of ordinary size still goes through.
void OverTheMessageLimit(InputClient& client) {
  const std::string system = client.Unique("limits-");
  v1::Interaction huge = NewInteraction(system, "huge", "A1");
  huge.mutable_transcript()->set_uri("s3://transcripts/" + std::string(100 * 1024, 'a'));
  v1::Interaction created;
  grpc::Status status = CreateInteraction(client, huge, &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
  v1::Interaction ordinary = NewInteraction(system, "ordinary", "A1");
  ordinary.mutable_transcript()->set_uri("s3://transcripts/" + std::string(2000, 'a'));
  status = CreateInteraction(client, ordinary, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  v1::ImportInteractionsResponse response;
  status = Import(client, {huge}, 1, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
  const std::vector<v1::Interaction> stored = InteractionsFrom(client, system);
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].source_id(), "ordinary");
}

// An import over the 5-record limit stops and says what is final; at the limit it goes through.
void OverTheImportRecordLimit(InputClient& client) {
  const std::string system = client.Unique("limits-");
  std::vector<v1::Interaction> records;
  for (int i = 1; i <= 12; ++i) {
    records.push_back(NewInteraction(system, absl::StrCat("over-", i), "A1"));
  }
  v1::ImportInteractionsResponse response;
  std::string committed_through;
  grpc::Status status = Import(client, records, 1, &response, &committed_through);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("at most 5 records (--max_import_records)"));
  // The first batch of 500 never filled, so no record was committed.
  EXPECT_THAT(status.error_message(), HasSubstr("nothing was written; re-send the whole import"));
  EXPECT_EQ(committed_through, "0");
  EXPECT_TRUE(InteractionsFrom(client, system).empty());

  records.resize(5);
  status = Import(client, records, 2, &response, &committed_through);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.imported_count(), 5);
  EXPECT_EQ(InteractionsFrom(client, system).size(), 5u);
}

InputCases InteractionsInputCases() {
  InputCases cases;
  cases.round_trips = RoundTrips();
  cases.field_writes = FieldWrites();
  cases.refused = Refused();
  cases.enum_filters = EnumFilters();
  cases.paged_lists = {
      {.method = "escala.v1.InteractionService/ListInteractions",
       .prepare =
           [](InputClient& client) {
             return [&client](int32_t page_size) {
               v1::ListInteractionsRequest request;
               request.set_page_size(page_size);
               v1::ListInteractionsResponse response;
               return client.Call(&v1::InteractionService::Stub::ListInteractions, request,
                                  &response);
             };
           }},
  };
  cases.limits = {
      {"a request over the message limit", &OverTheMessageLimit},
      {"an import over the record limit", &OverTheImportRecordLimit},
  };
  cases.not_free_text = {
      {"interaction.agent_employee_id", "identifier of a person (SQL-looking cases)"},
      {"interaction.recording.sha256", "64 hexadecimal digits"},
      {"interaction.transcript.sha256", "64 hexadecimal digits"},
      {"interaction.tags", "restricted alphabet (its own round trip and refused values)"},
      {"interaction.language", "a language tag (its own round trip and refused values)"},
      {"interaction.etag", "made by the server; compared, never stored"},
      {"request_id", "idempotency key: printable ASCII without spaces"},
  };
  return cases;
}

const InputCaseRegistrar kInteractionsInputCases("interactions", &InteractionsInputCases);

}  // namespace
}  // namespace escala::testing::input_safety
