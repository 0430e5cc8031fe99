#pragma once

#include "absl/time/time.h"
#include "db/training/certification_repository.h"
#include "server/platform/periodic_task.h"
#include "server/training/certification_handler.h"

namespace escala::server {

// Puts certification expiries on the event feed. An expiry is the passing of a date, not a
// write, so nothing else would ever announce it: every round reads everyone's certification
// statuses as of now and records each EXPIRED one not recorded before
// (db::CertificationRepository::RecordExpiry, with its event and audit in one transaction).
// The server runs a round soon after start-up, so that expiries that came while it was down are
// announced, and then every interval.
class CertificationExpiryNotifier {
 public:
  // The principal and method that stamp the audit events written here.
  static constexpr char kPrincipal[] = "system";
  static constexpr char kMethod[] = "escala.server/AnnounceCertificationExpiries";

  CertificationExpiryNotifier(CertificationHandler& statuses,
                              db::CertificationRepository& certifications, Clock clock)
      : statuses_(statuses),
        certifications_(certifications),
        clock_(std::move(clock)),
        rounds_([this] { AnnounceExpiries(); }) {}
  CertificationExpiryNotifier(const CertificationExpiryNotifier&) = delete;
  CertificationExpiryNotifier& operator=(const CertificationExpiryNotifier&) = delete;

  // One round; returns how many expiries were announced. Failures are logged and retried at the
  // next round.
  int AnnounceExpiries();
  // The first round at once (on the task's thread), then every `interval`.
  void Start(absl::Duration interval) { rounds_.Start(interval, absl::ZeroDuration()); }
  void Stop() { rounds_.Stop(); }

 private:
  CertificationHandler& statuses_;
  db::CertificationRepository& certifications_;
  Clock clock_;
  // Last: its thread must stop before the members it uses go.
  PeriodicTask rounds_;
};

}  // namespace escala::server
