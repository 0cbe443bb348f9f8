// The part the shell, python and container plugins share: a child process
// whose stdout and stderr go to the attempt's log directory, and the
// attempt's result from how it exited and what it wrote.
#pragma once

#include "plugins/Process.h"

namespace flytec::runtime {

/// A spec running `argv` in the work directory, logging to
/// LOGDIR/stdout.log and LOGDIR/stderr.log, with the request's timeout.
ProcessSpec attemptProcess(const TaskRequest &request, std::vector<std::string> argv);

/// Runs the child; a non-zero exit, a signal, a timeout or a cancellation
/// is the result (with the stderr tail); after exit 0, `readOutputs` gives
/// the outputs or fails the attempt with its message.
TaskResult runAttemptProcess(const ProcessSpec &spec, const CancelToken &cancel,
                             const std::function<std::optional<ValueMap>(std::string &error)> &readOutputs);

} // namespace flytec::runtime
