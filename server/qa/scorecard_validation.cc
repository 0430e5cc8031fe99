#include "server/qa/scorecard_validation.h"

#include <google/protobuf/descriptor.h>

#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "db/common/error_details.h"
#include "server/api/text_rules.h"
#include "server/api/violations.h"
#include "server/qa/scoring/scorecard_mapping.h"

namespace escala::server {
namespace {

constexpr std::size_t kMaxKey = 64;
constexpr std::size_t kMaxTitle = 200;
constexpr std::size_t kMaxLongText = 4000;
constexpr int kMaxDisputeWindowDays = 90;
// The largest answer a scale may have (proto: AnswerScale).
constexpr int kMaxScale = 1000;

// Collects the violations of one section or criterion, adding the key it is about to each rule,
// so that an error in a long card can be found by key as well as by position.
class Naming {
 public:
  Naming(Violations& violations, const char* what, const std::string& key)
      : violations_(violations), what_(what), key_(key) {}

  void Add(const std::string& field, const std::string& rule) {
    violations_.Add(field, key_.empty() ? rule : absl::StrCat(what_, " \"", key_, "\": ", rule));
  }
  void Add(const absl::Status& status) {
    const google::rpc::BadRequest bad_request = db::BadRequestOf(status);
    for (const auto& violation : bad_request.field_violations()) {
      Add(violation.field(), violation.description());
    }
  }

 private:
  Violations& violations_;
  const char* what_;
  const std::string& key_;
};

void CheckCriterion(const v1::Criterion& criterion, const std::string& path,
                    Violations& violations) {
  const std::string& key = criterion.key();
  violations.Add(RequireIdentifier(absl::StrCat(path, ".key"), key, kMaxKey));
  Naming named(violations, "criterion", key);
  named.Add(RequireText(absl::StrCat(path, ".title"), criterion.title(), kMaxTitle));
  named.Add(LimitText(absl::StrCat(path, ".guidance"), criterion.guidance(), kMaxLongText));
  const v1::AnswerScale& scale = criterion.scale();
  if (!v1::ScaleKind_IsValid(scale.kind())) {
    named.Add(absl::StrCat(path, ".scale.kind"), absl::StrCat("unknown value ", scale.kind()));
  } else if (scale.kind() == v1::SCALE_KIND_RANGE && (scale.min() < 0 || scale.max() > kMaxScale)) {
    named.Add(absl::StrCat(path, ".scale"), absl::StrCat("range must lie within 0..", kMaxScale,
                                                         ", got ", scale.min(), "..", scale.max()));
  } else if (scale.kind() == v1::SCALE_KIND_POINTS && scale.max() > kMaxScale) {
    named.Add(absl::StrCat(path, ".scale.max"),
              absl::StrCat("must be at most ", kMaxScale, ", got ", scale.max()));
  }
  if (!v1::CriticalScope_IsValid(criterion.critical_scope())) {
    named.Add(absl::StrCat(path, ".critical_scope"),
              absl::StrCat("unknown value ", criterion.critical_scope()));
  }
}

void CheckSection(const v1::ScorecardSection& section, const std::string& path,
                  Violations& violations) {
  violations.Add(RequireIdentifier(absl::StrCat(path, ".key"), section.key(), kMaxKey));
  Naming(violations, "section", section.key())
      .Add(RequireText(absl::StrCat(path, ".title"), section.title(), kMaxTitle));
  for (int c = 0; c < section.criteria_size(); ++c) {
    CheckCriterion(section.criteria(c), absl::StrCat(path, ".criteria[", c, "]"), violations);
  }
}

// Known values other than UNSPECIFIED (0), each at most once.
void CheckEnumList(const google::protobuf::RepeatedField<int>& values, const std::string& field,
                   const google::protobuf::EnumDescriptor* type, Violations& violations) {
  std::set<int> seen;
  for (int i = 0; i < values.size(); ++i) {
    const int value = values.Get(i);
    const std::string path = absl::StrCat(field, "[", i, "]");
    const google::protobuf::EnumValueDescriptor* known = type->FindValueByNumber(value);
    if (value == 0 || known == nullptr) {
      violations.Add(path, absl::StrCat("must be a known ", type->name(),
                                        " other than UNSPECIFIED, got ", value));
    } else if (!seen.insert(value).second) {
      violations.Add(path, absl::StrCat(known->name(), " is listed twice"));
    }
  }
}

void CheckOwnRules(const v1::Scorecard& scorecard, Violations& violations) {
  violations.Add(RequireIdentifier("scorecard_id", scorecard.scorecard_id(), kMaxKey));
  violations.Add(RequireText("title", scorecard.title(), kMaxTitle));
  violations.Add(LimitText("description", scorecard.description(), kMaxLongText));
  if (scorecard.sections_size() == 0) violations.Add("sections", "must have at least one section");
  for (int s = 0; s < scorecard.sections_size(); ++s) {
    CheckSection(scorecard.sections(s), absl::StrCat("sections[", s, "]"), violations);
  }
  CheckEnumList(scorecard.channels(), "channels", v1::Channel_descriptor(), violations);
  CheckEnumList(scorecard.roles(), "roles", v1::Role_descriptor(), violations);
  if (scorecard.dispute_window_days() < 0 ||
      scorecard.dispute_window_days() > kMaxDisputeWindowDays) {
    violations.Add(
        "dispute_window_days",
        absl::StrCat("must be between 0 (the default, ", kDefaultDisputeWindowDays, ") and ",
                     kMaxDisputeWindowDays, ", got ", scorecard.dispute_window_days()));
  }
}

}  // namespace

absl::Status ValidateScorecard(const v1::Scorecard& scorecard) {
  Violations violations;
  CheckOwnRules(scorecard, violations);
  // The scoring engine's form rules assume the card's own rules hold.
  if (violations.empty()) {
    absl::StatusOr<ScoringForm> form = ToScoringForm(scorecard);
    if (!form.ok()) violations.Add("", std::string(form.status().message()));
  }
  return Nested("scorecard.", violations.ToStatus());
}

}  // namespace escala::server
