#include "client/qa/scorecard_view.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "client/core/enum_names.h"
#include "client/core/time_text.h"

namespace escala::client {
namespace {

// Numbers as people write them: "2", "1.5", not "2.000000".
std::string Number(double value) { return absl::StrFormat("%g", value); }

std::string TimeOrEmpty(const google::protobuf::Timestamp& time, bool present) {
  return present ? FormatTimestamp(time) : "";
}

template <typename E>
std::string EnumList(const google::protobuf::RepeatedField<int>& values, const std::string& none) {
  if (values.empty()) return none;
  std::vector<std::string> names;
  for (int value : values) names.push_back(ShortEnumName(static_cast<E>(value)));
  return absl::StrJoin(names, ", ");
}

std::string CutoffsText(const v1::Scorecard& scorecard) {
  const v1::BandCutoffs& c = scorecard.band_cutoffs();
  const bool unset =
      c.basic() == 0 && c.good() == 0 && c.excellent() == 0 && c.above_expectations() == 0;
  if (unset) return "basic 50, good 70, excellent 85, above expectations 95 (the defaults)";
  return absl::StrCat("basic ", Number(c.basic()), ", good ", Number(c.good()), ", excellent ",
                      Number(c.excellent()), ", above expectations ",
                      Number(c.above_expectations()));
}

}  // namespace

const ColumnTable& ScorecardColumns() {
  static const ColumnTable* const kColumns = new ColumnTable{
      OutputOnlyColumn("scorecard_id"),
      OutputOnlyColumn("version"),
      OutputOnlyColumn("state"),
      OutputOnlyColumn("title"),
      OutputOnlyColumn("dispute_window_days"),
      OutputOnlyColumn("created_by"),
      OutputOnlyColumn("create_time"),
      OutputOnlyColumn("update_time"),
      OutputOnlyColumn("publish_time"),
      OutputOnlyColumn("retire_time"),
      OutputOnlyColumn("etag"),
  };
  return *kColumns;
}

std::string ScorecardScaleText(const v1::AnswerScale& scale) {
  switch (scale.kind()) {
    case v1::SCALE_KIND_YES_NO:
      return "yes/no";
    case v1::SCALE_KIND_RANGE:
      return absl::StrCat(scale.min(), "–", scale.max());
    case v1::SCALE_KIND_POINTS:
      return absl::StrCat("0–", scale.max(), " points");
    default:
      return "?";
  }
}

std::string CriterionCriticalText(const v1::Criterion& criterion) {
  if (!criterion.critical()) return "";
  std::string text =
      criterion.critical_scope() == v1::CRITICAL_SCOPE_SECTION ? "section" : "evaluation";
  if (criterion.has_critical_threshold()) {
    absl::StrAppend(&text, ", fails below ", Number(criterion.critical_threshold()));
  }
  return text;
}

std::string RenderScorecard(const v1::Scorecard& scorecard, int width) {
  std::string out = absl::StrCat(scorecard.scorecard_id(), " version ", scorecard.version(), " (",
                                 ShortEnumName(scorecard.state()), "): ", scorecard.title(), "\n");
  Table header;
  if (!scorecard.description().empty())
    header.rows.push_back({"description", scorecard.description()});
  header.rows.push_back({"channels", EnumList<v1::Channel>(scorecard.channels(), "every channel")});
  header.rows.push_back({"roles", EnumList<v1::Role>(scorecard.roles(), "every role")});
  header.rows.push_back(
      {"dispute window", scorecard.dispute_window_days() == 0
                             ? "7 days (the default)"
                             : absl::StrCat(scorecard.dispute_window_days(), " days")});
  header.rows.push_back({"cut-offs", CutoffsText(scorecard)});
  if (!scorecard.created_by().empty())
    header.rows.push_back({"created by", scorecard.created_by()});
  header.rows.push_back(
      {"created", TimeOrEmpty(scorecard.create_time(), scorecard.has_create_time())});
  header.rows.push_back(
      {"updated", TimeOrEmpty(scorecard.update_time(), scorecard.has_update_time())});
  if (scorecard.has_publish_time())
    header.rows.push_back({"published", FormatTimestamp(scorecard.publish_time())});
  if (scorecard.has_retire_time())
    header.rows.push_back({"retired", FormatTimestamp(scorecard.retire_time())});
  if (!scorecard.etag().empty()) header.rows.push_back({"etag", scorecard.etag()});
  out += RenderTable(header, width);

  double total_weight = 0;
  for (const v1::ScorecardSection& section : scorecard.sections()) {
    for (const v1::Criterion& criterion : section.criteria()) total_weight += criterion.weight();
  }
  for (const v1::ScorecardSection& section : scorecard.sections()) {
    absl::StrAppend(&out, "\nSection ", section.key(), ": ", section.title(), "\n");
    Table criteria;
    criteria.header = {"KEY", "TITLE", "WEIGHT", "SHARE", "SCALE", "N/A", "CRITICAL"};
    for (const v1::Criterion& criterion : section.criteria()) {
      const std::string share =
          total_weight > 0 ? absl::StrFormat("%.1f%%", 100 * criterion.weight() / total_weight)
                           : "";
      criteria.rows.push_back({criterion.key(), criterion.title(), Number(criterion.weight()),
                               share, ScorecardScaleText(criterion.scale()),
                               criterion.allow_na() ? "yes" : "no",
                               CriterionCriticalText(criterion)});
    }
    out += RenderTable(criteria, width);
  }
  return out;
}

Table ScorecardsTable(const google::protobuf::RepeatedPtrField<v1::Scorecard>& scorecards) {
  Table table;
  table.header = {"SCORECARD ID", "VERSION", "STATE", "TITLE", "CHANNELS", "UPDATED"};
  for (const v1::Scorecard& scorecard : scorecards) {
    table.rows.push_back({scorecard.scorecard_id(), absl::StrCat(scorecard.version()),
                          ShortEnumName(scorecard.state()), scorecard.title(),
                          EnumList<v1::Channel>(scorecard.channels(), "all"),
                          TimeOrEmpty(scorecard.update_time(), scorecard.has_update_time())});
  }
  return table;
}

Table ScorecardVersionsTable(const google::protobuf::RepeatedPtrField<v1::Scorecard>& scorecards) {
  Table table;
  table.header = {"VERSION", "STATE", "TITLE", "CREATED BY", "CREATED", "PUBLISHED", "RETIRED"};
  for (const v1::Scorecard& scorecard : scorecards) {
    table.rows.push_back({absl::StrCat(scorecard.version()), ShortEnumName(scorecard.state()),
                          scorecard.title(), scorecard.created_by(),
                          TimeOrEmpty(scorecard.create_time(), scorecard.has_create_time()),
                          TimeOrEmpty(scorecard.publish_time(), scorecard.has_publish_time()),
                          TimeOrEmpty(scorecard.retire_time(), scorecard.has_retire_time())});
  }
  return table;
}

}  // namespace escala::client
