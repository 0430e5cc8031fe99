#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "db/directory/people_repository.h"
#include "db/directory/team_repository.h"
#include "db/training/certification_repository.h"
#include "db/training/completion_repository.h"
#include "db/training/course_repository.h"
#include "escala/v1/certifications.pb.h"
#include "server/platform/call_context.h"
#include "server/platform/clock.h"

namespace escala::server {

// What CertificationHandler reads and writes.
struct CertificationStores {
  db::CertificationRepository& certifications;
  db::CourseRepository& courses;
  db::PeopleRepository& people;
  db::TeamRepository& teams;
  db::CompletionRepository& completions;
};

// The logic of CertificationService, free of gRPC. Definitions are plain records; statuses are
// computed on every read by walking each person's completions of the earning courses through
// certification_status.h. An own-scoped caller reaches their own statuses, a team-scoped one
// their team's, others everyone's.
class CertificationHandler {
 public:
  CertificationHandler(CertificationStores stores, Clock clock)
      : stores_(stores), clock_(std::move(clock)) {}

  absl::StatusOr<v1::Certification> CreateCertification(
      const CallContext& call, const v1::CreateCertificationRequest& request);
  absl::StatusOr<v1::Certification> GetCertification(const CallContext& call,
                                                     const v1::GetCertificationRequest& request);
  absl::StatusOr<v1::ListCertificationsResponse> ListCertifications(
      const CallContext& call, const v1::ListCertificationsRequest& request);
  absl::StatusOr<v1::Certification> UpdateCertification(
      const CallContext& call, const v1::UpdateCertificationRequest& request);
  absl::StatusOr<v1::ListCertificationStatusesResponse> ListCertificationStatuses(
      const CallContext& call, const v1::ListCertificationStatusesRequest& request);
  absl::StatusOr<v1::ListExpiringCertificationsResponse> ListExpiringCertifications(
      const CallContext& call, const v1::ListExpiringCertificationsRequest& request);

 private:
  // FAILED_PRECONDITION naming certification.course_ids[i] for the first course of
  // `certification` that is not in `known` and does not exist or is retired.
  absl::Status CheckCourses(const v1::Certification& certification,
                            const std::vector<std::string>& known);
  // The statuses of the people and certifications the filters select, unordered.
  absl::StatusOr<std::vector<v1::CertificationStatus>> Statuses(const CallContext& call,
                                                                const std::string& employee_id,
                                                                const std::string& team_id,
                                                                const std::string& certification_id,
                                                                absl::Time as_of);

  CertificationStores stores_;
  Clock clock_;
};

}  // namespace escala::server
