// The interface every task plugin implements (LANGUAGE.md §5.2: shell,
// python, sql, container, builtin), so the executor and the scheduler know
// nothing of processes or databases and can be tested with a fake plugin.
//
// start / wait / cancel: `start` begins one attempt of a task and returns at
// once; the plugin later calls the completion exactly once, from any thread
// (the executor's loop waits on those calls); `cancel` asks a running
// attempt to stop (killing its whole process group) and the completion
// still follows, with status Cancelled.
#pragma once

#include "ir/Ir.h"
#include "values/RuntimeValues.h"

#include <llvm/ADT/StringMap.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace flytec::runtime {

/// One attempt of one task on concrete inputs.
struct TaskRequest {
  const ir::Package *package = nullptr; // outlives the attempt
  const ir::Task *task = nullptr;
  ValueMap inputs;           // conformed to the task's input types; files as absolute paths
  std::string workDir;       // fresh and empty: the shell's cwd, where outputs are written
  std::string checkpointDir; // the node's: its contents survive into the next attempt
  std::string deckDir;       // reports the task may write
  std::string logDir;        // where the plugin keeps stdout and stderr of the attempt
  /// The root module's directory: the IR writes script files
  /// (`python(file:)`) and path literals in the config relative to it.
  std::string moduleDir;
  std::string nodePath;      // for messages
  int attempt = 1;
  std::optional<int64_t> timeoutMs;
};

struct TaskResult {
  enum class Status : uint8_t { Succeeded, Failed, TimedOut, Cancelled };
  Status status = Status::Failed;
  /// Succeeded: every output of the task, conformed to its type; file and
  /// dir outputs as absolute paths (the executor moves them into the blob
  /// store).
  ValueMap outputs;
  /// Otherwise: what went wrong, for a person ("exit status 2",
  /// "output 'n': expected int, got \"abc\"", "timed out after 10s").
  std::string error;
  std::string stderrTail; // the last lines of the attempt's stderr, when it has one
};

/// Called exactly once per started attempt, from any thread.
using Completion = std::function<void(TaskResult)>;

/// A started attempt.
class RunningTask {
public:
  virtual ~RunningTask() = default;
  /// Stops the attempt (its process group gets SIGTERM, then SIGKILL); the
  /// completion follows with Cancelled. Harmless after completion.
  virtual void cancel() = 0;
};

class Plugin {
public:
  virtual ~Plugin() = default;
  virtual llvm::StringRef name() const = 0;
  /// Starts an attempt. A request the plugin cannot run at all (a missing
  /// container engine, an unknown builtin) still returns a RunningTask and
  /// completes with Failed and a message saying what to do instead.
  virtual std::unique_ptr<RunningTask> start(const TaskRequest &request, Completion done) = 0;
};

/// The plugins by name ("shell", "python", "sql", "container", "builtin"):
/// the names of the compiler's registry (compiler/plugins/PluginRegistry.h).
class PluginSet {
public:
  void add(std::unique_ptr<Plugin> plugin);
  Plugin *find(llvm::StringRef name) const;

  /// Every plugin of the registry, running on this machine.
  static PluginSet standard();

private:
  llvm::StringMap<std::unique_ptr<Plugin>> plugins_;
};

} // namespace flytec::runtime
