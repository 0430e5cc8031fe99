#include "tests/testing/fakes/fake_token_repository.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"

namespace escala::testing {
namespace {

int64_t CreateMillis(const v1::ApiToken& token) {
  return db::TimestampToMillis(token.create_time());
}

absl::Time ExpireTime(const v1::ApiToken& token) {
  return absl::FromUnixMillis(db::TimestampToMillis(token.expire_time()));
}

absl::Status TokenNotFound(const std::string& token_id) {
  return absl::NotFoundError(absl::StrCat("token '", token_id, "' not found"));
}

}  // namespace

void FakeTokenRepository::Add(const v1::ApiToken& token, const std::string& secret_hash,
                              absl::Time created) {
  StoredToken stored{token, secret_hash};
  *stored.token.mutable_create_time() = db::TimeToTimestamp(created);
  tokens_.push_back(std::move(stored));
}

absl::StatusOr<v1::ApiToken> FakeTokenRepository::Create(const v1::ApiToken& token,
                                                         const std::string& secret_hash,
                                                         const db::CreateRequest& request,
                                                         const db::AuditStamp&, absl::Time now) {
  ++create_calls;
  if (!failure.ok()) return failure;
  for (const StoredToken& stored : tokens_) {
    if (stored.token.token_id() == token.token_id()) {
      return absl::AlreadyExistsError(
          absl::StrCat("token_id: token '", token.token_id(), "' already exists"));
    }
    if (stored.secret_hash == secret_hash) {
      return absl::AlreadyExistsError("secret_hash: another token has the same secret hash");
    }
  }
  if (!request.request_id.empty()) {
    if (requests_.count(request.request_id) > 0) {
      return absl::AlreadyExistsError(
          absl::StrCat("request_id: '", request.request_id, "' was already used"));
    }
    requests_[request.request_id] = {token.token_id(), request.request_hash};
  }
  // Only the caller-set fields are stored: use and revocation start empty.
  v1::ApiToken fresh = token;
  fresh.clear_last_use_time();
  fresh.clear_revoke_time();
  Add(fresh, secret_hash, now);
  return tokens_.back().token;
}

absl::StatusOr<std::optional<db::CreatedByRequest<v1::ApiToken>>>
FakeTokenRepository::FindByRequestId(const std::string& request_id) {
  using Found = std::optional<db::CreatedByRequest<v1::ApiToken>>;
  if (!failure.ok()) return failure;
  auto it = requests_.find(request_id);
  if (it == requests_.end()) return Found();
  const StoredToken* stored = Find(it->second.first);
  if (stored == nullptr) return Found();
  return Found(db::CreatedByRequest<v1::ApiToken>{stored->token, it->second.second});
}

absl::StatusOr<v1::ApiToken> FakeTokenRepository::FindBySecretHash(const std::string& secret_hash) {
  ++find_by_hash_calls;
  if (!failure.ok()) return failure;
  absl::StatusOr<v1::ApiToken> answer = absl::NotFoundError("no token has this secret hash");
  for (const StoredToken& stored : tokens_) {
    if (stored.secret_hash == secret_hash) answer = stored.token;
  }
  if (while_finding) std::exchange(while_finding, nullptr)();
  return answer;
}

absl::StatusOr<v1::ApiToken> FakeTokenRepository::Get(const std::string& token_id) {
  if (!failure.ok()) return failure;
  if (const StoredToken* stored = Find(token_id)) return stored->token;
  return TokenNotFound(token_id);
}

absl::StatusOr<std::vector<v1::ApiToken>> FakeTokenRepository::List(
    const db::TokenFilter& filter, const std::optional<db::TokenCursor>& after, int limit) {
  ++list_calls;
  last_list_filter = filter;
  if (!failure.ok()) return failure;
  std::vector<v1::ApiToken> matching;
  for (const StoredToken& stored : tokens_) {
    const v1::ApiToken& token = stored.token;
    if (!filter.principal.empty() && token.principal() != filter.principal) continue;
    if (!filter.include_inactive && (token.has_revoke_time() || ExpireTime(token) <= filter.now)) {
      continue;
    }
    if (after && std::make_tuple(CreateMillis(token), token.token_id()) >=
                     std::make_tuple(after->create_ms, after->token_id)) {
      continue;
    }
    matching.push_back(token);
  }
  std::sort(matching.begin(), matching.end(), [](const v1::ApiToken& a, const v1::ApiToken& b) {
    return std::make_tuple(CreateMillis(a), a.token_id()) >
           std::make_tuple(CreateMillis(b), b.token_id());
  });
  if (static_cast<int>(matching.size()) > limit) matching.resize(limit);
  return matching;
}

absl::StatusOr<v1::ApiToken> FakeTokenRepository::Revoke(const std::string& token_id,
                                                         const db::AuditStamp&, absl::Time now) {
  ++revoke_calls;
  if (!failure.ok()) return failure;
  StoredToken* stored = FindMutable(token_id);
  if (stored == nullptr) return TokenNotFound(token_id);
  if (stored->token.has_revoke_time()) {
    return absl::FailedPreconditionError(absl::StrCat("token '", token_id, "' is revoked already"));
  }
  *stored->token.mutable_revoke_time() = db::TimeToTimestamp(now);
  return stored->token;
}

absl::Status FakeTokenRepository::RecordUse(const std::string& token_id, absl::Time now) {
  uses.push_back(Use{token_id, now});
  if (!record_use_failure.ok()) return record_use_failure;
  StoredToken* stored = FindMutable(token_id);
  if (stored == nullptr) return TokenNotFound(token_id);
  *stored->token.mutable_last_use_time() = db::TimeToTimestamp(now);
  return absl::OkStatus();
}

const FakeTokenRepository::StoredToken* FakeTokenRepository::Find(
    const std::string& token_id) const {
  for (const StoredToken& stored : tokens_) {
    if (stored.token.token_id() == token_id) return &stored;
  }
  return nullptr;
}

FakeTokenRepository::StoredToken* FakeTokenRepository::FindMutable(const std::string& token_id) {
  for (StoredToken& stored : tokens_) {
    if (stored.token.token_id() == token_id) return &stored;
  }
  return nullptr;
}

}  // namespace escala::testing
