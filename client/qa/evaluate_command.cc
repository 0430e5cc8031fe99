// `escala evaluate INTERACTION_ID`: scores one interaction against a scorecard, interactively or
// from an answers file. The dialogue itself is EvaluateFlow (pure, unit-tested); this file reads
// lines, prints, handles Ctrl-C and calls the server.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/core/command.h"
#include "client/core/enum_names.h"
#include "client/core/request_id.h"
#include "client/qa/evaluate_flow.h"
#include "client/qa/evaluation_answers_file.h"
#include "client/qa/running_score.h"
#include "escala/v1/evaluations.grpc.pb.h"
#include "escala/v1/identity.grpc.pb.h"
#include "escala/v1/interactions.grpc.pb.h"
#include "escala/v1/scorecards.grpc.pb.h"

namespace escala::client {
namespace {

using v1::Evaluation;
using v1::EvaluationService;
using v1::Scorecard;
using v1::ScorecardService;

// Ctrl-C (and a hang-up or termination request) writes one byte here; the line reader polls it
// next to standard input. A pipe rather than a flag because gRPC's threads may be the ones the
// signal is delivered to, and a flag would not wake a main thread blocked in read().
int g_interrupt_pipe[2] = {-1, -1};

void OnInterrupt(int) {
  const char byte = 1;
  // Nothing useful can be done in a signal handler when the pipe is full: one byte is enough.
  [[maybe_unused]] ssize_t written = ::write(g_interrupt_pipe[1], &byte, 1);
}

// The signals that would otherwise end the process with the answers unsaved.
constexpr int kCaughtSignals[] = {SIGINT, SIGTERM, SIGHUP};

// While alive, those signals no longer kill the process but end the current read as
// "interrupted", so that the answers can be saved as a draft.
class InterruptCatcher {
 public:
  InterruptCatcher() {
    if (::pipe2(g_interrupt_pipe, O_CLOEXEC | O_NONBLOCK) != 0) return;
    struct sigaction action {};
    action.sa_handler = OnInterrupt;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    for (size_t i = 0; i < std::size(kCaughtSignals); ++i) {
      installed_[i] = ::sigaction(kCaughtSignals[i], &action, &previous_[i]) == 0;
    }
  }
  ~InterruptCatcher() {
    for (size_t i = 0; i < std::size(kCaughtSignals); ++i) {
      if (installed_[i]) ::sigaction(kCaughtSignals[i], &previous_[i], nullptr);
    }
    for (int& fd : g_interrupt_pipe) {
      if (fd >= 0) ::close(fd);
      fd = -1;
    }
  }
  InterruptCatcher(const InterruptCatcher&) = delete;
  InterruptCatcher& operator=(const InterruptCatcher&) = delete;

 private:
  struct sigaction previous_[std::size(kCaughtSignals)]{};
  bool installed_[std::size(kCaughtSignals)] = {};
};

enum class ReadResult { kLine, kEnd, kInterrupted };

// Lines of standard input, read with read(2) so that Ctrl-C can end a wait for input. When
// standard input is not a terminal, each line read is echoed after its prompt, so a transcript
// of a scripted run reads like the screen of an interactive one.
class LineInput {
 public:
  explicit LineInput(std::ostream& out) : out_(out), echo_(!::isatty(STDIN_FILENO)) {}

  ReadResult Next(std::string* line) {
    while (true) {
      const size_t newline = buffer_.find('\n');
      if (newline != std::string::npos) {
        *line = buffer_.substr(0, newline);
        buffer_.erase(0, newline + 1);
        if (!line->empty() && line->back() == '\r') line->pop_back();
        if (echo_) out_ << *line << "\n" << std::flush;
        return ReadResult::kLine;
      }
      if (ended_) {
        if (buffer_.empty()) return ReadResult::kEnd;
        *line = std::move(buffer_);
        buffer_.clear();
        if (echo_) out_ << *line << "\n" << std::flush;
        return ReadResult::kLine;
      }
      pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {g_interrupt_pipe[0], POLLIN, 0}};
      const int ready = ::poll(fds, g_interrupt_pipe[0] >= 0 ? 2 : 1, -1);
      if (ready < 0) {
        if (errno == EINTR) continue;
        ended_ = true;
        continue;
      }
      if (g_interrupt_pipe[0] >= 0 && (fds[1].revents & POLLIN) != 0) {
        char drained[16];
        while (::read(g_interrupt_pipe[0], drained, sizeof(drained)) > 0) {
        }
        return ReadResult::kInterrupted;
      }
      char chunk[4096];
      const ssize_t got = ::read(STDIN_FILENO, chunk, sizeof(chunk));
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) {
        ended_ = true;
        continue;
      }
      buffer_.append(chunk, static_cast<size_t>(got));
    }
  }

 private:
  std::ostream& out_;
  const bool echo_;
  std::string buffer_;
  bool ended_ = false;
};

// Everything the command learned before the dialogue starts.
struct Context {
  int64_t interaction_id = 0;
  v1::Interaction interaction;
  // The caller's own DRAFT evaluation of this interaction, if any.
  std::optional<Evaluation> draft;
  Scorecard scorecard;
};

template <typename Call>
grpc::Status Unary(const CommandEnv& env, Call call) {
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  return call(&context);
}

// The caller's employee id from WhoAmI ("people/E1001" → "E1001"); empty for a service account,
// which has no drafts to resume.
grpc::Status CallerEmployeeId(const CommandEnv& env, std::string* employee_id) {
  v1::Principal principal;
  grpc::Status status = Unary(env, [&](grpc::ClientContext* context) {
    return v1::IdentityService::NewStub(env.channel)
        ->WhoAmI(context, v1::WhoAmIRequest(), &principal);
  });
  if (!status.ok()) return status;
  constexpr absl::string_view kPeople = "people/";
  if (absl::StartsWith(principal.name(), kPeople)) {
    *employee_id = principal.name().substr(kPeople.size());
  }
  return grpc::Status::OK;
}

// The caller's own evaluation of this interaction, if any, as a draft to resume or as a
// finished one. The server allows one evaluation per evaluator and interaction, so finding a
// finished one before the questions saves the evaluator from answering a whole card only to be
// refused at the end.
grpc::Status FindOwnEvaluation(const CommandEnv& env, int64_t interaction_id,
                               const std::string& employee_id, std::optional<Evaluation>* draft,
                               std::optional<Evaluation>* finished) {
  if (employee_id.empty()) return grpc::Status::OK;
  v1::ListEvaluationsRequest request;
  request.set_interaction_id(interaction_id);
  request.set_evaluator_employee_id(employee_id);
  request.set_page_size(10);
  v1::ListEvaluationsResponse response;
  grpc::Status status = Unary(env, [&](grpc::ClientContext* context) {
    return EvaluationService::NewStub(env.channel)->ListEvaluations(context, request, &response);
  });
  if (!status.ok()) return status;
  for (const Evaluation& evaluation : response.evaluations()) {
    // The filters are the server's to apply; checking again costs nothing and keeps another
    // interaction's evaluation from ever being taken for this one.
    if (evaluation.interaction_id() != interaction_id) continue;
    std::optional<Evaluation>* slot =
        evaluation.state() == v1::EVALUATION_STATE_DRAFT ? draft : finished;
    if (!slot->has_value()) *slot = evaluation;
  }
  return grpc::Status::OK;
}

grpc::Status GetScorecard(const CommandEnv& env, const std::string& id, int version,
                          Scorecard* card) {
  v1::GetScorecardRequest request;
  request.set_scorecard_id(id);
  request.set_version(version);
  return Unary(env, [&](grpc::ClientContext* context) {
    return ScorecardService::NewStub(env.channel)->GetScorecard(context, request, card);
  });
}

// The newest published version of scorecard `id`: its newest version may be a draft of the next.
grpc::Status NewestPublished(const CommandEnv& env, const std::string& id, Scorecard* card) {
  grpc::Status status = GetScorecard(env, id, 0, card);
  if (!status.ok() || card->state() == v1::SCORECARD_STATE_PUBLISHED) return status;
  v1::ListScorecardVersionsRequest request;
  request.set_scorecard_id(id);
  v1::ListScorecardsResponse versions;
  status = ListPages<v1::ListScorecardVersionsRequest, v1::ListScorecardsResponse>(
      env, /*all=*/true, request,
      [&env](grpc::ClientContext* context, const v1::ListScorecardVersionsRequest& r,
             v1::ListScorecardsResponse* page) {
        return ScorecardService::NewStub(env.channel)->ListScorecardVersions(context, r, page);
      },
      &versions);
  if (!status.ok()) return status;
  for (const Scorecard& version : versions.scorecards()) {
    if (version.state() == v1::SCORECARD_STATE_PUBLISHED) {
      *card = version;
      return grpc::Status::OK;
    }
  }
  return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                      absl::StrCat("scorecard \"", id,
                                   "\" has no published version to evaluate "
                                   "with"));
}

grpc::Status PublishedForChannel(const CommandEnv& env, v1::Channel channel,
                                 std::vector<Scorecard>* cards) {
  v1::ListScorecardsRequest request;
  request.set_state(v1::SCORECARD_STATE_PUBLISHED);
  request.set_channel(channel);
  v1::ListScorecardsResponse response;
  grpc::Status status = ListPages<v1::ListScorecardsRequest, v1::ListScorecardsResponse>(
      env, /*all=*/true, request,
      [&env](grpc::ClientContext* context, const v1::ListScorecardsRequest& r,
             v1::ListScorecardsResponse* page) {
        return ScorecardService::NewStub(env.channel)->ListScorecards(context, r, page);
      },
      &response);
  if (!status.ok()) return status;
  cards->assign(response.scorecards().begin(), response.scorecards().end());
  // Newest publication first, so Enter picks the card most recently put in use.
  std::stable_sort(cards->begin(), cards->end(), [](const Scorecard& a, const Scorecard& b) {
    if (a.publish_time().seconds() != b.publish_time().seconds()) {
      return a.publish_time().seconds() > b.publish_time().seconds();
    }
    return a.publish_time().nanos() > b.publish_time().nanos();
  });
  return grpc::Status::OK;
}

std::string ContinueHint(int64_t interaction_id) {
  return absl::StrCat("run 'escala evaluate ", interaction_id, "' to continue");
}

// When the server cannot take the answers, they go to stderr as an answers file, so that nothing
// typed is lost.
void DumpAnswers(const CommandEnv& env, int64_t interaction_id, const Evaluation& answers) {
  *env.err << "Your answers, to keep in a file for 'escala evaluate " << interaction_id
           << " --answers FILE --draft':\n"
           << ToPrettyJson(answers) << std::flush;
}

// Creates the draft, or replaces the answers of the one being resumed. Updates ctx.draft.
int SaveDraft(const CommandEnv& env, Context& ctx, const Evaluation& answers) {
  Evaluation saved;
  grpc::Status status;
  if (ctx.draft.has_value()) {
    v1::UpdateEvaluationRequest request;
    *request.mutable_evaluation() = answers;
    request.mutable_evaluation()->set_id(ctx.draft->id());
    request.mutable_evaluation()->set_etag(ctx.draft->etag());
    // The answers are the whole draft: "*" also clears what is no longer answered or written.
    request.mutable_update_mask()->add_paths("*");
    status = Unary(env, [&](grpc::ClientContext* context) {
      return EvaluationService::NewStub(env.channel)->UpdateEvaluation(context, request, &saved);
    });
  } else {
    v1::CreateEvaluationRequest request;
    *request.mutable_evaluation() = answers;
    request.mutable_evaluation()->set_interaction_id(ctx.interaction_id);
    request.mutable_evaluation()->set_scorecard_id(ctx.scorecard.scorecard_id());
    request.mutable_evaluation()->set_scorecard_version(ctx.scorecard.version());
    request.set_request_id(NewRequestId());
    status = Unary(env, [&](grpc::ClientContext* context) {
      return EvaluationService::NewStub(env.channel)->CreateEvaluation(context, request, &saved);
    });
  }
  if (!status.ok()) {
    *env.err << "The draft could not be saved.\n";
    RpcFailure(env, status);
    DumpAnswers(env, ctx.interaction_id, answers);
    return kExitFailure;
  }
  ctx.draft = saved;
  *env.out << "Draft saved as evaluation " << saved.id() << "; " << ContinueHint(ctx.interaction_id)
           << "\n"
           << std::flush;
  return kExitOk;
}

void PrintStored(const CommandEnv& env, const Evaluation& stored) {
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(stored) << std::flush;
    return;
  }
  std::optional<double> score;
  if (stored.has_score()) score = stored.score();
  *env.out << "Submitted evaluation " << stored.id() << ": score " << ScoreText(score);
  if (stored.band() != v1::QUALITY_BAND_UNSPECIFIED) {
    *env.out << " (" << BandText(stored.band()) << ")";
  }
  *env.out << "\n";
  if (stored.failed_critical_keys_size() > 0) {
    *env.out << "Failed critical criteria: " << absl::StrJoin(stored.failed_critical_keys(), ", ")
             << "\n";
  }
  *env.out << std::flush;
}

// Submits the answers: the resumed draft is updated and then submitted by id; otherwise the
// evaluation is created and submitted in one call. When the server refuses, the answers are kept
// as a draft.
int Submit(const CommandEnv& env, Context& ctx, const Evaluation& answers) {
  Evaluation stored;
  grpc::Status status;
  if (ctx.draft.has_value()) {
    v1::UpdateEvaluationRequest update;
    *update.mutable_evaluation() = answers;
    update.mutable_evaluation()->set_id(ctx.draft->id());
    update.mutable_evaluation()->set_etag(ctx.draft->etag());
    // What is submitted is exactly these answers: nothing of the stored draft is kept.
    update.mutable_update_mask()->add_paths("*");
    Evaluation updated;
    status = Unary(env, [&](grpc::ClientContext* context) {
      return EvaluationService::NewStub(env.channel)->UpdateEvaluation(context, update, &updated);
    });
    if (!status.ok()) {
      *env.err << "The draft could not be updated; nothing was submitted.\n";
      RpcFailure(env, status);
      DumpAnswers(env, ctx.interaction_id, answers);
      return kExitFailure;
    }
    ctx.draft = updated;
    v1::SubmitEvaluationRequest submit;
    submit.set_id(updated.id());
    submit.set_etag(updated.etag());
    status = Unary(env, [&](grpc::ClientContext* context) {
      return EvaluationService::NewStub(env.channel)->SubmitEvaluation(context, submit, &stored);
    });
    if (!status.ok()) {
      RpcFailure(env, status);
      *env.err << "Not submitted; the answers are saved in draft evaluation " << updated.id()
               << "; " << ContinueHint(ctx.interaction_id) << "\n";
      return kExitFailure;
    }
  } else {
    v1::SubmitEvaluationRequest submit;
    Evaluation* evaluation = submit.mutable_evaluation();
    *evaluation = answers;
    evaluation->set_interaction_id(ctx.interaction_id);
    evaluation->set_scorecard_id(ctx.scorecard.scorecard_id());
    evaluation->set_scorecard_version(ctx.scorecard.version());
    submit.set_request_id(NewRequestId());
    status = Unary(env, [&](grpc::ClientContext* context) {
      return EvaluationService::NewStub(env.channel)->SubmitEvaluation(context, submit, &stored);
    });
    if (!status.ok()) {
      RpcFailure(env, status);
      *env.err << "Not submitted; keeping the answers as a draft.\n";
      SaveDraft(env, ctx, answers);
      return kExitFailure;
    }
  }
  PrintStored(env, stored);
  return kExitOk;
}

// The full form of a card picked from a list: a listing is for choosing and need not carry every
// section, so the exact version is read with GetScorecard.
int FetchChosen(const CommandEnv& env, const Scorecard& listed, Context& ctx) {
  grpc::Status status = GetScorecard(env, listed.scorecard_id(), listed.version(), &ctx.scorecard);
  return status.ok() ? kExitOk : RpcFailure(env, status);
}

// Picks the scorecard: the draft's exact version, --scorecard's newest published version, or the
// newest published card for the interaction's channel (asking when there are several).
// Without `input` (answers from a file) several candidates are a usage error rather than a
// question. Returns kExitOk, or an exit code after printing why.
int ChooseScorecard(const CommandEnv& env, const ParsedArgs& args, LineInput* input, Context& ctx) {
  const std::optional<std::string> wanted = args.Value("scorecard");
  if (ctx.draft.has_value()) {
    if (wanted.has_value() && *wanted != ctx.draft->scorecard_id()) {
      *env.out << "You have a draft of this interaction on scorecard " << ctx.draft->scorecard_id()
               << "; continuing it (--scorecard " << *wanted << " is not used).\n";
    }
    grpc::Status status = GetScorecard(env, ctx.draft->scorecard_id(),
                                       ctx.draft->scorecard_version(), &ctx.scorecard);
    return status.ok() ? kExitOk : RpcFailure(env, status);
  }
  if (wanted.has_value()) {
    grpc::Status status = NewestPublished(env, *wanted, &ctx.scorecard);
    return status.ok() ? kExitOk : RpcFailure(env, status);
  }
  std::vector<Scorecard> cards;
  grpc::Status status = PublishedForChannel(env, ctx.interaction.channel(), &cards);
  if (!status.ok()) return RpcFailure(env, status);
  if (cards.empty()) {
    *env.err << "No published scorecard is meant for " << ShortEnumName(ctx.interaction.channel())
             << " interactions; name one with --scorecard ID.\n";
    return kExitFailure;
  }
  if (cards.size() == 1) return FetchChosen(env, cards[0], ctx);
  if (input == nullptr) {
    *env.err << cards.size() << " published scorecards fit "
             << ShortEnumName(ctx.interaction.channel())
             << " interactions; name one with --scorecard ID.\n";
    return kExitUsage;
  }
  *env.out << ScorecardChoices(cards) << std::flush;
  while (true) {
    std::string line;
    const ReadResult read = input->Next(&line);
    if (read != ReadResult::kLine) {
      *env.out << "\nNo scorecard chosen; nothing was answered, nothing saved.\n";
      return kExitFailure;
    }
    absl::StatusOr<int> choice = ParseScorecardChoice(line, static_cast<int>(cards.size()));
    if (choice.ok()) return FetchChosen(env, cards[*choice], ctx);
    *env.out << "  " << choice.status().message() << "\nScorecard: " << std::flush;
  }
}

int RunWithAnswersFile(const CommandEnv& env, const ParsedArgs& args, Context& ctx) {
  absl::StatusOr<Evaluation> answers = ReadEvaluationAnswersFile(*args.Value("answers"));
  if (!answers.ok()) return InputError(env, answers.status().message());
  if (int code = ChooseScorecard(env, args, nullptr, ctx); code != kExitOk) return code;
  *env.out << "Scorecard: " << ctx.scorecard.title() << " (" << ctx.scorecard.scorecard_id() << " v"
           << ctx.scorecard.version() << ")\n";
  if (ctx.draft.has_value()) {
    *env.out << "Replacing the answers of your draft evaluation " << ctx.draft->id() << ".\n";
  }
  if (args.Has("draft")) return SaveDraft(env, ctx, *answers);
  return Submit(env, ctx, *answers);
}

int RunInteractive(const CommandEnv& env, const ParsedArgs& args, Context& ctx) {
  InterruptCatcher catcher;
  LineInput input(*env.out);
  if (int code = ChooseScorecard(env, args, &input, ctx); code != kExitOk) return code;
  absl::StatusOr<EvaluateFlow> flow =
      EvaluateFlow::Create(ctx.scorecard, ctx.draft.has_value() ? &*ctx.draft : nullptr);
  if (!flow.ok()) {
    *env.err << "scorecard " << ctx.scorecard.scorecard_id()
             << " cannot be used: " << flow.status().message() << "\n";
    return kExitFailure;
  }
  *env.out << flow->Start().screen << std::flush;
  while (true) {
    std::string line;
    const ReadResult read = input.Next(&line);
    if (read != ReadResult::kLine) {
      *env.out << (read == ReadResult::kInterrupted ? "\nInterrupted.\n" : "\nEnd of input.\n");
      if (!flow->HasContent() && !ctx.draft.has_value()) {
        *env.out << "Nothing was answered; nothing saved.\n";
        return kExitFailure;
      }
      SaveDraft(env, ctx, flow->Collected());
      return kExitFailure;
    }
    const FlowStep step = flow->Feed(line);
    *env.out << step.screen << std::flush;
    if (step.action == FlowAction::kSubmit) return Submit(env, ctx, flow->Collected());
    if (step.action == FlowAction::kSaveDraft) return SaveDraft(env, ctx, flow->Collected());
  }
}

int RunEvaluate(const CommandEnv& env, const ParsedArgs& args) {
  Context ctx;
  if (!absl::SimpleAtoi(args.positional[0], &ctx.interaction_id) || ctx.interaction_id <= 0) {
    return UsageError(env, absl::StrCat("INTERACTION_ID must be a positive whole number, got '",
                                        args.positional[0], "'"));
  }
  const bool from_file = args.Has("answers");
  if (args.Has("submit") && args.Has("draft")) {
    return UsageError(env, "--submit and --draft cannot be combined");
  }
  if (from_file && !args.Has("submit") && !args.Has("draft")) {
    return UsageError(env, "--answers needs --submit or --draft");
  }
  if (!from_file && (args.Has("submit") || args.Has("draft"))) {
    return UsageError(env, "--submit and --draft go with --answers FILE");
  }

  v1::GetInteractionRequest get;
  get.set_id(ctx.interaction_id);
  grpc::Status status = Unary(env, [&](grpc::ClientContext* context) {
    return v1::InteractionService::NewStub(env.channel)
        ->GetInteraction(context, get, &ctx.interaction);
  });
  if (!status.ok()) return RpcFailure(env, status);
  *env.out << InteractionContext(ctx.interaction) << std::flush;

  std::string employee_id;
  status = CallerEmployeeId(env, &employee_id);
  if (!status.ok()) return RpcFailure(env, status);
  std::optional<Evaluation> finished;
  status = FindOwnEvaluation(env, ctx.interaction_id, employee_id, &ctx.draft, &finished);
  if (!status.ok()) return RpcFailure(env, status);
  if (!ctx.draft.has_value() && finished.has_value()) {
    *env.err << "You already evaluated interaction " << ctx.interaction_id << ": evaluation "
             << finished->id() << " is " << ShortEnumName(finished->state())
             << "; one evaluation per evaluator and interaction.\n";
    return kExitFailure;
  }

  return from_file ? RunWithAnswersFile(env, args, ctx) : RunInteractive(env, args, ctx);
}

}  // namespace

GroupSpec EvaluateGroup() {
  VerbSpec verb;
  verb.summary = "Score an interaction against a QA scorecard, criterion by criterion.";
  verb.arguments = "INTERACTION_ID";
  verb.min_arguments = 1;
  verb.max_arguments = 1;
  verb.description =
      "Shows the interaction, then walks through the scorecard: for each criterion an answer "
      "(y/n, a number on its scale, na where allowed; b goes back, ? helps) and an optional "
      "comment, with the running score after each answer; then the overall comment, coaching "
      "notes, a summary and 'Submit? [y/N/d=save draft]'.\n"
      "Without --scorecard, the newest published scorecard for the interaction's channel is used "
      "(you choose when there are several). Your own draft of the interaction is resumed, its "
      "answers as defaults. Ctrl-C or the end of input saves what was answered as a draft.\n"
      "When standard input is not a terminal, answers are read from it line by line.\n"
      "--answers FILE with --submit or --draft takes the answers from the proto3 JSON of an "
      "escala.v1.Evaluation (answers, overallComment, coachingNotes) instead.";
  verb.flags = {
      ValueFlag("scorecard", "ID", "Evaluate with the newest published version of this scorecard."),
      ValueFlag("answers", "FILE", "Read the answers from this JSON file instead of asking."),
      SwitchFlag("submit", "With --answers: submit the evaluation."),
      SwitchFlag("draft", "With --answers: save the answers as a draft."),
  };
  verb.run = RunEvaluate;
  return GroupSpec{"evaluate", verb.summary, {verb}};
}

}  // namespace escala::client
