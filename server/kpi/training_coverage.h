#pragma once

// Training coverage of a group of people: who completed the required courses of the learning
// paths of their role and level, and who holds each certification their role and level require,
// on one day. A pure function of the directory rows, the definitions and the completion records
// (the learning path and certification arithmetic of server/training), so that the KPI report's
// figure and the paths' and certifications' own views always agree.

#include <map>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "escala/v1/certifications.pb.h"
#include "escala/v1/completions.pb.h"
#include "escala/v1/learning_paths.pb.h"
#include "escala/v1/people.pb.h"
#include "escala/v1/reports.pb.h"

namespace escala::server {

// The coverage of `people` on `as_of` (the UTC date the report ends on): per person, every active
// path of `paths` that applies to them and requires at least one course must have all its
// required courses completed; every active certification of `certifications` that `Requires`
// of them must be CERTIFIED or RENEWAL_OPEN on `as_of`. `completions` holds each person's
// completion records known at the as-of time, by employee_id. Rates are percent; low_sample
// flags fewer path people than `low_sample_threshold`. as_of_time is left for the caller.
v1::TrainingCoverage ComputeTrainingCoverage(
    const std::vector<v1::Person>& people, const std::vector<v1::LearningPath>& paths,
    const std::vector<v1::Certification>& certifications,
    const std::map<std::string, std::vector<v1::TrainingCompletion>>& completions,
    absl::CivilDay as_of, int64_t low_sample_threshold);

}  // namespace escala::server
