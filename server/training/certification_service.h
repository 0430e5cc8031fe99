#pragma once

#include "escala/v1/certifications.grpc.pb.h"
#include "server/platform/unary_call.h"
#include "server/training/certification_handler.h"

namespace escala::server {

// gRPC adapter of CertificationService: each call is admitted by the access gate, then runs
// CertificationHandler on the worker pool.
class CertificationService final : public v1::CertificationService::CallbackService {
 public:
  CertificationService(CertificationHandler& handler, CallRuntime& runtime)
      : handler_(handler), runtime_(runtime) {}

  grpc::ServerUnaryReactor* CreateCertification(grpc::CallbackServerContext* context,
                                                const v1::CreateCertificationRequest* request,
                                                v1::Certification* response) override;
  grpc::ServerUnaryReactor* GetCertification(grpc::CallbackServerContext* context,
                                             const v1::GetCertificationRequest* request,
                                             v1::Certification* response) override;
  grpc::ServerUnaryReactor* ListCertifications(grpc::CallbackServerContext* context,
                                               const v1::ListCertificationsRequest* request,
                                               v1::ListCertificationsResponse* response) override;
  grpc::ServerUnaryReactor* UpdateCertification(grpc::CallbackServerContext* context,
                                                const v1::UpdateCertificationRequest* request,
                                                v1::Certification* response) override;
  grpc::ServerUnaryReactor* ListCertificationStatuses(
      grpc::CallbackServerContext* context, const v1::ListCertificationStatusesRequest* request,
      v1::ListCertificationStatusesResponse* response) override;
  grpc::ServerUnaryReactor* ListExpiringCertifications(
      grpc::CallbackServerContext* context, const v1::ListExpiringCertificationsRequest* request,
      v1::ListExpiringCertificationsResponse* response) override;

 private:
  CertificationHandler& handler_;
  CallRuntime& runtime_;
};

}  // namespace escala::server
