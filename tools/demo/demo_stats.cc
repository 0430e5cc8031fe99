#include "tools/demo/demo_stats.h"

#include <cstdint>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/descriptor.h"

namespace escala::demo {
namespace {

double Share(int64_t part, int64_t whole) {
  return whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

double Seconds(const google::protobuf::Duration& d) {
  return static_cast<double>(d.seconds()) + d.nanos() / 1e9;
}

// Shares per enum value in enum order, as "  phone 45.2 %" (the name without the type prefix).
std::string Mix(const std::map<int, int64_t>& counts, int64_t total,
                const google::protobuf::EnumDescriptor* type, absl::string_view prefix) {
  std::string out;
  for (const auto& [value, count] : counts) {
    const google::protobuf::EnumValueDescriptor* enum_value = type->FindValueByNumber(value);
    std::string label = enum_value == nullptr ? absl::StrCat(value) : enum_value->name();
    if (absl::StartsWith(label, prefix)) label = label.substr(prefix.size());
    absl::StrAppendFormat(&out, "  %s %.1f %%", absl::AsciiStrToLower(label), Share(count, total));
  }
  return out;
}

}  // namespace

std::string DescribeDemoData(const DemoData& data) {
  std::map<int, int64_t> roles, channels, directions, priorities;
  std::map<std::string, int64_t> languages;
  int64_t inactive = 0;
  for (const escala::v1::Person& p : data.people) {
    ++roles[p.role()];
    if (!p.active()) ++inactive;
  }
  int64_t fcr = 0, resolved = 0, escalated = 0, to_level3 = 0, handled = 0;
  int64_t csat = 0, csat_top = 0, csat_sum = 0, nps = 0, promoters = 0, detractors = 0;
  int64_t ces = 0, ces_sum = 0, recordings = 0, transcripts = 0;
  double handle_seconds = 0;
  for (const escala::v1::Interaction& ix : data.interactions) {
    ++channels[ix.channel()];
    ++directions[ix.direction()];
    ++priorities[ix.priority()];
    ++languages[ix.language()];
    if (ix.first_contact_resolution()) ++fcr;
    if (ix.has_resolve_time()) ++resolved;
    if (ix.escalated()) ++escalated;
    if (ix.escalated_to_level() == 3) ++to_level3;
    if (ix.has_end_time()) {
      ++handled;
      handle_seconds += Seconds(ix.talk_duration()) + Seconds(ix.hold_duration()) +
                        Seconds(ix.after_contact_duration());
    }
    if (ix.has_csat()) {
      ++csat;
      csat_sum += ix.csat();
      if (ix.csat() >= 4) ++csat_top;
    }
    if (ix.has_nps()) {
      ++nps;
      if (ix.nps() >= 9) ++promoters;
      if (ix.nps() <= 6) ++detractors;
    }
    if (ix.has_ces()) {
      ++ces;
      ces_sum += ix.ces();
    }
    if (ix.has_recording()) ++recordings;
    if (ix.has_transcript()) ++transcripts;
  }
  const int64_t n = static_cast<int64_t>(data.interactions.size());

  std::string out = absl::StrFormat("teams %d, people %d (%d inactive)\n", data.teams.size(),
                                    data.people.size(), inactive);
  absl::StrAppend(&out, "roles:");
  for (const auto& [role, count] : roles) {
    const google::protobuf::EnumValueDescriptor* value =
        escala::v1::Role_descriptor()->FindValueByNumber(role);
    absl::StrAppendFormat(&out, "  %s %d",
                          absl::AsciiStrToLower(value == nullptr ? "?" : value->name().substr(5)),
                          count);
  }
  absl::StrAppendFormat(&out, "\ninteractions %d\n", n);
  absl::StrAppend(&out, "channel:", Mix(channels, n, escala::v1::Channel_descriptor(), "CHANNEL_"),
                  "\n");
  absl::StrAppend(&out, "direction:",
                  Mix(directions, n, escala::v1::Direction_descriptor(), "DIRECTION_"), "\n");
  absl::StrAppend(
      &out, "priority:", Mix(priorities, n, escala::v1::Priority_descriptor(), "PRIORITY_"), "\n");
  absl::StrAppend(&out, "language:");
  for (const auto& [tag, count] : languages) {
    absl::StrAppendFormat(&out, "  %s %.1f %%", tag, Share(count, n));
  }
  absl::StrAppendFormat(&out,
                        "\nFCR %.1f %% (%d of %d resolved; %.1f %% of all contacts resolved)\n",
                        Share(fcr, resolved), fcr, resolved, Share(resolved, n));
  absl::StrAppendFormat(&out, "escalated %.1f %% (%d, %d of them to level 3)\n",
                        Share(escalated, n), escalated, to_level3);
  absl::StrAppendFormat(&out, "AHT %.0f s over %d handled contacts\n",
                        handled == 0 ? 0.0 : handle_seconds / static_cast<double>(handled),
                        handled);
  absl::StrAppendFormat(&out, "CSAT answered on %.1f %%: mean %.2f, satisfied (4-5) %.1f %%\n",
                        Share(csat, n),
                        csat == 0 ? 0.0 : static_cast<double>(csat_sum) / static_cast<double>(csat),
                        Share(csat_top, csat));
  absl::StrAppendFormat(&out, "NPS answered on %.1f %%: score %.1f\n", Share(nps, n),
                        Share(promoters, nps) - Share(detractors, nps));
  absl::StrAppendFormat(&out, "CES answered on %.1f %%: mean %.2f\n", Share(ces, n),
                        ces == 0 ? 0.0 : static_cast<double>(ces_sum) / static_cast<double>(ces));
  absl::StrAppendFormat(&out, "recordings %d, transcripts %d\n", recordings, transcripts);
  return out;
}

}  // namespace escala::demo
