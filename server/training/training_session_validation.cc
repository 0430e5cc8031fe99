#include "server/training/training_session_validation.h"

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "db/common/proto_time.h"
#include "server/api/text_rules.h"
#include "server/api/time_rules.h"
#include "server/api/violations.h"

namespace escala::server {
namespace {

constexpr int64_t kMaxBlockMillis = int64_t{24} * 3600 * 1000;

// An IANA zone name: segments of letters, digits, '_', '-' and '+' joined by '/'. The zone
// loader reads files below the zoneinfo folder by name, so "..", "." and absolute paths are
// refused before it sees them.
bool LooksLikeZoneName(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (absl::string_view segment : absl::StrSplit(name, '/')) {
    if (segment.empty() || segment == "." || segment == "..") return false;
    for (char c : segment) {
      if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '+') {
        return false;
      }
    }
  }
  return true;
}

void CheckTrainers(const v1::TrainingSession& session, Violations& violations) {
  if (session.trainer_employee_ids().empty()) {
    violations.Add("trainer_employee_ids", "at least one trainer is required");
  } else if (session.trainer_employee_ids_size() > kMaxTrainers) {
    violations.Add("trainer_employee_ids", absl::StrCat("at most ", kMaxTrainers, " trainers, got ",
                                                        session.trainer_employee_ids_size()));
  }
  std::set<std::string> seen;
  for (int i = 0; i < session.trainer_employee_ids_size(); ++i) {
    const std::string field = absl::StrCat("trainer_employee_ids[", i, "]");
    const std::string& id = session.trainer_employee_ids(i);
    absl::Status valid = RequireIdentifier(field, id, 64);
    if (!valid.ok()) {
      violations.Add(valid);
    } else if (!seen.insert(id).second) {
      violations.Add(field, absl::StrCat("'", id, "' is listed twice"));
    }
  }
}

// The blocks' own rules, then overlaps between well-formed blocks. Returns the first block's
// start (ms) when every block is well formed, for the windows' checks.
std::optional<int64_t> CheckBlocks(const v1::TrainingSession& session, Violations& violations) {
  if (session.blocks().empty()) {
    violations.Add("blocks", "at least one block is required");
    return std::nullopt;
  }
  if (session.blocks_size() > kMaxBlocks) {
    violations.Add("blocks",
                   absl::StrCat("at most ", kMaxBlocks, " blocks, got ", session.blocks_size()));
  }
  struct Span {
    int64_t start, end;
    int index;
  };
  std::vector<Span> spans;
  bool all_valid = true;
  for (int i = 0; i < session.blocks_size(); ++i) {
    const v1::SessionBlock& block = session.blocks(i);
    const std::string prefix = absl::StrCat("blocks[", i, "].");
    bool valid = true;
    if (!block.has_start_time()) {
      violations.Add(prefix + "start_time", "is required");
      valid = false;
    }
    if (!block.has_end_time()) {
      violations.Add(prefix + "end_time", "is required");
      valid = false;
    }
    for (const auto& [field, time] :
         {std::pair{"start_time", &block.start_time()}, std::pair{"end_time", &block.end_time()}}) {
      if (absl::Status range = CheckTimestamp(prefix + field, *time); !range.ok()) {
        violations.Add(range);
        valid = false;
      }
    }
    if (!valid) {
      all_valid = false;
      continue;
    }
    const int64_t start = db::TimestampToMillis(block.start_time());
    const int64_t end = db::TimestampToMillis(block.end_time());
    if (end <= start) {
      violations.Add(prefix + "end_time", "must be after start_time");
      all_valid = false;
      continue;
    }
    if (end - start > kMaxBlockMillis) {
      violations.Add(prefix + "end_time", "must be at most 24 hours after start_time");
      all_valid = false;
      continue;
    }
    spans.push_back({start, end, i});
  }
  std::sort(spans.begin(), spans.end(),
            [](const Span& a, const Span& b) { return a.start < b.start; });
  for (std::size_t i = 1; i < spans.size(); ++i) {
    // Half-open: a block may start exactly when the previous one ends.
    if (spans[i].start < spans[i - 1].end) {
      const int later = std::max(spans[i].index, spans[i - 1].index);
      const int earlier = std::min(spans[i].index, spans[i - 1].index);
      violations.Add(absl::StrCat("blocks[", later, "]"),
                     absl::StrCat("overlaps blocks[", earlier, "]"));
      all_valid = false;
    }
  }
  if (!all_valid || spans.empty()) return std::nullopt;
  return spans.front().start;
}

void CheckPlace(const v1::TrainingSession& session, Violations& violations) {
  violations.Add(LimitText("location", session.location(), kMaxLocation));
  const std::string& link = session.video_link();
  if (!link.empty()) {
    absl::Status limit = LimitText("video_link", link, kMaxVideoLink);
    if (!limit.ok()) {
      violations.Add(limit);
    } else if (!absl::StartsWith(link, "https://") || link.size() == 8 ||
               std::any_of(link.begin(), link.end(),
                           [](unsigned char c) { return c <= ' ' || c == 0x7f; })) {
      violations.Add("video_link", "must be an https:// link without spaces");
    }
  }
  if (session.location().empty() && link.empty()) {
    violations.Add("location", "give a location, a video_link or both");
  }
}

void CheckWindows(const v1::TrainingSession& session, std::optional<int64_t> first_start,
                  Violations& violations) {
  auto ms = [](const google::protobuf::Timestamp& t) { return db::TimestampToMillis(t); };
  for (const auto& [field, present, time] :
       {std::tuple{"registration_open_time", session.has_registration_open_time(),
                   &session.registration_open_time()},
        std::tuple{"registration_close_time", session.has_registration_close_time(),
                   &session.registration_close_time()},
        std::tuple{"cancellation_cutoff_time", session.has_cancellation_cutoff_time(),
                   &session.cancellation_cutoff_time()}}) {
    if (present) violations.Add(CheckTimestamp(field, *time));
  }
  if (session.has_registration_open_time() && session.has_registration_close_time() &&
      ms(session.registration_close_time()) <= ms(session.registration_open_time())) {
    violations.Add("registration_close_time", "must be after registration_open_time");
  }
  if (!first_start) return;
  if (session.has_registration_open_time() &&
      ms(session.registration_open_time()) >= *first_start) {
    violations.Add("registration_open_time", "must be before the first block starts");
  }
  if (session.has_registration_close_time() &&
      ms(session.registration_close_time()) > *first_start) {
    violations.Add("registration_close_time", "must not be after the first block starts");
  }
  if (session.has_cancellation_cutoff_time() &&
      ms(session.cancellation_cutoff_time()) > *first_start) {
    violations.Add("cancellation_cutoff_time", "must not be after the first block starts");
  }
}

}  // namespace

absl::Status ValidateTrainingSession(const v1::TrainingSession& session) {
  Violations violations;
  violations.Add(RequireIdentifier("course_id", session.course_id(), 64));
  CheckTrainers(session, violations);
  const std::optional<int64_t> first_start = CheckBlocks(session, violations);
  absl::TimeZone zone;
  if (session.time_zone().empty()) {
    violations.Add("time_zone", "is required (an IANA time zone such as Europe/Berlin)");
  } else if (!LooksLikeZoneName(session.time_zone()) ||
             !absl::LoadTimeZone(session.time_zone(), &zone)) {
    violations.Add("time_zone", "unknown time zone (use an IANA name such as Europe/Berlin)");
  }
  CheckPlace(session, violations);
  if (session.has_capacity() && (session.capacity() < 0 || session.capacity() > kMaxCapacity)) {
    violations.Add("capacity",
                   absl::StrCat("must be between 0 (closed) and ", kMaxCapacity, ", got ",
                                session.capacity(), "; leave it out for unlimited"));
  }
  CheckWindows(session, first_start, violations);
  return violations.ToStatus();
}

}  // namespace escala::server
