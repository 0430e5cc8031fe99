#include "server/qa/scorecard_handler.h"

#include <algorithm>
#include <limits>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "db/common/error_details.h"
#include "server/api/etag.h"
#include "server/api/field_mask.h"
#include "server/api/list_page.h"
#include "server/api/request_id.h"
#include "server/api/text_rules.h"
#include "server/api/violations.h"
#include "server/qa/scorecard_validation.h"
#include "server/qa/scoring/scorecard_coverage.h"

namespace escala::server {
namespace {

constexpr std::size_t kMaxReason = 1000;
// Rows read per round while a channel filter drops some: scorecards are few, so a list that
// filters after reading stays cheap.
constexpr int kChannelScanBatch = 200;

// Meant for `channel` (UNSPECIFIED: any): the card covers it, as sampling plans read it.
bool MeantForChannel(const v1::Scorecard& scorecard, v1::Channel channel) {
  return channel == v1::CHANNEL_UNSPECIFIED || CoversChannel(scorecard, channel);
}

// What UpdateScorecard may change: the content of a version, never its id, version or state.
const std::set<std::string>& UpdatableFields() {
  static const auto* const kUpdatable =
      new std::set<std::string>{"title",    "description", "sections",           "band_cutoffs",
                                "channels", "roles",       "dispute_window_days"};
  return *kUpdatable;
}

// The request-level etag that predates Scorecard.etag; kept for older clients and read only
// here, so that the deprecation warning marks every other use.
const std::string& RequestLevelEtag(const v1::UpdateScorecardRequest& request) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  return request.etag();
#pragma GCC diagnostic pop
}

}  // namespace

absl::StatusOr<v1::Scorecard> ScorecardHandler::CreateScorecard(
    const CallContext& call, const v1::CreateScorecardRequest& request) {
  if (absl::Status valid = ValidateScorecard(request.scorecard()); !valid.ok()) return valid;
  return scorecards_.Create(request.scorecard(), call.Stamp(), clock_());
}

absl::StatusOr<v1::Scorecard> ScorecardHandler::GetScorecard(
    const CallContext&, const v1::GetScorecardRequest& request) {
  if (absl::Status s = RequireIdentifier("scorecard_id", request.scorecard_id(), 64); !s.ok()) {
    return s;
  }
  if (request.version() < 0) {
    return InvalidField("version", absl::StrCat("must be 0 (the newest) or a version number, got ",
                                                request.version()));
  }
  return scorecards_.Get(request.scorecard_id(), request.version());
}

absl::StatusOr<v1::ListScorecardsResponse> ScorecardHandler::ListScorecards(
    const CallContext& call, const v1::ListScorecardsRequest& request) {
  absl::StatusOr<ListPage> page = ListPage::Start(request, "scorecards", call.PageScope());
  if (!page.ok()) return page.status();
  Violations violations;
  if (!v1::ScorecardState_IsValid(request.state())) {
    violations.Add("state", absl::StrCat("unknown value ", request.state()));
  }
  if (!v1::Channel_IsValid(request.channel())) {
    violations.Add("channel", absl::StrCat("unknown value ", request.channel()));
  }
  if (!violations.empty()) return violations.ToStatus();
  std::string after = page->after_key();
  const int wanted = page->fetch_limit();
  const int batch = request.channel() == v1::CHANNEL_UNSPECIFIED ? wanted : kChannelScanBatch;
  std::vector<v1::Scorecard> rows;
  while (static_cast<int>(rows.size()) < wanted) {
    absl::StatusOr<std::vector<v1::Scorecard>> read =
        scorecards_.List(after, request.state(), batch);
    if (!read.ok()) return read.status();
    for (v1::Scorecard& scorecard : *read) {
      if (static_cast<int>(rows.size()) == wanted) break;
      if (MeantForChannel(scorecard, request.channel())) rows.push_back(std::move(scorecard));
    }
    if (static_cast<int>(read->size()) < batch) break;
    after = read->back().scorecard_id();
  }
  v1::ListScorecardsResponse response;
  response.set_next_page_token(
      page->Finish(rows, [](const v1::Scorecard& scorecard) { return scorecard.scorecard_id(); }));
  for (v1::Scorecard& scorecard : rows) *response.add_scorecards() = std::move(scorecard);
  return response;
}

absl::StatusOr<v1::ListScorecardsResponse> ScorecardHandler::ListScorecardVersions(
    const CallContext& call, const v1::ListScorecardVersionsRequest& request) {
  if (absl::Status s = RequireIdentifier("scorecard_id", request.scorecard_id(), 64); !s.ok()) {
    return s;
  }
  absl::StatusOr<ListPage> page = ListPage::Start(request, "scorecard_versions", call.PageScope());
  if (!page.ok()) return page.status();
  absl::StatusOr<int64_t> after = page->after_int();
  if (!after.ok()) return after.status();
  if (*after < 0 || *after > std::numeric_limits<int32_t>::max()) {
    return InvalidField("page_token", "malformed version");
  }
  const int32_t before = static_cast<int32_t>(*after);
  absl::StatusOr<std::vector<v1::Scorecard>> rows =
      scorecards_.ListVersions(request.scorecard_id(), before, page->fetch_limit());
  if (!rows.ok()) return rows.status();
  if (rows->empty() && before == 0) {
    // Every scorecard has version 1, so no rows means no scorecard.
    return absl::NotFoundError(absl::StrCat("scorecard '", request.scorecard_id(), "' not found"));
  }
  v1::ListScorecardsResponse response;
  response.set_next_page_token(page->Finish(
      *rows, [](const v1::Scorecard& scorecard) { return absl::StrCat(scorecard.version()); }));
  for (v1::Scorecard& scorecard : *rows) *response.add_scorecards() = std::move(scorecard);
  return response;
}

absl::StatusOr<v1::Scorecard> ScorecardHandler::UpdateScorecard(
    const CallContext& call, const v1::UpdateScorecardRequest& request) {
  const v1::Scorecard& input = request.scorecard();
  const std::string& id = input.scorecard_id();
  Violations violations;
  violations.Add(RequireIdentifier("scorecard.scorecard_id", id, 64));
  absl::StatusOr<SentEtag> etag =
      ResolveSentEtag("scorecard.etag", input.etag(), RequestLevelEtag(request));
  violations.Add(etag.status());
  if (etag.ok()) violations.Add(RequireEtag(etag->field, etag->value));
  violations.Add(CheckFieldMask(request.update_mask(), UpdatableFields(), input));
  if (!violations.empty()) return violations.ToStatus();
  absl::StatusOr<v1::Scorecard> current = scorecards_.Get(id, 0);
  if (!current.ok()) return current.status();
  if (current->state() == v1::SCORECARD_STATE_RETIRED) {
    return db::WithErrorInfo(absl::FailedPreconditionError(absl::StrCat(
                                 "scorecard '", id, "' is retired and can no longer be changed")),
                             db::kReasonScorecardRetired,
                             {{"resource", absl::StrCat("scorecards/", id)}});
  }
  if (absl::Status s =
          CheckEtag(etag->field, etag->value, current->etag(), absl::StrCat("scorecards/", id));
      !s.ok()) {
    return s;
  }
  // The card as it will be: the selected fields over the newest version's content, so that what
  // is validated is what is stored (a partial update keeps the rest of the card).
  v1::Scorecard merged = *current;
  if (absl::Status s = ApplyFieldMask(request.update_mask(), UpdatableFields(), input, &merged);
      !s.ok()) {
    return s;
  }
  if (absl::Status valid = ValidateScorecard(merged); !valid.ok()) return valid;
  // The repository checks the version again under its lock: a change between this read and the
  // write is ABORTED there, so `merged` is never written over a newer version.
  return scorecards_.Update(merged, VersionFromEtag(etag->value), call.Stamp(), clock_());
}

absl::StatusOr<v1::Scorecard> ScorecardHandler::PublishScorecard(
    const CallContext& call, const v1::PublishScorecardRequest& request) {
  if (absl::Status s = CheckRequestId("request_id", request.request_id()); !s.ok()) return s;
  const db::CreateRequest key = CreateRequestOf(request);
  return ApplyOnce<v1::Scorecard>(
      requests_, call.caller.principal, call.method, key,
      [&] { return Publish(call, request, key); },
      // A replay answers the version it published, as it is now.
      [&](const db::LoggedRequest& logged) {
        return scorecards_.Get(request.scorecard_id(), VersionOfEvent(logged));
      });
}

absl::StatusOr<v1::Scorecard> ScorecardHandler::Publish(const CallContext& call,
                                                        const v1::PublishScorecardRequest& request,
                                                        const db::CreateRequest& key) {
  const std::string& id = request.scorecard_id();
  if (absl::Status s = RequireIdentifier("scorecard_id", id, 64); !s.ok()) return s;
  if (absl::Status s = RequireEtag("etag", request.etag()); !s.ok()) return s;
  absl::StatusOr<v1::Scorecard> current = scorecards_.Get(id, 0);
  if (!current.ok()) return current.status();
  if (current->state() == v1::SCORECARD_STATE_DRAFT) {
    if (absl::Status s =
            CheckEtag("etag", request.etag(), current->etag(), absl::StrCat("scorecards/", id));
        !s.ok()) {
      return s;
    }
    // Stored drafts were validated when written; the rules may have grown since.
    if (absl::Status valid = ValidateScorecard(*current); !valid.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat("scorecard '", id, "' version ", current->version(),
                       " cannot be published until it is fixed: ", valid.message()));
    }
  }
  // Not a draft: the repository answers FAILED_PRECONDITION with the state it found.
  return Invalidating(
      id, scorecards_.Publish(id, VersionFromEtag(request.etag()), call.Stamp(key), clock_()));
}

absl::StatusOr<v1::Scorecard> ScorecardHandler::RetireScorecard(
    const CallContext& call, const v1::RetireScorecardRequest& request) {
  if (absl::Status s = CheckRequestId("request_id", request.request_id()); !s.ok()) return s;
  const db::CreateRequest key = CreateRequestOf(request);
  return ApplyOnce<v1::Scorecard>(
      requests_, call.caller.principal, call.method, key,
      [&]() -> absl::StatusOr<v1::Scorecard> {
        if (absl::Status s = RequireIdentifier("scorecard_id", request.scorecard_id(), 64);
            !s.ok()) {
          return s;
        }
        if (absl::Status s = RequireText("reason", request.reason(), kMaxReason); !s.ok()) {
          return s;
        }
        return Invalidating(request.scorecard_id(),
                            scorecards_.Retire(request.scorecard_id(), request.reason(),
                                               call.Stamp(key), clock_()));
      },
      // A replay answers the version it retired, as it is now.
      [&](const db::LoggedRequest& logged) {
        return scorecards_.Get(request.scorecard_id(), VersionOfEvent(logged));
      });
}

absl::StatusOr<v1::Scorecard> ScorecardHandler::Invalidating(const std::string& scorecard_id,
                                                             absl::StatusOr<v1::Scorecard> result) {
  if (result.ok() && cache_ != nullptr) cache_->Invalidate(scorecard_id);
  return result;
}

}  // namespace escala::server
