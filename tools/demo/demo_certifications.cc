#include "tools/demo/demo_certifications.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "escala/v1/certifications.grpc.pb.h"
#include "escala/v1/completions.grpc.pb.h"
#include "escala/v1/learning_paths.grpc.pb.h"

namespace escala::demo {

namespace v1 = escala::v1;

absl::StatusOr<std::string> LoadDemoCertifications(const DemoCertificationPlan& plan,
                                                   DemoQaClient& client) {
  if (plan.author_employee_id.empty()) {
    return std::string("certifications: no trainer in the demo data, none loaded\n");
  }
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = client.As(plan.author_employee_id);
  if (!channel.ok()) return channel.status();
  int certifications = 0, paths = 0;
  const std::unique_ptr<v1::CertificationService::Stub> certification_stub =
      v1::CertificationService::NewStub(*channel);
  for (const v1::Certification& certification : plan.certifications) {
    v1::CreateCertificationRequest request;
    *request.mutable_certification() = certification;
    v1::Certification created;
    grpc::ClientContext context;
    client.Prepare(context);
    const grpc::Status status =
        certification_stub->CreateCertification(&context, request, &created);
    if (status.error_code() == grpc::StatusCode::ALREADY_EXISTS) continue;
    if (!status.ok()) {
      return DemoCallFailed(status, "CreateCertification " + certification.certification_id());
    }
    ++certifications;
  }
  const std::unique_ptr<v1::LearningPathService::Stub> path_stub =
      v1::LearningPathService::NewStub(*channel);
  for (const v1::LearningPath& path : plan.paths) {
    v1::CreateLearningPathRequest request;
    *request.mutable_learning_path() = path;
    v1::LearningPath created;
    grpc::ClientContext context;
    client.Prepare(context);
    const grpc::Status status = path_stub->CreateLearningPath(&context, request, &created);
    if (status.error_code() == grpc::StatusCode::ALREADY_EXISTS) continue;
    if (!status.ok()) {
      return DemoCallFailed(status, "CreateLearningPath " + path.learning_path_id());
    }
    ++paths;
  }
  v1::ImportCompletionsRequest request;
  for (const v1::CompletionImportRecord& record : plan.history) *request.add_completions() = record;
  request.set_mode(v1::IMPORT_MODE_ALL_OR_NOTHING);
  request.set_request_id(plan.history_request_id);
  v1::ImportCompletionsResponse imported;
  if (request.completions_size() > 0) {
    grpc::ClientContext context;
    client.Prepare(context);
    const grpc::Status status =
        v1::CompletionService::NewStub(*channel)->ImportCompletions(&context, request, &imported);
    if (!status.ok()) return DemoCallFailed(status, "ImportCompletions");
  }
  return absl::StrCat("certifications: ", certifications, " certifications and ", paths,
                      " learning paths written; training history: ", imported.imported_count(),
                      " completions imported (", imported.already_present_count(),
                      " already present)\n");
}

}  // namespace escala::demo
