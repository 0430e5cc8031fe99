#include "server/interactions/import_processor.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "db/common/error_details.h"
#include "server/interactions/interaction_validation.h"

namespace escala::server {

ImportProcessor::ImportProcessor(db::InteractionRepository& repository, v1::ImportMode mode,
                                 Clock clock, std::size_t batch_size, db::AuditStamp stamp)
    : repository_(repository),
      stamp_(std::move(stamp)),
      mode_(mode == v1::IMPORT_MODE_UNSPECIFIED ? v1::IMPORT_MODE_KEEP_VALID : mode),
      clock_(std::move(clock)),
      batch_size_(batch_size) {}

ImportProcessor::~ImportProcessor() { Abandon(); }

void ImportProcessor::Reject(int64_t position, std::string field, std::string reason,
                             absl::StatusCode code) {
  v1::ImportRejection* rejection = response_.add_rejections();
  rejection->set_position(position);
  rejection->set_field(std::move(field));
  rejection->set_reason(std::move(reason));
  rejection->set_code(static_cast<int32_t>(code));
}

void ImportProcessor::Add(v1::ImportInteractionsRequest& message) {
  for (v1::Interaction& record : *message.mutable_interactions()) {
    const int64_t position = next_position_++;
    response_.set_received_count(response_.received_count() + 1);
    if (absl::Status valid = ValidateInteraction(record); !valid.ok()) {
      // One rejection per broken rule, all under the record's position.
      const google::rpc::BadRequest bad_request = db::BadRequestOf(valid);
      for (const auto& violation : bad_request.field_violations()) {
        Reject(position, violation.field(), violation.description(),
               absl::StatusCode::kInvalidArgument);
      }
      continue;
    }
    if (!record.source_id().empty()) {
      auto [it, inserted] = seen_sources_.emplace(record.source_system(), record.source_id());
      if (!inserted) {
        Reject(position, "source_id", "repeats the source id of an earlier record of this import",
               absl::StatusCode::kAlreadyExists);
        continue;
      }
    }
    // Output-only fields are the server's to set.
    record.clear_id();
    record.clear_create_time();
    record.clear_update_time();
    record.clear_etag();
    pending_.push_back({position, std::move(record)});
  }
}

absl::Status ImportProcessor::ResolveAgents(db::InteractionImportTransaction& transaction,
                                            const std::vector<Pending>& batch) {
  std::set<std::string> unresolved;
  for (const Pending& p : batch) {
    const std::string& agent = p.record.agent_employee_id();
    if (known_agents_.count(agent) == 0 && unknown_agents_.count(agent) == 0)
      unresolved.insert(agent);
  }
  if (unresolved.empty()) return absl::OkStatus();
  std::vector<std::string> ids(unresolved.begin(), unresolved.end());
  absl::StatusOr<std::vector<std::string>> known = transaction.FindKnownAgents(ids);
  if (!known.ok()) return known.status();
  for (const std::string& id : *known) {
    known_agents_.insert(id);
    unresolved.erase(id);
  }
  unknown_agents_.insert(unresolved.begin(), unresolved.end());
  return absl::OkStatus();
}

absl::Status ImportProcessor::WriteBatch(db::InteractionImportTransaction& transaction,
                                         const std::vector<Pending>& batch, int64_t* imported) {
  if (absl::Status s = ResolveAgents(transaction, batch); !s.ok()) return s;
  std::vector<const v1::Interaction*> to_insert;
  std::vector<std::pair<int64_t, std::string>> unknown;
  for (const Pending& p : batch) {
    if (unknown_agents_.count(p.record.agent_employee_id()) > 0) {
      unknown.emplace_back(p.position, p.record.agent_employee_id());
    } else {
      to_insert.push_back(&p.record);
    }
  }
  // Insert first and look for stored source ids only when the unique index objects: a fresh
  // import then costs no extra query per batch. A failed statement is undone on its own in
  // both dialects, so the transaction can go on with the records that are really new. Slices
  // of one statement each keep "failed" meaning "wrote nothing".
  int64_t already_present = 0;
  int64_t written = 0;
  constexpr std::size_t kSlice = db::InteractionImportTransaction::kMaxRecordsPerStatement;
  for (std::size_t start = 0; start < to_insert.size(); start += kSlice) {
    std::vector<const v1::Interaction*> slice(
        to_insert.begin() + start, to_insert.begin() + std::min(to_insert.size(), start + kSlice));
    absl::Status status = transaction.Insert(slice, clock_());
    if (absl::IsAlreadyExists(status)) {
      std::vector<db::SourceKey> keys;
      for (const v1::Interaction* record : slice) {
        if (!record->source_id().empty())
          keys.emplace_back(record->source_system(), record->source_id());
      }
      absl::StatusOr<std::vector<db::SourceKey>> found = transaction.FindExistingSources(keys);
      if (!found.ok()) return found.status();
      const std::set<db::SourceKey> existing(found->begin(), found->end());
      std::vector<const v1::Interaction*> fresh;
      for (const v1::Interaction* record : slice) {
        if (existing.count({record->source_system(), record->source_id()}) > 0) {
          ++already_present;
        } else {
          fresh.push_back(record);
        }
      }
      slice = std::move(fresh);
      status = slice.empty() ? absl::OkStatus() : transaction.Insert(slice, clock_());
    }
    if (!status.ok()) return status;
    written += static_cast<int64_t>(slice.size());
  }
  // Only now, when nothing can fail any more, account for the batch.
  for (const auto& [position, agent] : unknown) {
    Reject(position, "agent_employee_id",
           absl::StrCat("'", agent, "' is not in the people directory"),
           absl::StatusCode::kFailedPrecondition);
  }
  response_.set_already_present_count(response_.already_present_count() + already_present);
  *imported = written;
  return absl::OkStatus();
}

absl::Status ImportProcessor::WritePending() {
  std::vector<Pending> batch = std::move(pending_);
  pending_.clear();
  const int64_t last_position = next_position_ - 1;
  if (batch.empty()) {
    if (mode_ == v1::IMPORT_MODE_KEEP_VALID) committed_through_ = last_position;
    return absl::OkStatus();
  }
  if (mode_ == v1::IMPORT_MODE_ALL_OR_NOTHING) {
    // After a rejection nothing will be committed, so writing more would be wasted work.
    if (response_.rejections_size() > 0) return absl::OkStatus();
    if (whole_import_ == nullptr) {
      absl::StatusOr<std::unique_ptr<db::InteractionImportTransaction>> begun =
          repository_.BeginImport(stamp_);
      if (!begun.ok()) return begun.status();
      whole_import_ = std::move(*begun);
    }
    int64_t imported = 0;
    absl::Status status = WriteBatch(*whole_import_, batch, &imported);
    if (absl::IsAlreadyExists(status)) {
      return absl::AbortedError("a concurrent import stored some of these records first; re-send");
    }
    uncommitted_imported_ += imported;
    return status;
  }
  // KEEP_VALID: one transaction per batch, retried once if a concurrent writer stored one of
  // the source ids between our check and our second insert.
  for (int attempt = 0;; ++attempt) {
    absl::StatusOr<std::unique_ptr<db::InteractionImportTransaction>> transaction =
        repository_.BeginImport(stamp_);
    if (!transaction.ok()) return transaction.status();
    const int rejections_before = response_.rejections_size();
    const int64_t present_before = response_.already_present_count();
    int64_t imported = 0;
    absl::Status status = WriteBatch(**transaction, batch, &imported);
    if (status.ok()) status = (*transaction)->Commit();
    if (status.ok()) {
      response_.set_imported_count(response_.imported_count() + imported);
      committed_through_ = last_position;
      return absl::OkStatus();
    }
    // Undo this attempt's accounting; the transaction rolls back when destroyed.
    response_.mutable_rejections()->DeleteSubrange(rejections_before,
                                                   response_.rejections_size() - rejections_before);
    response_.set_already_present_count(present_before);
    if (!absl::IsAlreadyExists(status) || attempt > 0) return status;
  }
}

absl::Status ImportProcessor::Finish() {
  if (absl::Status s = WritePending(); !s.ok()) return s;
  // Stable: the rejections of one record keep the order of its fields.
  std::stable_sort(response_.mutable_rejections()->begin(), response_.mutable_rejections()->end(),
                   [](const v1::ImportRejection& a, const v1::ImportRejection& b) {
                     return a.position() < b.position();
                   });
  if (mode_ != v1::IMPORT_MODE_ALL_OR_NOTHING) return absl::OkStatus();
  if (whole_import_ != nullptr) {
    if (response_.rejections_size() > 0) {
      whole_import_->Rollback();
    } else if (absl::Status s = whole_import_->Commit(); !s.ok()) {
      return s;
    } else {
      response_.set_imported_count(uncommitted_imported_);
    }
    whole_import_.reset();
  }
  if (response_.rejections_size() > 0) response_.set_imported_count(0);
  committed_through_ = next_position_ - 1;
  return absl::OkStatus();
}

void ImportProcessor::Abandon() {
  if (whole_import_ != nullptr) {
    whole_import_->Rollback();
    whole_import_.reset();
  }
}

}  // namespace escala::server
