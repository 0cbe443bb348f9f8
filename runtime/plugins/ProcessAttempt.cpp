#include "plugins/ProcessAttempt.h"

namespace flytec::runtime {

ProcessSpec attemptProcess(const TaskRequest &request, std::vector<std::string> argv) {
  ProcessSpec spec;
  spec.argv = std::move(argv);
  spec.cwd = request.workDir;
  spec.stdoutPath = request.logDir + "/stdout.log";
  spec.stderrPath = request.logDir + "/stderr.log";
  spec.timeoutMs = request.timeoutMs;
  return spec;
}

TaskResult runAttemptProcess(const ProcessSpec &spec, const CancelToken &cancel,
                             const std::function<std::optional<ValueMap>(std::string &error)> &readOutputs) {
  ProcessExit exit = runProcess(spec, cancel);
  if (auto bad = unsuccessful(exit, spec))
    return *bad;
  std::string error;
  auto outputs = readOutputs(error);
  if (!outputs)
    return failure(TaskResult::Status::Failed, error, readTail(spec.stderrPath));
  TaskResult ok;
  ok.status = TaskResult::Status::Succeeded;
  ok.outputs = std::move(*outputs);
  return ok;
}

} // namespace flytec::runtime
