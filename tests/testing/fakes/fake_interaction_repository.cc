#include "tests/testing/fakes/fake_interaction_repository.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/duration.pb.h>
#include <google/protobuf/reflection.h>
#include <google/protobuf/timestamp.pb.h>

#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"

namespace escala::testing {
namespace {

// Cuts every Timestamp and Duration in `message` to the millisecond, as the *_ms columns do.
void CutToMillis(google::protobuf::Message& message) {
  const google::protobuf::Reflection* reflection = message.GetReflection();
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const google::protobuf::FieldDescriptor* field : fields) {
    if (field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE ||
        field->is_repeated()) {
      continue;
    }
    google::protobuf::Message* child = reflection->MutableMessage(&message, field);
    if (auto* timestamp = dynamic_cast<google::protobuf::Timestamp*>(child)) {
      *timestamp = db::MillisToTimestamp(db::TimestampToMillis(*timestamp));
    } else if (auto* duration = dynamic_cast<google::protobuf::Duration*>(child)) {
      *duration = db::MillisToDuration(db::DurationToMillis(*duration));
    } else {
      CutToMillis(*child);
    }
  }
}

// `interaction` as reading its row back gives it, without the output-only fields: times and
// durations to the millisecond, tags through their one comma-joined column.
v1::Interaction StoredForm(const v1::Interaction& interaction) {
  v1::Interaction stored = interaction;
  stored.clear_id();
  stored.clear_create_time();
  stored.clear_update_time();
  stored.clear_etag();
  CutToMillis(stored);
  const std::string tags = absl::StrJoin(stored.tags(), ",");
  stored.clear_tags();
  for (absl::string_view tag : absl::StrSplit(tags, ',', absl::SkipEmpty())) {
    stored.add_tags(std::string(tag));
  }
  return stored;
}

// Empty source ids are stored as NULL, which the unique key does not compare: only a record
// with both parts has a source key.
std::optional<db::SourceKey> SourceKeyOf(const v1::Interaction& interaction) {
  if (interaction.source_system().empty() || interaction.source_id().empty()) return std::nullopt;
  return db::SourceKey{interaction.source_system(), interaction.source_id()};
}

absl::Status UnknownAgent(const v1::Interaction& interaction) {
  return absl::FailedPreconditionError(absl::StrCat(
      "agent_employee_id: '", interaction.agent_employee_id(), "' is not in the people directory"));
}

absl::Status DuplicateSource(const v1::Interaction& interaction) {
  return db::WithErrorInfo(absl::AlreadyExistsError(absl::StrCat(
                               "an interaction with source_system '", interaction.source_system(),
                               "' and source_id '", interaction.source_id(), "' already exists")),
                           db::kReasonDuplicateSourceId);
}

int64_t StartMillis(const v1::Interaction& interaction) {
  return db::TimestampToMillis(interaction.start_time());
}

}  // namespace

// Records inserted here are held apart until Commit: visible to this transaction's own
// FindExistingSources, invisible to the repository's readers, and dropped by Rollback.
class FakeInteractionRepository::ImportTransaction : public db::InteractionImportTransaction {
 public:
  explicit ImportTransaction(FakeInteractionRepository& repository) : repository_(repository) {}
  ~ImportTransaction() override {
    if (!ended_) Rollback();
  }

  absl::StatusOr<std::vector<std::string>> FindKnownAgents(
      const std::vector<std::string>& employee_ids) override {
    std::vector<std::string> known;
    for (const std::string& id : std::set<std::string>(employee_ids.begin(), employee_ids.end())) {
      if (repository_.people_ == nullptr || repository_.people_->Get(id).ok()) {
        known.push_back(id);
      }
    }
    return known;
  }

  absl::StatusOr<std::vector<db::SourceKey>> FindExistingSources(
      const std::vector<db::SourceKey>& keys) override {
    std::vector<db::SourceKey> found;
    for (const db::SourceKey& key : std::set<db::SourceKey>(keys.begin(), keys.end())) {
      if (repository_.FindSource(key) != nullptr || pending_keys_.count(key) > 0) {
        found.push_back(key);
      }
    }
    return found;
  }

  // All or nothing: a refused record leaves none of the call's records behind.
  absl::Status Insert(const std::vector<const v1::Interaction*>& records, absl::Time now) override {
    std::set<db::SourceKey> keys;
    for (const v1::Interaction* record : records) {
      if (!repository_.KnownAgent(record->agent_employee_id())) return UnknownAgent(*record);
      std::optional<db::SourceKey> key = SourceKeyOf(*record);
      if (!key) continue;
      if (repository_.FindSource(*key) != nullptr || pending_keys_.count(*key) > 0 ||
          !keys.insert(*key).second) {
        return DuplicateSource(*record);
      }
    }
    for (const v1::Interaction* record : records) pending_.emplace_back(*record, now);
    pending_keys_.insert(keys.begin(), keys.end());
    return absl::OkStatus();
  }

  absl::Status Commit() override {
    if (ended_) return absl::FailedPreconditionError("import: the transaction has ended");
    for (const auto& [record, now] : pending_) repository_.Store(record, now);
    pending_.clear();
    pending_keys_.clear();
    ended_ = true;
    return absl::OkStatus();
  }

  void Rollback() override {
    pending_.clear();
    pending_keys_.clear();
    ended_ = true;
  }

 private:
  FakeInteractionRepository& repository_;
  std::vector<std::pair<v1::Interaction, absl::Time>> pending_;
  std::set<db::SourceKey> pending_keys_;
  bool ended_ = false;
};

void FakeInteractionRepository::AddIds(int64_t first, int64_t last) {
  for (int64_t id = first; id <= last; ++id) {
    v1::Interaction interaction;
    interaction.set_id(id);
    Add(interaction);
  }
}

bool FakeInteractionRepository::KnownAgent(const std::string& employee_id) {
  return people_ == nullptr || people_->Get(employee_id).ok();
}

const v1::Interaction* FakeInteractionRepository::FindSource(const db::SourceKey& key) const {
  for (const auto& [id, interaction] : interactions_) {
    if (SourceKeyOf(interaction) == key) return &interaction;
  }
  return nullptr;
}

const v1::Interaction& FakeInteractionRepository::Store(const v1::Interaction& record,
                                                        absl::Time now) {
  // Ids only grow, past any a test added directly.
  last_id_ = std::max(last_id_, interactions_.empty() ? 0 : interactions_.rbegin()->first) + 1;
  v1::Interaction stored = StoredForm(record);
  stored.set_id(last_id_);
  *stored.mutable_create_time() = db::MillisToTimestamp(absl::ToUnixMillis(now));
  *stored.mutable_update_time() = stored.create_time();
  stored.set_etag("1");
  return interactions_[last_id_] = std::move(stored);
}

absl::StatusOr<v1::Interaction> FakeInteractionRepository::Create(
    const v1::Interaction& interaction, const std::string& request_id, const db::AuditStamp&,
    absl::Time now) {
  if (!request_id.empty() && request_ids_.count(request_id) > 0) {
    return db::WithErrorInfo(
        absl::AlreadyExistsError(absl::StrCat("request_id '", request_id, "' was already used")),
        db::kReasonRequestIdReused);
  }
  if (std::optional<db::SourceKey> key = SourceKeyOf(interaction); key && FindSource(*key)) {
    return DuplicateSource(interaction);
  }
  if (!KnownAgent(interaction.agent_employee_id())) return UnknownAgent(interaction);
  const v1::Interaction& created = Store(interaction, now);
  if (!request_id.empty()) request_ids_[request_id] = created.id();
  return created;
}

absl::StatusOr<std::optional<v1::Interaction>> FakeInteractionRepository::FindByRequestId(
    const std::string& request_id) {
  auto found = request_ids_.find(request_id);
  if (found == request_ids_.end()) return std::optional<v1::Interaction>();
  return std::optional<v1::Interaction>(interactions_.at(found->second));
}

absl::StatusOr<v1::Interaction> FakeInteractionRepository::Get(int64_t id) {
  auto found = interactions_.find(id);
  if (found == interactions_.end()) {
    return absl::NotFoundError(absl::StrCat("interaction ", id, " not found"));
  }
  return found->second;
}

absl::StatusOr<std::vector<v1::Interaction>> FakeInteractionRepository::List(
    const db::InteractionFilter& filter, const std::optional<db::InteractionCursor>& after,
    int limit) {
  auto matches = [&](const v1::Interaction& i) {
    if (!filter.team_id.empty()) {
      if (people_ == nullptr) return false;
      absl::StatusOr<v1::Person> agent = people_->Get(i.agent_employee_id());
      if (!agent.ok() || agent->team_id() != filter.team_id) return false;
    }
    if (!filter.agent_employee_id.empty() && i.agent_employee_id() != filter.agent_employee_id) {
      return false;
    }
    if (filter.channel != 0 && i.channel() != filter.channel) return false;
    if (filter.priority != 0 && i.priority() != filter.priority) return false;
    const int64_t start = StartMillis(i);
    if (filter.start_from_ms && start < *filter.start_from_ms) return false;
    if (filter.start_to_ms && start >= *filter.start_to_ms) return false;
    if (filter.has_recording && i.has_recording() != *filter.has_recording) return false;
    if (filter.escalated && i.escalated() != *filter.escalated) return false;
    if (after && !(start < after->start_ms || (start == after->start_ms && i.id() < after->id))) {
      return false;
    }
    return true;
  };
  std::vector<v1::Interaction> rows;
  for (const auto& [id, interaction] : interactions_) {
    if (matches(interaction)) rows.push_back(interaction);
  }
  std::sort(rows.begin(), rows.end(), [](const v1::Interaction& a, const v1::Interaction& b) {
    if (StartMillis(a) != StartMillis(b)) return StartMillis(a) > StartMillis(b);
    return a.id() > b.id();
  });
  if (limit >= 0 && rows.size() > static_cast<std::size_t>(limit)) rows.resize(limit);
  return rows;
}

absl::StatusOr<v1::Interaction> FakeInteractionRepository::Update(
    const v1::Interaction& interaction, int64_t expected_version, const db::AuditStamp&,
    absl::Time now) {
  auto found = interactions_.find(interaction.id());
  if (found == interactions_.end()) {
    return absl::NotFoundError(absl::StrCat("interaction ", interaction.id(), " not found"));
  }
  v1::Interaction& stored = found->second;
  int64_t stored_version = 0;
  (void)absl::SimpleAtoi(stored.etag(), &stored_version);
  if (stored_version != expected_version) {
    return db::WithErrorInfo(absl::AbortedError(absl::StrCat(
                                 "interaction ", interaction.id(),
                                 " was changed concurrently (etag mismatch); re-read and retry")),
                             db::kReasonEtagMismatch,
                             {{"resource", absl::StrCat("interactions/", interaction.id())}});
  }
  if (!KnownAgent(interaction.agent_employee_id())) return UnknownAgent(interaction);
  if (std::optional<db::SourceKey> key = SourceKeyOf(interaction)) {
    const v1::Interaction* holder = FindSource(*key);
    if (holder != nullptr && holder->id() != interaction.id()) return DuplicateSource(interaction);
  }
  v1::Interaction updated = StoredForm(interaction);
  updated.set_id(stored.id());
  *updated.mutable_create_time() = stored.create_time();
  *updated.mutable_update_time() = db::MillisToTimestamp(absl::ToUnixMillis(now));
  updated.set_etag(absl::StrCat(stored_version + 1));
  stored = std::move(updated);
  return stored;
}

absl::StatusOr<std::unique_ptr<db::InteractionImportTransaction>>
FakeInteractionRepository::BeginImport(const db::AuditStamp&) {
  return std::unique_ptr<db::InteractionImportTransaction>(new ImportTransaction(*this));
}

}  // namespace escala::testing
