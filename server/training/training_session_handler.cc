#include "server/training/training_session_handler.h"

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "db/training/enrolment_rules.h"
#include "server/api/etag.h"
#include "server/api/field_mask.h"
#include "server/api/list_page.h"
#include "server/api/request_id.h"
#include "server/api/text_rules.h"
#include "server/api/violations.h"
#include "server/training/schedule_conflicts.h"
#include "server/training/training_session_validation.h"

namespace escala::server {
namespace {

constexpr std::size_t kMaxReason = 1000;

const std::set<std::string>& SessionUpdatableFields() {
  static const std::set<std::string>* const fields =
      new std::set<std::string>{"trainer_employee_ids",
                                "blocks",
                                "time_zone",
                                "location",
                                "video_link",
                                "capacity",
                                "waitlist_enabled",
                                "approval_required",
                                "registration_open_time",
                                "registration_close_time",
                                "cancellation_cutoff_time"};
  return *fields;
}

void ClearOutputFields(v1::TrainingSession& session) {
  session.clear_id();
  session.clear_course_version();
  session.clear_state();
  session.clear_cancel_reason();
  session.clear_created_by();
  session.clear_create_time();
  session.clear_update_time();
  session.clear_cancel_time();
  session.clear_close_time();
  session.clear_etag();
  session.clear_schedule_conflicts();
  session.clear_schedule_sequence();
  session.clear_issued_block_count();
}

// The blocks in start order, to compare two versions of a session whatever order they came in.
std::vector<std::string> SortedBlocks(const v1::TrainingSession& session) {
  std::vector<std::string> blocks;
  for (const v1::SessionBlock& block : session.blocks()) {
    blocks.push_back(absl::StrCat(db::TimestampToMillis(block.start_time()), "/",
                                  db::TimestampToMillis(block.end_time())));
  }
  std::sort(blocks.begin(), blocks.end());
  return blocks;
}

constexpr char kOverrideHint[] = "override_conflicts schedules anyway";

bool Trains(const v1::TrainingSession& session, const std::string& employee_id) {
  return !employee_id.empty() &&
         std::find(session.trainer_employee_ids().begin(), session.trainer_employee_ids().end(),
                   employee_id) != session.trainer_employee_ids().end();
}

absl::Status SessionNotFound(int64_t id) {
  return absl::NotFoundError(absl::StrCat("training session ", id, " not found"));
}

// The keyset of a session in list order: its first block's start and its id.
std::vector<std::string> ListKey(const v1::TrainingSession& session) {
  int64_t first = 0;
  for (int i = 0; i < session.blocks_size(); ++i) {
    const int64_t start = db::TimestampToMillis(session.blocks(i).start_time());
    if (i == 0 || start < first) first = start;
  }
  return {absl::StrCat(first), absl::StrCat(session.id())};
}

// The etag of a request as the row version it stands for: 0 when none was sent, -1 for one the
// repository never issued (it then matches nothing).
int64_t ExpectedVersion(const std::string& etag) {
  if (etag.empty()) return 0;
  const int64_t version = VersionFromEtag(etag);
  return version > 0 ? version : -1;
}

}  // namespace

absl::Status TrainingSessionHandler::CheckTrainersExist(const v1::TrainingSession& session) {
  const std::vector<std::string> wanted(session.trainer_employee_ids().begin(),
                                        session.trainer_employee_ids().end());
  absl::StatusOr<std::vector<std::string>> known = people_.FindExisting(wanted);
  if (!known.ok()) return known.status();
  const std::set<std::string> known_set(known->begin(), known->end());
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    if (!known_set.count(wanted[i])) {
      return FieldPreconditionFailed(
          absl::StrCat("training_session.trainer_employee_ids[", i, "]"),
          absl::StrCat("'", wanted[i], "' is not in the people directory"));
    }
  }
  return absl::OkStatus();
}

absl::Status TrainingSessionHandler::CheckTrainerConflicts(v1::TrainingSession& session,
                                                           const std::vector<std::string>& trainers,
                                                           bool allow) {
  std::vector<v1::ScheduleConflict> found;
  for (const std::string& trainer : trainers) {
    absl::StatusOr<std::vector<v1::ScheduleConflict>> conflicts =
        FindScheduleConflicts(sessions_, enrolments_, trainer, session, clock_());
    if (!conflicts.ok()) return conflicts.status();
    for (v1::ScheduleConflict& conflict : *conflicts) found.push_back(std::move(conflict));
  }
  session.clear_schedule_conflicts();
  if (found.empty()) return absl::OkStatus();
  if (!allow) return ConflictRefusal(found, kOverrideHint);
  // Overridden: the repository writes them into the audit event and the answer.
  for (v1::ScheduleConflict& conflict : found) *session.add_schedule_conflicts() = conflict;
  return absl::OkStatus();
}

absl::StatusOr<v1::TrainingSession> TrainingSessionHandler::Reachable(const CallContext& call,
                                                                      int64_t id) {
  absl::StatusOr<v1::TrainingSession> session = sessions_.Get(id, clock_());
  if (!session.ok()) return session.status();
  if (call.scope != Scope::kAll && !Trains(*session, call.caller.employee_id)) {
    return SessionNotFound(id);
  }
  return session;
}

absl::StatusOr<v1::TrainingSession> TrainingSessionHandler::CreateTrainingSession(
    const CallContext& call, const v1::CreateTrainingSessionRequest& request) {
  if (absl::Status s = CheckRequestId("request_id", request.request_id()); !s.ok()) return s;
  const db::CreateRequest key = CreateRequestOf(request);
  // A replay is answered before any check: one that would now fail (the course retired since)
  // still gets its original session.
  if (!key.request_id.empty()) {
    absl::StatusOr<std::optional<db::CreatedByRequest<v1::TrainingSession>>> original =
        sessions_.FindByRequestId(key.request_id, clock_());
    if (!original.ok()) return original.status();
    if (original->has_value()) {
      return Replay(**original, (*original)->resource.created_by(), key, call.caller.principal);
    }
  }
  if (!request.has_training_session()) return InvalidField("training_session", "is required");
  v1::TrainingSession session = request.training_session();
  ClearOutputFields(session);
  if (absl::Status s = Nested("training_session.", ValidateTrainingSession(session)); !s.ok()) {
    return s;
  }
  if (call.scope != Scope::kAll && !Trains(session, call.caller.employee_id)) {
    return absl::NotFoundError(
        "training_session.trainer_employee_ids: a trainer schedules only sessions they train; "
        "list yourself among the trainers");
  }
  absl::StatusOr<v1::Course> course = courses_.Get(session.course_id(), 0);
  if (absl::IsNotFound(course.status())) {
    return FieldPreconditionFailed(
        "training_session.course_id",
        absl::StrCat("course '", session.course_id(), "' does not exist"));
  }
  if (!course.ok()) return course.status();
  if (course->state() == v1::COURSE_STATE_RETIRED) {
    return db::WithErrorInfo(
        FieldPreconditionFailed("training_session.course_id",
                                absl::StrCat("course '", session.course_id(), "' is retired")),
        db::kReasonCourseRetired, {{"resource", absl::StrCat("courses/", session.course_id())}});
  }
  session.set_course_version(course->version());
  if (absl::Status s = CheckTrainersExist(session); !s.ok()) return s;
  if (absl::Status s = CheckTrainerConflicts(
          session, {session.trainer_employee_ids().begin(), session.trainer_employee_ids().end()},
          request.override_conflicts());
      !s.ok()) {
    return s;
  }
  absl::StatusOr<v1::TrainingSession> created =
      sessions_.Create(session, key, call.Stamp(key.request_id), clock_());
  if (db::ErrorReason(created.status()) != db::kReasonRequestIdReused) return created;
  // A concurrent retry with the same request_id won the insert: answer as a replay.
  absl::StatusOr<std::optional<db::CreatedByRequest<v1::TrainingSession>>> original =
      sessions_.FindByRequestId(key.request_id, clock_());
  if (!original.ok() || !original->has_value()) return created;
  return Replay(**original, (*original)->resource.created_by(), key, call.caller.principal);
}

absl::StatusOr<v1::TrainingSession> TrainingSessionHandler::GetTrainingSession(
    const CallContext&, const v1::GetTrainingSessionRequest& request) {
  if (absl::Status s = RequirePositiveId("id", request.id()); !s.ok()) return s;
  return sessions_.Get(request.id(), clock_());
}

absl::StatusOr<v1::ListTrainingSessionsResponse> TrainingSessionHandler::ListTrainingSessions(
    const CallContext& call, const v1::ListTrainingSessionsRequest& request) {
  absl::StatusOr<ListPage> page =
      ListPage::Start(request, "training_sessions", call.PageScope(), /*key_count=*/2);
  if (!page.ok()) return page.status();
  Violations violations;
  if (!request.course_id().empty()) {
    violations.Add(RequireIdentifier("course_id", request.course_id(), 64));
  }
  if (!request.trainer_employee_id().empty()) {
    violations.Add(RequireIdentifier("trainer_employee_id", request.trainer_employee_id(), 64));
  }
  if (!v1::TrainingSessionState_IsValid(request.state())) {
    violations.Add("state", absl::StrCat("unknown value ", request.state()));
  }
  if (request.has_from_time() && request.has_to_time() &&
      db::TimestampToMillis(request.to_time()) <= db::TimestampToMillis(request.from_time())) {
    violations.Add("to_time", "must be after from_time");
  }
  if (!violations.empty()) return violations.ToStatus();
  absl::StatusOr<int64_t> after_start = page->after_int(0);
  if (!after_start.ok()) return after_start.status();
  absl::StatusOr<int64_t> after_id = page->after_int(1);
  if (!after_id.ok()) return after_id.status();
  db::TrainingSessionFilter filter;
  filter.course_id = request.course_id();
  filter.trainer_employee_id = request.trainer_employee_id();
  filter.state = request.state();
  if (request.has_from_time()) filter.from_ms = db::TimestampToMillis(request.from_time());
  if (request.has_to_time()) filter.to_ms = db::TimestampToMillis(request.to_time());
  absl::StatusOr<std::vector<v1::TrainingSession>> rows =
      sessions_.List(filter, *after_start, *after_id, page->fetch_limit(), clock_());
  if (!rows.ok()) return rows.status();
  v1::ListTrainingSessionsResponse response;
  response.set_next_page_token(page->Finish(*rows, ListKey));
  for (v1::TrainingSession& session : *rows) {
    *response.add_training_sessions() = std::move(session);
  }
  return response;
}

absl::StatusOr<v1::TrainingSession> TrainingSessionHandler::UpdateTrainingSession(
    const CallContext& call, const v1::UpdateTrainingSessionRequest& request) {
  const int64_t id = request.training_session().id();
  if (absl::Status s = RequirePositiveId("training_session.id", id); !s.ok()) return s;
  absl::StatusOr<v1::TrainingSession> current = Reachable(call, id);
  if (!current.ok()) return current.status();
  if (absl::Status s = CheckEtag("training_session.etag", request.training_session().etag(),
                                 current->etag(), absl::StrCat("trainingSessions/", id));
      !s.ok()) {
    return s;
  }
  v1::TrainingSession changed = *current;
  if (absl::Status s = ApplyFieldMask(request.update_mask(), SessionUpdatableFields(),
                                      request.training_session(), &changed);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = Nested("training_session.", ValidateTrainingSession(changed)); !s.ok()) {
    return s;
  }
  if (changed.SerializeAsString() == current->SerializeAsString()) return *current;
  if (call.scope != Scope::kAll && !Trains(changed, call.caller.employee_id)) {
    return FieldPreconditionFailed("training_session.trainer_employee_ids",
                                   "you would no longer train this session; a manager can "
                                   "hand it over");
  }
  if (absl::Status s = CheckTrainersExist(changed); !s.ok()) return s;
  // New blocks are checked for every trainer; the same blocks only for the trainers added.
  const bool moved = SortedBlocks(changed) != SortedBlocks(*current);
  std::vector<std::string> check;
  for (const std::string& trainer : changed.trainer_employee_ids()) {
    if (moved || !Trains(*current, trainer)) check.push_back(trainer);
  }
  if (absl::Status s = CheckTrainerConflicts(changed, check, request.override_conflicts());
      !s.ok()) {
    return s;
  }
  // The repository checks the etag, the state and the block rules again under its lock.
  absl::StatusOr<v1::TrainingSession> updated =
      sessions_.Update(changed, VersionFromEtag(current->etag()), call.Stamp(), clock_());
  if (!updated.ok()) return updated;
  if (moved) {
    // The answer lists everyone's overlaps after a move, the overridden ones among them.
    updated->clear_schedule_conflicts();
    if (absl::Status s = AddScheduleConflicts(*updated); !s.ok()) return s;
  }
  return updated;
}

absl::Status TrainingSessionHandler::AddScheduleConflicts(v1::TrainingSession& session) {
  std::vector<std::string> people(session.trainer_employee_ids().begin(),
                                  session.trainer_employee_ids().end());
  db::EnrolmentFilter filter;
  filter.session_id = session.id();
  // A session's roster is bounded by its capacity (10000) and rarely near it.
  absl::StatusOr<std::vector<v1::Enrolment>> enrolled = enrolments_.List(filter, 0, 0, 10001);
  if (!enrolled.ok()) return enrolled.status();
  for (const v1::Enrolment& enrolment : *enrolled) {
    if (db::IsOpenEnrolment(enrolment.state())) people.push_back(enrolment.person_employee_id());
  }
  for (const std::string& person : people) {
    absl::StatusOr<std::vector<v1::ScheduleConflict>> conflicts =
        FindScheduleConflicts(sessions_, enrolments_, person, session, clock_());
    if (!conflicts.ok()) return conflicts.status();
    for (v1::ScheduleConflict& conflict : *conflicts) {
      *session.add_schedule_conflicts() = std::move(conflict);
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::TrainingSession> TrainingSessionHandler::CancelTrainingSession(
    const CallContext& call, const v1::CancelTrainingSessionRequest& request) {
  Violations violations;
  violations.Add(RequirePositiveId("id", request.id()));
  violations.Add(RequireText("reason", request.reason(), kMaxReason));
  violations.Add(CheckRequestId("request_id", request.request_id()));
  if (!violations.empty()) return violations.ToStatus();
  absl::StatusOr<v1::TrainingSession> current = Reachable(call, request.id());
  if (!current.ok()) return current.status();
  const db::CreateRequest key = CreateRequestOf(request);
  return ApplyOnce<v1::TrainingSession>(
      requests_, call.caller.principal, call.method, key,
      [&] {
        return sessions_.Cancel(request.id(), ExpectedVersion(request.etag()), request.reason(),
                                call.Stamp(key), clock_());
      },
      // A replay answers the session as it is now.
      [&](const db::LoggedRequest&) { return sessions_.Get(request.id(), clock_()); });
}

absl::StatusOr<v1::TrainingSession> TrainingSessionHandler::CloseTrainingSession(
    const CallContext& call, const v1::CloseTrainingSessionRequest& request) {
  Violations violations;
  violations.Add(RequirePositiveId("id", request.id()));
  violations.Add(CheckRequestId("request_id", request.request_id()));
  if (!violations.empty()) return violations.ToStatus();
  absl::StatusOr<v1::TrainingSession> current = Reachable(call, request.id());
  if (!current.ok()) return current.status();
  const db::CreateRequest key = CreateRequestOf(request);
  return ApplyOnce<v1::TrainingSession>(
      requests_, call.caller.principal, call.method, key,
      [&]() -> absl::StatusOr<v1::TrainingSession> {
        // The version the session delivers says whether it has an assessment; versions never
        // change once written, so it is read before the close's transaction.
        db::CloseOptions options;
        options.allow_missing_assessments = request.allow_missing_assessments();
        absl::StatusOr<v1::Course> course =
            courses_.Get(current->course_id(), current->course_version());
        if (!course.ok() && !absl::IsNotFound(course.status())) return course.status();
        if (course.ok() && course->has_pass_mark_percent()) {
          options.pass_mark_percent = course->pass_mark_percent();
        }
        return sessions_.Close(request.id(), ExpectedVersion(request.etag()), options,
                               call.Stamp(key), clock_());
      },
      // A replay answers the session as it is now.
      [&](const db::LoggedRequest&) { return sessions_.Get(request.id(), clock_()); });
}

}  // namespace escala::server
