#pragma once

#include <cstddef>

namespace escala::server {

// Worker threads running a task now, over every WorkerPool (worker_pool.h) of the process: the
// server has one. For the metrics; the pool's own interface stays as its many users know it.
std::size_t WorkersBusy();

}  // namespace escala::server
