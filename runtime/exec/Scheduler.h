// Admission control (TOOLCHAIN.md "The runtime"): which ready tasks start
// now. A task starts when it fits what is left of the budget — parallel
// slots (`--max-parallel`), CPU cores, memory and GPUs of the machine — and
// among those that are waiting the one with the longest critical path goes
// first (ties: the one that became ready first), so the chain that bounds
// the execution's length never waits behind short side work.
//
// It only decides; it starts nothing and knows nothing of tasks, so it is
// tested by calling it (test/unit/runtime/SchedulerTest.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <set>
#include <unordered_map>
#include <vector>

namespace flytec::runtime {

struct ResourceRequest {
  double cpu = 0;     // cores
  int64_t memory = 0; // bytes
  int64_t gpu = 0;
};

struct Budget {
  unsigned maxParallel = 1;
  double cpu = 1;
  int64_t memory = 0;
  int64_t gpu = 0;
  /// This machine's cores, memory and GPUs (none are counted), with
  /// `maxParallel` slots (0: as many as cores).
  static Budget ofMachine(unsigned maxParallel);
};

class Scheduler {
public:
  using JobId = uint64_t;

  explicit Scheduler(Budget budget) : budget_(budget) {}

  /// A job whose inputs are ready. A request bigger than the whole budget is
  /// cut down to the budget: the job then runs alone rather than never.
  void enqueue(JobId job, ResourceRequest request, int64_t priority);
  /// The jobs to start now, in order; they count as running until finished().
  std::vector<JobId> admit();
  /// A running job ended (or a waiting one was cancelled): frees its share.
  void finished(JobId job);

  size_t running() const { return running_.size(); }
  size_t waiting() const { return waiting_.size(); }
  const Budget &budget() const { return budget_; }

private:
  struct Waiting {
    int64_t priority;
    uint64_t order;
    JobId job;
    bool operator<(const Waiting &o) const {
      return priority != o.priority ? priority > o.priority : order < o.order;
    }
  };
  bool fits(const ResourceRequest &r) const;

  Budget budget_;
  std::set<Waiting> waiting_;
  std::unordered_map<JobId, ResourceRequest> requests_;
  std::unordered_map<JobId, std::set<Waiting>::iterator> waitingIndex_;
  std::unordered_map<JobId, ResourceRequest> running_;
  double cpuUsed_ = 0;
  int64_t memoryUsed_ = 0;
  int64_t gpuUsed_ = 0;
  uint64_t order_ = 0;
};

} // namespace flytec::runtime
