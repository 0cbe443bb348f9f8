// Executes a workflow of the IR on this machine (TOOLCHAIN.md "The
// runtime", LANGUAGE.md §6–§7): the graph executor behind `flytec run` and
// `flytec executions recover`.
//
// One thread runs a loop over the nodes; plugins run task attempts on their
// own and report back through a queue, so everything the executor decides is
// decided in one place and in a deterministic order. Each graph being run —
// the workflow's, a branch case's, a map element's, a subworkflow's, a
// dynamic node's expansion — is a frame; a node is ready when the nodes it
// reads (and the ones it must come `after`) have finished. Task nodes go
// through the scheduler (exec/Scheduler.h); expressions, branches, maps and
// subworkflows are handled in the loop itself.
//
// Every state change is an event (store/Events.def) appended to the store
// before its effect: before an attempt starts, its AttemptStarted is
// committed; a node's outputs are committed before any node that reads them
// starts. Events of pure nodes (expressions, branches) are batched and
// committed before the next side effect, so a crash loses at most pure work,
// which recovery recomputes.
#pragma once

#include "exec/Progress.h"
#include "ir/Ir.h"
#include "plugins/Plugin.h"
#include "store/Store.h"
#include "values/RuntimeValues.h"

#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace flytec::runtime {

struct ExecutionOptions {
  unsigned maxParallel = 0; // 0: as many as cores
  bool noCache = false;
  std::string project = "default";
  std::string domain = "development";
  /// The directory the package's module files are relative to (the root
  /// module's directory): script files and relative paths resolve there.
  std::string moduleRoot = ".";
  /// Where attempts' work, checkpoint and log directories go; defaults to
  /// `<store>/work`.
  std::string workRoot;
  /// The first retry waits this long, each further one twice as long (at most a minute).
  int64_t retryBackoffMs = 200;
  /// Dynamic workflows may expand inside one another this deep (recursion).
  int maxDynamicDepth = 32;
  /// Approval gates pass without asking (`--approve`).
  bool approveAll = false;
  /// Signal gates' values by signal name (`--signal NAME=VALUE`), unparsed.
  std::map<std::string, std::string> signals;
  Progress *progress = nullptr;
};

struct ExecutionOutcome {
  bool succeeded = false;
  std::string executionId;
  ValueMap outputs;
  /// Failed: what failed and why, for a person.
  std::string error;
  std::string failedNode; // its path
  std::string loc;        // its source location
  int attempts = 0;
  std::string stderrTail;
  /// Stopped by interrupt(), not by a failure.
  bool interrupted = false;
  /// Set when the execution could not run at all (the store failed): an
  /// internal or environment error rather than the workflow's failure.
  bool broken = false;
};

class Executor {
public:
  Executor(const ir::Package &package, Store &store, PluginSet &plugins, ExecutionOptions options);
  ~Executor();

  /// Runs `workflow` on `inputs` (already conformed, defaults applied) as a
  /// new execution. `packageDigest` is the blob of the IR that runs, recorded
  /// so that `recover` can run the same graph.
  ExecutionOutcome run(const ir::Workflow &workflow, const ValueMap &inputs, llvm::StringRef packageDigest);

  /// Resumes an execution from its events: nodes that succeeded keep their
  /// recorded outputs and do not run again; the rest run.
  ExecutionOutcome recover(llvm::StringRef executionId);

  /// Stops a run from another thread (a signal watcher): running attempts
  /// are cancelled, nothing new starts, and the execution ends failed with
  /// `interrupted` set; `recover` can take it up again.
  void interrupt();

private:
  class Loop;
  std::mutex activeMutex_;
  Loop *active_ = nullptr;
  bool stopRequested_ = false; // interrupt() before a run started
  const ir::Package &package_;
  Store &store_;
  PluginSet &plugins_;
  ExecutionOptions options_;
};

} // namespace flytec::runtime
