#include "server/training/attendance_handler.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "db/common/error_details.h"
#include "db/training/attendance_rules.h"
#include "db/training/enrolment_rules.h"
#include "db/training/session_closing.h"
#include "server/api/list_page.h"
#include "server/api/request_id.h"
#include "server/api/text_rules.h"
#include "server/api/violations.h"

namespace escala::server {
namespace {

constexpr int kMaxMarks = 1000;
constexpr std::size_t kMaxText = 1000;

bool Trains(const v1::TrainingSession& session, const std::string& employee_id) {
  return !employee_id.empty() &&
         std::find(session.trainer_employee_ids().begin(), session.trainer_employee_ids().end(),
                   employee_id) != session.trainer_employee_ids().end();
}

absl::Status SessionNotFound(int64_t id) {
  return absl::NotFoundError(absl::StrCat("training session ", id, " not found"));
}

// What was wrong with one mark: malformed fields (INVALID_ARGUMENT) and refused guards
// (FAILED_PRECONDITION), each with paths relative to the mark.
struct MarkCheck {
  Violations malformed;
  Violations refused;
  bool ok() const { return malformed.empty() && refused.empty(); }
};

// The field violations of a check, relative to the mark.
google::rpc::BadRequest ViolationsOf(const MarkCheck& check) {
  google::rpc::BadRequest all = db::BadRequestOf(check.malformed.ToStatus());
  const google::rpc::BadRequest refused = db::BadRequestOf(check.refused.ToStatus());
  for (const auto& violation : refused.field_violations()) *all.add_field_violations() = violation;
  return all;
}

// The rules of one mark's own fields; the block's range only when `blocks` is known (> 0).
Violations CheckMarkFields(const v1::AttendanceMarkInput& mark, int blocks) {
  Violations malformed;
  malformed.Add(RequireIdentifier("person_employee_id", mark.person_employee_id(), 64));
  if (mark.block_number() < 1 || (blocks > 0 && mark.block_number() > blocks)) {
    malformed.Add("block_number",
                  blocks > 0 ? absl::StrCat("must be between 1 and ", blocks, " (the session has ",
                                            blocks, blocks == 1 ? " block)" : " blocks)")
                             : "must be at least 1");
  }
  if (!db::IsMarkableStatus(mark.status())) {
    malformed.Add("status", "must be PRESENT, LATE, PARTIAL, ABSENT or EXCUSED");
  }
  malformed.Add(LimitText("note", mark.note(), kMaxText));
  return malformed;
}

// The field rules of every mark of `request`, with paths naming the mark, and marks that repeat
// a person and block.
Violations CheckAllMarks(const v1::MarkAttendanceRequest& request, int blocks) {
  Violations violations;
  std::map<std::pair<std::string, int>, int> seen;
  for (int i = 0; i < request.marks_size(); ++i) {
    const v1::AttendanceMarkInput& mark = request.marks(i);
    const std::string prefix = absl::StrCat("marks[", i, "].");
    violations.AddNested(prefix, CheckMarkFields(mark, blocks).ToStatus());
    const auto [first, inserted] =
        seen.emplace(std::make_pair(mark.person_employee_id(), mark.block_number()), i);
    if (!inserted) {
      violations.Add(absl::StrCat("marks[", i, "]"),
                     absl::StrCat("marks the same person and block as marks[", first->second, "]"));
    }
  }
  return violations;
}

}  // namespace

absl::StatusOr<v1::MarkAttendanceResponse> AttendanceHandler::MarkAttendance(
    const CallContext& call, const v1::MarkAttendanceRequest& request) {
  Violations violations;
  violations.Add(RequirePositiveId("training_session_id", request.training_session_id()));
  if (request.marks_size() == 0) {
    violations.Add("marks", "must contain at least one mark");
  } else if (request.marks_size() > kMaxMarks) {
    violations.Add("marks",
                   absl::StrCat("at most ", kMaxMarks, " per request, got ", request.marks_size()));
  }
  if (!v1::ImportMode_IsValid(request.mode())) {
    violations.Add("mode", absl::StrCat("unknown value ", request.mode()));
  }
  violations.Add(LimitText("reason", request.reason(), kMaxText));
  violations.Add(CheckRequestId("request_id", request.request_id()));
  if (request.mode() != v1::IMPORT_MODE_KEEP_VALID) {
    // All or nothing: malformed marks are refused before anything is looked up, so that a
    // malformed request never depends on the session's existence or state.
    // When some are, the session's number of blocks (when it exists) completes the list.
    Violations marks = CheckAllMarks(request, 0);
    if (!marks.empty() && request.training_session_id() > 0) {
      absl::StatusOr<v1::TrainingSession> session =
          sessions_.Get(request.training_session_id(), clock_());
      if (session.ok()) marks = CheckAllMarks(request, session->blocks_size());
    }
    violations.Add(marks.ToStatus());
  }
  if (!violations.empty()) return violations.ToStatus();
  const db::CreateRequest key = CreateRequestOf(request);
  return ApplyOnce<v1::MarkAttendanceResponse>(
      requests_, call.caller.principal, call.method, key, [&] { return Apply(call, request, key); },
      [&](const db::LoggedRequest&) { return Current(request); });
}

absl::StatusOr<v1::MarkAttendanceResponse> AttendanceHandler::Apply(
    const CallContext& call, const v1::MarkAttendanceRequest& request,
    const db::CreateRequest& key) {
  const absl::Time now = clock_();
  absl::StatusOr<v1::TrainingSession> session = sessions_.Get(request.training_session_id(), now);
  if (absl::IsNotFound(session.status())) return SessionNotFound(request.training_session_id());
  if (!session.ok()) return session.status();
  if (call.scope != Scope::kAll && !Trains(*session, call.caller.employee_id)) {
    return SessionNotFound(request.training_session_id());
  }
  if (absl::Status s = db::AttendanceOpen(*session); !s.ok()) return s;
  absl::StatusOr<std::vector<db::RosterEntry>> roster =
      enrolments_.Roster(request.training_session_id());
  if (!roster.ok()) return roster.status();
  std::map<std::string, const db::RosterEntry*> booked;
  for (const db::RosterEntry& entry : *roster) {
    booked[entry.enrolment.person_employee_id()] = &entry;
  }

  const int blocks = session->blocks_size();
  std::vector<MarkCheck> checks(request.marks_size());
  std::vector<db::MarkChange> changes(request.marks_size());
  std::map<std::pair<std::string, int>, int> seen;
  for (int i = 0; i < request.marks_size(); ++i) {
    const v1::AttendanceMarkInput& mark = request.marks(i);
    MarkCheck& check = checks[i];
    check.malformed = CheckMarkFields(mark, blocks);
    const auto [first, inserted] =
        seen.emplace(std::make_pair(mark.person_employee_id(), mark.block_number()), i);
    if (!inserted) {
      check.malformed.Add(
          "", absl::StrCat("marks the same person and block as marks[", first->second, "]"));
    }
    if (!check.malformed.empty()) continue;
    auto entry = booked.find(mark.person_employee_id());
    if (entry == booked.end()) {
      check.refused.Add(
          "person_employee_id",
          absl::StrCat("'", mark.person_employee_id(),
                       "' has no booked enrolment in training session ", session->id()));
      continue;
    }
    if (std::optional<std::string> guard =
            db::BlockGuard(*session, mark.block_number(), entry->second->booked_ms, now)) {
      check.refused.Add("block_number", *guard);
      continue;
    }
    changes[i] = db::MarkChange{entry->second->enrolment.id(), mark.block_number(), mark.status(),
                                mark.note()};
  }

  const bool keep_valid = request.mode() == v1::IMPORT_MODE_KEEP_VALID;
  if (!keep_valid) {
    // All or nothing: every violation of every mark in one error, and nothing written.
    Violations all;
    bool malformed = false;
    for (int i = 0; i < request.marks_size(); ++i) {
      const std::string prefix = absl::StrCat("marks[", i, "].");
      malformed = malformed || !checks[i].malformed.empty();
      all.AddNested(prefix, checks[i].malformed.ToStatus());
      const google::rpc::BadRequest refused = db::BadRequestOf(checks[i].refused.ToStatus());
      for (const auto& violation : refused.field_violations()) {
        all.Add(prefix + violation.field(), violation.description());
      }
    }
    if (!all.empty()) {
      absl::Status status = all.ToStatus();
      if (malformed) return status;
      return db::WithBadRequest(absl::FailedPreconditionError(status.message()),
                                db::BadRequestOf(status));
    }
  }

  std::vector<db::MarkChange> valid;
  for (int i = 0; i < request.marks_size(); ++i) {
    if (checks[i].ok()) valid.push_back(changes[i]);
  }
  std::vector<db::MarkOutcome> outcomes;
  if (!valid.empty()) {
    absl::StatusOr<std::vector<db::MarkOutcome>> written = enrolments_.MarkAttendance(
        request.training_session_id(), valid, request.reason(), call.Stamp(key), now);
    if (!written.ok()) return written.status();
    outcomes = std::move(*written);
  }
  v1::MarkAttendanceResponse response;
  std::size_t next = 0;
  for (int i = 0; i < request.marks_size(); ++i) {
    v1::MarkAttendanceResult* result = response.add_results();
    result->set_index(i);
    if (!checks[i].ok()) {
      const google::rpc::BadRequest bad = ViolationsOf(checks[i]);
      for (const auto& violation : bad.field_violations()) *result->add_violations() = violation;
      response.set_rejected_count(response.rejected_count() + 1);
      continue;
    }
    db::MarkOutcome& outcome = outcomes[next++];
    *result->mutable_mark() = std::move(outcome.mark);
    result->set_changed(outcome.changed);
    if (outcome.changed) {
      response.set_changed_count(response.changed_count() + 1);
    } else {
      response.set_unchanged_count(response.unchanged_count() + 1);
    }
  }
  return response;
}

absl::StatusOr<v1::MarkAttendanceResponse> AttendanceHandler::Current(
    const v1::MarkAttendanceRequest& request) {
  absl::StatusOr<std::vector<v1::AttendanceMark>> marks =
      enrolments_.Marks(request.training_session_id());
  if (!marks.ok()) return marks.status();
  v1::MarkAttendanceResponse response;
  for (int i = 0; i < request.marks_size(); ++i) {
    v1::MarkAttendanceResult* result = response.add_results();
    result->set_index(i);
    for (const v1::AttendanceMark& mark : *marks) {
      if (mark.person_employee_id() == request.marks(i).person_employee_id() &&
          mark.block_number() == request.marks(i).block_number()) {
        *result->mutable_mark() = mark;
      }
    }
    response.set_unchanged_count(response.unchanged_count() + 1);
  }
  return response;
}

absl::StatusOr<std::optional<int>> AttendanceHandler::PassMarkOf(
    const v1::TrainingSession& session) {
  absl::StatusOr<v1::Course> course = courses_.Get(session.course_id(), session.course_version());
  if (absl::IsNotFound(course.status())) return std::optional<int>();
  if (!course.ok()) return course.status();
  if (!course->has_pass_mark_percent()) return std::optional<int>();
  return std::optional<int>(course->pass_mark_percent());
}

absl::StatusOr<v1::Assessment> AttendanceHandler::RecordAssessment(
    const CallContext& call, const v1::RecordAssessmentRequest& request) {
  Violations violations;
  violations.Add(RequirePositiveId("enrolment_id", request.enrolment_id()));
  if (request.score_percent() < 0 || request.score_percent() > 100) {
    violations.Add("score_percent", absl::StrCat("must be a whole percent from 0 to 100, got ",
                                                 request.score_percent()));
  }
  violations.Add(LimitText("note", request.note(), kMaxText));
  violations.Add(CheckRequestId("request_id", request.request_id()));
  if (!violations.empty()) return violations.ToStatus();
  const db::CreateRequest key = CreateRequestOf(request);
  return ApplyOnce<v1::Assessment>(
      requests_, call.caller.principal, call.method, key,
      [&] { return ApplyAssessment(call, request, key); },
      [&](const db::LoggedRequest&) { return CurrentAssessment(request); });
}

absl::StatusOr<v1::Assessment> AttendanceHandler::ApplyAssessment(
    const CallContext& call, const v1::RecordAssessmentRequest& request,
    const db::CreateRequest& key) {
  const absl::Time now = clock_();
  const auto enrolment_not_found = [&] {
    return absl::NotFoundError(absl::StrCat("enrolment ", request.enrolment_id(), " not found"));
  };
  absl::StatusOr<v1::Enrolment> enrolment = enrolments_.Get(request.enrolment_id());
  if (absl::IsNotFound(enrolment.status())) return enrolment_not_found();
  if (!enrolment.ok()) return enrolment.status();
  absl::StatusOr<v1::TrainingSession> session =
      sessions_.Get(enrolment->training_session_id(), now);
  if (absl::IsNotFound(session.status())) return enrolment_not_found();
  if (!session.ok()) return session.status();
  if (call.scope != Scope::kAll && !Trains(*session, call.caller.employee_id)) {
    return enrolment_not_found();
  }
  absl::StatusOr<std::optional<int>> pass_mark = PassMarkOf(*session);
  if (!pass_mark.ok()) return pass_mark.status();
  if (!pass_mark->has_value()) {
    return db::WithErrorInfo(
        absl::FailedPreconditionError(absl::StrCat(
            "course ", session->course_id(), " version ", session->course_version(),
            " has no assessment (no pass_mark_percent): scores are recorded only for courses "
            "with a pass mark")),
        db::kReasonNoAssessment, {{"resource", absl::StrCat("courses/", session->course_id())}});
  }
  if (session->state() == v1::TRAINING_SESSION_STATE_SCHEDULED) {
    const std::string state = v1::TrainingSessionState_Name(session->state());
    return db::WithErrorInfo(
        absl::FailedPreconditionError(absl::StrCat("training session ", session->id(), " is ",
                                                   state,
                                                   ": assessments open when its first block "
                                                   "starts")),
        db::kReasonInvalidStateTransition,
        {{"resource", absl::StrCat("trainingSessions/", session->id())}, {"state", state}});
  }
  if (absl::Status s = db::AttendanceOpen(*session); !s.ok()) return s;
  if (!db::TakesAttendance(enrolment->state())) {
    return db::Refused("cannot record the assessment",
                       {absl::StrCat("enrolment ", enrolment->id(), " is ",
                                     v1::EnrolmentState_Name(enrolment->state()),
                                     ": only a BOOKED enrolment is assessed")},
                       absl::StrCat("enrolments/", enrolment->id()));
  }
  absl::StatusOr<db::AssessmentOutcome> written = enrolments_.RecordAssessment(
      session->id(),
      db::AssessmentChange{request.enrolment_id(), request.score_percent(), request.note()},
      call.Stamp(key), now);
  if (!written.ok()) return written.status();
  v1::Assessment assessment = std::move(written->assessment);
  assessment.set_pass_mark_percent(**pass_mark);
  assessment.set_result(assessment.score_percent() >= **pass_mark ? v1::ASSESSMENT_RESULT_PASSED
                                                                  : v1::ASSESSMENT_RESULT_FAILED);
  return assessment;
}

absl::StatusOr<v1::Assessment> AttendanceHandler::CurrentAssessment(
    const v1::RecordAssessmentRequest& request) {
  absl::StatusOr<v1::Enrolment> enrolment = enrolments_.Get(request.enrolment_id());
  if (!enrolment.ok()) return enrolment.status();
  absl::StatusOr<v1::TrainingSession> session =
      sessions_.Get(enrolment->training_session_id(), clock_());
  if (!session.ok()) return session.status();
  absl::StatusOr<std::optional<int>> pass_mark = PassMarkOf(*session);
  if (!pass_mark.ok()) return pass_mark.status();
  absl::StatusOr<std::vector<v1::Assessment>> assessments = enrolments_.Assessments(session->id());
  if (!assessments.ok()) return assessments.status();
  for (v1::Assessment& assessment : *assessments) {
    if (assessment.enrolment_id() != request.enrolment_id()) continue;
    if (pass_mark->has_value()) {
      assessment.set_pass_mark_percent(**pass_mark);
      assessment.set_result(assessment.score_percent() >= **pass_mark
                                ? v1::ASSESSMENT_RESULT_PASSED
                                : v1::ASSESSMENT_RESULT_FAILED);
    }
    return std::move(assessment);
  }
  return absl::NotFoundError(
      absl::StrCat("enrolment ", request.enrolment_id(), " has no assessment"));
}

absl::StatusOr<v1::ListAttendanceResponse> AttendanceHandler::ListAttendance(
    const CallContext& call, const v1::ListAttendanceRequest& request) {
  absl::StatusOr<ListPage> page = ListPage::Start(request, "attendance", call.PageScope());
  if (!page.ok()) return page.status();
  if (absl::Status s = RequirePositiveId("training_session_id", request.training_session_id());
      !s.ok()) {
    return s;
  }
  absl::StatusOr<int64_t> after_id = page->after_int();
  if (!after_id.ok()) return after_id.status();
  const absl::Time now = clock_();
  absl::StatusOr<v1::TrainingSession> session = sessions_.Get(request.training_session_id(), now);
  if (absl::IsNotFound(session.status())) return SessionNotFound(request.training_session_id());
  if (!session.ok()) return session.status();
  absl::StatusOr<std::vector<db::RosterEntry>> roster =
      enrolments_.Roster(request.training_session_id());
  if (!roster.ok()) return roster.status();
  absl::StatusOr<std::vector<v1::AttendanceMark>> marks =
      enrolments_.Marks(request.training_session_id());
  if (!marks.ok()) return marks.status();
  std::map<std::pair<int64_t, int>, const v1::AttendanceMark*> by_key;
  for (const v1::AttendanceMark& mark : *marks) {
    by_key[{mark.enrolment_id(), mark.block_number()}] = &mark;
  }
  absl::StatusOr<std::optional<int>> pass_mark = PassMarkOf(*session);
  if (!pass_mark.ok()) return pass_mark.status();
  std::map<int64_t, int> scores;
  if (pass_mark->has_value()) {
    absl::StatusOr<std::vector<v1::Assessment>> assessments =
        enrolments_.Assessments(request.training_session_id());
    if (!assessments.ok()) return assessments.status();
    for (const v1::Assessment& a : *assessments) scores[a.enrolment_id()] = a.score_percent();
  }
  const std::string& me = call.caller.employee_id;
  const bool all_rows =
      call.scope == Scope::kAll || (call.scope == Scope::kOwn && Trains(*session, me));
  std::vector<v1::AttendanceRow> rows;
  for (const db::RosterEntry& entry : *roster) {
    const v1::Enrolment& enrolment = entry.enrolment;
    if (enrolment.id() <= *after_id) continue;
    const bool own = !me.empty() && enrolment.person_employee_id() == me;
    const bool team = call.scope == Scope::kTeam && !call.caller.team_id.empty() &&
                      enrolment.team_id() == call.caller.team_id;
    if (!all_rows && !own && !team) continue;
    if (static_cast<int>(rows.size()) == page->fetch_limit()) break;
    std::vector<v1::AttendanceStatus> statuses(session->blocks_size(),
                                               v1::ATTENDANCE_STATUS_UNSPECIFIED);
    v1::AttendanceRow& row = rows.emplace_back();
    row.set_enrolment_id(enrolment.id());
    row.set_person_employee_id(enrolment.person_employee_id());
    row.set_team_id(enrolment.team_id());
    for (int b = 1; b <= session->blocks_size(); ++b) {
      auto found = by_key.find({enrolment.id(), b});
      statuses[b - 1] =
          found == by_key.end() ? v1::ATTENDANCE_STATUS_UNSPECIFIED : found->second->status();
      row.add_notes(found == by_key.end() ? "" : found->second->note());
    }
    const db::AttendanceTally tally = db::Tally(*session, statuses, entry.booked_ms, now);
    for (v1::AttendanceStatus status : tally.statuses) row.add_statuses(status);
    row.set_attended_blocks(tally.attended);
    row.set_taken_blocks(tally.taken);
    row.set_counted_blocks(tally.counted);
    row.set_attended_percent_of_taken(tally.percent_of_taken());
    row.set_attended_percent_of_all(tally.percent_of_all());
    row.set_threshold_still_achievable(tally.still_achievable());
    if (pass_mark->has_value()) {
      auto score = scores.find(enrolment.id());
      if (score == scores.end()) {
        row.set_assessment_result(v1::ASSESSMENT_RESULT_NOT_ASSESSED);
      } else {
        row.set_assessment_score_percent(score->second);
        row.set_assessment_result(score->second >= **pass_mark ? v1::ASSESSMENT_RESULT_PASSED
                                                               : v1::ASSESSMENT_RESULT_FAILED);
      }
    }
  }
  v1::ListAttendanceResponse response;
  response.set_next_page_token(page->Finish(
      rows, [](const v1::AttendanceRow& row) { return absl::StrCat(row.enrolment_id()); }));
  for (v1::AttendanceRow& row : rows) *response.add_rows() = std::move(row);
  response.set_block_count(session->blocks_size());
  int started = 0;
  for (int b = 1; b <= session->blocks_size(); ++b) {
    if (absl::ToUnixMillis(now) >= db::BlockStartMs(*session, b)) ++started;
  }
  response.set_started_block_count(started);
  if (pass_mark->has_value()) response.set_pass_mark_percent(**pass_mark);
  return response;
}

}  // namespace escala::server
