#include "exec/Scheduler.h"

#include <gtest/gtest.h>

using namespace flytec::runtime;

namespace {

Budget slots(unsigned n, double cpu = 8, int64_t memory = 1 << 30, int64_t gpu = 0) {
  Budget b;
  b.maxParallel = n;
  b.cpu = cpu;
  b.memory = memory;
  b.gpu = gpu;
  return b;
}

using Jobs = std::vector<Scheduler::JobId>;

} // namespace

TEST(Scheduler, AdmitsUpToTheParallelSlots) {
  Scheduler s(slots(2));
  for (Scheduler::JobId j = 1; j <= 5; ++j)
    s.enqueue(j, {}, 0);
  EXPECT_EQ(s.admit(), (Jobs{1, 2}));
  EXPECT_EQ(s.admit(), Jobs{});
  s.finished(1);
  EXPECT_EQ(s.admit(), Jobs{3});
  EXPECT_EQ(s.running(), 2u);
  EXPECT_EQ(s.waiting(), 2u);
}

TEST(Scheduler, LongestCriticalPathFirstThenFifo) {
  Scheduler s(slots(1));
  s.enqueue(1, {}, 1);
  s.enqueue(2, {}, 5);
  s.enqueue(3, {}, 5);
  s.enqueue(4, {}, 2);
  Jobs order;
  for (int i = 0; i < 4; ++i) {
    Jobs started = s.admit();
    ASSERT_EQ(started.size(), 1u);
    order.push_back(started[0]);
    s.finished(started[0]);
  }
  EXPECT_EQ(order, (Jobs{2, 3, 4, 1}));
}

TEST(Scheduler, CpuAndMemoryAreCounted) {
  Scheduler s(slots(8, /*cpu=*/4, /*memory=*/1000));
  s.enqueue(1, {3, 100, 0}, 9);
  s.enqueue(2, {2, 100, 0}, 8); // does not fit next to job 1
  s.enqueue(3, {1, 900, 0}, 7); // fits: backfills
  s.enqueue(4, {0.5, 1, 0}, 6); // memory is full
  EXPECT_EQ(s.admit(), (Jobs{1, 3}));
  s.finished(3);
  EXPECT_EQ(s.admit(), Jobs{4});
  s.finished(1);
  EXPECT_EQ(s.admit(), Jobs{2});
}

TEST(Scheduler, GpusAreCountedAndOversizedRequestsRunAlone) {
  Scheduler s(slots(4, 2, 1000, /*gpu=*/1));
  s.enqueue(1, {64, 1 << 20, 4}, 0); // more than the machine: clamped, runs alone
  s.enqueue(2, {0, 0, 1}, 0);
  EXPECT_EQ(s.admit(), Jobs{1});
  EXPECT_EQ(s.admit(), Jobs{});
  s.finished(1);
  EXPECT_EQ(s.admit(), Jobs{2});
}

TEST(Scheduler, FinishingAWaitingJobCancelsIt) {
  Scheduler s(slots(1));
  s.enqueue(1, {}, 0);
  s.enqueue(2, {}, 0);
  EXPECT_EQ(s.admit(), Jobs{1});
  s.finished(2);
  EXPECT_EQ(s.waiting(), 0u);
  s.finished(1);
  EXPECT_EQ(s.admit(), Jobs{});
  s.finished(42); // unknown: nothing happens
  EXPECT_EQ(s.running(), 0u);
}
