// The shell plugin (LANGUAGE.md §5.2): `/bin/sh -c SCRIPT` in the attempt's
// work directory, placeholders rendered by ShellQuoting (no input reaches
// the shell unquoted), `env:` added to the environment, outputs read from
// the files the script wrote (TaskOutputs).
#include "plugins/Plugins.h"

#include "plugins/ProcessAttempt.h"
#include "plugins/ShellQuoting.h"
#include "plugins/TaskOutputs.h"

namespace flytec::runtime {

namespace {

/// `{{outputs.x}}`, `{{checkpoint}}` and `{{deck}}` as the host's paths.
PathNames hostPaths(const TaskRequest &request) {
  PathNames paths;
  paths.output = [&request](llvm::StringRef name) {
    for (const ir::Param &o : request.task->outputs)
      if (o.name == name)
        return absolutePath(outputPath(request, o), "");
    return std::string();
  };
  paths.checkpoint = absolutePath(request.checkpointDir, "");
  paths.deck = absolutePath(request.deckDir, "");
  return paths;
}

TaskResult runShell(const TaskRequest &request, const CancelToken &cancel) {
  std::string error;
  if (!prepareAttemptDirs(request, error))
    return failure(TaskResult::Status::Failed, error);
  PlaceholderScope scope = PlaceholderScope::of(request);
  PathNames paths = hostPaths(request);
  static const std::vector<ir::ScriptPart> kEmpty;
  auto script = renderParts(scope, request.task->script ? *request.task->script : kEmpty, /*quoted=*/true, paths,
                            error);
  auto env = script ? configEnv(scope, paths, error) : std::nullopt;
  if (!env)
    return failure(TaskResult::Status::Failed, error);
  ProcessSpec spec = attemptProcess(request, {"/bin/sh", "-c", *script});
  spec.env = *env;
  return runAttemptProcess(spec, cancel, [&](std::string &why) { return readWrittenOutputs(request, why); });
}

class ShellPlugin : public Plugin {
public:
  llvm::StringRef name() const override { return "shell"; }
  std::unique_ptr<RunningTask> start(const TaskRequest &request, Completion done) override {
    return runDetached([request](const CancelToken &cancel) { return runShell(request, cancel); }, std::move(done));
  }
};

} // namespace

std::unique_ptr<Plugin> makeShellPlugin() { return std::make_unique<ShellPlugin>(); }

} // namespace flytec::runtime
