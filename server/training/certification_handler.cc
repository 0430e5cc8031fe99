#include "server/training/certification_handler.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "db/common/error_details.h"
#include "server/api/etag.h"
#include "server/api/field_mask.h"
#include "server/api/list_page.h"
#include "server/api/text_rules.h"
#include "server/api/violations.h"
#include "server/training/certification_status.h"
#include "server/training/certification_validation.h"
#include "server/training/training_reach.h"

namespace escala::server {
namespace {

constexpr int kReadPage = 200;
constexpr int kDefaultWithinDays = 30;
constexpr int kMaxWithinDays = 3660;

const std::set<std::string>& CertificationUpdatableFields() {
  static const std::set<std::string>* const fields =
      new std::set<std::string>{"title",
                                "description",
                                "course_ids",
                                "active_period",
                                "renewal_window",
                                "renewal_basis",
                                "minimum_active_period",
                                "required_roles",
                                "required_levels",
                                "active"};
  return *fields;
}

void ClearOutputFields(v1::Certification& certification) {
  certification.clear_etag();
  certification.clear_created_by();
  certification.clear_create_time();
  certification.clear_update_time();
}

std::string CertificationName(const std::string& id) { return "certifications/" + id; }

// The rows of `rows` after the keyset `after` (empty: from the first), at most `limit`, in
// their order; `key_of` gives a row's keyset.
template <typename Row, typename KeyOf>
std::vector<Row> After(std::vector<Row> rows, const std::vector<std::string>& after, int limit,
                       KeyOf key_of) {
  std::vector<Row> out;
  for (Row& row : rows) {
    if (!after.empty() && !(after < key_of(row))) continue;
    if (static_cast<int>(out.size()) >= limit) break;
    out.push_back(std::move(row));
  }
  return out;
}

std::vector<std::string> StatusKey(const v1::CertificationStatus& s) {
  return {s.employee_id(), s.certification_id()};
}

std::vector<std::string> ExpiryKey(const v1::CertificationStatus& s) {
  return {s.expiry_date(), s.employee_id(), s.certification_id()};
}

void CheckOptionalIdentifier(Violations& violations, const std::string& field,
                             const std::string& value) {
  if (!value.empty()) violations.Add(RequireIdentifier(field, value, 64));
}

}  // namespace

absl::Status CertificationHandler::CheckCourses(const v1::Certification& certification,
                                                const std::vector<std::string>& known) {
  for (int i = 0; i < certification.course_ids_size(); ++i) {
    const std::string& id = certification.course_ids(i);
    if (std::find(known.begin(), known.end(), id) != known.end()) continue;
    const std::string field = absl::StrCat("certification.course_ids[", i, "]");
    absl::StatusOr<v1::Course> course = stores_.courses.Get(id, 0);
    if (absl::IsNotFound(course.status())) {
      return FieldPreconditionFailed(field, absl::StrCat("course '", id, "' does not exist"));
    }
    if (!course.ok()) return course.status();
    if (course->state() == v1::COURSE_STATE_RETIRED) {
      return db::WithErrorInfo(
          FieldPreconditionFailed(field, absl::StrCat("course '", id, "' is retired")),
          db::kReasonCourseRetired, {{"resource", absl::StrCat("courses/", id)}});
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::Certification> CertificationHandler::CreateCertification(
    const CallContext& call, const v1::CreateCertificationRequest& request) {
  if (!request.has_certification()) return InvalidField("certification", "is required");
  v1::Certification certification = request.certification();
  ClearOutputFields(certification);
  if (!certification.has_active()) certification.set_active(true);
  if (absl::Status s = Nested("certification.", ValidateCertification(certification)); !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckCourses(certification, {}); !s.ok()) return s;
  return stores_.certifications.Create(certification, call.Stamp(), clock_());
}

absl::StatusOr<v1::Certification> CertificationHandler::GetCertification(
    const CallContext&, const v1::GetCertificationRequest& request) {
  if (absl::Status s = RequireIdentifier("certification_id", request.certification_id(), 64);
      !s.ok()) {
    return s;
  }
  return stores_.certifications.Get(request.certification_id());
}

absl::StatusOr<v1::ListCertificationsResponse> CertificationHandler::ListCertifications(
    const CallContext& call, const v1::ListCertificationsRequest& request) {
  absl::StatusOr<ListPage> page = ListPage::Start(request, "certifications", call.PageScope());
  if (!page.ok()) return page.status();
  if (!request.course_id().empty()) {
    if (absl::Status s = RequireIdentifier("course_id", request.course_id(), 64); !s.ok()) return s;
  }
  db::CertificationFilter filter{request.course_id(), request.active_only()};
  absl::StatusOr<std::vector<v1::Certification>> rows =
      stores_.certifications.List(filter, page->after_key(), page->fetch_limit());
  if (!rows.ok()) return rows.status();
  v1::ListCertificationsResponse response;
  response.set_next_page_token(
      page->Finish(*rows, [](const v1::Certification& c) { return c.certification_id(); }));
  for (v1::Certification& c : *rows) *response.add_certifications() = std::move(c);
  return response;
}

absl::StatusOr<v1::Certification> CertificationHandler::UpdateCertification(
    const CallContext& call, const v1::UpdateCertificationRequest& request) {
  const std::string& id = request.certification().certification_id();
  if (absl::Status s = RequireIdentifier("certification.certification_id", id, 64); !s.ok()) {
    return s;
  }
  absl::StatusOr<v1::Certification> current = stores_.certifications.Get(id);
  if (!current.ok()) return current.status();
  if (absl::Status s = CheckEtag("certification.etag", request.certification().etag(),
                                 current->etag(), CertificationName(id));
      !s.ok()) {
    return s;
  }
  v1::Certification changed = *current;
  if (absl::Status s = ApplyFieldMask(request.update_mask(), CertificationUpdatableFields(),
                                      request.certification(), &changed);
      !s.ok()) {
    return s;
  }
  if (!changed.has_active()) changed.set_active(false);
  if (absl::Status s = Nested("certification.", ValidateCertification(changed)); !s.ok()) {
    return s;
  }
  if (changed.SerializeAsString() == current->SerializeAsString()) return *current;
  // Courses already earning it stay, even when retired since: retiring a course must not make
  // its certification impossible to edit.
  const std::vector<std::string> known(current->course_ids().begin(), current->course_ids().end());
  if (absl::Status s = CheckCourses(changed, known); !s.ok()) return s;
  return stores_.certifications.Update(changed, VersionFromEtag(current->etag()), call.Stamp(),
                                       clock_());
}

absl::StatusOr<std::vector<v1::CertificationStatus>> CertificationHandler::Statuses(
    const CallContext& call, const std::string& employee_id, const std::string& team_id,
    const std::string& certification_id, absl::Time as_of) {
  std::vector<v1::Certification> certifications;
  if (!certification_id.empty()) {
    absl::StatusOr<v1::Certification> one = stores_.certifications.Get(certification_id);
    if (absl::IsNotFound(one.status())) {
      return absl::NotFoundError(
          absl::StrCat("certification_id: certification '", certification_id, "' not found"));
    }
    if (!one.ok()) return one.status();
    if (one->active()) certifications.push_back(*std::move(one));
  } else {
    std::string after;
    while (true) {
      absl::StatusOr<std::vector<v1::Certification>> page =
          stores_.certifications.List(db::CertificationFilter{"", true}, after, kReadPage);
      if (!page.ok()) return page.status();
      for (v1::Certification& c : *page) certifications.push_back(std::move(c));
      if (static_cast<int>(page->size()) < kReadPage) break;
      after = certifications.back().certification_id();
    }
  }
  absl::StatusOr<std::vector<v1::Person>> people =
      PeopleInReach(call, stores_.people, stores_.teams, employee_id, team_id);
  if (!people.ok()) return people.status();
  if (certifications.empty() || people->empty()) return std::vector<v1::CertificationStatus>();
  absl::StatusOr<std::map<std::string, std::vector<v1::TrainingCompletion>>> completions =
      CompletionsByPerson(stores_.completions, *people, as_of);
  if (!completions.ok()) return completions.status();
  const bool named_pair = !employee_id.empty() && !certification_id.empty();
  const absl::CivilDay day = DayOf(as_of);
  static const std::vector<v1::TrainingCompletion> kNone;
  std::vector<v1::CertificationStatus> statuses;
  for (const v1::Person& person : *people) {
    auto found = completions->find(person.employee_id());
    const std::vector<v1::TrainingCompletion>& theirs =
        found == completions->end() ? kNone : found->second;
    for (const v1::Certification& certification : certifications) {
      absl::StatusOr<CertificationWalk> walk = WalkCompletions(certification, theirs);
      if (!walk.ok()) return walk.status();
      if (!named_pair && walk->counted == 0 && !Requires(certification, person)) continue;
      statuses.push_back(StatusOf(certification, person, *walk, day));
    }
  }
  return statuses;
}

absl::StatusOr<v1::ListCertificationStatusesResponse>
CertificationHandler::ListCertificationStatuses(
    const CallContext& call, const v1::ListCertificationStatusesRequest& request) {
  absl::StatusOr<ListPage> page =
      ListPage::Start(request, "certificationStatuses", call.PageScope(), 2);
  if (!page.ok()) return page.status();
  Violations violations;
  CheckOptionalIdentifier(violations, "employee_id", request.employee_id());
  CheckOptionalIdentifier(violations, "team_id", request.team_id());
  CheckOptionalIdentifier(violations, "certification_id", request.certification_id());
  if (!violations.empty()) return violations.ToStatus();
  const absl::Time as_of = AsOf(&request.as_of_time(), request.has_as_of_time(), clock_());
  absl::StatusOr<std::vector<v1::CertificationStatus>> all =
      Statuses(call, request.employee_id(), request.team_id(), request.certification_id(), as_of);
  if (!all.ok()) return all.status();
  std::sort(all->begin(), all->end(),
            [](const v1::CertificationStatus& a, const v1::CertificationStatus& b) {
              return StatusKey(a) < StatusKey(b);
            });
  std::vector<v1::CertificationStatus> rows =
      After(*std::move(all), page->after(), page->fetch_limit(), StatusKey);
  v1::ListCertificationStatusesResponse response;
  response.set_next_page_token(page->Finish(rows, StatusKey));
  for (v1::CertificationStatus& s : rows) *response.add_statuses() = std::move(s);
  return response;
}

absl::StatusOr<v1::ListExpiringCertificationsResponse>
CertificationHandler::ListExpiringCertifications(
    const CallContext& call, const v1::ListExpiringCertificationsRequest& request) {
  absl::StatusOr<ListPage> page =
      ListPage::Start(request, "expiringCertifications", call.PageScope(), 3);
  if (!page.ok()) return page.status();
  Violations violations;
  CheckOptionalIdentifier(violations, "employee_id", request.employee_id());
  CheckOptionalIdentifier(violations, "team_id", request.team_id());
  CheckOptionalIdentifier(violations, "certification_id", request.certification_id());
  if (request.within_days() < 0 || request.within_days() > kMaxWithinDays) {
    violations.Add("within_days",
                   absl::StrCat("must be between 0 and ", kMaxWithinDays,
                                " (0: ", kDefaultWithinDays, "), got ", request.within_days()));
  }
  if (!violations.empty()) return violations.ToStatus();
  const absl::Time as_of = AsOf(&request.as_of_time(), request.has_as_of_time(), clock_());
  const int within = request.within_days() == 0 ? kDefaultWithinDays : request.within_days();
  const std::string horizon = DateText(DayOf(as_of) + within);
  absl::StatusOr<std::vector<v1::CertificationStatus>> all =
      Statuses(call, request.employee_id(), request.team_id(), request.certification_id(), as_of);
  if (!all.ok()) return all.status();
  std::vector<v1::CertificationStatus> expiring;
  for (v1::CertificationStatus& s : *all) {
    if (s.expiry_date().empty()) continue;
    const bool expired = s.state() == v1::CERTIFICATION_STATE_EXPIRED;
    if (expired ? request.exclude_expired() : s.expiry_date() >= horizon) continue;
    expiring.push_back(std::move(s));
  }
  std::sort(expiring.begin(), expiring.end(),
            [](const v1::CertificationStatus& a, const v1::CertificationStatus& b) {
              return ExpiryKey(a) < ExpiryKey(b);
            });
  std::vector<v1::CertificationStatus> rows =
      After(std::move(expiring), page->after(), page->fetch_limit(), ExpiryKey);
  v1::ListExpiringCertificationsResponse response;
  response.set_next_page_token(page->Finish(rows, ExpiryKey));
  for (v1::CertificationStatus& s : rows) *response.add_statuses() = std::move(s);
  return response;
}

}  // namespace escala::server
