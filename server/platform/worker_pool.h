#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace escala::server {

// A fixed set of threads that run the blocking database work of RPCs, so that gRPC's own
// callback threads never wait on SOCI (blocking them starves gRPC's executor).
class WorkerPool {
 public:
  explicit WorkerPool(std::size_t threads);
  ~WorkerPool();  // Stop()s
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `task`; false when the pool is stopped.
  bool Submit(std::function<void()> task);
  // Tasks queued and not yet started: the signal for shedding load.
  std::size_t queued() const;
  // Runs what is queued, then joins the threads.
  void Stop();

 private:
  void Run();

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace escala::server
