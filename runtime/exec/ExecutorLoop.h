// The executor's loop (Executor.h): frames, nodes and the queue plugins
// report to. Private to exec/; split over Executor.cpp (graphs: readiness,
// expressions, branches, maps, subworkflows, gates, dynamic nodes) and
// TaskNodes.cpp (tasks: cache, scheduler, attempts, retries).
#pragma once

#include "exec/DynamicJit.h"
#include "exec/Executor.h"
#include "exec/Scheduler.h"
#include "store/ExecutionState.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <queue>

namespace flytec::runtime {

using Clock = std::chrono::steady_clock;

struct Frame;

enum class RunState : uint8_t { Waiting, Running, Succeeded, Failed, Skipped };

/// A map node's elements.
struct MapRun {
  std::vector<ir::Value> items;
  std::vector<std::optional<ValueMap>> results; // per element, when it succeeded
  size_t next = 0, running = 0, finished = 0, failed = 0;
  size_t concurrency = 0; // 0: all at once
};

struct NodeRun {
  RunState state = RunState::Waiting;
  unsigned pending = 0;              // producers not finished yet
  std::vector<uint32_t> dependents;  // nodes of the same frame that wait for this one
  ValueMap inputs;                   // resolved when ready
  ValueMap outputs;
  // Tasks.
  int attempt = 0;     // attempts made by this run
  int attemptBase = 0; // attempts made before a recovery (numbering continues after them)
  uint64_t job = 0;
  std::unique_ptr<RunningTask> running;
  std::string cacheKey;
  nlohmann::json cacheExplain;
  bool cacheLeased = false;
  bool cancelled = false; // cancel() was called on `running`
  std::string error, stderrTail;
  // Maps.
  std::unique_ptr<MapRun> map;
  // Branches, subworkflows, map elements, dynamic nodes: the frames this node runs.
  std::vector<Frame *> children;
};

/// Where a graph's failure started: the node a person should look at.
struct FailureInfo {
  std::string path;
  std::string loc;
  std::string error;
  int attempts = 0;
  std::string stderrTail;
};

/// One graph being run.
struct Frame {
  const ir::Graph *graph = nullptr;
  std::string prefix;               // paths of its nodes start with this: "", "r/0/", "m/3/"
  ValueMap inputs;
  std::vector<NodeRun> nodes;
  size_t unfinished = 0;
  bool continueOnFailure = false;   // @failure_policy(continue) of its workflow
  const ir::Settings *inherited = nullptr; // a map's settings, for the calls of its body
  const ir::Package *package = nullptr;    // a dynamic expansion's own package, else the executor's
  int dynamicDepth = 0;
  /// The workflow whose graph this is (the root, a subworkflow, a dynamic
  /// node's), for its @on_failure handler; null for branch cases and map
  /// elements.
  const ir::Workflow *workflow = nullptr;
  /// An @on_failure handler's frame: the failed frame it runs for, which
  /// reports its failure once the handler is done.
  Frame *handlerFor = nullptr;
  bool failed = false;
  bool done = false;
  std::string error;                // the first failure inside, for messages
  std::optional<FailureInfo> failure; // where that failure started
  // Who waits for this frame: a node of the parent frame and which of its
  // children this is (a map element's index).
  Frame *parent = nullptr;
  uint32_t parentNode = 0;
  size_t slot = 0;
};

/// What a plugin's completion hands back to the loop.
struct Completed {
  Frame *frame;
  uint32_t node;
  int attempt;
  TaskResult result;
};

class Executor::Loop {
public:
  Loop(Executor &executor, std::string executionId, std::map<std::string, NodeState> prior);
  ~Loop();
  ExecutionOutcome run(const ir::Workflow &workflow, const ValueMap &inputs);
  /// Runs until nothing is ready, running, waiting or timed.
  void drive();

  // Executor.cpp: graphs.
  Frame *startFrame(const ir::Graph &graph, const ir::Package &pkg, std::string prefix, ValueMap inputs,
                    Frame *parent, uint32_t parentNode, size_t slot);
  void nodeReady(Frame &frame, uint32_t index);
  void succeed(Frame &frame, uint32_t index, ValueMap outputs, nlohmann::json eventData = nlohmann::json::object());
  /// `cause`: where the failure started when it comes from inside the node
  /// (a subworkflow's task), else the node itself.
  void fail(Frame &frame, uint32_t index, std::string error, const FailureInfo *cause = nullptr);
  void skip(Frame &frame, uint32_t index, llvm::StringRef reason);
  void nodeFinished(Frame &frame, uint32_t index);
  void frameFinished(Frame &frame);
  /// Stops everything inside `frame` (which failed or is being abandoned):
  /// tasks waiting for a slot leave the scheduler, running attempts are
  /// cancelled (their completions end them), nested frames stop too, and
  /// nodes with nothing running end as cancelled now.
  void cancelFrame(Frame &frame);
  void releaseLease(Frame &frame, uint32_t index);
  void reportFrame(Frame &frame, ValueMap outputs);
  Frame *startHandler(Frame &failed);
  void childFinished(Frame &parent, uint32_t index, Frame &child);
  void startMapElements(Frame &frame, uint32_t index);
  void runGate(Frame &frame, uint32_t index);
  void runDynamic(Frame &frame, uint32_t index);
  bool resolveInputs(Frame &frame, uint32_t index);
  std::string path(const Frame &frame, uint32_t index) const;
  const ir::Node &node(const Frame &frame, uint32_t index) const { return frame.graph->nodes[index]; }

  // TaskNodes.cpp: tasks.
  void runTask(Frame &frame, uint32_t index);
  void admitJobs();
  void startAttempt(Frame &frame, uint32_t index);
  void attemptCompleted(Completed &done);
  ir::Settings effectiveSettings(const Frame &frame, const ir::Node &node, const ir::Task &task) const;
  bool storeOutputs(const ir::Package &pkg, const std::vector<ir::Param> &params, ValueMap &outputs, std::string &error);

  void requestStop() {
    std::lock_guard<std::mutex> lock(mutex);
    stopRequested = true;
    wake.notify_one();
  }

  // Events.
  void record(Event event);
  bool flush();

  Executor &ex;
  const ir::Package &pkg;
  std::string id;
  std::map<std::string, NodeState> prior; // recovery: the nodes of the log so far
  Scheduler scheduler;
  std::deque<std::unique_ptr<Frame>> frames;
  std::deque<std::pair<Frame *, uint32_t>> ready; // in the order they became ready
  std::unordered_map<uint64_t, std::pair<Frame *, uint32_t>> jobs;
  uint64_t nextJob = 1;
  // Timers: retries waiting out their backoff, sleep gates.
  struct Timer {
    Clock::time_point at;
    Frame *frame;
    uint32_t node;
    bool operator>(const Timer &o) const { return at > o.at; }
  };
  std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> timers;
  // Completions from plugin threads.
  std::mutex mutex;
  std::condition_variable wake;
  std::vector<Completed> completed;
  bool stopRequested = false; // interrupt(): guarded by `mutex`
  size_t inFlight = 0; // attempts started and not completed
  std::vector<Event> pendingEvents;
  /// Dynamic expansions by (workflow, hash, inputs): the frames that run
  /// them point into their packages.
  std::map<std::string, std::shared_ptr<Expansion>> expansions;
  std::deque<ir::Graph> handlerGraphs; // the one-node graphs that call @on_failure handlers
  bool storeBroken = false;
  std::string storeError;
  bool aborting = false; // fail-fast: cancel what runs, start nothing new
  bool abortHandled = false;
  Frame *root = nullptr;
  ExecutionOutcome outcome;
};

} // namespace flytec::runtime
