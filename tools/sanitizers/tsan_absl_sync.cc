// ThreadSanitizer builds only (ESCALA_SANITIZE=thread): makes absl::Mutex and absl::CondVar
// visible to ThreadSanitizer.
//
// Debian's Abseil is not instrumented, so ThreadSanitizer sees neither side of an absl::Mutex:
// every access the project makes under one would be reported as a race, and the same holds for
// the data gRPC hands between threads under its own absl::Mutex. The executables of a
// ThreadSanitizer build link this file, whose definitions of the Mutex and CondVar members take
// precedence over the library's (for the callers in libgrpc too, since the executable exports
// them): each calls the library's own function, found with dlsym(RTLD_NEXT), and tells
// ThreadSanitizer that taking the lock (in Lock(), or inside the library before it evaluates
// the condition of LockWhen or Await) acquires what was released by the last unlock. Only the
// happens-before edges are modelled, not lock ownership, so ThreadSanitizer's lock-order checks
// do not cover absl::Mutex.
#include <dlfcn.h>
#include <sanitizer/tsan_interface.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/base/config.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace {

// The library's definition of the member whose mangled name continues with `tail` after
// "_ZN4absl" and the inline namespace, e.g. "5Mutex4LockEv" for Mutex::Lock().
template <typename Fn>
Fn Real(const char* tail) {
  std::string name = "_ZN4absl";
#if ABSL_OPTION_USE_INLINE_NAMESPACE
  const std::string inline_namespace = ABSL_INTERNAL_TOKEN_STR(ABSL_OPTION_INLINE_NAMESPACE_NAME);
  name += std::to_string(inline_namespace.size()) + inline_namespace;
#endif
  name += tail;
  void* fn = dlsym(RTLD_NEXT, name.c_str());
  if (fn == nullptr) {
    std::fprintf(stderr, "tsan_absl_sync: %s not found in Abseil: %s\n", name.c_str(), dlerror());
    std::abort();
  }
  return reinterpret_cast<Fn>(fn);
}

// A lock was taken: what the last unlock released happens before what follows.
void Acquired(absl::Mutex* mu) { __tsan_acquire(mu); }
// A lock is about to be given up (an unlock, or a wait that gives it up for a while).
void Releasing(absl::Mutex* mu) { __tsan_release(mu); }

// The conditions of LockWhen and Await are evaluated by Abseil with the lock held, after it
// took the lock internally (not through Lock()), sometimes on the thread that is unlocking: the
// condition given to the library acquires before it evaluates the caller's, and releases after,
// since whoever takes the lock next must come after what the evaluation read.
struct Guarded {
  const absl::Condition* condition;
  absl::Mutex* mu;
};
bool EvaluateAcquired(Guarded* guarded) {
  Acquired(guarded->mu);
  const bool met = guarded->condition->Eval();
  Releasing(guarded->mu);
  return met;
}

using Plain = void (*)(absl::Mutex*);
using Try = bool (*)(absl::Mutex*);
using When = void (*)(absl::Mutex*, const absl::Condition&);
using WhenTimeout = bool (*)(absl::Mutex*, const absl::Condition&, absl::Duration);
using WhenDeadline = bool (*)(absl::Mutex*, const absl::Condition&, absl::Time);
using CvWait = void (*)(absl::CondVar*, absl::Mutex*);
using CvWaitTimeout = bool (*)(absl::CondVar*, absl::Mutex*, absl::Duration);
using CvWaitDeadline = bool (*)(absl::CondVar*, absl::Mutex*, absl::Time);

}  // namespace

namespace absl {
ABSL_NAMESPACE_BEGIN

void Mutex::Lock() {
  static const Plain real = Real<Plain>("5Mutex4LockEv");
  real(this);
  Acquired(this);
}

void Mutex::ReaderLock() {
  static const Plain real = Real<Plain>("5Mutex10ReaderLockEv");
  real(this);
  Acquired(this);
}

bool Mutex::TryLock() {
  static const Try real = Real<Try>("5Mutex7TryLockEv");
  const bool locked = real(this);
  if (locked) Acquired(this);
  return locked;
}

bool Mutex::ReaderTryLock() {
  static const Try real = Real<Try>("5Mutex13ReaderTryLockEv");
  const bool locked = real(this);
  if (locked) Acquired(this);
  return locked;
}

void Mutex::Unlock() {
  static const Plain real = Real<Plain>("5Mutex6UnlockEv");
  Releasing(this);
  real(this);
}

void Mutex::ReaderUnlock() {
  static const Plain real = Real<Plain>("5Mutex12ReaderUnlockEv");
  Releasing(this);
  real(this);
}

void Mutex::LockWhen(const Condition& cond) {
  static const When real = Real<When>("5Mutex8LockWhenERKNS0_9ConditionE");
  Guarded guarded{&cond, this};
  real(this, Condition(&EvaluateAcquired, &guarded));
  Acquired(this);
}

void Mutex::ReaderLockWhen(const Condition& cond) {
  static const When real = Real<When>("5Mutex14ReaderLockWhenERKNS0_9ConditionE");
  Guarded guarded{&cond, this};
  real(this, Condition(&EvaluateAcquired, &guarded));
  Acquired(this);
}

// The *WithTimeout and *WithDeadline forms hold the lock on return whether or not the condition
// became true.
bool Mutex::LockWhenWithTimeout(const Condition& cond, Duration timeout) {
  static const WhenTimeout real =
      Real<WhenTimeout>("5Mutex19LockWhenWithTimeoutERKNS0_9ConditionENS0_8DurationE");
  Guarded guarded{&cond, this};
  const bool met = real(this, Condition(&EvaluateAcquired, &guarded), timeout);
  Acquired(this);
  return met;
}

bool Mutex::ReaderLockWhenWithTimeout(const Condition& cond, Duration timeout) {
  static const WhenTimeout real =
      Real<WhenTimeout>("5Mutex25ReaderLockWhenWithTimeoutERKNS0_9ConditionENS0_8DurationE");
  Guarded guarded{&cond, this};
  const bool met = real(this, Condition(&EvaluateAcquired, &guarded), timeout);
  Acquired(this);
  return met;
}

bool Mutex::LockWhenWithDeadline(const Condition& cond, Time deadline) {
  static const WhenDeadline real =
      Real<WhenDeadline>("5Mutex20LockWhenWithDeadlineERKNS0_9ConditionENS0_4TimeE");
  Guarded guarded{&cond, this};
  const bool met = real(this, Condition(&EvaluateAcquired, &guarded), deadline);
  Acquired(this);
  return met;
}

bool Mutex::ReaderLockWhenWithDeadline(const Condition& cond, Time deadline) {
  static const WhenDeadline real =
      Real<WhenDeadline>("5Mutex26ReaderLockWhenWithDeadlineERKNS0_9ConditionENS0_4TimeE");
  Guarded guarded{&cond, this};
  const bool met = real(this, Condition(&EvaluateAcquired, &guarded), deadline);
  Acquired(this);
  return met;
}

// Await gives the lock up while it waits and takes it again before it returns.
void Mutex::Await(const Condition& cond) {
  static const When real = Real<When>("5Mutex5AwaitERKNS0_9ConditionE");
  Guarded guarded{&cond, this};
  Releasing(this);
  real(this, Condition(&EvaluateAcquired, &guarded));
  Acquired(this);
}

bool Mutex::AwaitWithTimeout(const Condition& cond, Duration timeout) {
  static const WhenTimeout real =
      Real<WhenTimeout>("5Mutex16AwaitWithTimeoutERKNS0_9ConditionENS0_8DurationE");
  Guarded guarded{&cond, this};
  Releasing(this);
  const bool met = real(this, Condition(&EvaluateAcquired, &guarded), timeout);
  Acquired(this);
  return met;
}

bool Mutex::AwaitWithDeadline(const Condition& cond, Time deadline) {
  static const WhenDeadline real =
      Real<WhenDeadline>("5Mutex17AwaitWithDeadlineERKNS0_9ConditionENS0_4TimeE");
  Guarded guarded{&cond, this};
  Releasing(this);
  const bool met = real(this, Condition(&EvaluateAcquired, &guarded), deadline);
  Acquired(this);
  return met;
}

void CondVar::Wait(Mutex* mu) {
  static const CvWait real = Real<CvWait>("7CondVar4WaitEPNS0_5MutexE");
  Releasing(mu);
  real(this, mu);
  Acquired(mu);
}

bool CondVar::WaitWithTimeout(Mutex* mu, Duration timeout) {
  static const CvWaitTimeout real =
      Real<CvWaitTimeout>("7CondVar15WaitWithTimeoutEPNS0_5MutexENS0_8DurationE");
  Releasing(mu);
  const bool timed_out = real(this, mu, timeout);
  Acquired(mu);
  return timed_out;
}

bool CondVar::WaitWithDeadline(Mutex* mu, Time deadline) {
  static const CvWaitDeadline real =
      Real<CvWaitDeadline>("7CondVar16WaitWithDeadlineEPNS0_5MutexENS0_4TimeE");
  Releasing(mu);
  const bool timed_out = real(this, mu, deadline);
  Acquired(mu);
  return timed_out;
}

ABSL_NAMESPACE_END
}  // namespace absl
