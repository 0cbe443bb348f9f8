#include "store/ExecutionState.h"

#include <gtest/gtest.h>

using namespace flytec::runtime;
using json = nlohmann::json;

namespace {

/// Builds an event log with increasing seq and time.
class Log {
public:
  Log &add(EventKind kind, std::string node = "", int attempt = 0, json data = json::object(),
           std::string execution = "e1") {
    Event e;
    e.seq = ++seq;
    e.execution = std::move(execution);
    e.kind = kind;
    e.node = std::move(node);
    e.attempt = attempt;
    e.data = std::move(data);
    e.timeMs = 1000 + seq;
    events.push_back(std::move(e));
    return *this;
  }
  Log &created() {
    return add(EventKind::ExecutionCreated, "", 0,
               {{"workflow", "shop.daily"},
                {"project", "p"},
                {"domain", "development"},
                {"inputs", {{"n", 3}}},
                {"package", "sha256:abc"},
                {"options", {{"max_parallel", 4}, {"no_cache", false}}}});
  }
  std::vector<Event> events;
  int64_t seq = 0;
};

} // namespace

TEST(Events, KindNamesRoundTrip) {
  for (EventKind k : {EventKind::ExecutionCreated, EventKind::AttemptStarted, EventKind::AttemptFailed,
                      EventKind::NodeSucceeded, EventKind::NodeFailed, EventKind::NodeSkipped,
                      EventKind::DynamicExpanded, EventKind::ExecutionSucceeded, EventKind::ExecutionFailed,
                      EventKind::ExecutionRecovered})
    EXPECT_EQ(eventKindNamed(eventKindName(k)), k) << eventKindName(k).str();
  EXPECT_EQ(eventKindName(EventKind::AttemptFailed), "attempt_failed");
  EXPECT_EQ(eventKindNamed("no_such_event"), std::nullopt);
}

TEST(Events, FoldOfASuccessfulRunWithARetry) {
  Log log;
  log.created()
      .add(EventKind::AttemptStarted, "extract", 1)
      .add(EventKind::AttemptFailed, "extract", 1, {{"error", "exit 1"}, {"stderr_tail", "boom"}, {"retry_in_ms", 10}})
      .add(EventKind::AttemptStarted, "extract", 2)
      .add(EventKind::NodeSucceeded, "extract", 0, {{"outputs", {{"t", "/b/x"}}}, {"cache", "put"}, {"cache_key", "sha256:k"}})
      .add(EventKind::NodeSucceeded, "title", 0, {{"outputs", {{"o", "hi"}}}, {"cache", "off"}})
      .add(EventKind::NodeSkipped, "r/1/empty", 0, {{"reason", "case not taken"}})
      .add(EventKind::ExecutionSucceeded, "", 0, {{"outputs", {{"report", "/b/y"}}}});
  ExecutionState s = fold(log.events);
  EXPECT_EQ(s.id, "e1");
  EXPECT_EQ(s.workflow, "shop.daily");
  EXPECT_EQ(s.project, "p");
  EXPECT_EQ(s.domain, "development");
  EXPECT_EQ(s.inputs, json({{"n", 3}}));
  EXPECT_EQ(s.package, "sha256:abc");
  EXPECT_EQ(s.options["max_parallel"], 4);
  EXPECT_EQ(s.createdMs, 1001);
  EXPECT_EQ(s.status, ExecutionStatus::Succeeded);
  EXPECT_EQ(s.outputs, json({{"report", "/b/y"}}));
  EXPECT_EQ(s.endMs, 1008);

  const NodeState &x = s.nodes.at("extract");
  EXPECT_EQ(x.status, NodeStatus::Succeeded);
  EXPECT_EQ(x.attempts, 2);
  EXPECT_EQ(x.error, "exit 1"); // the last failed attempt's
  EXPECT_EQ(x.stderrTail, "boom");
  EXPECT_EQ(x.cache, "put");
  EXPECT_EQ(x.cacheKey, "sha256:k");
  EXPECT_EQ(x.outputs, json({{"t", "/b/x"}}));
  EXPECT_EQ(x.startMs, 1002);
  EXPECT_EQ(x.endMs, 1005);

  EXPECT_EQ(s.nodes.at("title").attempts, 0);
  EXPECT_EQ(s.nodes.at("title").startMs, 1006);
  EXPECT_EQ(s.nodes.at("r/1/empty").status, NodeStatus::Skipped);
  EXPECT_EQ(s.nodes.at("r/1/empty").reason, "case not taken");
}

TEST(Events, FoldOfAFailure) {
  Log log;
  log.created()
      .add(EventKind::AttemptStarted, "a", 1)
      .add(EventKind::AttemptFailed, "a", 1, {{"error", "timed out"}, {"timed_out", true}})
      .add(EventKind::NodeFailed, "a", 0,
           {{"error", "timed out after 2 attempts"}, {"attempts", 2}, {"loc", "f.flyte:3:5"}, {"stderr_tail", "t"}})
      .add(EventKind::NodeSkipped, "b", 0, {{"reason", "input from a failed node"}})
      .add(EventKind::ExecutionFailed, "", 0, {{"error", "node a failed"}, {"node", "a"}});
  ExecutionState s = fold(log.events);
  EXPECT_EQ(s.status, ExecutionStatus::Failed);
  EXPECT_EQ(s.error, "node a failed");
  EXPECT_EQ(s.failedNode, "a");
  const NodeState &a = s.nodes.at("a");
  EXPECT_EQ(a.status, NodeStatus::Failed);
  EXPECT_EQ(a.attempts, 2);
  EXPECT_EQ(a.error, "timed out after 2 attempts");
  EXPECT_EQ(a.loc, "f.flyte:3:5");
  EXPECT_EQ(a.stderrTail, "t");
  EXPECT_EQ(s.nodes.at("b").status, NodeStatus::Skipped);
}

TEST(Events, DuplicatesAndNonsenseAreIgnored) {
  Log log;
  log.created()
      .created() // a duplicate creation does not reset anything
      .add(EventKind::AttemptStarted, "a", 1)
      .add(EventKind::AttemptStarted, "a", 1) // written twice across a crash
      .add(EventKind::NodeSucceeded, "a", 0, {{"outputs", {{"o", 1}}}, {"cache", "miss"}})
      .add(EventKind::NodeSucceeded, "a", 0, {{"outputs", {{"o", 2}}}, {"cache", "hit"}})
      .add(EventKind::NodeFailed, "a", 0, {{"error", "late"}})
      .add(EventKind::AttemptStarted, "a", 2)
      .add(EventKind::NodeSucceeded, "other-exec", 0, {{"outputs", {}}}, "e2")
      .add(EventKind::DynamicExpanded, "d", 0, {{"workflow", "w"}, {"graph", 1}})
      .add(EventKind::DynamicExpanded, "d", 0, {{"workflow", "w"}, {"graph", 2}})
      .add(EventKind::ExecutionSucceeded, "", 0, {{"outputs", {{"o", 1}}}})
      .add(EventKind::ExecutionFailed, "", 0, {{"error", "late"}})
      .add(EventKind::ExecutionRecovered); // a succeeded execution stays so
  ExecutionState s = fold(log.events);
  EXPECT_EQ(s.createdMs, 1001);
  const NodeState &a = s.nodes.at("a");
  EXPECT_EQ(a.status, NodeStatus::Succeeded);
  EXPECT_EQ(a.attempts, 1);
  EXPECT_EQ(a.outputs, json({{"o", 1}}));
  EXPECT_EQ(a.cache, "miss");
  EXPECT_TRUE(a.error.empty());
  EXPECT_EQ(s.nodes.count("other-exec"), 0u);
  EXPECT_EQ(s.expansions.at("d")["graph"], 1);
  EXPECT_EQ(s.status, ExecutionStatus::Succeeded);
  EXPECT_TRUE(s.error.empty());
}

TEST(Events, EventsBeforeCreationAndOfOtherExecutionsAreIgnored) {
  Log log;
  log.add(EventKind::AttemptStarted, "a", 1).created().add(EventKind::AttemptStarted, "a", 1, {}, "e2");
  ExecutionState s = fold(log.events);
  EXPECT_EQ(s.id, "e1");
  EXPECT_TRUE(s.nodes.empty());
  // Data of the wrong shape never throws.
  Log bad;
  bad.add(EventKind::ExecutionCreated, "", 0, json::array({1}))
      .add(EventKind::NodeFailed, "a", 0, {{"error", 3}, {"attempts", "x"}});
  ExecutionState t = fold(bad.events);
  EXPECT_EQ(t.nodes.at("a").status, NodeStatus::Failed);
  EXPECT_EQ(t.nodes.at("a").error, "");
}

TEST(Events, InterruptedAttemptAndRecovery) {
  Log log;
  log.created()
      .add(EventKind::NodeSucceeded, "a", 0, {{"outputs", {{"o", 1}}}, {"cache", "off"}})
      .add(EventKind::AttemptStarted, "b", 1)
      .add(EventKind::AttemptStarted, "c", 1)
      .add(EventKind::NodeFailed, "c", 0, {{"error", "exit 2"}, {"attempts", 1}})
      .add(EventKind::NodeSkipped, "d", 0, {{"reason", "c failed"}})
      .add(EventKind::DynamicExpanded, "dyn", 0, {{"graph", "g"}})
      .add(EventKind::ExecutionFailed, "", 0, {{"error", "c failed"}, {"node", "c"}});
  // The process died while b ran; b is still running in the fold.
  ExecutionState before = fold(log.events);
  EXPECT_EQ(before.nodes.at("b").status, NodeStatus::Running);
  EXPECT_EQ(before.nodes.at("b").attempts, 1);

  log.add(EventKind::ExecutionRecovered);
  ExecutionState s = fold(log.events);
  EXPECT_EQ(s.status, ExecutionStatus::Running);
  EXPECT_TRUE(s.error.empty());
  EXPECT_TRUE(s.failedNode.empty());
  EXPECT_EQ(s.endMs, 0);
  EXPECT_EQ(s.nodes.at("a").status, NodeStatus::Succeeded); // reused
  EXPECT_EQ(s.nodes.at("b").status, NodeStatus::Running);   // to run again
  EXPECT_EQ(s.nodes.count("c"), 0u);                        // forgotten: reruns
  EXPECT_EQ(s.nodes.count("d"), 0u);
  EXPECT_EQ(s.expansions.count("dyn"), 1u);

  log.add(EventKind::AttemptStarted, "b", 2)
      .add(EventKind::NodeSucceeded, "b", 0, {{"outputs", json::object()}})
      .add(EventKind::AttemptStarted, "c", 1)
      .add(EventKind::NodeSucceeded, "c", 0, {{"outputs", json::object()}})
      .add(EventKind::ExecutionSucceeded, "", 0, {{"outputs", json::object()}});
  ExecutionState after = fold(log.events);
  EXPECT_EQ(after.status, ExecutionStatus::Succeeded);
  EXPECT_EQ(after.nodes.at("b").attempts, 2);
  EXPECT_EQ(after.nodes.at("c").status, NodeStatus::Succeeded);
  EXPECT_EQ(after.nodes.at("c").attempts, 1);
}

TEST(Events, FoldingInPiecesIsFoldingAtOnce) {
  Log log;
  log.created()
      .add(EventKind::AttemptStarted, "a", 1)
      .add(EventKind::AttemptFailed, "a", 1, {{"error", "x"}})
      .add(EventKind::AttemptStarted, "a", 2)
      .add(EventKind::NodeSucceeded, "a", 0, {{"outputs", {{"o", 1}}}})
      .add(EventKind::ExecutionSucceeded, "", 0, {{"outputs", {{"o", 1}}}});
  ExecutionState incremental;
  for (const Event &e : log.events)
    incremental.apply(e);
  EXPECT_EQ(toJson(incremental), toJson(fold(log.events)));
}

TEST(Events, ToJson) {
  Log log;
  log.created()
      .add(EventKind::AttemptStarted, "a", 1)
      .add(EventKind::NodeSucceeded, "a", 0, {{"outputs", {{"o", 1}}}, {"cache", "miss"}, {"cache_key", "sha256:k"}})
      .add(EventKind::NodeSkipped, "b", 0, {{"reason", "case not taken"}})
      .add(EventKind::ExecutionSucceeded, "", 0, {{"outputs", {{"o", 1}}}});
  json j = toJson(fold(log.events));
  EXPECT_EQ(j["status"], "succeeded");
  EXPECT_EQ(j["outputs"], json({{"o", 1}}));
  EXPECT_EQ(j["workflow"], "shop.daily");
  EXPECT_EQ(j["created_ms"], 1001);
  EXPECT_FALSE(j.contains("error"));
  EXPECT_EQ(j["nodes"]["a"],
            json({{"status", "succeeded"}, {"attempts", 1}, {"start_ms", 1002}, {"end_ms", 1003},
                  {"outputs", {{"o", 1}}}, {"cache", "miss"}, {"cache_key", "sha256:k"}}));
  EXPECT_EQ(j["nodes"]["b"]["status"], "skipped");
  EXPECT_EQ(j["nodes"]["b"]["reason"], "case not taken");
  EXPECT_FALSE(j["nodes"]["b"].contains("outputs"));
  EXPECT_EQ(nodeStatusName(NodeStatus::Running), "running");
  EXPECT_EQ(executionStatusName(ExecutionStatus::Failed), "failed");
}
