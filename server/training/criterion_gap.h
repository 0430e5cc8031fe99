#pragma once

// QA → training: which courses a person's QA results call for. A pure function from the rules
// (one per scorecard criterion and course), the person's results on those criteria and what they
// have already been recommended, enrolled in or completed, to the recommendations due now, each
// with its evidence, and the reason every other rule stays quiet. No I/O and no protobuf: the
// service maps its messages to these structs, so the rule logic is tested on its own.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace escala::server {

// What a rule does when it fires.
enum class GapAction {
  kRecommend,  // Shows the course to the person, their lead and the trainers.
  kEnrol,      // Also enrols the person in the course's next open session.
};

// "When a person's results on `criterion_key` fall below `below_percent`, they need `course_id`."
// Exactly one of last_results and window is set (> 0).
struct CriterionGapRule {
  std::string criterion_key;
  std::string course_id;
  // The mean of the person's results (each normalised to 0–100) must be below this to fire;
  // in (0, 100].
  double below_percent = 0;
  // Judge the person's last N results on the criterion, newest first.
  int last_results = 0;
  // Or judge the results submitted within this span before now.
  absl::Duration window = absl::ZeroDuration();
  // Fewer results than this are not evidence enough: the rule stays quiet. At least 1.
  int min_results = 1;
  // After a recommendation of this course to this person, the rule stays quiet this long, so
  // that nobody is sent to the same course every week while the first one is still pending.
  absl::Duration cool_down = absl::ZeroDuration();
  GapAction action = GapAction::kRecommend;
};

// One of the person's results on one criterion: the answer of one submitted evaluation,
// normalised to 0–100. N/A answers are not results.
struct CriterionResult {
  int64_t evaluation_id = 0;
  absl::Time submit_time;
  double percent = 0;
};

// What the person has to do with a course already.
struct CourseHistory {
  // When the person last completed the course, if ever: results from before it are what the
  // course was meant to fix, so only later ones count as evidence.
  std::optional<absl::Time> completed_time;
  // Booked, waitlisted or waiting for approval in a session of the course now.
  bool enrolled = false;
  // When the course was last recommended to the person (by any rule), if ever.
  std::optional<absl::Time> recommended_time;
  // A recommendation of the course to the person is still open (neither dismissed nor acted
  // on): the person has it in front of them, so no rule repeats it, whatever its cool-down.
  bool open_recommendation = false;
};

// Everything the rules read about one person.
struct PersonQaRecord {
  // Results per criterion key, in any order.
  std::map<std::string, std::vector<CriterionResult>> results;
  // Per course_id.
  std::map<std::string, CourseHistory> courses;
};

// Why a rule did not fire.
enum class QuietReason {
  kNone,                        // It fired.
  kNotEnoughResults,            // Fewer counted results than min_results.
  kAtOrAboveThreshold,          // The mean is not below the threshold.
  kEnrolled,                    // The person is already enrolled in the course.
  kAlreadyOpen,                 // An open recommendation of the course exists.
  kCoolingDown,                 // Recommended within the cool-down.
  kRecommendedByAnEarlierRule,  // Another rule for the same course fired first.
};

// One rule's outcome for one person.
struct GapOutcome {
  // The rule's position in the list given.
  int rule_index = 0;
  QuietReason quiet = QuietReason::kNone;
  // The results judged, newest first (ties by evaluation id, highest first), and their mean;
  // set whenever there was at least one, also when the rule stayed quiet.
  std::vector<CriterionResult> evidence;
  std::optional<double> mean_percent;
  // For kCoolingDown: when the rule may fire again.
  std::optional<absl::Time> quiet_until;
};

// The outcome of every rule, in rule order. A course is recommended at most once per call: when
// two rules name the same course, the first that fires wins and the later ones report
// kRecommendedByAnEarlierRule. Rules must be well formed (see CriterionGapRule).
std::vector<GapOutcome> EvaluateCriterionGaps(const std::vector<CriterionGapRule>& rules,
                                              const PersonQaRecord& person, absl::Time now);

// "fired", "not enough results", "at or above the threshold", "already enrolled",
// "already recommended", "cooling down", "recommended by an earlier rule".
const char* QuietReasonName(QuietReason reason);

}  // namespace escala::server
