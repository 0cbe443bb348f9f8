// `flytec run` and `flytec executions`: argument parsing and calls into the
// runtime library (TOOLCHAIN.md `flytec`). Exit codes: 0 ok, 1 the execution
// failed, 2 usage, input or compile errors, 3 internal errors.
#include "RuntimeCommands.h"

#include "diag/DiagnosticRender.h"
#include "driver/Compilation.h"
#include "driver/IrPipeline.h"
#include "emit/FlyteIdl.h"
#include "exec/Executor.h"
#include "exec/PathValues.h"
#include "ir/Hashing.h"
#include "ir/IrJson.h"
#include "ir/Verifier.h"
#include "passes/PassManager.h"
#include "store/ExecutionState.h"
#include "store/Store.h"

#include <fmt/format.h>
#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/Process.h>
#include <llvm/Support/WithColor.h>
#include <llvm/Support/raw_ostream.h>

#include <csignal>
#include <ctime>
#include <set>
#include <iterator>
#include <thread>
#include <cerrno>
#include <fcntl.h>
#include <unistd.h>
#include <optional>

namespace cl = llvm::cl;
using namespace flytec;
using namespace flytec::runtime;

namespace flytec::tool {

cl::OptionCategory RuntimeCategory("flytec run options");

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kExitInternal = 3;

cl::SubCommand RunCommand("run", "Run a workflow on this machine and print its outputs as JSON");
cl::SubCommand ExecutionsCommand("executions",
                                 "The store's executions: list, show ID, events ID, recover ID");
cl::SubCommand CacheCommand("cache", "The store's cache: list [TASK], clear [TASK], explain ID NODE | explain KEY");

cl::opt<std::string> RunFile(cl::Positional, cl::Required, cl::desc("<file.flyte|ir.json>"), cl::sub(RunCommand),
                             cl::cat(RuntimeCategory));
cl::opt<std::string> RunWorkflow("w", cl::desc("The workflow or launch plan to run (default: the file's only top-level workflow)"),
                                 cl::value_desc("name"), cl::sub(RunCommand), cl::cat(RuntimeCategory));
cl::alias RunWorkflowLong("workflow", cl::desc("Alias for -w"), cl::aliasopt(RunWorkflow));
cl::list<std::string> RunInputs("i", cl::desc("An input: NAME=VALUE, VALUE as JSON when it parses, else a string"),
                                cl::value_desc("name=value"), cl::Prefix, cl::sub(RunCommand),
                                cl::cat(RuntimeCategory));
cl::opt<std::string> RunInputsFile("inputs", cl::desc("Inputs from a JSON object in a file"),
                                   cl::value_desc("file.json"), cl::sub(RunCommand), cl::cat(RuntimeCategory));
cl::list<std::string> RunIncludeDirs("I", cl::desc("Search <dir> for imports"), cl::value_desc("dir"), cl::Prefix,
                                     cl::sub(RunCommand), cl::cat(RuntimeCategory));
cl::opt<std::string> StoreDir("store", cl::desc("The store's directory (default: ./.flyte)"), cl::value_desc("dir"),
                              cl::init(".flyte"), cl::sub(RunCommand), cl::sub(ExecutionsCommand),
                              cl::sub(CacheCommand), cl::cat(RuntimeCategory));
cl::opt<unsigned> MaxParallel("max-parallel", cl::desc("Run at most N tasks at once (default: the cores)"),
                              cl::value_desc("N"), cl::init(0), cl::sub(RunCommand), cl::sub(ExecutionsCommand),
                              cl::cat(RuntimeCategory));
cl::opt<bool> NoCache("no-cache", cl::desc("Neither read nor write the cache"), cl::sub(RunCommand),
                      cl::sub(ExecutionsCommand), cl::cat(RuntimeCategory));
cl::opt<std::string> Project("project", cl::desc("The execution's project"), cl::init("default"),
                             cl::value_desc("p"), cl::sub(RunCommand), cl::cat(RuntimeCategory));
cl::opt<std::string> Domain("domain", cl::desc("The execution's domain"), cl::init("development"),
                            cl::value_desc("d"), cl::sub(RunCommand), cl::cat(RuntimeCategory));
cl::opt<bool> Approve("approve", cl::desc("Approve every approval gate (std.approve) of the run"),
                      cl::sub(RunCommand), cl::sub(ExecutionsCommand), cl::cat(RuntimeCategory));
cl::list<std::string> Signals("signal", cl::desc("The value of a signal gate (std.signal): NAME=VALUE"),
                              cl::value_desc("name=value"), cl::sub(RunCommand), cl::sub(ExecutionsCommand),
                              cl::cat(RuntimeCategory));

cl::opt<int> MaxDynamicDepth("max-dynamic-depth", cl::desc("How deep dynamic workflows may recurse (default 32)"),
                              cl::value_desc("N"), cl::init(32), cl::sub(RunCommand), cl::sub(ExecutionsCommand),
                              cl::cat(RuntimeCategory));

cl::list<std::string> ExecutionsArgs(cl::Positional, cl::desc("list | show ID | events ID | recover ID"),
                                     cl::sub(ExecutionsCommand), cl::cat(RuntimeCategory));
cl::opt<bool> ShowJson("json", cl::desc("show: the state as JSON"), cl::sub(ExecutionsCommand),
                       cl::cat(RuntimeCategory));
cl::list<std::string> CacheArgs(cl::Positional, cl::desc("list [TASK] | clear [TASK] | explain ID NODE | explain KEY"),
                                cl::sub(CacheCommand), cl::cat(RuntimeCategory));

/// Ctrl-C (SIGINT), SIGTERM and SIGHUP stop a run cleanly. Tasks run in
/// process groups of their own, so the terminal's Ctrl-C does not reach
/// them; the executor kills their groups, records the execution as
/// interrupted, and `flytec executions recover` goes on from there. The
/// handler only writes the signal to a pipe; a thread reads it and asks the
/// executor to stop.
class StopOnSignals {
public:
  explicit StopOnSignals(Executor &executor) : executor_(executor) {
    if (pipe2(fds_, O_CLOEXEC) != 0) // not inherited by tasks, which could otherwise stop the run
      return;
    writeFd = fds_[1];
    struct sigaction sa = {};
    sa.sa_handler = [](int sig) {
      char c = char(sig);
      (void)!write(writeFd, &c, 1);
    };
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    for (size_t i = 0; i < std::size(kSignals); ++i)
      sigaction(kSignals[i], &sa, &old_[i]);
    watcher_ = std::thread([this] {
      char c;
      for (;;) {
        ssize_t n = read(fds_[0], &c, 1);
        if (n < 0 && errno == EINTR)
          continue;
        if (n != 1 || c == 0)
          break;
        llvm::errs() << "\nflytec: stopping (signal " << int(c) << "): cancelling the running tasks\n";
        executor_.interrupt();
      }
    });
  }
  ~StopOnSignals() {
    if (!watcher_.joinable())
      return;
    for (size_t i = 0; i < std::size(kSignals); ++i)
      sigaction(kSignals[i], &old_[i], nullptr);
    char quit = 0;
    (void)!write(fds_[1], &quit, 1);
    watcher_.join();
    close(fds_[0]);
    close(fds_[1]);
  }

private:
  static constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};
  static inline int writeFd = -1;
  Executor &executor_;
  int fds_[2] = {-1, -1};
  struct sigaction old_[std::size(kSignals)];
  std::thread watcher_;
};

int usage(const std::string &message) {
  llvm::WithColor::error(llvm::errs(), "flytec") << message << "\n";
  return kExitUsage;
}

/// A .flyte file compiled at -O1, or a compiled IR file read and verified.
/// `moduleRoot` is the directory relative paths of the IR are relative to.
std::unique_ptr<ir::Package> loadPackage(const std::string &file, std::string &moduleRoot, int &status) {
  moduleRoot = std::string(llvm::sys::path::parent_path(file));
  if (moduleRoot.empty())
    moduleRoot = ".";
  status = kExitOk;
  if (llvm::StringRef(file).endswith(".json")) {
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> text = llvm::MemoryBuffer::getFile(file);
    if (!text) {
      status = usage(file + ": cannot read the file: " + text.getError().message());
      return nullptr;
    }
    auto package = std::make_unique<ir::Package>();
    std::string error;
    if (!ir::readIr((*text)->getBuffer(), *package, error)) {
      status = usage(file + ": not a flytec IR file: " + error);
      return nullptr;
    }
    std::vector<std::string> problems = ir::verify(*package);
    if (!problems.empty()) {
      status = usage(file + ": the IR is not valid:\n  " + llvm::join(problems, "\n  "));
      return nullptr;
    }
    ir::computeHashes(*package);
    return package;
  }
  Compilation compilation;
  std::string error;
  unsigned id = compilation.addFile(file, error);
  if (!id) {
    status = usage(file + ": cannot read the file: " + error);
    return nullptr;
  }
  passes::PassManager pipeline;
  passes::PipelineOptions options;
  options.optLevel = 1;
  if (!pipeline.configure(options, error)) {
    status = kExitInternal;
    llvm::errs() << "flytec: internal error: " << error << "\n";
    return nullptr;
  }
  sema::SemaOptions semaOptions;
  semaOptions.searchPaths = RunIncludeDirs;
  IrPipelineResult result = compileToIr(compilation, {id}, semaOptions, &pipeline, llvm::errs(), llvm::errs());
  llvm::errs().enable_colors(llvm::errs().has_colors());
  renderAll(compilation.diagnostics(), DiagnosticFormat::Text, llvm::errs());
  if (result.compileErrors || compilation.diagnostics().hasErrors()) {
    status = kExitUsage;
    return nullptr;
  }
  if (!result.loweringError.empty()) {
    status = usage(result.loweringError);
    return nullptr;
  }
  if (!result.internalError.empty()) {
    llvm::errs() << "flytec: internal error: " << result.internalError << "\n";
    status = kExitInternal;
    return nullptr;
  }
  return std::move(result.package);
}

/// Relative paths of file inputs given on the command line are relative to
/// where flytec runs; the runtime needs them absolute, and existing.
bool absolutePaths(const ir::Package &pkg, const ir::Param &param, ir::Value &value, std::string &error) {
  return forEachPath(pkg, param.type, value, [&](std::string &path) {
    llvm::SmallString<256> abs(path);
    llvm::sys::fs::make_absolute(abs);
    if (!llvm::sys::fs::exists(abs)) {
      error = fmt::format("input '{}': '{}' does not exist", param.name, path);
      return false;
    }
    path = std::string(abs.str());
    return true;
  });
}

/// The workflow's inputs from -i and --inputs, conformed, defaults applied.
/// Errors name the input, its type and the value.
std::optional<ValueMap> collectInputs(const ir::Package &pkg, const ir::Workflow &wf, const ir::LaunchPlan *plan,
                                      std::string &error) {
  auto param = [&](llvm::StringRef name) -> const ir::Param * {
    for (const ir::Param &p : wf.graph.inputs)
      if (p.name == name)
        return &p;
    return nullptr;
  };
  auto known = [&] {
    std::vector<std::string> names;
    for (const ir::Param &p : wf.graph.inputs)
      names.push_back(p.name + ": " + pkg.types.str(p.type));
    return names.empty() ? std::string("it takes none") : "it takes " + llvm::join(names, ", ");
  };
  ValueMap inputs;
  std::set<std::string> given; // by the user: their paths are relative to where flytec runs
  if (!RunInputsFile.empty()) {
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> text = llvm::MemoryBuffer::getFile(RunInputsFile);
    if (!text) {
      error = fmt::format("--inputs {}: {}", RunInputsFile.getValue(), text.getError().message());
      return std::nullopt;
    }
    nlohmann::json doc = nlohmann::json::parse((*text)->getBuffer().str(), nullptr, false);
    if (!doc.is_object()) {
      error = fmt::format("--inputs {}: expected a JSON object of inputs by name", RunInputsFile.getValue());
      return std::nullopt;
    }
    for (auto &item : doc.items()) {
      const ir::Param *p = param(item.key());
      if (!p) {
        error = fmt::format("--inputs {}: workflow {} has no input '{}'; {}", RunInputsFile.getValue(), wf.name,
                            item.key(), known());
        return std::nullopt;
      }
      std::string why;
      std::optional<ir::Value> v = conform(pkg, p->type, item.value(), why);
      if (!v) {
        error = fmt::format("input '{}' ({}): {}", p->name, pkg.types.str(p->type), why);
        return std::nullopt;
      }
      inputs[p->name] = std::move(*v);
      given.insert(p->name);
    }
  }
  for (const std::string &arg : RunInputs) {
    auto [name, text] = llvm::StringRef(arg).split('=');
    if (name.size() == arg.size()) {
      error = fmt::format("-i {}: expected NAME=VALUE", arg);
      return std::nullopt;
    }
    const ir::Param *p = param(name);
    if (!p) {
      error = fmt::format("-i {}: workflow {} has no input '{}'; {}", arg, wf.name, name.str(), known());
      return std::nullopt;
    }
    std::string why;
    std::optional<ir::Value> v = parseCommandLineValue(pkg, p->type, text, why);
    if (!v) {
      error = fmt::format("input '{}' expects {}, got '{}': {}", p->name, pkg.types.str(p->type), text.str(), why);
      return std::nullopt;
    }
    inputs[p->name] = std::move(*v);
    given.insert(p->name);
  }
  if (plan) {
    // A launch plan's fixed inputs are not the caller's to choose; its
    // defaults replace the workflow's.
    for (const auto &[name, value] : plan->fixed) {
      if (inputs.count(name)) {
        error = fmt::format("input '{}' is fixed by launch plan {} to {}; run the workflow {} to choose it", name,
                            plan->name, value.dump(), wf.name);
        return std::nullopt;
      }
      inputs[name] = value;
    }
    for (const auto &[name, value] : plan->defaults)
      inputs.emplace(name, value);
  }
  for (const ir::Param &p : wf.graph.inputs) {
    auto it = inputs.find(p.name);
    if (it == inputs.end()) {
      if (p.defaultValue) {
        inputs[p.name] = *p.defaultValue; // relative to the module, resolved by the executor
        continue;
      }
      if (pkg.types.isOptional(p.type)) {
        inputs[p.name] = nullptr;
        continue;
      }
      error = fmt::format("workflow {} needs input '{}' ({}): pass -i {}=VALUE", wf.name, p.name,
                          pkg.types.str(p.type), p.name);
      return std::nullopt;
    }
    // Values from the source (a launch plan's) are relative to the root
    // module's directory, like defaults: the executor resolves those.
    if (given.count(p.name) && !absolutePaths(pkg, p, it->second, error))
      return std::nullopt;
  }
  return inputs;
}

/// One line: {"greeting": "Hello, World!", "length": 13}.
std::string outputsLine(const ValueMap &outputs) {
  std::vector<std::string> parts;
  for (const auto &[name, value] : outputs)
    parts.push_back(nlohmann::json(name).dump() + ": " + value.dump());
  return "{" + llvm::join(parts, ", ") + "}";
}

ExecutionOptions executionOptions(const std::string &moduleRoot, Progress *progress) {
  ExecutionOptions options;
  options.maxParallel = MaxParallel;
  options.noCache = NoCache;
  options.project = Project;
  options.domain = Domain;
  options.moduleRoot = moduleRoot;
  options.approveAll = Approve;
  options.maxDynamicDepth = MaxDynamicDepth;
  for (const std::string &s : Signals) {
    auto [name, value] = llvm::StringRef(s).split('=');
    options.signals[name.str()] = value.str(); // checked by collectSignals first
  }
  options.progress = progress;
  return options;
}

int report(const ExecutionOutcome &outcome) {
  if (outcome.broken) {
    llvm::WithColor::error(llvm::errs(), "flytec") << outcome.error << "\n";
    return kExitInternal;
  }
  if (outcome.succeeded) {
    llvm::outs() << outputsLine(outcome.outputs) << "\n";
    return kExitOk;
  }
  std::string where = outcome.failedNode.empty() ? "" : fmt::format("node {}", outcome.failedNode);
  if (!outcome.loc.empty())
    where += fmt::format(" ({})", outcome.loc);
  llvm::WithColor::error(llvm::errs(), "flytec")
      << fmt::format("execution {} failed{}{}: {}\n", outcome.executionId, where.empty() ? "" : " at ", where,
                     outcome.error);
  if (!outcome.stderrTail.empty()) {
    llvm::errs() << "  the end of its stderr:\n";
    for (llvm::StringRef line : llvm::split(llvm::StringRef(outcome.stderrTail).rtrim('\n'), '\n'))
      llvm::errs() << "    " << line << "\n";
  }
  llvm::errs() << fmt::format("  see: flytec executions show {}{}\n", outcome.executionId,
                              StoreDir == ".flyte" ? "" : " --store " + StoreDir.getValue());
  return kExitFailed;
}

std::unique_ptr<Store> openStore(int &status) {
  std::string error;
  // Absolute, so the blob paths it hands out stay valid wherever tasks run.
  llvm::SmallString<256> dir(StoreDir);
  llvm::sys::fs::make_absolute(dir);
  std::unique_ptr<Store> store = Store::open(dir, error);
  if (!store)
    status = usage(error);
  return store;
}

/// `--signal` values must be NAME=VALUE.
bool signalsWellFormed(std::string &error) {
  for (const std::string &s : Signals)
    if (s.find('=') == std::string::npos || s.front() == '=') {
      error = fmt::format("--signal {}: expected NAME=VALUE", s);
      return false;
    }
  return true;
}

int runRun() {
  if (std::string error; !signalsWellFormed(error))
    return usage(error);
  std::string moduleRoot;
  int status;
  std::unique_ptr<ir::Package> package = loadPackage(RunFile, moduleRoot, status);
  if (!package)
    return status;
  std::string error;
  // -w may name a launch plan: its workflow runs with the plan's inputs.
  const ir::LaunchPlan *plan = nullptr;
  for (const auto &[name, lp] : package->launchPlans)
    if (!RunWorkflow.empty() && (name == RunWorkflow || llvm::StringRef(name).endswith("." + RunWorkflow)))
      plan = &lp;
  const ir::Workflow *wf = nullptr;
  if (plan) {
    auto it = package->workflows.find(plan->workflow);
    if (it == package->workflows.end())
      return usage(fmt::format("{}: launch plan {} runs workflow {}, which is not in the package", RunFile.getValue(),
                               plan->name, plan->workflow));
    wf = &it->second;
  } else {
    wf = emit::primaryWorkflow(*package, RunWorkflow, error);
  }
  if (!wf)
    return usage(RunFile + ": " + error);
  std::optional<ValueMap> inputs = collectInputs(*package, *wf, plan, error);
  if (!inputs)
    return usage(error);
  std::unique_ptr<Store> store = openStore(status);
  if (!store)
    return status;
  std::string irText;
  {
    llvm::raw_string_ostream os(irText);
    ir::writeIrCompact(*package, os);
  }
  std::optional<std::string> digest = store->blobs().putBytes(irText, error);
  if (!digest)
    return usage("cannot write to the store: " + error);
  PluginSet plugins = PluginSet::standard();
  std::unique_ptr<Progress> progress = makeProgress(llvm::errs(), llvm::sys::Process::StandardErrIsDisplayed());
  llvm::SmallString<256> root(moduleRoot);
  llvm::sys::fs::make_absolute(root);
  Executor executor(*package, *store, plugins, executionOptions(std::string(root.str()), progress.get()));
  StopOnSignals stop(executor);
  return report(executor.run(*wf, *inputs, *digest));
}

std::string timeString(int64_t ms) {
  std::time_t t = std::time_t(ms / 1000);
  std::tm tm;
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

int showExecution(Store &store, const std::string &id) {
  ExecutionState state = fold(store.events(id));
  if (ShowJson) {
    llvm::outs() << toJson(state).dump(2) << "\n";
    return kExitOk;
  }
  llvm::outs() << fmt::format("execution {}  {}  {}\n", id, state.workflow, executionStatusName(state.status).str());
  llvm::outs() << fmt::format("  created {} UTC, project {}, domain {}\n", timeString(state.createdMs), state.project,
                              state.domain);
  llvm::outs() << "  inputs  " << state.inputs.dump() << "\n";
  if (state.status == ExecutionStatus::Succeeded)
    llvm::outs() << "  outputs " << state.outputs.dump() << "\n";
  if (state.status == ExecutionStatus::Failed)
    llvm::outs() << "  error   " << state.error << "\n";
  for (const auto &[path, node] : state.nodes) {
    std::string detail;
    if (!node.cache.empty() && node.cache != "off")
      detail += " cache " + node.cache;
    if (node.attempts > 1)
      detail += fmt::format(" after {} attempts", node.attempts);
    if (node.status == NodeStatus::Failed)
      detail += ": " + node.error;
    llvm::outs() << fmt::format("  {:<10} {}{}\n", nodeStatusName(node.status).str(), path, detail);
  }
  return kExitOk;
}

int recoverExecution(Store &store, const std::string &id) {
  if (std::string error; !signalsWellFormed(error))
    return usage(error);
  ExecutionState state = fold(store.events(id));
  std::optional<std::string> blob = store.blobs().find(state.package);
  if (!blob)
    return usage(fmt::format("execution {} cannot be recovered: its IR ({}) is not in the store", id, state.package));
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> text = llvm::MemoryBuffer::getFile(*blob);
  ir::Package package;
  std::string error;
  if (!text || !ir::readIr((*text)->getBuffer(), package, error))
    return usage(fmt::format("execution {}: its IR in the store cannot be read: {}", id, error));
  PluginSet plugins = PluginSet::standard();
  std::unique_ptr<Progress> progress = makeProgress(llvm::errs(), llvm::sys::Process::StandardErrIsDisplayed());
  ExecutionOptions options = executionOptions(state.options.value("module_root", "."), progress.get());
  if (state.options.contains("max_parallel") && MaxParallel == 0)
    options.maxParallel = state.options["max_parallel"].get<unsigned>();
  options.noCache = NoCache || state.options.value("no_cache", false);
  Executor executor(package, store, plugins, options);
  StopOnSignals stop(executor);
  return report(executor.recover(id));
}

int runExecutions() {
  if (ExecutionsArgs.empty())
    return usage("executions needs a command: list, show ID, events ID or recover ID");
  const std::string &verb = ExecutionsArgs[0];
  int status;
  std::unique_ptr<Store> store = openStore(status);
  if (!store)
    return status;
  if (verb == "list") {
    for (const ExecutionSummary &e : store->executions())
      llvm::outs() << fmt::format("{}  {:<10} {}  {}\n", e.id, e.status, timeString(e.createdMs), e.workflow);
    return kExitOk;
  }
  if (verb != "show" && verb != "events" && verb != "recover")
    return usage(fmt::format("unknown executions command '{}': use list, show ID, events ID or recover ID", verb));
  if (ExecutionsArgs.size() != 2)
    return usage(fmt::format("executions {} needs one execution id (see flytec executions list)", verb));
  const std::string &id = ExecutionsArgs[1];
  if (!store->hasExecution(id))
    return usage(fmt::format("no execution '{}' in the store {} (see flytec executions list)", id, store->dir()));
  if (verb == "show")
    return showExecution(*store, id);
  if (verb == "events") {
    for (const Event &e : store->events(id)) {
      nlohmann::json line = {{"seq", e.seq}, {"kind", eventKindName(e.kind).str()}, {"time_ms", e.timeMs}};
      if (!e.node.empty())
        line["node"] = e.node;
      if (e.attempt)
        line["attempt"] = e.attempt;
      line["data"] = e.data;
      llvm::outs() << line.dump() << "\n";
    }
    return kExitOk;
  }
  return recoverExecution(*store, id);
}

int explainKey(Store &store, const std::string &key) {
  std::optional<CacheEntry> entry = store.cacheLookup(key);
  if (!entry)
    return usage(fmt::format("no cache entry {} in the store (see flytec cache list)", key));
  llvm::outs() << fmt::format("key      {}\ntask     {}\nversion  {}\nput by   execution {} node {} at {} UTC\n", entry->key,
                              entry->task, entry->version.empty() ? "\"\"" : entry->version, entry->execution,
                              entry->node, timeString(entry->createdMs));
  llvm::outs() << "what went into the key:\n" << entry->explain.dump(2) << "\n";
  llvm::outs() << "outputs:\n" << entry->outputs.dump(2) << "\n";
  return kExitOk;
}

int runCache() {
  if (CacheArgs.empty())
    return usage("cache needs a command: list [TASK], clear [TASK] or explain ID NODE");
  const std::string &verb = CacheArgs[0];
  int status;
  std::unique_ptr<Store> store = openStore(status);
  if (!store)
    return status;
  std::string task = CacheArgs.size() > 1 ? CacheArgs[1] : "";
  if (verb == "list") {
    for (const CacheEntry &e : store->cacheEntries(task))
      llvm::outs() << fmt::format("{}  {}  version {}  {} UTC  {} {}\n", e.key.substr(0, 23), e.task,
                                  e.version.empty() ? "\"\"" : e.version, timeString(e.createdMs), e.execution, e.node);
    return kExitOk;
  }
  if (verb == "clear") {
    int removed = store->cacheClear(task);
    llvm::errs() << fmt::format("flytec: removed {} cache entr{}{}\n", removed, removed == 1 ? "y" : "ies",
                                task.empty() ? "" : " of " + task);
    return kExitOk;
  }
  if (verb != "explain")
    return usage(fmt::format("unknown cache command '{}': use list, clear or explain", verb));
  if (CacheArgs.size() == 2 && llvm::StringRef(CacheArgs[1]).startswith("sha256:"))
    return explainKey(*store, CacheArgs[1]);
  if (CacheArgs.size() != 3)
    return usage("cache explain needs an execution and a node (flytec cache explain ID NODE) or a key");
  const std::string &id = CacheArgs[1], &node = CacheArgs[2];
  if (!store->hasExecution(id))
    return usage(fmt::format("no execution '{}' in the store {} (see flytec executions list)", id, store->dir()));
  ExecutionState state = fold(store->events(id));
  auto it = state.nodes.find(node);
  if (it == state.nodes.end())
    return usage(fmt::format("execution {} has no node '{}' (see flytec executions show {})", id, node, id));
  if (it->second.cacheKey.empty())
    return usage(fmt::format("node {} of execution {} did not use the cache (its task has no @cache, or --no-cache)",
                             node, id));
  llvm::outs() << fmt::format("node {} of execution {}: cache {}\n", node, id, it->second.cache);
  return explainKey(*store, it->second.cacheKey);
}

} // namespace

std::optional<int> runRuntimeCommand() {
  if (CacheCommand)
    return runCache();
  if (RunCommand)
    return runRun();
  if (ExecutionsCommand)
    return runExecutions();
  return std::nullopt;
}

} // namespace flytec::tool
