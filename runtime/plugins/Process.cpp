#include "plugins/Process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <fstream>
#include <map>

extern char **environ;

namespace flytec::runtime {

namespace {

/// pidfd_open through syscall(): glibc's wrapper is newer than some of the
/// systems we build on. Linux 5.3+.
int openPidfd(pid_t pid) { return int(syscall(SYS_pidfd_open, pid, 0)); }

/// This process's environment with `extra` set on top, as "K=V" strings.
std::vector<std::string> environmentWith(const std::vector<std::pair<std::string, std::string>> &extra) {
  std::map<std::string, std::string> env;
  for (char **e = environ; e && *e; ++e) {
    std::string kv(*e);
    size_t eq = kv.find('=');
    if (eq != std::string::npos)
      env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  for (const auto &[k, v] : extra)
    env[k] = v;
  std::vector<std::string> out;
  for (const auto &[k, v] : env)
    out.push_back(k + "=" + v);
  return out;
}

std::vector<char *> pointers(std::vector<std::string> &strings) {
  std::vector<char *> out;
  for (std::string &s : strings)
    out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

/// Waits until the pidfd is readable (the child exited) or `ms` passed
/// (-1: forever) or, when `cancelFd` >= 0, the token fired. Returns which.
enum class Woke { Exited, Timeout, Cancelled };
Woke waitFor(int pidfd, int cancelFd, int64_t ms) {
  auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms < 0 ? 0 : ms);
  for (;;) {
    pollfd fds[2] = {{pidfd, POLLIN, 0}, {cancelFd, POLLIN, 0}};
    int timeout = -1;
    if (ms >= 0) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now()).count();
      timeout = int(std::max<int64_t>(0, std::min<int64_t>(left, INT32_MAX)));
    }
    int n = poll(fds, cancelFd >= 0 ? 2 : 1, timeout);
    if (n < 0 && errno == EINTR)
      continue;
    if (n > 0 && (fds[0].revents & (POLLIN | POLLHUP | POLLERR)))
      return Woke::Exited;
    if (n > 0 && cancelFd >= 0 && (fds[1].revents & POLLIN))
      return Woke::Cancelled;
    if (n == 0)
      return Woke::Timeout;
  }
}

/// Stops the group: SIGTERM, up to `graceMs` for the child to exit, then
/// SIGKILL to whatever of the group remains (grandchildren may outlive a
/// child that exits on SIGTERM).
void stopGroup(pid_t pgid, int pidfd, int64_t graceMs) {
  kill(-pgid, SIGTERM);
  waitFor(pidfd, -1, graceMs);
  kill(-pgid, SIGKILL);
}

const char *signalName(int sig) {
  switch (sig) {
  case SIGKILL:
    return "SIGKILL";
  case SIGTERM:
    return "SIGTERM";
  case SIGSEGV:
    return "SIGSEGV";
  case SIGABRT:
    return "SIGABRT";
  case SIGINT:
    return "SIGINT";
  case SIGPIPE:
    return "SIGPIPE";
  case SIGBUS:
    return "SIGBUS";
  case SIGFPE:
    return "SIGFPE";
  default:
    return nullptr;
  }
}

} // namespace

ProcessExit runProcess(const ProcessSpec &spec, const CancelToken &cancel) {
  ProcessExit result;
  if (spec.argv.empty()) {
    result.error = "no command to run";
    return result;
  }
  if (cancel.cancelled()) {
    result.kind = ProcessExit::Kind::Cancelled;
    return result;
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, spec.stdoutPath.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, spec.stderrPath.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (!spec.cwd.empty())
    posix_spawn_file_actions_addchdir_np(&actions, spec.cwd.c_str());

  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // Its own process group (pgid = its pid), so a kill of the group reaches
  // everything it starts; default signal dispositions and an empty mask,
  // whatever this (multi-threaded) process has blocked or ignored.
  posix_spawnattr_setpgroup(&attr, 0);
  sigset_t all, none;
  sigfillset(&all);
  sigemptyset(&none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

  std::vector<std::string> args = spec.argv;
  std::vector<std::string> env = environmentWith(spec.env);
  std::vector<char *> argvPtrs = pointers(args), envPtrs = pointers(env);
  pid_t pid = 0;
  // posix_spawnp searches the PATH of this process, not of `env`.
  int rc = posix_spawnp(&pid, args[0].c_str(), &actions, &attr, argvPtrs.data(), envPtrs.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    result.error = "cannot run '" + spec.argv[0] + "': " + strerror(rc);
    if (!spec.cwd.empty() && access(spec.cwd.c_str(), X_OK) != 0)
      result.error += " (working directory '" + spec.cwd + "': " + strerror(errno) + ")";
    return result;
  }

  int pidfd = openPidfd(pid);
  if (pidfd < 0) {
    // Without a pidfd we cannot time out without polling; block on the
    // child instead (kernels before 5.3 only).
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    kill(-pid, SIGKILL);
    result.kind = WIFSIGNALED(status) ? ProcessExit::Kind::Signaled : ProcessExit::Kind::Exited;
    result.code = WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status);
    return result;
  }

  Woke woke = waitFor(pidfd, cancel.fd(), spec.timeoutMs ? *spec.timeoutMs : -1);
  if (woke != Woke::Exited)
    stopGroup(pid, pidfd, spec.graceMs);
  else
    // The child is a zombie until reaped, so its pid cannot have been
    // reused as a group id: leftovers of the group are killed safely.
    kill(-pid, SIGKILL);

  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  close(pidfd);

  if (woke == Woke::Timeout) {
    result.kind = ProcessExit::Kind::TimedOut;
  } else if (woke == Woke::Cancelled) {
    result.kind = ProcessExit::Kind::Cancelled;
  } else if (WIFSIGNALED(status)) {
    result.kind = ProcessExit::Kind::Signaled;
    result.code = WTERMSIG(status);
  } else {
    result.kind = ProcessExit::Kind::Exited;
    result.code = WEXITSTATUS(status);
  }
  return result;
}

std::string readTail(const std::string &path, size_t maxLines, size_t maxBytes) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in)
    return "";
  std::streamoff size = in.tellg();
  std::streamoff start = size > std::streamoff(maxBytes) ? size - std::streamoff(maxBytes) : 0;
  in.seekg(start);
  std::string text(size_t(size - start), '\0');
  in.read(text.data(), std::streamsize(text.size()));
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
    text.pop_back();
  // Cut at a line start when the byte limit cut a line in two.
  if (start > 0) {
    size_t nl = text.find('\n');
    if (nl != std::string::npos)
      text.erase(0, nl + 1);
  }
  size_t lines = 0;
  for (size_t i = text.size(); i-- > 0;)
    if (text[i] == '\n' && ++lines == maxLines)
      return text.substr(i + 1);
  return text;
}

std::string describeExit(const ProcessExit &exit, std::optional<int64_t> limitMs) {
  switch (exit.kind) {
  case ProcessExit::Kind::Exited:
    return "exit status " + std::to_string(exit.code);
  case ProcessExit::Kind::Signaled: {
    std::string s = "killed by signal " + std::to_string(exit.code);
    if (const char *name = signalName(exit.code))
      s += std::string(" (") + name + ")";
    return s;
  }
  case ProcessExit::Kind::TimedOut:
    return limitMs ? timedOutMessage(*limitMs) : "timed out";
  case ProcessExit::Kind::Cancelled:
    return "cancelled";
  case ProcessExit::Kind::SpawnFailed:
    return exit.error;
  }
  return "?";
}

std::optional<TaskResult> unsuccessful(const ProcessExit &exit, const ProcessSpec &spec) {
  if (exit.kind == ProcessExit::Kind::Exited && exit.code == 0)
    return std::nullopt;
  TaskResult::Status status = exit.kind == ProcessExit::Kind::TimedOut    ? TaskResult::Status::TimedOut
                              : exit.kind == ProcessExit::Kind::Cancelled ? TaskResult::Status::Cancelled
                                                                          : TaskResult::Status::Failed;
  return failure(status, describeExit(exit, spec.timeoutMs), readTail(spec.stderrPath));
}

} // namespace flytec::runtime
