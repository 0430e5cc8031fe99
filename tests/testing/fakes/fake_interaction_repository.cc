#include "tests/testing/fakes/fake_interaction_repository.h"

#include "absl/strings/str_cat.h"

namespace escala::testing {
namespace {

absl::Status NotImplemented(const char* what) {
  return absl::FailedPreconditionError(
      absl::StrCat("FakeInteractionRepository does not implement ", what));
}

}  // namespace

void FakeInteractionRepository::AddIds(int64_t first, int64_t last) {
  for (int64_t id = first; id <= last; ++id) {
    v1::Interaction interaction;
    interaction.set_id(id);
    Add(interaction);
  }
}

absl::StatusOr<v1::Interaction> FakeInteractionRepository::Create(const v1::Interaction&,
                                                                  const std::string&,
                                                                  const db::AuditStamp&,
                                                                  absl::Time) {
  return NotImplemented("Create");
}

absl::StatusOr<std::optional<v1::Interaction>> FakeInteractionRepository::FindByRequestId(
    const std::string&) {
  return NotImplemented("FindByRequestId");
}

absl::StatusOr<v1::Interaction> FakeInteractionRepository::Get(int64_t id) {
  auto found = interactions_.find(id);
  if (found == interactions_.end()) {
    return absl::NotFoundError(absl::StrCat("interaction ", id, " not found"));
  }
  return found->second;
}

absl::StatusOr<std::vector<v1::Interaction>> FakeInteractionRepository::List(
    const db::InteractionFilter&, const std::optional<db::InteractionCursor>&, int) {
  return NotImplemented("List");
}

absl::StatusOr<v1::Interaction> FakeInteractionRepository::Update(const v1::Interaction&, int64_t,
                                                                  const db::AuditStamp&,
                                                                  absl::Time) {
  return NotImplemented("Update");
}

absl::StatusOr<std::unique_ptr<db::InteractionImportTransaction>>
FakeInteractionRepository::BeginImport(const db::AuditStamp&) {
  return NotImplemented("BeginImport");
}

}  // namespace escala::testing
