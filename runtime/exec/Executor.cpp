// The executor's graph side: frames, readiness, and the nodes the loop
// handles itself (expressions, branches, maps, subworkflows, gates, dynamic
// nodes). Tasks are in TaskNodes.cpp.
#include "exec/ExecutorLoop.h"

#include "exec/DynamicJit.h"

#include "ir/Eval.h"
#include "ir/IrJson.h"

#include <fmt/format.h>

#include <algorithm>

namespace flytec::runtime {

Executor::Executor(const ir::Package &package, Store &store, PluginSet &plugins, ExecutionOptions options)
    : package_(package), store_(store), plugins_(plugins), options_(std::move(options)) {
  if (options_.workRoot.empty())
    options_.workRoot = store_.dir() + "/work";
}

Executor::~Executor() = default;

ExecutionOutcome Executor::run(const ir::Workflow &workflow, const ValueMap &inputs, llvm::StringRef packageDigest) {
  std::string id = store_.newExecutionId();
  Event created;
  created.execution = id;
  created.kind = EventKind::ExecutionCreated;
  nlohmann::json in = nlohmann::json::object();
  for (const auto &[name, value] : inputs)
    in[name] = value;
  created.data = {{"workflow", workflow.name},
                  {"project", options_.project},
                  {"domain", options_.domain},
                  {"inputs", in},
                  {"package", packageDigest.str()},
                  {"options",
                   {{"max_parallel", options_.maxParallel},
                    {"no_cache", options_.noCache},
                    {"module_root", options_.moduleRoot}}}};
  std::string error;
  if (!store_.append(created, error)) {
    ExecutionOutcome broken;
    broken.broken = true;
    broken.error = error;
    return broken;
  }
  Loop loop(*this, id, {});
  return loop.run(workflow, inputs);
}

void Executor::interrupt() {
  std::lock_guard<std::mutex> lock(activeMutex_);
  stopRequested_ = true;
  if (active_)
    active_->requestStop();
}

ExecutionOutcome Executor::recover(llvm::StringRef executionId) {
  ExecutionState state = fold(store_.events(executionId));
  ExecutionOutcome outcome;
  outcome.executionId = executionId.str();
  auto wf = package_.workflows.find(state.workflow);
  if (wf == package_.workflows.end()) {
    outcome.broken = true;
    outcome.error = fmt::format("execution {} runs workflow '{}', which its package does not have", executionId.str(),
                                state.workflow);
    return outcome;
  }
  ValueMap inputs;
  for (auto &item : state.inputs.items())
    inputs[item.key()] = item.value();
  // Every node the log knows: those that succeeded keep their outputs, and
  // the others' attempts are numbered after the ones already made (an
  // attempt the crash interrupted may still be running in its directory).
  std::map<std::string, NodeState> prior = std::move(state.nodes);
  Event recovered;
  recovered.execution = executionId.str();
  recovered.kind = EventKind::ExecutionRecovered;
  std::string error;
  if (!store_.append(recovered, error)) {
    outcome.broken = true;
    outcome.error = error;
    return outcome;
  }
  Loop loop(*this, executionId.str(), std::move(prior));
  return loop.run(wf->second, inputs);
}

// ------------------------------------------------------------------ loop

Executor::Loop::Loop(Executor &executor, std::string executionId, std::map<std::string, NodeState> prior)
    : ex(executor), pkg(executor.package_), id(std::move(executionId)), prior(std::move(prior)),
      scheduler(Budget::ofMachine(executor.options_.maxParallel)) {}

Executor::Loop::~Loop() = default;

ExecutionOutcome Executor::Loop::run(const ir::Workflow &workflow, const ValueMap &inputs) {
  outcome.executionId = id;
  {
    std::lock_guard<std::mutex> lock(ex.activeMutex_);
    ex.active_ = this;
    if (ex.stopRequested_)
      requestStop();
  }
  struct Inactive {
    Executor &ex;
    ~Inactive() {
      std::lock_guard<std::mutex> lock(ex.activeMutex_);
      ex.active_ = nullptr;
    }
  } inactive{ex};
  Progress *progress = ex.options_.progress;
  if (progress)
    progress->executionStarted(id, workflow.name);
  root = startFrame(workflow.graph, pkg, "", inputs, nullptr, 0, 0);
  root->workflow = &workflow;
  root->continueOnFailure = workflow.continueOnFailure;
  drive();
  if (root->failed && !workflow.onFailure.empty() && !storeBroken && !outcome.broken && !outcome.interrupted) {
    // The workflow's own handler runs once everything else has stopped.
    aborting = false;
    timers = {}; // retries of the failed run must not start again
    startHandler(*root);
    drive();
  }
  flush();

  if (outcome.broken || storeBroken) {
    outcome.broken = true;
    if (storeBroken)
      outcome.error = "the store failed: " + storeError;
    return outcome;
  }
  Event end;
  end.execution = id;
  if (outcome.interrupted) {
    outcome.error = "interrupted; it can go on from where it stopped with: flytec executions recover " + id;
    outcome.failedNode.clear();
    outcome.loc.clear();
    outcome.stderrTail.clear();
    end.kind = EventKind::ExecutionFailed;
    end.data = {{"error", "interrupted"}, {"node", ""}};
  } else if (root->done && !root->failed) {
    outcome.succeeded = true;
    nlohmann::json outs = nlohmann::json::object();
    for (const auto &[name, value] : outcome.outputs)
      outs[name] = value;
    end.kind = EventKind::ExecutionSucceeded;
    end.data = {{"outputs", outs}};
  } else {
    if (root->failure) {
      outcome.failedNode = root->failure->path;
      outcome.loc = root->failure->loc;
      outcome.attempts = root->failure->attempts;
      outcome.stderrTail = root->failure->stderrTail;
      outcome.error = root->failure->error;
    } else if (outcome.error.empty()) {
      outcome.error = root->error.empty() ? "the workflow failed" : root->error;
    }
    end.kind = EventKind::ExecutionFailed;
    end.data = {{"error", outcome.error}, {"node", outcome.failedNode}};
  }
  std::string error;
  if (!ex.store_.append(end, error)) {
    outcome.broken = true;
    outcome.error = "the store failed: " + error;
  }
  if (progress)
    progress->executionFinished(outcome.succeeded);
  return outcome;
}

void Executor::Loop::drive() {
  while (true) {
    while (!ready.empty() && !storeBroken) {
      auto [frame, index] = ready.front();
      ready.pop_front();
      nodeReady(*frame, index);
    }
    if (storeBroken)
      aborting = true;
    if (!aborting)
      admitJobs();
    if (!flush())
      aborting = true;
    if (aborting && !abortHandled) {
      // Fail fast (or interrupted): stop what runs; nothing new starts.
      abortHandled = true;
      cancelFrame(*root);
    }
    if (inFlight == 0 && ready.empty() && (aborting || (timers.empty() && scheduler.waiting() == 0)))
      return;
    if (inFlight == 0 && ready.empty() && timers.empty() && scheduler.running() == 0 && scheduler.waiting() > 0) {
      // Waiting jobs and nothing running: admission is broken, a bug.
      outcome.broken = true;
      outcome.error = "internal error: tasks wait but none is admitted";
      return;
    }
    std::vector<Completed> batch;
    {
      std::unique_lock<std::mutex> lock(mutex);
      auto hasWork = [&] { return !completed.empty() || (stopRequested && !outcome.interrupted); };
      if (!hasWork()) {
        if (!timers.empty())
          wake.wait_until(lock, timers.top().at, hasWork);
        else if (inFlight > 0)
          wake.wait(lock, hasWork);
      }
      batch.swap(completed);
      if (stopRequested && !outcome.interrupted) {
        outcome.interrupted = true;
        aborting = true;
      }
    }
    for (Completed &done : batch)
      attemptCompleted(done);
    while (!timers.empty() && timers.top().at <= Clock::now()) {
      Timer t = timers.top();
      timers.pop();
      NodeRun &n = t.frame->nodes[t.node];
      if (n.state != RunState::Running || t.frame->done)
        continue;
      if (aborting) {
        fail(*t.frame, t.node, "cancelled while waiting to retry");
        continue;
      }
      if (node(*t.frame, t.node).kind == ir::NodeKind::Gate)
        succeed(*t.frame, t.node, {});
      else
        runTask(*t.frame, t.node); // a retry after its backoff, or a cache key another run held
    }
  }
}

Frame *Executor::Loop::startHandler(Frame &failed) {
  const ir::Workflow &wf = *failed.workflow;
  const ir::Package &fp = *failed.package;
  // One node calling the handler with the workflow's inputs of the same names.
  ir::Graph &g = handlerGraphs.emplace_back();
  g.inputs = wf.graph.inputs;
  ir::Node call;
  call.id = "on_failure";
  call.target = wf.onFailure;
  call.loc = wf.loc;
  const std::vector<ir::Param> *params = nullptr;
  if (auto t = fp.tasks.find(wf.onFailure); t != fp.tasks.end()) {
    call.kind = ir::NodeKind::Task;
    params = &t->second.inputs;
  } else if (auto w = fp.workflows.find(wf.onFailure); w != fp.workflows.end()) {
    call.kind = w->second.dynamic ? ir::NodeKind::Dynamic : ir::NodeKind::Workflow;
    params = &w->second.graph.inputs;
  }
  if (params)
    for (const ir::Param &p : *params) {
      ir::Port port;
      port.name = p.name;
      port.type = p.type;
      bool given = std::any_of(wf.graph.inputs.begin(), wf.graph.inputs.end(),
                               [&](const ir::Param &in) { return in.name == p.name; });
      if (given)
        port.binding = ir::Binding::input(p.name);
      else
        port.binding = ir::Binding::constant(p.defaultValue.value_or(ir::Value()));
      call.inputs.push_back(std::move(port));
    }
  g.nodes.push_back(std::move(call));
  Frame *handler = startFrame(g, fp, failed.prefix, failed.inputs, nullptr, 0, 0); // its node: <prefix>on_failure
  handler->handlerFor = &failed;
  handler->dynamicDepth = failed.dynamicDepth;
  if (!params)
    fail(*handler, 0, fmt::format("the @on_failure handler '{}' is not in the package", wf.onFailure));
  return handler;
}

Frame *Executor::Loop::startFrame(const ir::Graph &graph, const ir::Package &framePkg, std::string prefix,
                                  ValueMap inputs, Frame *parent, uint32_t parentNode, size_t slot) {
  frames.push_back(std::make_unique<Frame>());
  Frame &f = *frames.back();
  f.graph = &graph;
  f.package = &framePkg;
  f.prefix = std::move(prefix);
  f.inputs = std::move(inputs);
  f.parent = parent;
  f.parentNode = parentNode;
  f.slot = slot;
  if (parent) {
    f.continueOnFailure = parent->continueOnFailure;
    f.inherited = parent->inherited;
    f.dynamicDepth = parent->dynamicDepth;
  }
  f.nodes.resize(graph.nodes.size());
  f.unfinished = graph.nodes.size();
  std::vector<uint32_t> producers;
  for (uint32_t i = 0; i < graph.nodes.size(); ++i) {
    const ir::Node &n = graph.nodes[i];
    producers.clear();
    for (const ir::Port &port : n.inputs)
      if (port.binding.kind == ir::Binding::Kind::Node)
        if (const ir::Node *p = graph.find(port.binding.ref))
          producers.push_back(uint32_t(p - graph.nodes.data()));
    for (const std::string &a : n.after)
      if (const ir::Node *p = graph.find(a))
        producers.push_back(uint32_t(p - graph.nodes.data()));
    std::sort(producers.begin(), producers.end());
    producers.erase(std::unique(producers.begin(), producers.end()), producers.end());
    f.nodes[i].pending = unsigned(producers.size());
    for (uint32_t p : producers)
      f.nodes[p].dependents.push_back(i);
  }
  if (graph.nodes.empty()) {
    frameFinished(f);
    return &f;
  }
  for (uint32_t i = 0; i < graph.nodes.size(); ++i)
    if (f.nodes[i].pending == 0)
      ready.emplace_back(&f, i);
  return &f;
}

std::string Executor::Loop::path(const Frame &frame, uint32_t index) const {
  return frame.prefix + node(frame, index).id;
}

bool Executor::Loop::resolveInputs(Frame &frame, uint32_t index) {
  const ir::Node &n = node(frame, index);
  NodeRun &run = frame.nodes[index];
  for (const ir::Port &port : n.inputs) {
    const ir::Binding &b = port.binding;
    switch (b.kind) {
    case ir::Binding::Kind::Const:
      run.inputs[port.name] = b.value;
      break;
    case ir::Binding::Kind::Input: {
      auto it = frame.inputs.find(b.ref);
      run.inputs[port.name] = it == frame.inputs.end() ? ir::Value() : it->second;
      break;
    }
    case ir::Binding::Kind::Node: {
      const ir::Node *p = frame.graph->find(b.ref);
      const NodeRun &producer = frame.nodes[p - frame.graph->nodes.data()];
      if (producer.state != RunState::Succeeded)
        return false;
      auto it = producer.outputs.find(b.output);
      run.inputs[port.name] = it == producer.outputs.end() ? ir::Value() : it->second;
      break;
    }
    }
  }
  for (const std::string &a : n.after) {
    const ir::Node *p = frame.graph->find(a);
    if (frame.nodes[p - frame.graph->nodes.data()].state != RunState::Succeeded)
      return false;
  }
  return true;
}

void Executor::Loop::nodeReady(Frame &frame, uint32_t index) {
  NodeRun &run = frame.nodes[index];
  const ir::Node &n = node(frame, index);
  if (frame.done)
    return; // its graph already failed
  if (aborting) {
    skip(frame, index, "the execution is failing");
    return;
  }
  if (!resolveInputs(frame, index)) {
    skip(frame, index, "an input failed or was skipped");
    return;
  }
  run.state = RunState::Running;
  if (!prior.empty()) {
    // Recovery: a node that succeeded before keeps its outputs.
    auto it = prior.find(path(frame, index));
    if (it != prior.end() && it->second.status == NodeStatus::Succeeded) {
      ValueMap outputs;
      if (it->second.outputs.is_object())
        for (auto &item : it->second.outputs.items())
          outputs[item.key()] = item.value();
      run.outputs = std::move(outputs);
      run.state = RunState::Succeeded;
      nodeFinished(frame, index);
      return;
    }
  }
  const ir::Package &fp = *frame.package;
  switch (n.kind) {
  case ir::NodeKind::Expression: {
    std::string error;
    auto lookup = [&](llvm::StringRef name) -> const ir::Value * {
      auto it = run.inputs.find(name.str());
      return it == run.inputs.end() ? nullptr : &it->second;
    };
    std::optional<ir::Value> v = ir::evaluate(fp, n.expr, lookup, error);
    if (!v) {
      fail(frame, index, error);
      return;
    }
    ValueMap outputs;
    outputs[n.outputs.empty() ? "value" : n.outputs[0].name] = std::move(*v);
    succeed(frame, index, std::move(outputs));
    return;
  }
  case ir::NodeKind::Task:
    runTask(frame, index);
    return;
  case ir::NodeKind::Workflow: {
    std::string target = n.target;
    ValueMap inputs = run.inputs;
    if (n.launchPlan) {
      auto plan = fp.launchPlans.find(n.target);
      if (plan == fp.launchPlans.end()) {
        fail(frame, index, fmt::format("launch plan '{}' is not in the package", n.target));
        return;
      }
      target = plan->second.workflow;
      for (const auto &[name, value] : plan->second.defaults)
        inputs.emplace(name, value); // the node's own arguments win
      for (const auto &[name, value] : plan->second.fixed)
        inputs[name] = value;
    }
    auto wf = fp.workflows.find(target);
    if (wf == fp.workflows.end()) {
      fail(frame, index, fmt::format("workflow '{}' is not in the package", target));
      return;
    }
    for (const ir::Param &p : wf->second.graph.inputs)
      if (!inputs.count(p.name) && p.defaultValue)
        inputs[p.name] = *p.defaultValue;
    if (ex.options_.progress)
      ex.options_.progress->nodeStarted(path(frame, index), 1);
    Frame *child = startFrame(wf->second.graph, fp, path(frame, index) + "/", std::move(inputs), &frame, index, 0);
    child->workflow = &wf->second;
    child->continueOnFailure = wf->second.continueOnFailure;
    run.children.push_back(child);
    return;
  }
  case ir::NodeKind::Dynamic:
    runDynamic(frame, index);
    return;
  case ir::NodeKind::Branch: {
    for (size_t c = 0; c < n.bodies.size(); ++c) {
      if (c < n.conditions.size()) {
        std::string error;
        auto lookup = [&](llvm::StringRef name) -> const ir::Value * {
          auto it = run.inputs.find(name.str());
          return it == run.inputs.end() ? nullptr : &it->second;
        };
        std::optional<ir::Value> holds = ir::evaluate(fp, n.conditions[c], lookup, error);
        if (!holds) {
          fail(frame, index, "the condition of case " + std::to_string(c) + " failed: " + error);
          return;
        }
        if (!holds->is_boolean() || !holds->get<bool>())
          continue;
      }
      run.children.push_back(startFrame(n.bodies[c], fp, path(frame, index) + "/" + std::to_string(c) + "/",
                                        run.inputs, &frame, index, c));
      return;
    }
    succeed(frame, index, {}); // no case holds and there is no else: nothing to do
    return;
  }
  case ir::NodeKind::Map: {
    auto items = run.inputs.find(n.iterate);
    run.map = std::make_unique<MapRun>();
    if (items != run.inputs.end() && items->second.is_array())
      run.map->items = items->second.get<std::vector<ir::Value>>();
    run.map->results.resize(run.map->items.size());
    if (n.settings.concurrency)
      run.map->concurrency = size_t(std::max<int64_t>(1, *n.settings.concurrency));
    if (run.map->items.empty()) {
      ValueMap outputs;
      for (const ir::Param &o : n.outputs)
        outputs[o.name] = nlohmann::json::array();
      succeed(frame, index, std::move(outputs));
      return;
    }
    startMapElements(frame, index);
    return;
  }
  case ir::NodeKind::Gate:
    runGate(frame, index);
    return;
  }
}

void Executor::Loop::startMapElements(Frame &frame, uint32_t index) {
  NodeRun &run = frame.nodes[index];
  MapRun &m = *run.map;
  const ir::Node &n = node(frame, index);
  while (m.next < m.items.size() && (m.concurrency == 0 || m.running < m.concurrency) && !aborting) {
    size_t i = m.next++;
    ++m.running;
    // Every input but the list, and the element in its place (copying the
    // list into each element would make a map quadratic).
    ValueMap inputs;
    for (const auto &[name, value] : run.inputs)
      if (name != n.iterate)
        inputs.emplace(name, value);
    inputs[n.iterate] = m.items[i];
    Frame *child = startFrame(n.bodies[0], *frame.package, path(frame, index) + "/" + std::to_string(i) + "/",
                              std::move(inputs), &frame, index, i);
    // An element's failure ends that element only: the map decides by its
    // success ratio once enough have finished.
    child->inherited = &n.settings;
    run.children.push_back(child);
  }
}

void Executor::Loop::runGate(Frame &frame, uint32_t index) {
  const ir::Node &n = node(frame, index);
  NodeRun &run = frame.nodes[index];
  if (ex.options_.progress)
    ex.options_.progress->nodeStarted(path(frame, index), 1);
  if (n.target == "sleep") {
    auto it = run.inputs.find("for");
    std::optional<int64_t> ms;
    if (it != run.inputs.end() && it->second.is_string())
      ms = ir::parseDuration(it->second.get<std::string>());
    if (!ms || *ms < 0) {
      fail(frame, index,
           fmt::format("std.sleep needs a duration of zero or more, got {}",
                       it == run.inputs.end() ? std::string("nothing") : it->second.dump()));
      return;
    }
    timers.push({Clock::now() + std::chrono::milliseconds(*ms), &frame, index});
    return;
  }
  if (n.target == "approve") {
    if (!ex.options_.approveAll) {
      fail(frame, index,
           "an approval gate needs a person: run again with --approve to approve every gate of this run "
           "(locally there is no one to ask)");
      return;
    }
    ValueMap outputs;
    outputs["value"] = run.inputs["value"];
    succeed(frame, index, std::move(outputs));
    return;
  }
  // signal
  std::string name = run.inputs["name"].is_string() ? run.inputs["name"].get<std::string>() : "";
  auto given = ex.options_.signals.find(name);
  if (given == ex.options_.signals.end()) {
    fail(frame, index, fmt::format("signal '{}' was not given: run with --signal {}=VALUE", name, name));
    return;
  }
  std::string error;
  if (n.outputs.empty()) {
    succeed(frame, index, {});
    return;
  }
  ir::TypeId type = n.outputs[0].type;
  std::optional<ir::Value> v = parseCommandLineValue(*frame.package, type, given->second, error);
  if (!v) {
    fail(frame, index,
         fmt::format("signal '{}' must be a {}: {}", name, frame.package->types.str(type), error));
    return;
  }
  ValueMap outputs;
  outputs["value"] = std::move(*v);
  succeed(frame, index, std::move(outputs));
}

void Executor::Loop::runDynamic(Frame &frame, uint32_t index) {
  const ir::Node &n = node(frame, index);
  NodeRun &run = frame.nodes[index];
  const ir::Package &fp = *frame.package;
  auto wf = fp.workflows.find(n.target);
  if (wf == fp.workflows.end()) {
    fail(frame, index, fmt::format("dynamic workflow '{}' is not in the package", n.target));
    return;
  }
  if (frame.dynamicDepth >= ex.options_.maxDynamicDepth) {
    fail(frame, index,
         fmt::format("dynamic workflow '{}' recursed deeper than {} levels at {}; a recursion that deep is "
                     "usually missing its base case (raise the limit with --max-dynamic-depth)",
                     n.target, ex.options_.maxDynamicDepth, n.loc));
    return;
  }
  ValueMap inputs = run.inputs;
  for (const ir::Param &p : wf->second.graph.inputs)
    if (!inputs.count(p.name) && p.defaultValue)
      inputs[p.name] = *p.defaultValue;
  // Its inputs are known values now: the JIT specializes the template with
  // them, once per (workflow, inputs) in this execution.
  nlohmann::json key = nlohmann::json::object();
  for (const auto &[name, value] : inputs)
    key[name] = value;
  std::string memoKey = wf->second.name + "\n" + wf->second.hash + "\n" + key.dump();
  auto memo = expansions.find(memoKey);
  if (memo == expansions.end()) {
    std::string error;
    std::optional<Expansion> e = expandDynamic(fp, wf->second, inputs, error);
    if (!e) {
      fail(frame, index, fmt::format("internal error: expanding {} at {}: {}", n.target, n.loc, error));
      return;
    }
    memo = expansions.emplace(memoKey, std::make_shared<Expansion>(std::move(*e))).first;
  }
  const Expansion &expansion = *memo->second;
  Event expanded;
  expanded.kind = EventKind::DynamicExpanded;
  expanded.node = path(frame, index);
  expanded.data = {{"workflow", n.target},
                   {"unrolled_maps", expansion.unrolledMaps},
                   {"resolved_branches", expansion.resolvedBranches},
                   {"graph", expansion.graph}};
  record(std::move(expanded));
  if (ex.options_.progress)
    ex.options_.progress->nodeStarted(path(frame, index), 1);
  Frame *child = startFrame(expansion.workflow->graph, *expansion.package, path(frame, index) + "/",
                            std::move(inputs), &frame, index, 0);
  child->dynamicDepth = frame.dynamicDepth + 1;
  child->workflow = &wf->second; // its @on_failure and policy are the dynamic workflow's
  child->continueOnFailure = wf->second.continueOnFailure;
  run.children.push_back(child);
}

// ------------------------------------------------------------ finishing

void Executor::Loop::succeed(Frame &frame, uint32_t index, ValueMap outputs, nlohmann::json eventData) {
  NodeRun &run = frame.nodes[index];
  run.outputs = std::move(outputs);
  run.state = RunState::Succeeded;
  Event e;
  e.execution = id;
  e.kind = EventKind::NodeSucceeded;
  e.node = path(frame, index);
  nlohmann::json outs = nlohmann::json::object();
  for (const auto &[name, value] : run.outputs)
    outs[name] = value;
  eventData["outputs"] = std::move(outs);
  e.data = std::move(eventData);
  record(std::move(e));
  const ir::Node &n = node(frame, index);
  if (ex.options_.progress && n.kind != ir::NodeKind::Expression && n.kind != ir::NodeKind::Branch &&
      n.kind != ir::NodeKind::Map)
    ex.options_.progress->nodeSucceeded(path(frame, index),
                                        run.cacheKey.empty() ? "" : (run.attempt == 0 ? "cached" : ""));
  nodeFinished(frame, index);
}

void Executor::Loop::fail(Frame &frame, uint32_t index, std::string error, const FailureInfo *cause) {
  NodeRun &run = frame.nodes[index];
  run.state = RunState::Failed;
  run.error = error;
  const ir::Node &n = node(frame, index);
  Event e;
  e.execution = id;
  e.kind = EventKind::NodeFailed;
  e.node = path(frame, index);
  int attempts = run.attemptBase + run.attempt;
  e.data = {{"error", error}, {"attempts", attempts}, {"loc", n.loc}, {"stderr_tail", run.stderrTail}};
  record(std::move(e));
  if (ex.options_.progress)
    ex.options_.progress->nodeFailed(path(frame, index), error);
  if (!frame.failure)
    frame.failure = cause ? *cause : FailureInfo{path(frame, index), n.loc, error, attempts, run.stderrTail};
  if (frame.error.empty())
    frame.error = error;
  frame.failed = true;
  if (!frame.continueOnFailure && &frame == root)
    aborting = true;
  nodeFinished(frame, index);
}

void Executor::Loop::skip(Frame &frame, uint32_t index, llvm::StringRef reason) {
  NodeRun &run = frame.nodes[index];
  run.state = RunState::Skipped;
  Event e;
  e.execution = id;
  e.kind = EventKind::NodeSkipped;
  e.node = path(frame, index);
  e.data = {{"reason", reason.str()}};
  record(std::move(e));
  nodeFinished(frame, index);
}

void Executor::Loop::nodeFinished(Frame &frame, uint32_t index) {
  NodeRun &run = frame.nodes[index];
  run.running.reset();
  releaseLease(frame, index);
  for (uint32_t d : run.dependents)
    if (--frame.nodes[d].pending == 0)
      ready.emplace_back(&frame, d);
  // A failed node in a fail-fast graph fails the graph at once; its other
  // nodes are cancelled or skipped as the loop reaches them.
  if (--frame.unfinished == 0 || (run.state == RunState::Failed && !frame.continueOnFailure && !frame.done))
    frameFinished(frame);
}

void Executor::Loop::frameFinished(Frame &frame) {
  if (frame.done)
    return;
  frame.done = true;
  ValueMap outputs;
  if (!frame.failed) {
    for (const ir::Port &out : frame.graph->outputs) {
      const ir::Binding &b = out.binding;
      if (b.kind == ir::Binding::Kind::Const) {
        outputs[out.name] = b.value;
      } else if (b.kind == ir::Binding::Kind::Input) {
        outputs[out.name] = frame.inputs[b.ref];
      } else {
        const ir::Node *p = frame.graph->find(b.ref);
        const NodeRun &producer = frame.nodes[p - frame.graph->nodes.data()];
        if (producer.state != RunState::Succeeded) {
          frame.failed = true;
          if (frame.error.empty())
            frame.error = fmt::format("output '{}' comes from node '{}', which did not succeed", out.name, b.ref);
          if (!frame.failure)
            frame.failure = FailureInfo{frame.prefix + b.ref, p->loc, frame.error, 0, ""};
          break;
        }
        auto it = producer.outputs.find(b.output);
        outputs[out.name] = it == producer.outputs.end() ? ir::Value() : it->second;
      }
    }
  }
  if (frame.failed) {
    cancelFrame(frame);
    // A subworkflow's handler runs before its failure reaches the caller;
    // the root's runs once the whole execution has stopped (Loop::run).
    if (frame.parent && frame.workflow && !frame.workflow->onFailure.empty()) {
      startHandler(frame);
      return;
    }
  }
  reportFrame(frame, std::move(outputs));
}

void Executor::Loop::cancelFrame(Frame &frame) {
  for (uint32_t i = 0; i < frame.nodes.size(); ++i) {
    NodeRun &run = frame.nodes[i];
    if (run.state != RunState::Running)
      continue;
    for (Frame *child : run.children)
      if (!child->done) {
        child->done = child->failed = true;
        cancelFrame(*child);
      }
    if (run.running) {
      if (!run.cancelled) {
        run.cancelled = true;
        run.running->cancel();
      }
      continue; // its completion ends it
    }
    if (run.job && jobs.erase(run.job))
      scheduler.finished(run.job); // waiting for a slot: it never starts
    releaseLease(frame, i);
    run.state = RunState::Failed;
    Event e;
    e.kind = EventKind::NodeFailed;
    e.node = path(frame, i);
    e.data = {{"error", "cancelled: its graph failed"}, {"attempts", run.attemptBase + run.attempt},
              {"loc", node(frame, i).loc}};
    record(std::move(e));
  }
}

void Executor::Loop::releaseLease(Frame &frame, uint32_t index) {
  NodeRun &run = frame.nodes[index];
  if (!run.cacheLeased)
    return;
  ex.store_.releaseCacheKey(run.cacheKey, id + "/" + path(frame, index));
  run.cacheLeased = false;
}

void Executor::Loop::reportFrame(Frame &frame, ValueMap outputs) {
  if (frame.handlerFor) {
    Frame &failed = *frame.handlerFor;
    if (frame.failed) {
      std::string note =
          fmt::format(" (the @on_failure handler {} failed too: {})", failed.workflow->onFailure, frame.error);
      failed.error += note;
      if (failed.failure)
        failed.failure->error += note;
    }
    if (&failed == root)
      return; // Loop::run reports the root's failure, note included
    reportFrame(failed, {});
    return;
  }
  if (!frame.parent) {
    if (!frame.failed)
      outcome.outputs = std::move(outputs);
    else
      aborting = true;
    return;
  }
  Frame &parent = *frame.parent;
  NodeRun &owner = parent.nodes[frame.parentNode];
  if (owner.state != RunState::Running)
    return; // the owner already failed (a fail-fast sibling)
  if (!frame.failed)
    frame.inputs.swap(outputs); // the finished frame's outputs, handed up through childFinished
  childFinished(parent, frame.parentNode, frame);
}

void Executor::Loop::childFinished(Frame &parent, uint32_t index, Frame &child) {
  NodeRun &run = parent.nodes[index];
  const ir::Node &n = node(parent, index);
  if (n.kind != ir::NodeKind::Map) {
    if (child.failed) {
      fail(parent, index, child.error.empty() ? "a node inside failed" : child.error,
           child.failure ? &*child.failure : nullptr);
      return;
    }
    succeed(parent, index, std::move(child.inputs));
    return;
  }
  MapRun &m = *run.map;
  --m.running;
  ++m.finished;
  if (child.failed)
    ++m.failed;
  else
    m.results[child.slot] = std::move(child.inputs);
  double ratio = n.settings.minSuccessRatio.value_or(1.0);
  size_t total = m.items.size();
  // Fail as soon as the ratio is out of reach, not when the last element ends.
  size_t mayStillSucceed = total - m.failed;
  if (double(mayStillSucceed) < ratio * double(total) - 1e-9) {
    for (Frame *c : run.children)
      if (!c->done) {
        c->done = c->failed = true;
        cancelFrame(*c);
      }
    std::string why = child.error.empty() ? "a node failed" : child.error;
    if (!n.settings.minSuccessRatio) {
      // Every element must succeed: the element's failure is the node's.
      fail(parent, index, fmt::format("element {} failed: {}", child.slot, why),
           child.failure ? &*child.failure : nullptr);
      return;
    }
    fail(parent, index,
         fmt::format("{} of {} elements failed, more than @min_success_ratio({}) allows; the first: {}", m.failed,
                     total, ratio, why));
    return;
  }
  if (m.finished < total) {
    startMapElements(parent, index);
    return;
  }
  // Elements that failed (allowed by the ratio) are left out of the lists,
  // which keeps each output a list of the body's type.
  ValueMap outputs;
  for (const ir::Param &o : n.outputs) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto &r : m.results)
      if (r) {
        auto it = r->find(o.name);
        list.push_back(it == r->end() ? ir::Value() : it->second);
      }
    outputs[o.name] = std::move(list);
  }
  succeed(parent, index, std::move(outputs), {{"elements", total}, {"failed", m.failed}});
}

// ---------------------------------------------------------------- events

void Executor::Loop::record(Event event) {
  event.execution = id;
  pendingEvents.push_back(std::move(event));
}

bool Executor::Loop::flush() {
  if (pendingEvents.empty() || storeBroken)
    return !storeBroken;
  std::string error;
  if (!ex.store_.appendAll(pendingEvents, error)) {
    storeBroken = true;
    storeError = error;
    return false;
  }
  pendingEvents.clear();
  return true;
}

} // namespace flytec::runtime
