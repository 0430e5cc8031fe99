#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "client/qa/running_score.h"
#include "escala/v1/evaluations.pb.h"
#include "escala/v1/interactions.pb.h"
#include "escala/v1/scorecards.pb.h"
#include "server/qa/scoring/scorecard_mapping.h"

namespace escala::client {

// The dialogue of `escala evaluate` as a state machine without I/O: lines typed by the evaluator
// go in, the text to show (ending with the next prompt) and what to do next come out. The
// terminal driver (evaluate_command.cc) only reads lines, prints, and calls the server; every
// rule of the dialogue lives here, where unit tests reach it without a terminal or a server.
//
// The walk: for each criterion in scorecard order, an answer (y/n, a number on the scale, "na"
// where allowed; Enter keeps the default; "b" goes back one criterion; "?" shows help), then an
// optional comment; after each answer the running score over the answered criteria. Then the
// overall comment, the coaching notes, a summary and "Submit? [y/N/d=save draft]".

// What the driver does after a line.
enum class FlowAction {
  // Show the text and read the next line.
  kContinue,
  // Show the text, then submit Collected().
  kSubmit,
  // Show the text, then save Collected() as a draft.
  kSaveDraft,
};

struct FlowStep {
  std::string screen;
  FlowAction action = FlowAction::kContinue;
};

class EvaluateFlow {
 public:
  // A flow over `scorecard`. With `draft`, its answers and comments are the defaults (a resumed
  // evaluation). INVALID_ARGUMENT when the scorecard cannot be scored (see ToScoringForm).
  static absl::StatusOr<EvaluateFlow> Create(const v1::Scorecard& scorecard,
                                             const v1::Evaluation* draft);

  // The first screen: the scorecard's title, a note when resuming a draft, the first criterion
  // and its prompt.
  FlowStep Start() const;
  // Takes one line (without its newline) typed at the current prompt.
  FlowStep Feed(absl::string_view line);

  // What was answered so far, in scorecard order: an answer for every criterion that has a value,
  // N/A or a comment, and the two comments. Exactly what a draft saves or a submit sends.
  v1::Evaluation Collected() const;
  // Whether any answer or comment was given (or came from the draft).
  bool HasContent() const;
  // The running score over the criteria answered so far.
  RunningScore Running() const;
  // Every answer, the final score and band, failed critical criteria and the comments.
  std::string Summary() const;
  // The prompt of the current step alone (to re-show it after a message).
  std::string Prompt() const;

 private:
  enum class Stage { kValue, kComment, kOverallComment, kCoachingNotes, kConfirm, kDone };
  struct Item {
    // Indices into scorecard_, not pointers: the flow is moved around (StatusOr), and indices
    // stay valid whatever the message does with its storage.
    int section = 0;
    int criterion = 0;
  };
  struct Entry {
    std::optional<int> value;
    bool na = false;
    std::string comment;
    bool answered() const { return value.has_value() || na; }
  };

  EvaluateFlow() = default;
  const v1::Criterion& CriterionAt(size_t index) const;
  std::string CriterionScreen() const;
  std::string AnswerText(const Entry& entry, const v1::Criterion& criterion) const;
  std::string RunningLine() const;
  FlowStep FeedValue(absl::string_view line);
  FlowStep FeedComment(absl::string_view line);
  FlowStep FeedText(absl::string_view line, std::string& target, Stage next);
  FlowStep FeedConfirm(absl::string_view line);
  FlowStep Enter(Stage stage, std::string before);

  v1::Scorecard scorecard_;
  server::ScoringForm form_;
  std::vector<Item> items_;
  std::vector<Entry> entries_;
  std::string overall_comment_;
  std::string coaching_notes_;
  bool resumed_ = false;
  Stage stage_ = Stage::kValue;
  size_t index_ = 0;
};

// The evaluator's context: id, channel, direction, agent, queue, start/end, talk and hold time,
// CSAT/NPS, tags and the recording's URI, in a few lines.
std::string InteractionContext(const v1::Interaction& interaction);

// A numbered list of scorecards to choose from ("1) phone-qa v3 — Phone QA"), newest first as
// given, and the prompt "Scorecard [1-N] (Enter: 1): ".
std::string ScorecardChoices(const std::vector<v1::Scorecard>& cards);
// The index (0-based) of the card chosen by `line` among `count`; Enter chooses the first.
// INVALID_ARGUMENT with a sentence to show otherwise.
absl::StatusOr<int> ParseScorecardChoice(absl::string_view line, int count);

}  // namespace escala::client
