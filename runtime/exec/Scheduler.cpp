#include "exec/Scheduler.h"

#include <algorithm>
#include <thread>
#include <unistd.h>

namespace flytec::runtime {

Budget Budget::ofMachine(unsigned maxParallel) {
  Budget b;
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  b.maxParallel = maxParallel ? maxParallel : cores;
  b.cpu = cores;
  long pages = sysconf(_SC_PHYS_PAGES), pageSize = sysconf(_SC_PAGE_SIZE);
  b.memory = pages > 0 && pageSize > 0 ? int64_t(pages) * pageSize : int64_t(1) << 40;
  b.gpu = 0;
  return b;
}

void Scheduler::enqueue(JobId job, ResourceRequest request, int64_t priority) {
  // Clamp to the budget, so that a job asking for more than the machine has
  // runs alone instead of waiting forever. GPUs the machine lacks make it
  // run alone too: it takes all of the CPU and memory.
  if (request.gpu > budget_.gpu) {
    request.cpu = budget_.cpu;
    request.memory = budget_.memory;
  }
  request.cpu = std::min(request.cpu, budget_.cpu);
  request.memory = std::min(request.memory, budget_.memory);
  request.gpu = std::min(request.gpu, budget_.gpu);
  requests_[job] = request;
  waitingIndex_[job] = waiting_.insert({priority, order_++, job}).first;
}

bool Scheduler::fits(const ResourceRequest &r) const {
  return running_.size() < budget_.maxParallel && cpuUsed_ + r.cpu <= budget_.cpu + 1e-9 &&
         memoryUsed_ + r.memory <= budget_.memory && gpuUsed_ + r.gpu <= budget_.gpu;
}

std::vector<Scheduler::JobId> Scheduler::admit() {
  std::vector<JobId> started;
  // Highest priority first; a job that does not fit does not block smaller
  // ones behind it (backfilling). Nothing is reserved for the big job, so a
  // stream of small ones can delay it; workflows are finite, so it starts
  // once they are done.
  for (auto it = waiting_.begin(); it != waiting_.end() && running_.size() < budget_.maxParallel;) {
    const ResourceRequest &r = requests_[it->job];
    if (!fits(r)) {
      ++it;
      continue;
    }
    JobId job = it->job;
    running_[job] = r;
    cpuUsed_ += r.cpu;
    memoryUsed_ += r.memory;
    gpuUsed_ += r.gpu;
    waitingIndex_.erase(job);
    requests_.erase(job);
    it = waiting_.erase(it);
    started.push_back(job);
  }
  return started;
}

void Scheduler::finished(JobId job) {
  if (auto w = waitingIndex_.find(job); w != waitingIndex_.end()) {
    waiting_.erase(w->second);
    waitingIndex_.erase(w);
    requests_.erase(job);
    return;
  }
  auto it = running_.find(job);
  if (it == running_.end())
    return;
  cpuUsed_ -= it->second.cpu;
  memoryUsed_ -= it->second.memory;
  gpuUsed_ -= it->second.gpu;
  running_.erase(it);
}

} // namespace flytec::runtime
