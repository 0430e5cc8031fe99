#include "tools/demo/demo_data.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "tools/demo/demo_interactions.h"
#include "tools/demo/demo_people.h"
#include "tools/demo/demo_random.h"

namespace escala::demo {
namespace {

// Independent random streams, so that a change to how contacts are drawn leaves the people alone.
constexpr uint64_t kPeopleStream = 1;
constexpr uint64_t kInteractionStream = 2;

}  // namespace

absl::Time StartOfTodayUtc() {
  const absl::TimeZone utc = absl::UTCTimeZone();
  return absl::FromCivil(absl::ToCivilDay(absl::Now(), utc), utc);
}

absl::Status ValidateDemoOptions(const DemoOptions& options) {
  if (options.days < 0 || options.days > kMaxDemoDays) {
    return absl::InvalidArgumentError(
        absl::StrCat("days must be between 0 and ", kMaxDemoDays, ", got ", options.days));
  }
  if (options.interactions_per_day < 0 || options.interactions_per_day > kMaxDemoPerDay) {
    return absl::InvalidArgumentError(absl::StrCat("interactions_per_day must be between 0 and ",
                                                   kMaxDemoPerDay, ", got ",
                                                   options.interactions_per_day));
  }
  // Keeps the window and hire dates after 1970 and every date at four digits.
  const absl::TimeZone utc = absl::UTCTimeZone();
  if (options.end < absl::FromCivil(absl::CivilDay(2000, 1, 1), utc) ||
      options.end > absl::FromCivil(absl::CivilDay(9000, 1, 1), utc)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "end must be between 2000-01-01 and 9000-01-01, got ", absl::FormatTime(options.end, utc)));
  }
  if (absl::AbsDuration(options.local_utc_offset) > absl::Hours(14)) {
    return absl::InvalidArgumentError("local_utc_offset must be within ±14 h");
  }
  return absl::OkStatus();
}

DemoData GenerateDemoData(const DemoOptions& options) {
  const absl::Time window_start = options.end - absl::Hours(24) * std::max(0, options.days);
  DemoRandom people_rng(MixSeed(options.seed, kPeopleStream));
  Directory directory = GenerateDirectory(people_rng, window_start, options.end);
  DemoData data;
  // Before the contacts: the candidates' skill shapes their FCR and CSAT.
  data.promotion = PickPromotionCandidates(directory, options.end);
  DemoRandom interaction_rng(MixSeed(options.seed, kInteractionStream));
  data.interactions = GenerateInteractions(interaction_rng, options, directory.staff);
  data.teams = std::move(directory.teams);
  data.people = std::move(directory.people);
  return data;
}

}  // namespace escala::demo
