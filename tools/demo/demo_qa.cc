#include "tools/demo/demo_qa.h"

#include <string>

#include "client/qa/scorecard_file.h"
#include "tools/demo/demo_assignments.h"
#include "tools/demo/demo_calibration.h"
#include "tools/demo/demo_evaluations.h"
#include "tools/demo/demo_qa_client.h"
#include "tools/demo/demo_qa_plan.h"
#include "tools/demo/demo_scorecard_files.h"

namespace escala::demo {

absl::Status LoadDemoQa(const DemoData& data, const DemoOptions& options,
                        const client::ChannelSettings& admin, absl::Duration rpc_timeout,
                        std::ostream& out) {
  if (DemoScorecardFiles().empty()) return absl::OkStatus();
  const DemoScorecardFile& file = DemoScorecardFiles().front();
  absl::StatusOr<v1::Scorecard> card = client::ParseScorecardJson(file.json, file.name);
  if (!card.ok()) return card.status();
  const DemoQaPlan plan = PlanDemoQa(data, options, *card);
  if (plan.evaluations.empty()) {
    out << "QA work: no agents, team leads or QA analysts in the demo data\n";
    return absl::OkStatus();
  }
  DemoQaClient client(admin, rpc_timeout);
  absl::StatusOr<std::string> evaluations = LoadDemoEvaluations(plan, client);
  if (!evaluations.ok()) return evaluations.status();
  out << *evaluations << std::flush;
  absl::StatusOr<std::string> assignments = LoadDemoAssignments(plan, client);
  if (!assignments.ok()) return assignments.status();
  out << *assignments << std::flush;
  absl::StatusOr<std::string> calibrations = LoadDemoCalibrations(plan, client);
  if (!calibrations.ok()) return calibrations.status();
  out << *calibrations << std::flush;
  return absl::OkStatus();
}

}  // namespace escala::demo
