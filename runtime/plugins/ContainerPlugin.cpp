// The container plugin (LANGUAGE.md §5.2): locally, `docker` or `podman`
// (the first on PATH) runs the image with the work directory mounted at
// /work. The command (or the script, with sh -c) is shell text rendered
// like the shell plugin's, so no input reaches the shell unquoted: a plain
// element of `command:` is one quoted word, a templated one keeps its text
// and quotes its placeholders. Input files and directories are mounted
// read-only under /flyte/inputs and named by those paths; outputs are
// written under /work/outputs and read back from the host's work directory.
// Without an engine the attempt fails saying what to do instead.
#include "plugins/Plugins.h"

#include "plugins/ProcessAttempt.h"
#include "plugins/ShellQuoting.h"
#include "plugins/TaskOutputs.h"

#include <fmt/format.h>
#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/Program.h>

#include <atomic>
#include <random>
#include <unistd.h>

namespace flytec::runtime {

namespace {

constexpr const char *kNoEngine =
    "container tasks need docker or podman on this machine; install one, or compile with `flytec compile "
    "--emit=flyteidl` and run on a Flyte cluster";

/// Host paths in an input value, replaced by where they are mounted.
class Mounts {
public:
  Mounts(const ir::Package &pkg) : pkg_(pkg) {}

  ir::Value remap(ir::TypeId type, const ir::Value &v) {
    const ir::TypeData &t = pkg_.types[type];
    switch (t.kind) {
    case ir::TypeKind::File:
    case ir::TypeKind::Dir:
    case ir::TypeKind::Dataframe:
      return v.is_string() ? ir::Value(mount(v.get<std::string>())) : v;
    case ir::TypeKind::List:
      if (v.is_array()) {
        ir::Value out = ir::Value::array();
        for (const ir::Value &e : v)
          out.push_back(remap(t.element, e));
        return out;
      }
      return v;
    case ir::TypeKind::Map:
      if (v.is_object()) {
        ir::Value out = ir::Value::object();
        for (auto &[k, e] : v.items())
          out[k] = remap(t.element, e);
        return out;
      }
      return v;
    case ir::TypeKind::Record: {
      auto rec = pkg_.records.find(t.name);
      if (!v.is_object() || rec == pkg_.records.end())
        return v;
      ir::Value out = v;
      for (const ir::Param &f : rec->second.fields)
        if (v.contains(f.name))
          out[f.name] = remap(f.type, v[f.name]);
      return out;
    }
    case ir::TypeKind::Union:
      // A string in a union is a path only when no member is text.
      for (ir::TypeId m : t.members) {
        ir::TypeKind k = pkg_.types[m].kind;
        if (v.is_string() && (k == ir::TypeKind::String || k == ir::TypeKind::Enum ||
                              k == ir::TypeKind::Datetime || k == ir::TypeKind::Duration))
          return v;
      }
      for (ir::TypeId m : t.members)
        if ((v.is_string() && (pkg_.types[m].kind == ir::TypeKind::File || pkg_.types[m].kind == ir::TypeKind::Dir ||
                               pkg_.types[m].kind == ir::TypeKind::Dataframe)) ||
            (v.is_array() && pkg_.types[m].kind == ir::TypeKind::List) ||
            (v.is_object() && (pkg_.types[m].kind == ir::TypeKind::Map || pkg_.types[m].kind == ir::TypeKind::Record)))
          return remap(m, v);
      return v;
    default:
      return v;
    }
  }

  /// `-v HOST:/flyte/inputs/N/NAME:ro` for each mounted path.
  std::vector<std::string> args() const {
    std::vector<std::string> out;
    for (const auto &[host, inside] : mounts_) {
      out.push_back("-v");
      out.push_back(host + ":" + inside + ":ro");
    }
    return out;
  }

private:
  std::string mount(const std::string &host) {
    std::string abs = absolutePath(host, "");
    for (const auto &[h, inside] : mounts_)
      if (h == abs)
        return inside;
    std::string inside = fmt::format("/flyte/inputs/{}/{}", mounts_.size(), llvm::sys::path::filename(abs).str());
    mounts_.emplace_back(abs, inside);
    return inside;
  }

  const ir::Package &pkg_;
  std::vector<std::pair<std::string, std::string>> mounts_;
};

std::string containerName() {
  static std::atomic<unsigned> counter{0};
  std::random_device rd;
  return fmt::format("flytec-{}-{}-{:08x}", getpid(), counter++, rd());
}

TaskResult runContainer(const TaskRequest &request, const std::string &engine, const CancelToken &cancel) {
  const ir::Package &pkg = *request.package;
  const ir::Task &task = *request.task;
  std::string error;
  auto fail = [](std::string message) { return failure(TaskResult::Status::Failed, std::move(message)); };
  if (!prepareAttemptDirs(request, error))
    return fail(error);
  auto image = task.config.find("image");
  if (image == task.config.end() || !image->is_string())
    return fail(fmt::format("task {}: a container task needs `image:`", task.name));

  // The inputs as the container sees them.
  Mounts mounts(pkg);
  ValueMap inside;
  for (const ir::Param &in : task.inputs) {
    auto it = request.inputs.find(in.name);
    inside[in.name] = mounts.remap(in.type, it == request.inputs.end() ? ir::Value(nullptr) : it->second);
  }
  PlaceholderScope scope{pkg, task, inside, "/work", "/flyte/checkpoint", "/flyte/deck"};
  PathNames paths;
  paths.output = [&](llvm::StringRef name) {
    for (const ir::Param &o : task.outputs)
      if (o.name == name)
        return "/work/" + outputRelativePath(pkg, o);
    return std::string();
  };
  paths.checkpoint = "/flyte/checkpoint";
  paths.deck = "/flyte/deck";

  std::optional<std::string> script;
  auto command = task.config.find("command");
  if (command != task.config.end() && command->is_array()) {
    std::string text;
    for (const ir::Value &element : *command) {
      std::optional<std::string> word;
      if (element.is_string()) {
        word = shellQuote(element.get<std::string>());
      } else {
        auto parts = templateParts(element, error);
        word = parts ? renderParts(scope, *parts, /*quoted=*/true, paths, error) : std::nullopt;
      }
      if (!word)
        return fail(fmt::format("task {}: command: {}", task.name, error));
      text += (text.empty() ? "" : " ") + *word;
    }
    script = text;
  } else if (task.script) {
    script = renderParts(scope, *task.script, /*quoted=*/true, paths, error);
    if (!script)
      return fail(error);
  }
  auto env = configEnv(scope, paths, error);
  if (!env)
    return fail(error);

  std::string name = containerName();
  std::vector<std::string> argv = {engine, "run", "--rm", "--name", name,
                                   "-v", absolutePath(request.workDir, "") + ":/work", "-w", "/work",
                                   "-v", absolutePath(request.checkpointDir, "") + ":/flyte/checkpoint",
                                   "-v", absolutePath(request.deckDir, "") + ":/flyte/deck"};
  for (std::string &m : mounts.args())
    argv.push_back(std::move(m));
  for (const auto &[k, v] : *env) {
    argv.push_back("-e");
    argv.push_back(k + "=" + v); // an argument, not shell text
  }
  argv.push_back(image->get<std::string>());
  if (script) {
    argv.push_back("sh");
    argv.push_back("-c");
    argv.push_back(*script);
  }
  ProcessSpec spec = attemptProcess(request, argv);
  TaskResult result = runAttemptProcess(spec, cancel, [&](std::string &why) { return readWrittenOutputs(request, why); });
  if (result.status == TaskResult::Status::TimedOut || result.status == TaskResult::Status::Cancelled) {
    // Killing the engine's client does not always stop the container.
    CancelToken never;
    ProcessSpec rm = attemptProcess(request, {engine, "rm", "-f", name});
    rm.stdoutPath = request.logDir + "/engine-rm.log";
    rm.stderrPath = rm.stdoutPath;
    rm.timeoutMs = 30000;
    runProcess(rm, never);
  }
  return result;
}

class ContainerPlugin : public Plugin {
public:
  explicit ContainerPlugin(std::string searchPath) : searchPath_(std::move(searchPath)) {}
  llvm::StringRef name() const override { return "container"; }

  std::unique_ptr<RunningTask> start(const TaskRequest &request, Completion done) override {
    std::string engine = findEngine();
    return runDetached(
        [request, engine](const CancelToken &cancel) {
          if (engine.empty())
            return failure(TaskResult::Status::Failed, kNoEngine);
          return runContainer(request, engine, cancel);
        },
        std::move(done));
  }

private:
  /// Looked up per attempt: an engine installed while flytec runs is used.
  std::string findEngine() const {
    std::string path = searchPath_;
    if (path.empty())
      if (const char *p = getenv("PATH"))
        path = p;
    llvm::SmallVector<llvm::StringRef, 16> dirs;
    llvm::StringRef(path).split(dirs, ':', -1, /*KeepEmpty=*/false);
    for (const char *engine : {"docker", "podman"})
      if (auto found = llvm::sys::findProgramByName(engine, dirs))
        return *found;
    return "";
  }

  std::string searchPath_;
};

} // namespace

std::unique_ptr<Plugin> makeContainerPlugin(std::string searchPath) {
  return std::make_unique<ContainerPlugin>(std::move(searchPath));
}

} // namespace flytec::runtime
