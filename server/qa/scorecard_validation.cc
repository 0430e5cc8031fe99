#include "server/qa/scorecard_validation.h"

#include <google/protobuf/descriptor.h>

#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "server/api/field_violation.h"
#include "server/qa/scoring/scorecard_mapping.h"
#include "server/api/text_rules.h"

namespace escala::server {
namespace {

constexpr std::size_t kMaxKey = 64;
constexpr std::size_t kMaxTitle = 200;
constexpr std::size_t kMaxLongText = 4000;
constexpr int kMaxDisputeWindowDays = 90;
// The largest answer a scale may have (proto: AnswerScale).
constexpr int kMaxScale = 1000;

// `violation` with the section or criterion it is about added to its reason, so that an error
// in a long card can be found by key as well as by position.
Violation Naming(Violation violation, const std::string& what, const std::string& key) {
  if (violation && !key.empty()) {
    violation->reason = absl::StrCat(what, " \"", key, "\": ", violation->reason);
  }
  return violation;
}

Violation CheckCriterion(const v1::Criterion& criterion, const std::string& path) {
  const std::string& key = criterion.key();
  if (Violation v = RequireIdentifier(absl::StrCat(path, ".key"), key, kMaxKey)) return v;
  if (Violation v = RequireText(absl::StrCat(path, ".title"), criterion.title(), kMaxTitle)) {
    return Naming(v, "criterion", key);
  }
  if (Violation v = LimitText(absl::StrCat(path, ".guidance"), criterion.guidance(), kMaxLongText)) {
    return Naming(v, "criterion", key);
  }
  if (!v1::ScaleKind_IsValid(criterion.scale().kind())) {
    return Naming(FieldViolation{absl::StrCat(path, ".scale.kind"),
                                 absl::StrCat("unknown value ", criterion.scale().kind())},
                  "criterion", key);
  }
  const v1::AnswerScale& scale = criterion.scale();
  if (scale.kind() == v1::SCALE_KIND_RANGE && (scale.min() < 0 || scale.max() > kMaxScale)) {
    return Naming(FieldViolation{absl::StrCat(path, ".scale"),
                                 absl::StrCat("range must lie within 0..", kMaxScale, ", got ",
                                              scale.min(), "..", scale.max())},
                  "criterion", key);
  }
  if (scale.kind() == v1::SCALE_KIND_POINTS && scale.max() > kMaxScale) {
    return Naming(FieldViolation{absl::StrCat(path, ".scale.max"),
                                 absl::StrCat("must be at most ", kMaxScale, ", got ", scale.max())},
                  "criterion", key);
  }
  if (!v1::CriticalScope_IsValid(criterion.critical_scope())) {
    return Naming(FieldViolation{absl::StrCat(path, ".critical_scope"),
                                 absl::StrCat("unknown value ", criterion.critical_scope())},
                  "criterion", key);
  }
  return std::nullopt;
}

Violation CheckSection(const v1::ScorecardSection& section, const std::string& path) {
  if (Violation v = RequireIdentifier(absl::StrCat(path, ".key"), section.key(), kMaxKey)) return v;
  if (Violation v = RequireText(absl::StrCat(path, ".title"), section.title(), kMaxTitle)) {
    return Naming(v, "section", section.key());
  }
  for (int c = 0; c < section.criteria_size(); ++c) {
    Violation v = CheckCriterion(section.criteria(c), absl::StrCat(path, ".criteria[", c, "]"));
    if (v) return v;
  }
  return std::nullopt;
}

// Known values other than UNSPECIFIED (0), each at most once.
Violation CheckEnumList(const google::protobuf::RepeatedField<int>& values, const std::string& field,
                        const google::protobuf::EnumDescriptor* type) {
  std::set<int> seen;
  for (int i = 0; i < values.size(); ++i) {
    const int value = values.Get(i);
    const std::string path = absl::StrCat(field, "[", i, "]");
    const google::protobuf::EnumValueDescriptor* known = type->FindValueByNumber(value);
    if (value == 0 || known == nullptr) {
      return FieldViolation{path, absl::StrCat("must be a known ", type->name(),
                                               " other than UNSPECIFIED, got ", value)};
    }
    if (!seen.insert(value).second) {
      return FieldViolation{path, absl::StrCat(known->name(), " is listed twice")};
    }
  }
  return std::nullopt;
}

Violation CheckOwnRules(const v1::Scorecard& scorecard) {
  if (Violation v = RequireIdentifier("scorecard_id", scorecard.scorecard_id(), kMaxKey)) return v;
  if (Violation v = RequireText("title", scorecard.title(), kMaxTitle)) return v;
  if (Violation v = LimitText("description", scorecard.description(), kMaxLongText)) return v;
  if (scorecard.sections_size() == 0) {
    return FieldViolation{"sections", "must have at least one section"};
  }
  for (int s = 0; s < scorecard.sections_size(); ++s) {
    if (Violation v = CheckSection(scorecard.sections(s), absl::StrCat("sections[", s, "]"))) return v;
  }
  if (Violation v = CheckEnumList(scorecard.channels(), "channels", v1::Channel_descriptor())) {
    return v;
  }
  if (Violation v = CheckEnumList(scorecard.roles(), "roles", v1::Role_descriptor())) return v;
  if (scorecard.dispute_window_days() < 0 || scorecard.dispute_window_days() > kMaxDisputeWindowDays) {
    return FieldViolation{"dispute_window_days",
                          absl::StrCat("must be between 0 (the default, ", kDefaultDisputeWindowDays,
                                       ") and ", kMaxDisputeWindowDays, ", got ",
                                       scorecard.dispute_window_days())};
  }
  return std::nullopt;
}

}  // namespace

absl::Status ValidateScorecard(const v1::Scorecard& scorecard) {
  if (Violation v = CheckOwnRules(scorecard)) return ViolationToStatus(*v, "scorecard.");
  absl::StatusOr<ScoringForm> form = ToScoringForm(scorecard);
  if (!form.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("scorecard: ", form.status().message()));
  }
  return absl::OkStatus();
}

}  // namespace escala::server
