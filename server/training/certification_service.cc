#include "server/training/certification_service.h"

namespace escala::server {

grpc::ServerUnaryReactor* CertificationService::CreateCertification(
    grpc::CallbackServerContext* context, const v1::CreateCertificationRequest* request,
    v1::Certification* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.CertificationService/CreateCertification",
                     [this, request](const CallContext& call) {
                       return handler_.CreateCertification(call, *request);
                     });
}

grpc::ServerUnaryReactor* CertificationService::GetCertification(
    grpc::CallbackServerContext* context, const v1::GetCertificationRequest* request,
    v1::Certification* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.CertificationService/GetCertification",
                     [this, request](const CallContext& call) {
                       return handler_.GetCertification(call, *request);
                     });
}

grpc::ServerUnaryReactor* CertificationService::ListCertifications(
    grpc::CallbackServerContext* context, const v1::ListCertificationsRequest* request,
    v1::ListCertificationsResponse* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.CertificationService/ListCertifications",
                     [this, request](const CallContext& call) {
                       return handler_.ListCertifications(call, *request);
                     });
}

grpc::ServerUnaryReactor* CertificationService::UpdateCertification(
    grpc::CallbackServerContext* context, const v1::UpdateCertificationRequest* request,
    v1::Certification* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.CertificationService/UpdateCertification",
                     [this, request](const CallContext& call) {
                       return handler_.UpdateCertification(call, *request);
                     });
}

grpc::ServerUnaryReactor* CertificationService::ListCertificationStatuses(
    grpc::CallbackServerContext* context, const v1::ListCertificationStatusesRequest* request,
    v1::ListCertificationStatusesResponse* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.CertificationService/ListCertificationStatuses",
                     [this, request](const CallContext& call) {
                       return handler_.ListCertificationStatuses(call, *request);
                     });
}

grpc::ServerUnaryReactor* CertificationService::ListExpiringCertifications(
    grpc::CallbackServerContext* context, const v1::ListExpiringCertificationsRequest* request,
    v1::ListExpiringCertificationsResponse* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.CertificationService/ListExpiringCertifications",
                     [this, request](const CallContext& call) {
                       return handler_.ListExpiringCertifications(call, *request);
                     });
}

}  // namespace escala::server
