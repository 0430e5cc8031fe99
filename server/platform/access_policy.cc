#include "server/platform/access_policy.h"

#include <google/protobuf/descriptor.h>

#include <stdexcept>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace escala::server {
namespace {

// The access policy of every RPC: the one place that says who may do what. The access gate
// enforces the A/- decisions for every call before any handler runs; for O and T it hands
// the handler the scope, which the handler applies to what it reads and writes.
//
//   A = allow   O = own records only   T = own team only   - = deny (PERMISSION_DENIED)
//
// Columns: agent (L1 agent, L2 specialist, technical engineer), team lead, QA analyst,
// trainer, manager, head of support, HR system, administrator, integration (a contact-centre
// platform feeding interactions). For teams, "own" and "team" both mean the caller's team.
constexpr absl::string_view kPolicyTable = R"(
# method                                                  agent lead  qa    train mgr   head  hr    admin integ
escala.v1.PeopleService/CreatePerson                    -     -     -     -     A     A     A     A     -
escala.v1.PeopleService/GetPerson                       O     T     A     A     A     A     A     A     -
escala.v1.PeopleService/ListPeople                      O     T     A     A     A     A     A     A     -
escala.v1.PeopleService/UpdatePerson                    -     -     -     -     A     A     A     A     -
escala.v1.PeopleService/UpsertPeople                    -     -     -     -     -     -     A     A     -
escala.v1.PeopleService/CreateTeam                      -     -     -     -     A     A     A     A     -
escala.v1.PeopleService/GetTeam                         T     T     A     A     A     A     A     A     -
escala.v1.PeopleService/ListTeams                       T     T     A     A     A     A     A     A     -
escala.v1.PeopleService/UpdateTeam                      -     -     -     -     A     A     A     A     -
escala.v1.InteractionService/CreateInteraction          -     -     -     -     -     -     -     A     A
escala.v1.InteractionService/GetInteraction             O     T     A     -     A     A     -     A     A
escala.v1.InteractionService/ListInteractions           O     T     A     -     A     A     -     A     A
escala.v1.InteractionService/UpdateInteraction          -     -     -     -     -     -     -     A     A
escala.v1.InteractionService/ImportInteractions         -     -     -     -     -     -     -     A     A
escala.v1.IdentityService/WhoAmI                        A     A     A     A     A     A     A     A     A
escala.v1.IdentityService/CreateToken                   O     O     O     O     O     O     O     A     O
escala.v1.IdentityService/ListTokens                    O     O     O     O     O     O     O     A     O
escala.v1.IdentityService/RevokeToken                   O     O     O     O     O     O     O     A     O
escala.v1.IdentityService/CreateServiceAccount          -     -     -     -     -     -     -     A     -
escala.v1.IdentityService/GetServiceAccount             -     -     -     -     -     -     O     A     O
escala.v1.IdentityService/ListServiceAccounts           -     -     -     -     -     -     -     A     -
escala.v1.IdentityService/UpdateServiceAccount          -     -     -     -     -     -     -     A     -
escala.v1.AuditService/ListAuditEvents                  -     -     -     -     A     A     -     A     -
escala.v1.EventService/WatchEvents                      O     T     -     -     A     A     A     A     -
escala.v1.ScorecardService/CreateScorecard              -     -     A     -     A     A     -     -     -
escala.v1.ScorecardService/GetScorecard                 A     A     A     A     A     A     -     -     -
escala.v1.ScorecardService/ListScorecards               A     A     A     A     A     A     -     -     -
escala.v1.ScorecardService/ListScorecardVersions        A     A     A     A     A     A     -     -     -
escala.v1.ScorecardService/UpdateScorecard              -     -     A     -     A     A     -     -     -
escala.v1.ScorecardService/PublishScorecard             -     -     A     -     A     A     -     -     -
escala.v1.ScorecardService/RetireScorecard              -     -     A     -     A     A     -     -     -
escala.v1.EvaluationService/CreateEvaluation            -     T     A     -     A     A     -     -     -
escala.v1.EvaluationService/GetEvaluation               O     T     A     A     A     A     -     -     -
escala.v1.EvaluationService/ListEvaluations             O     T     A     A     A     A     -     -     -
escala.v1.EvaluationService/UpdateEvaluation            -     T     A     -     A     A     -     -     -
escala.v1.EvaluationService/SubmitEvaluation            -     T     A     -     A     A     -     -     -
escala.v1.EvaluationService/AcknowledgeEvaluation       O     -     -     -     -     -     -     -     -
escala.v1.EvaluationService/OpenDispute                 O     -     -     -     -     -     -     -     -
escala.v1.EvaluationService/ResolveDispute              -     T     A     -     A     A     -     -     -
escala.v1.CalibrationService/CreateCalibrationSession   -     A     A     -     A     A     -     -     -
escala.v1.CalibrationService/GetCalibrationSession      -     A     A     -     A     A     -     -     -
escala.v1.CalibrationService/ListCalibrationSessions    -     A     A     -     A     A     -     -     -
escala.v1.CalibrationService/SubmitCalibrationScore     -     A     A     -     A     A     -     -     -
escala.v1.CalibrationService/ListCalibrationScores      -     A     A     -     A     A     -     -     -
escala.v1.CalibrationService/CloseCalibrationSession    -     A     A     -     A     A     -     -     -
escala.v1.CalibrationService/ComputeCalibrationResults      -     A     A     -     A     A     -     -     -
escala.v1.CalibrationService/ComputeEvaluatorLeniency       -     -     A     -     A     A     -     -     -
escala.v1.AssignmentService/CreateSamplingPlan          -     T     A     -     A     A     -     -     -
escala.v1.AssignmentService/GetSamplingPlan             -     T     A     -     A     A     -     -     -
escala.v1.AssignmentService/ListSamplingPlans           -     T     A     -     A     A     -     -     -
escala.v1.AssignmentService/GenerateAssignments         -     T     A     -     A     A     -     -     -
escala.v1.AssignmentService/ListAssignments             -     O     A     -     A     A     -     -     -
escala.v1.AssignmentService/SkipAssignment              -     O     O     -     O     O     -     -     -
escala.v1.AssignmentService/ListAgentQaSummaries        O     T     A     A     A     A     -     -     -
escala.v1.CourseService/CreateCourse                    -     -     -     A     A     A     -     A     -
escala.v1.CourseService/GetCourse                       A     A     A     A     A     A     -     A     -
escala.v1.CourseService/ListCourses                     A     A     A     A     A     A     -     A     -
escala.v1.CourseService/ListCourseVersions              A     A     A     A     A     A     -     A     -
escala.v1.CourseService/UpdateCourse                    -     -     -     A     A     A     -     A     -
escala.v1.CourseService/RetireCourse                    -     -     -     A     A     A     -     A     -
escala.v1.TrainingSessionService/CreateTrainingSession  -     -     -     O     A     A     -     A     -
escala.v1.TrainingSessionService/GetTrainingSession     A     A     A     A     A     A     -     A     -
escala.v1.TrainingSessionService/ListTrainingSessions   A     A     A     A     A     A     -     A     -
escala.v1.TrainingSessionService/UpdateTrainingSession  -     -     -     O     A     A     -     A     -
escala.v1.TrainingSessionService/CancelTrainingSession  -     -     -     O     A     A     -     A     -
escala.v1.TrainingSessionService/CloseTrainingSession   -     -     -     O     A     A     -     A     -
escala.v1.TrainingSessionService/ExportSessionCalendar  A     A     A     A     A     A     -     A     -
escala.v1.TrainingSessionService/ExportPersonCalendar   O     T     O     O     A     A     -     A     -
escala.v1.EnrolmentService/Enrol                        O     T     O     O     A     A     -     A     -
escala.v1.EnrolmentService/ApproveEnrolment             -     -     -     O     A     A     -     A     -
escala.v1.EnrolmentService/DeclineEnrolment             -     -     -     O     A     A     -     A     -
escala.v1.EnrolmentService/WithdrawEnrolment            O     T     O     O     A     A     -     A     -
escala.v1.EnrolmentService/PromoteEnrolment             -     -     -     O     A     A     -     A     -
escala.v1.EnrolmentService/GetEnrolment                 O     T     O     O     A     A     -     A     -
escala.v1.EnrolmentService/ListEnrolments               O     T     O     O     A     A     -     A     -
escala.v1.EnrolmentService/ListEnrolmentHistory         O     T     O     O     A     A     -     A     -
escala.v1.TrainingRecommendationService/CreateCriterionTrainingRule     -     -     -     A     A     A     -     A     -
escala.v1.TrainingRecommendationService/GetCriterionTrainingRule        A     A     A     A     A     A     -     A     -
escala.v1.TrainingRecommendationService/ListCriterionTrainingRules      A     A     A     A     A     A     -     A     -
escala.v1.TrainingRecommendationService/UpdateCriterionTrainingRule     -     -     -     A     A     A     -     A     -
escala.v1.TrainingRecommendationService/GenerateTrainingRecommendations -     T     -     A     A     A     -     A     -
escala.v1.TrainingRecommendationService/GetTrainingRecommendation       O     T     -     A     A     A     -     A     -
escala.v1.TrainingRecommendationService/ListTrainingRecommendations     O     T     -     A     A     A     -     A     -
escala.v1.TrainingRecommendationService/DismissTrainingRecommendation   -     T     -     A     A     A     -     A     -
escala.v1.TrainingEffectivenessService/ComputeCourseEffectiveness      -     -     -     A     A     A     -     A     -
escala.v1.CertificationService/CreateCertification               -     -     -     A     A     A     -     A     -
escala.v1.CertificationService/GetCertification                  A     A     A     A     A     A     -     A     -
escala.v1.CertificationService/ListCertifications                A     A     A     A     A     A     -     A     -
escala.v1.CertificationService/UpdateCertification               -     -     -     A     A     A     -     A     -
escala.v1.CertificationService/ListCertificationStatuses         O     T     O     A     A     A     -     A     -
escala.v1.CertificationService/ListExpiringCertifications        O     T     O     A     A     A     -     A     -
escala.v1.LearningPathService/CreateLearningPath                 -     -     -     A     A     A     -     A     -
escala.v1.LearningPathService/GetLearningPath                    A     A     A     A     A     A     -     A     -
escala.v1.LearningPathService/ListLearningPaths                  A     A     A     A     A     A     -     A     -
escala.v1.LearningPathService/UpdateLearningPath                 -     -     -     A     A     A     -     A     -
escala.v1.LearningPathService/GetLearningPathProgress            O     T     O     A     A     A     -     A     -
escala.v1.LearningPathService/ListLearningPathProgress           O     T     O     A     A     A     -     A     -
escala.v1.AttendanceService/MarkAttendance              -     -     -     O     A     A     -     A     -
escala.v1.AttendanceService/ListAttendance              O     T     O     O     A     A     -     A     -
escala.v1.AttendanceService/RecordAssessment            -     -     -     O     A     A     -     A     -
escala.v1.CompletionService/ListCompletions             O     T     O     A     A     A     -     A     -
escala.v1.CompletionService/ImportCompletions           -     -     -     A     A     A     -     A     -
escala.v1.ReportService/GetKpiReport                    O     T     A     A     A     A     -     A     -
escala.v1.ReportService/GetQaReport                     O     T     A     A     A     A     -     A     -
escala.v1.ReportService/RecomputeReportSummaries        -     -     -     -     -     -     -     A     -
escala.v1.SlaPolicyService/CreateSlaPolicy              -     -     -     -     A     A     -     A     -
escala.v1.SlaPolicyService/GetSlaPolicy                 A     A     A     A     A     A     -     A     -
escala.v1.SlaPolicyService/ListSlaPolicies              A     A     A     A     A     A     -     A     -
escala.v1.SlaPolicyService/UpdateSlaPolicy              -     -     -     -     A     A     -     A     -
escala.v1.SlaPolicyService/PublishSlaPolicy             -     -     -     -     A     A     -     A     -
escala.v1.SlaPolicyService/ComputeSlaReport             O     T     A     -     A     A     -     A     -
escala.v1.StaffingService/PlanStaffingFromHistory       -     -     -     -     A     A     -     A     -
escala.v1.PromotionPolicyService/CreatePromotionPolicy  -     -     -     -     A     A     -     A     -
escala.v1.PromotionPolicyService/GetPromotionPolicy     A     A     A     A     A     A     A     A     -
escala.v1.PromotionPolicyService/ListPromotionPolicies  A     A     A     A     A     A     A     A     -
escala.v1.PromotionPolicyService/UpdatePromotionPolicy  -     -     -     -     A     A     -     A     -
escala.v1.PromotionPolicyService/PublishPromotionPolicy -     -     -     -     A     A     -     A     -
escala.v1.PromotionEligibilityService/ComputeEligibility O     T     -     -     A     A     A     A     -
escala.v1.PromotionCaseService/Nominate                 -     T     -     -     A     A     -     A     -
escala.v1.PromotionCaseService/NominateEligible         -     T     -     -     A     A     -     A     -
escala.v1.PromotionCaseService/GetPromotionCase         O     T     -     -     A     A     A     A     -
escala.v1.PromotionCaseService/ListPromotionCases       O     T     -     -     A     A     A     A     -
escala.v1.PromotionCaseService/StartReview              -     -     -     -     A     A     -     A     -
escala.v1.PromotionCaseService/Approve                  -     -     -     -     A     A     -     A     -
escala.v1.PromotionCaseService/Reject                   -     -     -     -     A     A     -     A     -
escala.v1.PromotionCaseService/Withdraw                 -     T     -     -     A     A     -     A     -
escala.v1.PromotionCaseService/AcknowledgePromotion     -     -     -     -     -     -     A     A     -
escala.v1.RegressionFlagService/CheckRegressions        -     -     -     -     A     A     -     A     -
escala.v1.RegressionFlagService/GetRegressionFlag       -     T     -     -     A     A     -     A     -
escala.v1.RegressionFlagService/ListRegressionFlags     -     T     -     -     A     A     -     A     -
escala.v1.RegressionFlagService/AcknowledgeRegressionFlag -   T     -     -     A     A     -     A     -
escala.v1.RegressionFlagService/CloseRegressionFlag     -     -     -     -     A     A     -     A     -
escala.v1.LevelHistoryService/ListLevelChanges          O     T     -     -     A     A     A     A     -
)";

constexpr std::array<absl::string_view, kPolicyRoleCount> kColumnNames = {
    "agent",           "team_lead", "qa_analyst",    "trainer",    "manager",
    "head_of_support", "hr_system", "administrator", "integration"};

absl::StatusOr<Rule> ParseRule(absl::string_view cell) {
  if (cell == "A") return Rule::kAllow;
  if (cell == "O") return Rule::kOwn;
  if (cell == "T") return Rule::kTeam;
  if (cell == "-") return Rule::kDeny;
  return absl::InvalidArgumentError(absl::StrCat("unknown rule '", cell, "' (use A, O, T or -)"));
}

struct ParsedPolicy {
  std::vector<PolicyRow> rows;
  absl::flat_hash_map<std::string, std::size_t> index;
};

const ParsedPolicy& Policy() {
  static const ParsedPolicy* const policy = [] {
    absl::StatusOr<std::vector<PolicyRow>> rows = ParsePolicyTable(kPolicyTable);
    // The table is a constant of this file; a unit test parses it, so this cannot fire in a
    // tested build.
    if (!rows.ok()) throw std::logic_error(std::string(rows.status().message()));
    auto* parsed = new ParsedPolicy{*std::move(rows), {}};
    for (std::size_t i = 0; i < parsed->rows.size(); ++i) parsed->index[parsed->rows[i].method] = i;
    return parsed;
  }();
  return *policy;
}

}  // namespace

absl::StatusOr<std::vector<PolicyRow>> ParsePolicyTable(absl::string_view text) {
  std::vector<PolicyRow> rows;
  absl::flat_hash_map<std::string, int> seen;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line.substr(0, line.find('#')));
    if (line.empty()) continue;
    std::vector<absl::string_view> cells = absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (cells.size() != 1 + kPolicyRoleCount) {
      return absl::InvalidArgumentError(absl::StrCat("policy line ", line_number,
                                                     ": expected a method and ", kPolicyRoleCount,
                                                     " rules, got ", cells.size(), " cells"));
    }
    PolicyRow row;
    row.method = std::string(cells[0]);
    if (!seen.emplace(row.method, line_number).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("policy line ", line_number, ": ", row.method, " is listed twice"));
    }
    for (std::size_t column = 0; column < kPolicyRoleCount; ++column) {
      absl::StatusOr<Rule> rule = ParseRule(cells[column + 1]);
      if (!rule.ok()) {
        return absl::InvalidArgumentError(absl::StrCat("policy line ", line_number, ", column ",
                                                       kColumnNames[column], ": ",
                                                       rule.status().message()));
      }
      row.rules[column] = *rule;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

const std::vector<PolicyRow>& AccessPolicy() { return Policy().rows; }

const PolicyRow* FindPolicyRow(absl::string_view method) {
  const ParsedPolicy& policy = Policy();
  auto found = policy.index.find(method);
  return found == policy.index.end() ? nullptr : &policy.rows[found->second];
}

std::optional<PolicyRole> PolicyRoleOf(v1::Role role) {
  switch (role) {
    case v1::ROLE_AGENT:
    case v1::ROLE_SPECIALIST:
    case v1::ROLE_TECHNICAL_ENGINEER:
      return PolicyRole::kAgent;
    case v1::ROLE_TEAM_LEAD:
      return PolicyRole::kTeamLead;
    case v1::ROLE_QA_ANALYST:
      return PolicyRole::kQaAnalyst;
    case v1::ROLE_TRAINER:
      return PolicyRole::kTrainer;
    case v1::ROLE_MANAGER:
      return PolicyRole::kManager;
    case v1::ROLE_HEAD_OF_SUPPORT:
      return PolicyRole::kHeadOfSupport;
    case v1::ROLE_HR_SYSTEM:
      return PolicyRole::kHrSystem;
    case v1::ROLE_ADMINISTRATOR:
      return PolicyRole::kAdministrator;
    case v1::ROLE_INTEGRATION:
      return PolicyRole::kIntegration;
    default:
      return std::nullopt;
  }
}

absl::Status CheckPolicyCovers(const std::vector<std::string>& service_full_names) {
  std::vector<std::string> missing;
  for (const std::string& name : service_full_names) {
    const google::protobuf::ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
    if (service == nullptr) {
      missing.push_back(absl::StrCat(name, " (unknown service)"));
      continue;
    }
    for (int i = 0; i < service->method_count(); ++i) {
      const std::string method = absl::StrCat(name, "/", service->method(i)->name());
      if (FindPolicyRow(method) == nullptr) missing.push_back(method);
    }
  }
  if (missing.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("the access policy has no row for: ", absl::StrJoin(missing, ", ")));
}

absl::string_view PolicyRoleName(PolicyRole role) {
  return kColumnNames[static_cast<std::size_t>(role)];
}

}  // namespace escala::server
