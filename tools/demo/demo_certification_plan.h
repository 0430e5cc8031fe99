#pragma once

// What the demo's training history looks like: two certifications and a learning path for L1
// agents, and completions from before Escala (imported as the previous system's records) that
// leave the demo agent and their teammates with certifications held, two expiring within 30
// days of the demo's "today", one expired, and partial progress on the path. A pure function of
// the demo data and its window, so that loading twice sends the same records.

#include <string>
#include <vector>

#include "escala/v1/certifications.pb.h"
#include "escala/v1/completions.pb.h"
#include "escala/v1/learning_paths.pb.h"
#include "tools/demo/demo_data.h"

namespace escala::demo {

struct DemoCertificationPlan {
  // Who writes the definitions and imports the history: the first active trainer. Empty when
  // the data has no trainer, and then the plan is empty too.
  std::string author_employee_id;
  std::vector<escala::v1::Certification> certifications;
  std::vector<escala::v1::LearningPath> paths;
  // Completions of the demo course catalogue (tools/demo/demo_training_plan.cc) from before the
  // demo's window, at 10:00 UTC on days counted back from options.end.
  std::vector<escala::v1::CompletionImportRecord> history;
  // Fixed per seed and day, so that a second load replays the import.
  std::string history_request_id;
};

DemoCertificationPlan PlanDemoCertifications(const DemoData& data, const DemoOptions& options);

}  // namespace escala::demo
