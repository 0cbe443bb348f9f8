// The executor's task side: the cache, the scheduler, attempts on plugins,
// retries with backoff, and task outputs moved into the blob store.
#include "exec/CacheKey.h"
#include "exec/ExecutorLoop.h"
#include "exec/PathValues.h"
#include "values/Dataframes.h"

#include <fmt/format.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>

#include <algorithm>

namespace flytec::runtime {
namespace {

/// `base` with what `over` sets.
void overlay(ir::Settings &base, const ir::Settings &over) {
  if (over.retries)
    base.retries = over.retries;
  if (over.timeoutMs)
    base.timeoutMs = over.timeoutMs;
  if (over.requests)
    base.requests = over.requests;
  if (over.limits)
    base.limits = over.limits;
  if (over.interruptible)
    base.interruptible = over.interruptible;
}

std::string duration(int64_t ms) {
  return ms % 1000 == 0 ? fmt::format("{}s", ms / 1000) : fmt::format("{:.1f}s", double(ms) / 1000);
}

} // namespace

ir::Settings Executor::Loop::effectiveSettings(const Frame &frame, const ir::Node &n, const ir::Task &task) const {
  ir::Settings s = task.settings;
  if (frame.inherited)
    overlay(s, *frame.inherited);
  overlay(s, n.settings);
  return s;
}

void Executor::Loop::runTask(Frame &frame, uint32_t index) {
  const ir::Node &n = node(frame, index);
  NodeRun &run = frame.nodes[index];
  const ir::Package &fp = *frame.package;
  auto it = fp.tasks.find(n.target);
  if (it == fp.tasks.end()) {
    fail(frame, index, fmt::format("task '{}' is not in the package", n.target));
    return;
  }
  const ir::Task &task = it->second;
  if (run.attempt == 0) {
    if (auto before = prior.find(path(frame, index)); before != prior.end())
      run.attemptBase = before->second.attempts;
    // Constants of the IR name files relative to the root module's directory.
    for (const ir::Param &p : task.inputs) {
      auto in = run.inputs.find(p.name);
      if (in == run.inputs.end())
        continue;
      forEachPath(fp, p.type, in->second, [&](std::string &path) {
        if (!llvm::sys::path::is_absolute(path)) {
          llvm::SmallString<256> abs(ex.options_.moduleRoot);
          llvm::sys::path::append(abs, path);
          llvm::sys::fs::make_absolute(abs);
          path = std::string(abs.str());
        }
        return true;
      });
    }
    if (task.cache && !ex.options_.noCache) {
      // Computed once: waiting for another run's lease comes back here.
      if (run.cacheKey.empty()) {
        std::string error;
        std::optional<CacheKey> key = computeCacheKey(fp, task, run.inputs, ex.options_.moduleRoot, error);
        if (!key) {
          fail(frame, index, "cannot compute the cache key: " + error);
          return;
        }
        run.cacheKey = key->key;
        run.cacheExplain = std::move(key->explain);
      }
      if (std::optional<CacheEntry> hit = ex.store_.cacheLookup(run.cacheKey)) {
        bool present = true;
        ValueMap outputs;
        for (const ir::Param &o : task.outputs) {
          ir::Value v = hit->outputs.is_object() && hit->outputs.contains(o.name) ? hit->outputs[o.name] : ir::Value();
          forEachPath(fp, o.type, v, [&](std::string &path) {
            present = present && llvm::sys::fs::exists(path);
            return present;
          });
          outputs[o.name] = std::move(v);
        }
        if (present) {
          succeed(frame, index, std::move(outputs), {{"cache", "hit"}, {"cache_key", run.cacheKey}});
          return;
        }
        // A blob went missing (someone cleaned the store by hand): compute again.
      }
      if (task.cache->serialize) {
        if (!ex.store_.tryLeaseCacheKey(run.cacheKey, id + "/" + path(frame, index), 10 * 60 * 1000)) {
          if (!ex.store_.lastError().empty()) {
            fail(frame, index, "the store cannot lease the cache key: " + ex.store_.lastError());
            return;
          }
          // Another execution computes this key now: look again shortly.
          timers.push({Clock::now() + std::chrono::milliseconds(100), &frame, index});
          return;
        }
        run.cacheLeased = true;
      }
    }
  }
  ir::Settings s = effectiveSettings(frame, n, task);
  ResourceRequest request;
  if (s.requests) {
    request.cpu = s.requests->cpu.value_or(0);
    request.memory = s.requests->memory.value_or(0);
    request.gpu = s.requests->gpu.value_or(0);
  }
  run.job = nextJob++;
  jobs[run.job] = {&frame, index};
  scheduler.enqueue(run.job, request, n.criticalPath.value_or(0));
}

void Executor::Loop::admitJobs() {
  std::vector<Scheduler::JobId> admitted = scheduler.admit();
  if (admitted.empty())
    return;
  // An attempt's start is committed before the attempt starts.
  for (Scheduler::JobId job : admitted) {
    auto [frame, index] = jobs[job];
    Event e;
    e.kind = EventKind::AttemptStarted;
    e.node = path(*frame, index);
    e.attempt = frame->nodes[index].attemptBase + frame->nodes[index].attempt + 1;
    record(std::move(e));
  }
  if (!flush())
    return;
  for (Scheduler::JobId job : admitted) {
    auto [frame, index] = jobs[job];
    startAttempt(*frame, index);
  }
}

void Executor::Loop::startAttempt(Frame &frame, uint32_t index) {
  const ir::Node &n = node(frame, index);
  NodeRun &run = frame.nodes[index];
  const ir::Package &fp = *frame.package;
  const ir::Task &task = fp.tasks.at(n.target);
  int attempt = run.attemptBase + ++run.attempt;

  // Only the paths: the plugin creates the directories on its own thread,
  // which keeps a thousand mkdirs off this loop.
  llvm::SmallString<256> nodeDir(ex.options_.workRoot);
  llvm::sys::path::append(nodeDir, id, path(frame, index));
  auto sub = [&](llvm::StringRef a, llvm::StringRef b = "") {
    llvm::SmallString<256> d(nodeDir);
    llvm::sys::path::append(d, a, b);
    return std::string(d.str());
  };
  std::string attemptName = "attempt-" + std::to_string(attempt);
  TaskRequest req;
  req.package = &fp;
  req.task = &task;
  req.inputs = run.inputs;
  req.workDir = sub(attemptName, "work");
  req.logDir = sub(attemptName, "logs");
  req.checkpointDir = sub("checkpoint");
  req.deckDir = sub("deck");
  req.moduleDir = ex.options_.moduleRoot; // the IR's paths are relative to the root module's directory
  req.nodePath = path(frame, index);
  req.attempt = attempt;
  req.timeoutMs = effectiveSettings(frame, n, task).timeoutMs;

  std::string pluginName = task.plugin.empty() ? "builtin" : task.plugin;
  Plugin *plugin = ex.plugins_.find(pluginName);
  Frame *f = &frame;
  ++inFlight;
  if (ex.options_.progress)
    ex.options_.progress->nodeStarted(req.nodePath, attempt);
  Completion done = [this, f, index, attempt](TaskResult result) {
    std::lock_guard<std::mutex> lock(mutex);
    completed.push_back({f, index, attempt, std::move(result)});
    wake.notify_one();
  };
  if (!plugin) {
    TaskResult r;
    r.status = TaskResult::Status::Failed;
    r.error = fmt::format("no plugin '{}' in this runtime", pluginName);
    done(std::move(r));
    return;
  }
  run.running = plugin->start(req, std::move(done));
}

bool Executor::Loop::storeOutputs(const ir::Package &fp, const std::vector<ir::Param> &params, ValueMap &outputs,
                                  std::string &error) {
  for (const ir::Param &p : params) {
    auto it = outputs.find(p.name);
    if (it == outputs.end())
      continue;
    bool ok = forEachTypedPath(fp, p.type, it->second, [&](std::string &path, ir::TypeId type) {
      if (!checkDataframeColumns(fp, type, path, error)) {
        error = fmt::format("output '{}' {}", p.name, error);
        return false;
      }
      std::optional<std::string> stored = ex.store_.blobs().put(path, error);
      if (!stored) {
        error = fmt::format("output '{}': {}", p.name, error);
        return false;
      }
      path = *stored;
      return true;
    });
    if (!ok)
      return false;
  }
  return true;
}

void Executor::Loop::attemptCompleted(Completed &done) {
  --inFlight;
  Frame &frame = *done.frame;
  NodeRun &run = frame.nodes[done.node];
  scheduler.finished(run.job);
  jobs.erase(run.job);
  run.running.reset();
  const ir::Node &n = node(frame, done.node);
  const ir::Package &fp = *frame.package;
  const ir::Task &task = fp.tasks.at(n.target);
  TaskResult &r = done.result;
  if (frame.done || run.state != RunState::Running) {
    // Its graph failed meanwhile and this attempt was cancelled.
    releaseLease(frame, done.node);
    Event e;
    e.kind = EventKind::NodeFailed;
    e.node = path(frame, done.node);
    e.data = {{"error", "cancelled: " + (frame.error.empty() ? std::string("its graph failed") : frame.error)},
              {"attempts", run.attemptBase + run.attempt},
              {"loc", n.loc}};
    record(std::move(e));
    run.state = RunState::Failed;
    return;
  }
  std::string error;
  if (r.status == TaskResult::Status::Succeeded) {
    if (storeOutputs(fp, task.outputs, r.outputs, error)) {
      nlohmann::json data = {{"cache", "off"}};
      if (!run.cacheKey.empty()) {
        CacheEntry entry;
        entry.key = run.cacheKey;
        entry.task = task.name;
        entry.version = task.cache ? task.cache->version : "";
        entry.outputs = nlohmann::json::object();
        for (const auto &[name, value] : r.outputs)
          entry.outputs[name] = value;
        entry.explain = run.cacheExplain;
        entry.execution = id;
        entry.node = path(frame, done.node);
        std::string putError;
        if (ex.store_.cachePut(entry, putError))
          data = {{"cache", "put"}, {"cache_key", run.cacheKey}};
        else // the outputs are good; only later runs lose the shortcut
          data = {{"cache", "put_failed"}, {"cache_key", run.cacheKey}, {"cache_error", putError}};
      }
      releaseLease(frame, done.node);
      succeed(frame, done.node, std::move(r.outputs), std::move(data));
      return;
    }
    r.status = TaskResult::Status::Failed;
    r.error = error;
  }
  run.stderrTail = r.stderrTail;
  std::string why = r.error;
  if (r.status == TaskResult::Status::Cancelled && why.find("cancel") == std::string::npos)
    why = "cancelled" + (why.empty() ? "" : ": " + why);
  int64_t retries = effectiveSettings(frame, n, task).retries.value_or(0);
  if (r.status != TaskResult::Status::Cancelled && run.attempt <= retries && !aborting) {
    int64_t backoff = ex.options_.retryBackoffMs;
    for (int i = 1; i < run.attempt && backoff < 60000; ++i)
      backoff *= 2;
    backoff = std::min<int64_t>(backoff, 60000);
    Event e;
    e.kind = EventKind::AttemptFailed;
    e.node = path(frame, done.node);
    e.attempt = run.attemptBase + run.attempt;
    e.data = {{"error", why},
              {"stderr_tail", r.stderrTail},
              {"timed_out", r.status == TaskResult::Status::TimedOut},
              {"retry_in_ms", backoff}};
    record(std::move(e));
    if (ex.options_.progress)
      ex.options_.progress->nodeRetrying(
          path(frame, done.node),
          fmt::format("{} (attempt {} of {}, retrying in {})", why, run.attempt, retries + 1, duration(backoff)));
    timers.push({Clock::now() + std::chrono::milliseconds(backoff), &frame, done.node});
    return;
  }
  releaseLease(frame, done.node);
  std::string message = why;
  if (run.attemptBase + run.attempt > 1)
    message = fmt::format("{} (after {} attempts)", why, run.attemptBase + run.attempt);
  fail(frame, done.node, message);
}

} // namespace flytec::runtime
