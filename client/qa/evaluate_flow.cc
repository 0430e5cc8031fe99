#include "client/qa/evaluate_flow.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "client/core/enum_names.h"
#include "client/core/time_text.h"
#include "client/qa/scorecard_view.h"

namespace escala::client {
namespace {

constexpr char kHelp[] =
    "  Answer with y or n on a yes/no criterion, a whole number on a 1–5 or points scale, or na\n"
    "  where N/A is allowed. Enter keeps the answer shown as default; b goes back one criterion;\n"
    "  ? shows this help. Ctrl-C or the end of input saves what you answered as a draft.\n";

std::string Trimmed(absl::string_view line) {
  return std::string(absl::StripAsciiWhitespace(line));
}

std::string Lower(absl::string_view line) { return absl::AsciiStrToLower(Trimmed(line)); }

bool IsNa(const std::string& lower) { return lower == "na" || lower == "n/a"; }

// The accepted answers of a scale, as the prompt lists them: "y/n", "1-5", "0-10".
std::string ScaleChoices(const v1::AnswerScale& scale) {
  switch (scale.kind()) {
    case v1::SCALE_KIND_YES_NO:
      return "y/n";
    case v1::SCALE_KIND_RANGE:
      return absl::StrCat(scale.min(), "-", scale.max());
    case v1::SCALE_KIND_POINTS:
      return absl::StrCat("0-", scale.max());
    default:
      return "?";
  }
}

int ScaleMin(const v1::AnswerScale& scale) {
  return scale.kind() == v1::SCALE_KIND_RANGE ? scale.min() : 0;
}
int ScaleMax(const v1::AnswerScale& scale) {
  return scale.kind() == v1::SCALE_KIND_YES_NO ? 1 : scale.max();
}

std::string Quoted(absl::string_view text) { return absl::StrCat("\"", text, "\""); }

std::string Seconds(const google::protobuf::Duration& duration) {
  return FormatClock(duration.seconds());
}

}  // namespace

absl::StatusOr<EvaluateFlow> EvaluateFlow::Create(const v1::Scorecard& scorecard,
                                                  const v1::Evaluation* draft) {
  absl::StatusOr<server::ScoringForm> form = server::ToScoringForm(scorecard);
  if (!form.ok()) return form.status();
  EvaluateFlow flow;
  flow.scorecard_ = scorecard;
  flow.form_ = *std::move(form);
  for (int s = 0; s < scorecard.sections_size(); ++s) {
    for (int c = 0; c < scorecard.sections(s).criteria_size(); ++c) {
      flow.items_.push_back(Item{s, c});
    }
  }
  flow.entries_.resize(flow.items_.size());
  if (draft != nullptr) {
    flow.resumed_ = true;
    for (const v1::CriterionAnswer& answer : draft->answers()) {
      for (size_t i = 0; i < flow.items_.size(); ++i) {
        if (flow.CriterionAt(i).key() != answer.criterion_key()) continue;
        Entry& entry = flow.entries_[i];
        if (answer.has_value()) entry.value = answer.value();
        entry.na = answer.not_applicable() && !answer.has_value();
        entry.comment = answer.comment();
      }
    }
    flow.overall_comment_ = draft->overall_comment();
    flow.coaching_notes_ = draft->coaching_notes();
  }
  return flow;
}

const v1::Criterion& EvaluateFlow::CriterionAt(size_t index) const {
  const Item& item = items_[index];
  return scorecard_.sections(item.section).criteria(item.criterion);
}

FlowStep EvaluateFlow::Start() const {
  std::string screen =
      absl::StrCat("Scorecard: ", scorecard_.title(), " (", scorecard_.scorecard_id(), " v",
                   scorecard_.version(), "), ", items_.size(), " criteria\n");
  if (resumed_) {
    int answered = 0;
    for (const Entry& entry : entries_) answered += entry.answered() ? 1 : 0;
    absl::StrAppend(&screen, "Resuming your draft: ", answered, " of ", items_.size(),
                    " criteria answered; their answers are the defaults (Enter keeps them).\n",
                    RunningLine());
  }
  absl::StrAppend(&screen, "Type ? for help.\n", CriterionScreen(), Prompt());
  return FlowStep{screen, FlowAction::kContinue};
}

std::string EvaluateFlow::CriterionScreen() const {
  const Item& item = items_[index_];
  const v1::ScorecardSection& section = scorecard_.sections(item.section);
  const v1::Criterion& criterion = CriterionAt(index_);
  std::string text =
      absl::StrCat("\nSection ", item.section + 1, "/", scorecard_.sections_size(), ": ",
                   section.title(), "\n  Criterion ", index_ + 1, "/", items_.size(), ": ",
                   criterion.title(), " [", criterion.key(), "]\n");
  if (!criterion.guidance().empty()) {
    absl::StrAppend(&text, "  Guidance: ", criterion.guidance(), "\n");
  }
  absl::StrAppend(&text, "  Scale: ", ScorecardScaleText(criterion.scale()), " · weight ",
                  absl::StrFormat("%g", criterion.weight()));
  if (criterion.critical()) {
    absl::StrAppend(&text, criterion.critical_scope() == v1::CRITICAL_SCOPE_SECTION
                               ? " · CRITICAL (section)"
                               : " · CRITICAL");
  }
  if (criterion.allow_na()) absl::StrAppend(&text, " · N/A allowed");
  absl::StrAppend(&text, "\n");
  return text;
}

std::string EvaluateFlow::AnswerText(const Entry& entry, const v1::Criterion& criterion) const {
  if (entry.na) return "na";
  if (!entry.value.has_value()) return "";
  if (criterion.scale().kind() == v1::SCALE_KIND_YES_NO) return *entry.value == 1 ? "y" : "n";
  return absl::StrCat(*entry.value);
}

std::string EvaluateFlow::Prompt() const {
  switch (stage_) {
    case Stage::kValue: {
      const v1::Criterion& criterion = CriterionAt(index_);
      std::string prompt = absl::StrCat("Answer [", ScaleChoices(criterion.scale()));
      if (criterion.allow_na()) absl::StrAppend(&prompt, ", na");
      absl::StrAppend(&prompt, ", b=back, ?=help]");
      const std::string current = AnswerText(entries_[index_], criterion);
      if (!current.empty()) absl::StrAppend(&prompt, " (Enter keeps ", current, ")");
      return absl::StrCat(prompt, ": ");
    }
    case Stage::kComment: {
      const std::string& comment = entries_[index_].comment;
      if (comment.empty()) return "Comment (Enter for none): ";
      return absl::StrCat("Comment (Enter keeps ", Quoted(comment), ", - clears): ");
    }
    case Stage::kOverallComment:
      if (overall_comment_.empty()) return "Overall comment (Enter for none): ";
      return absl::StrCat("Overall comment (Enter keeps ", Quoted(overall_comment_),
                          ", - clears): ");
    case Stage::kCoachingNotes:
      if (coaching_notes_.empty()) return "Coaching notes (Enter for none): ";
      return absl::StrCat("Coaching notes (Enter keeps ", Quoted(coaching_notes_), ", - clears): ");
    case Stage::kConfirm:
      return "Submit? [y/N/d=save draft] ";
    case Stage::kDone:
      return "";
  }
  return "";
}

std::string EvaluateFlow::RunningLine() const {
  const RunningScore running = Running();
  if (running.answered == 0) return "";
  std::string line = "Running score: ";
  if (running.score.has_value()) {
    absl::StrAppend(&line, ScoreText(running.score), " (", BandText(running.band), ")");
  } else {
    absl::StrAppend(&line, "n/a (every answer so far is N/A)");
  }
  absl::StrAppend(&line, " over ", running.answered, " of ", running.total, " criteria");
  if (!running.failed_critical_keys.empty()) {
    absl::StrAppend(&line,
                    "; critical failed: ", absl::StrJoin(running.failed_critical_keys, ", "));
  }
  return absl::StrCat(line, "\n");
}

RunningScore EvaluateFlow::Running() const {
  const v1::Evaluation collected = Collected();
  absl::StatusOr<RunningScore> running = ScoreAnswered(form_, collected.answers());
  if (running.ok()) return *running;
  // Only a draft written against other rules can get here (the flow itself checks every
  // answer); show the count without a score rather than a wrong one.
  RunningScore fallback;
  fallback.total = static_cast<int>(items_.size());
  for (const Entry& entry : entries_) fallback.answered += entry.answered() ? 1 : 0;
  return fallback;
}

FlowStep EvaluateFlow::Enter(Stage stage, std::string before) {
  stage_ = stage;
  if (stage == Stage::kValue) absl::StrAppend(&before, CriterionScreen());
  if (stage == Stage::kConfirm) absl::StrAppend(&before, Summary());
  absl::StrAppend(&before, Prompt());
  return FlowStep{std::move(before), FlowAction::kContinue};
}

FlowStep EvaluateFlow::Feed(absl::string_view line) {
  switch (stage_) {
    case Stage::kValue:
      return FeedValue(line);
    case Stage::kComment:
      return FeedComment(line);
    case Stage::kOverallComment:
      return FeedText(line, overall_comment_, Stage::kCoachingNotes);
    case Stage::kCoachingNotes:
      return FeedText(line, coaching_notes_, Stage::kConfirm);
    case Stage::kConfirm:
      return FeedConfirm(line);
    case Stage::kDone:
      return FlowStep{"", FlowAction::kContinue};
  }
  return FlowStep{};
}

FlowStep EvaluateFlow::FeedValue(absl::string_view line) {
  const v1::Criterion& criterion = CriterionAt(index_);
  const v1::AnswerScale& scale = criterion.scale();
  Entry& entry = entries_[index_];
  const std::string answer = Lower(line);
  auto again = [this](std::string message) {
    return FlowStep{absl::StrCat("  ", message, "\n", Prompt()), FlowAction::kContinue};
  };

  if (answer == "?") return FlowStep{absl::StrCat(kHelp, Prompt()), FlowAction::kContinue};
  if (answer == "b") {
    if (index_ == 0) return again("This is the first criterion; there is nothing to go back to.");
    --index_;
    return Enter(Stage::kValue, "");
  }
  Entry given;
  if (answer.empty()) {
    if (!entry.answered()) {
      return again(absl::StrCat("An answer is required: ", ScaleChoices(scale),
                                criterion.allow_na() ? " or na" : "", "."));
    }
    given = entry;
  } else if (IsNa(answer)) {
    if (!criterion.allow_na()) {
      return again(absl::StrCat("N/A is not allowed for \"", criterion.key(), "\"; answer ",
                                ScaleChoices(scale), "."));
    }
    given.na = true;
  } else if (scale.kind() == v1::SCALE_KIND_YES_NO) {
    if (answer == "y" || answer == "yes" || answer == "1") {
      given.value = 1;
    } else if (answer == "n" || answer == "no" || answer == "0") {
      given.value = 0;
    } else {
      return again(absl::StrCat(Quoted(Trimmed(line)), " is not an answer here: type y or n",
                                criterion.allow_na() ? " (or na)" : "", "."));
    }
  } else {
    int value = 0;
    const int low = ScaleMin(scale);
    const int high = ScaleMax(scale);
    if (!absl::SimpleAtoi(answer, &value)) {
      return again(absl::StrCat(Quoted(Trimmed(line)), " is not a whole number from ", low, " to ",
                                high, criterion.allow_na() ? " (or na)" : "", "."));
    }
    if (value < low || value > high) {
      return again(absl::StrCat(value, " is outside ", low, "–", high, "."));
    }
    given.value = value;
  }
  given.comment = entry.comment;
  entry = given;
  return Enter(Stage::kComment, RunningLine());
}

FlowStep EvaluateFlow::FeedComment(absl::string_view line) {
  const std::string text = Trimmed(line);
  if (text == "-") {
    entries_[index_].comment.clear();
  } else if (!text.empty()) {
    entries_[index_].comment = text;
  }
  if (index_ + 1 < items_.size()) {
    ++index_;
    return Enter(Stage::kValue, "");
  }
  return Enter(Stage::kOverallComment, "\n");
}

FlowStep EvaluateFlow::FeedText(absl::string_view line, std::string& target, Stage next) {
  const std::string text = Trimmed(line);
  if (text == "-") {
    target.clear();
  } else if (!text.empty()) {
    target = text;
  }
  return Enter(next, next == Stage::kConfirm ? "\n" : "");
}

FlowStep EvaluateFlow::FeedConfirm(absl::string_view line) {
  const std::string answer = Lower(line);
  if (answer == "y" || answer == "yes") {
    stage_ = Stage::kDone;
    return FlowStep{"", FlowAction::kSubmit};
  }
  if (answer == "d" || answer == "draft") {
    stage_ = Stage::kDone;
    return FlowStep{"", FlowAction::kSaveDraft};
  }
  if (answer.empty() || answer == "n" || answer == "no") {
    index_ = 0;
    return Enter(Stage::kValue,
                 "Not submitted. Back to the first criterion: Enter keeps each answer; at the end "
                 "you can submit or save a draft (d).\n");
  }
  if (answer == "b") {
    index_ = items_.size() - 1;
    return Enter(Stage::kValue, "");
  }
  return FlowStep{absl::StrCat("  Type y to submit, n to review the answers again, d to save a "
                               "draft, or b to go back.\n",
                               Prompt()),
                  FlowAction::kContinue};
}

v1::Evaluation EvaluateFlow::Collected() const {
  v1::Evaluation evaluation;
  for (size_t i = 0; i < items_.size(); ++i) {
    const Entry& entry = entries_[i];
    if (!entry.answered() && entry.comment.empty()) continue;
    v1::CriterionAnswer* answer = evaluation.add_answers();
    answer->set_criterion_key(CriterionAt(i).key());
    if (entry.value.has_value()) answer->set_value(*entry.value);
    answer->set_not_applicable(entry.na);
    answer->set_comment(entry.comment);
  }
  evaluation.set_overall_comment(overall_comment_);
  evaluation.set_coaching_notes(coaching_notes_);
  return evaluation;
}

bool EvaluateFlow::HasContent() const {
  for (const Entry& entry : entries_) {
    if (entry.answered() || !entry.comment.empty()) return true;
  }
  return !overall_comment_.empty() || !coaching_notes_.empty();
}

std::string EvaluateFlow::Summary() const {
  std::string text = absl::StrCat("Summary of ", scorecard_.title(), " (",
                                  scorecard_.scorecard_id(), " v", scorecard_.version(), ")\n");
  int section = -1;
  for (size_t i = 0; i < items_.size(); ++i) {
    if (items_[i].section != section) {
      section = items_[i].section;
      absl::StrAppend(&text, "  ", scorecard_.sections(section).title(), "\n");
    }
    const v1::Criterion& criterion = CriterionAt(i);
    std::string answer = AnswerText(entries_[i], criterion);
    if (answer.empty()) answer = "(unanswered)";
    absl::StrAppend(&text, "    ", criterion.title(), " [", criterion.key(), "]: ", answer);
    if (criterion.scale().kind() != v1::SCALE_KIND_YES_NO && entries_[i].value.has_value()) {
      absl::StrAppend(&text, " of ", ScorecardScaleText(criterion.scale()));
    }
    if (!entries_[i].comment.empty()) {
      absl::StrAppend(&text, " — ", Quoted(entries_[i].comment));
    }
    absl::StrAppend(&text, "\n");
  }
  const RunningScore running = Running();
  absl::StrAppend(&text, "Score: ", ScoreText(running.score));
  if (running.score.has_value()) absl::StrAppend(&text, " (", BandText(running.band), ")");
  if (running.answered < running.total) {
    absl::StrAppend(&text, " over ", running.answered, " of ", running.total, " criteria");
  }
  absl::StrAppend(&text, "\n");
  absl::StrAppend(&text, "Failed critical criteria: ",
                  running.failed_critical_keys.empty()
                      ? "none"
                      : absl::StrJoin(running.failed_critical_keys, ", "),
                  "\n");
  if (!overall_comment_.empty()) {
    absl::StrAppend(&text, "Overall comment: ", overall_comment_, "\n");
  }
  if (!coaching_notes_.empty()) absl::StrAppend(&text, "Coaching notes: ", coaching_notes_, "\n");
  return text;
}

std::string InteractionContext(const v1::Interaction& interaction) {
  std::string text = absl::StrCat(
      "Interaction ", interaction.id(), " · ", ShortEnumName(interaction.channel()), " ",
      ShortEnumName(interaction.direction()), " · agent ", interaction.agent_employee_id());
  if (!interaction.queue().empty()) absl::StrAppend(&text, " · queue ", interaction.queue());
  absl::StrAppend(&text, "\n  ");
  if (interaction.has_start_time()) {
    absl::StrAppend(&text, FormatTimestamp(interaction.start_time()));
  }
  if (interaction.has_end_time()) {
    absl::StrAppend(&text, " → ", FormatTimestamp(interaction.end_time()));
  }
  absl::StrAppend(&text, " · talk ", Seconds(interaction.talk_duration()), " · hold ",
                  Seconds(interaction.hold_duration()), "\n");
  std::vector<std::string> extras;
  if (interaction.has_csat()) extras.push_back(absl::StrCat("CSAT ", interaction.csat()));
  if (interaction.has_nps()) extras.push_back(absl::StrCat("NPS ", interaction.nps()));
  if (interaction.tags_size() > 0) {
    extras.push_back(absl::StrCat("tags: ", absl::StrJoin(interaction.tags(), ", ")));
  }
  if (!extras.empty()) absl::StrAppend(&text, "  ", absl::StrJoin(extras, " · "), "\n");
  if (!interaction.recording().uri().empty()) {
    absl::StrAppend(&text, "  Recording: ", interaction.recording().uri(), "\n");
  }
  return text;
}

std::string ScorecardChoices(const std::vector<v1::Scorecard>& cards) {
  std::string text = "Several published scorecards fit this interaction:\n";
  for (size_t i = 0; i < cards.size(); ++i) {
    absl::StrAppend(&text, "  ", i + 1, ") ", cards[i].scorecard_id(), " v", cards[i].version(),
                    " — ", cards[i].title(), "\n");
  }
  absl::StrAppend(&text, "Scorecard [1-", cards.size(), "] (Enter: 1): ");
  return text;
}

absl::StatusOr<int> ParseScorecardChoice(absl::string_view line, int count) {
  const std::string text = Trimmed(line);
  if (text.empty()) return 0;
  int choice = 0;
  if (!absl::SimpleAtoi(text, &choice) || choice < 1 || choice > count) {
    return absl::InvalidArgumentError(
        absl::StrCat("type a number from 1 to ", count, ", or Enter for 1"));
  }
  return choice - 1;
}

}  // namespace escala::client
