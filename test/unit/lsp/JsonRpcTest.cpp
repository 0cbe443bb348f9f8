#include "lsp/JsonRpc.h"

#include "LspTestSupport.h"

#include <llvm/Support/raw_ostream.h>

#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>

namespace flytec::lsp {
namespace {

using testing::RecordingLogger;
using testing::RecordingTransport;

std::string request(const json &id, llvm::StringRef method, const json &params = json::object()) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method.str()}, {"params", params}}.dump();
}

std::string notification(llvm::StringRef method, const json &params = json::object()) {
  return json{{"jsonrpc", "2.0"}, {"method", method.str()}, {"params", params}}.dump();
}

class JsonRpcTest : public ::testing::Test {
protected:
  JsonRpcTest() {
    rpc.method<InitializeParams, InitializeResult>("initialize", [this](const InitializeParams &p,
                                                                        Callback<InitializeResult> reply) {
      initialize = p;
      InitializeResult result;
      result.capabilities = {{"hoverProvider", true}};
      reply(result);
    });
    rpc.method<HoverParams, std::optional<Hover>>(
        "textDocument/hover", [this](const HoverParams &p, Callback<std::optional<Hover>> reply) {
          ++hovers;
          if (p.position.line == 0)
            return reply(std::nullopt);
          reply(Hover{{MarkupKind::Markdown, "line " + std::to_string(p.position.line)}, std::nullopt});
        });
    rpc.notification<DidOpenTextDocumentParams>("textDocument/didOpen",
                                                [this](const DidOpenTextDocumentParams &p) { opened.push_back(p.textDocument.uri); });
  }

  /// The replies and notifications written since the last call.
  std::vector<json> sent() { return transport.take(); }

  /// The only message written since the last call.
  json reply() {
    std::vector<json> messages = sent();
    EXPECT_EQ(messages.size(), 1u) << json(messages).dump();
    return messages.empty() ? json() : messages[0];
  }

  /// Checks code and id, and that the message mentions `text`.
  void expectError(const json &message, const json &id, ErrorCode code, llvm::StringRef text = "") {
    EXPECT_EQ(message["jsonrpc"], "2.0");
    EXPECT_EQ(message["id"], id) << message.dump();
    EXPECT_EQ(message["error"]["code"], int(code)) << message.dump();
    EXPECT_NE(message["error"]["message"].get<std::string>().find(text.str()), std::string::npos) << message.dump();
    EXPECT_FALSE(message.contains("result"));
  }

  void initialized() {
    rpc.dispatch(request(0, "initialize", {{"processId", 1}, {"capabilities", json::object()}}));
    json r = reply();
    ASSERT_EQ(r["result"]["capabilities"]["hoverProvider"], true) << r.dump();
    rpc.dispatch(notification("initialized"));
  }

  json didOpenParams() {
    return {{"textDocument", {{"uri", "u"}, {"languageId", "flyte"}, {"version", 1}, {"text", ""}}}};
  }

  json hoverParams(int line) {
    return {{"textDocument", {{"uri", "file:///a.flyte"}}}, {"position", {{"line", line}, {"character", 0}}}};
  }

  RecordingTransport transport;
  RecordingLogger logger;
  JsonRpcDispatcher rpc{transport, logger};
  std::optional<InitializeParams> initialize;
  int hovers = 0;
  std::vector<std::string> opened;
};

// ---- Malformed messages ------------------------------------------------------

TEST_F(JsonRpcTest, MalformedJsonIsAParseError) {
  for (const char *text : {"{bad", "", "{\"jsonrpc\":\"2.0\",", "\xff"}) {
    rpc.dispatch(text);
    expectError(reply(), nullptr, ErrorCode::ParseError, "invalid JSON");
  }
}

TEST_F(JsonRpcTest, InvalidRequests) {
  initialized();
  struct Case {
    const char *text;
    json id;
    const char *error;
  };
  const Case cases[] = {
      {"[1,2]", nullptr, "must be a JSON object"},
      {"42", nullptr, "must be a JSON object"},
      {R"({"id":1,"method":"textDocument/hover"})", 1, "\"jsonrpc\": \"2.0\""},
      {R"({"jsonrpc":"1.0","id":"a","method":"textDocument/hover"})", "a", "\"jsonrpc\": \"2.0\""},
      {R"({"jsonrpc":2.0,"id":3,"method":"textDocument/hover"})", 3, "\"jsonrpc\": \"2.0\""},
      {R"({"jsonrpc":"2.0","id":1.5,"method":"textDocument/hover"})", nullptr, "id must be an integer or a string"},
      {R"({"jsonrpc":"2.0","id":true,"method":"textDocument/hover"})", nullptr, "id must be"},
      {R"({"jsonrpc":"2.0","id":{},"method":"textDocument/hover"})", nullptr, "id must be"},
      {R"({"jsonrpc":"2.0","id":null,"method":"textDocument/hover"})", nullptr, "id must be"},
      {R"({"jsonrpc":"2.0","id":4,"method":7})", 4, "method must be a string"},
      {R"({"jsonrpc":"2.0","method":null})", nullptr, "method must be a string"},
      {R"({"jsonrpc":"2.0","id":5,"method":"textDocument/hover","params":3})", 5, "params must be an object or an array"},
      {R"({"jsonrpc":"2.0","method":"textDocument/didOpen","params":"x"})", nullptr, "params must be"},
      {R"({"jsonrpc":"2.0","id":6})", 6, "needs a method"},
      {R"({"jsonrpc":"2.0"})", nullptr, "needs a method"},
  };
  for (const Case &c : cases) {
    rpc.dispatch(c.text);
    expectError(reply(), c.id, ErrorCode::InvalidRequest, c.error);
  }
  EXPECT_EQ(hovers, 0);
  EXPECT_TRUE(opened.empty());
}

// ---- Methods -------------------------------------------------------------------

TEST_F(JsonRpcTest, RepliesWithTypedResults) {
  initialized();
  EXPECT_EQ(initialize->processId, 1);
  rpc.dispatch(request(7, "textDocument/hover", hoverParams(3)));
  EXPECT_EQ(reply(), (json{{"jsonrpc", "2.0"},
                           {"id", 7},
                           {"result", {{"contents", {{"kind", "markdown"}, {"value", "line 3"}}}}}}));
  rpc.dispatch(request("s", "textDocument/hover", hoverParams(0)));
  EXPECT_EQ(reply(), (json{{"jsonrpc", "2.0"}, {"id", "s"}, {"result", nullptr}}));
}

TEST_F(JsonRpcTest, InvalidParamsNameTheField) {
  initialized();
  json params = hoverParams(1);
  params["position"]["line"] = -1;
  rpc.dispatch(request(8, "textDocument/hover", params));
  expectError(reply(), 8, ErrorCode::InvalidParams, "params.position.line: expected a non-negative integer");
  rpc.dispatch(R"({"jsonrpc":"2.0","id":9,"method":"textDocument/hover"})");
  expectError(reply(), 9, ErrorCode::InvalidParams, "params: expected an object");
  EXPECT_EQ(hovers, 0);
}

TEST_F(JsonRpcTest, UnknownMethods) {
  initialized();
  rpc.dispatch(request(1, "textDocument/unknown"));
  expectError(reply(), 1, ErrorCode::MethodNotFound, "method not found: textDocument/unknown");
  rpc.dispatch(request(2, "$/unknown"));
  expectError(reply(), 2, ErrorCode::MethodNotFound);
  rpc.dispatch(notification("textDocument/unknown"));
  rpc.dispatch(notification("$/setTrace", {{"value", "off"}}));
  rpc.dispatch(notification("$/progress"));
  EXPECT_TRUE(sent().empty());
  EXPECT_TRUE(logger.has(LogLevel::Verbose, "textDocument/unknown: no handler"));
  EXPECT_EQ(logger.count(LogLevel::Info) + logger.count(LogLevel::Error), 0u);
}

TEST_F(JsonRpcTest, RawJsonAndMemberHandlers) {
  struct Server {
    void echo(const json &params, Callback<json> reply) { reply(json{{"echo", params}}); }
    void note(const json &params) { notes.push_back(params); }
    std::vector<json> notes;
  } server;
  rpc.method("echo", &server, &Server::echo);
  rpc.notification("note", &server, &Server::note);
  initialized();
  rpc.dispatch(request(1, "echo", json::array({1, "two"})));
  EXPECT_EQ(reply()["result"], (json{{"echo", {1, "two"}}}));
  rpc.dispatch(R"({"jsonrpc":"2.0","id":2,"method":"echo"})");
  EXPECT_EQ(reply()["result"], (json{{"echo", nullptr}}));
  rpc.dispatch(notification("note", {{"n", 1}}));
  EXPECT_EQ(server.notes, (std::vector<json>{{{"n", 1}}}));
}

TEST_F(JsonRpcTest, BadNotificationParamsAreLoggedNotAnswered) {
  initialized();
  rpc.dispatch(notification("textDocument/didOpen", {{"textDocument", {{"uri", "u"}}}}));
  EXPECT_TRUE(sent().empty());
  EXPECT_TRUE(opened.empty());
  EXPECT_TRUE(logger.has(LogLevel::Error, "textDocument/didOpen: invalid params, dropped: params.textDocument.languageId"));
}

// ---- Lifecycle -------------------------------------------------------------------

TEST_F(JsonRpcTest, RequestsBeforeInitializeAreRefusedAndNotificationsDropped) {
  rpc.dispatch(request(1, "textDocument/hover", hoverParams(1)));
  expectError(reply(), 1, ErrorCode::ServerNotInitialized);
  rpc.dispatch(request(2, "shutdown"));
  expectError(reply(), 2, ErrorCode::ServerNotInitialized);
  rpc.dispatch(notification("textDocument/didOpen", didOpenParams()));
  EXPECT_TRUE(sent().empty());
  EXPECT_TRUE(opened.empty());
  EXPECT_EQ(hovers, 0);
}

TEST_F(JsonRpcTest, InitializeOnlyOnceButRetriedAfterAFailure) {
  rpc.dispatch(request(1, "initialize", {{"processId", "not a number"}}));
  expectError(reply(), 1, ErrorCode::InvalidParams, "params.processId: expected an integer");
  rpc.dispatch(request(2, "textDocument/hover", hoverParams(1)));
  expectError(reply(), 2, ErrorCode::ServerNotInitialized);
  initialized();
  rpc.dispatch(request(3, "initialize", json::object()));
  expectError(reply(), 3, ErrorCode::InvalidRequest, "initialize may only be sent once");
  rpc.dispatch(request(4, "textDocument/hover", hoverParams(1)));
  EXPECT_TRUE(reply().contains("result"));
}

TEST_F(JsonRpcTest, ShutdownThenExit) {
  initialized();
  rpc.dispatch(request(1, "shutdown"));
  EXPECT_EQ(reply(), (json{{"jsonrpc", "2.0"}, {"id", 1}, {"result", nullptr}}));
  EXPECT_TRUE(rpc.shutdownRequested());
  rpc.dispatch(request(2, "textDocument/hover", hoverParams(1)));
  expectError(reply(), 2, ErrorCode::InvalidRequest, "shutting down");
  rpc.dispatch(request(3, "shutdown"));
  expectError(reply(), 3, ErrorCode::InvalidRequest);
  rpc.dispatch(notification("textDocument/didOpen", didOpenParams()));
  EXPECT_TRUE(opened.empty());
  EXPECT_FALSE(rpc.exitRequested());
  rpc.dispatch(notification("exit"));
  EXPECT_TRUE(rpc.exitRequested());
  EXPECT_EQ(rpc.exitCode(), 0);
  rpc.dispatch(request(4, "textDocument/hover", hoverParams(1)));
  EXPECT_TRUE(sent().empty()); // nothing is answered after exit
}

TEST_F(JsonRpcTest, ExitWithoutShutdownFails) {
  bool exitHandled = false;
  rpc.notification<NoParams>("exit", [&](const NoParams &) { exitHandled = true; });
  rpc.dispatch(notification("exit")); // even before initialize
  EXPECT_TRUE(rpc.exitRequested());
  EXPECT_TRUE(exitHandled);
  EXPECT_EQ(rpc.exitCode(), 1);
}

TEST_F(JsonRpcTest, ShutdownHandlerRuns) {
  bool shutdown = false;
  rpc.method<NoParams, std::nullptr_t>("shutdown", [&](const NoParams &, Callback<std::nullptr_t> reply) {
    shutdown = true;
    reply(nullptr);
  });
  initialized();
  rpc.dispatch(R"({"jsonrpc":"2.0","id":1,"method":"shutdown","params":null})");
  EXPECT_TRUE(shutdown);
  EXPECT_EQ(reply()["result"], nullptr);
}

// ---- Misbehaving handlers ----------------------------------------------------------

TEST_F(JsonRpcTest, ThrowingHandlersGetAnInternalError) {
  rpc.method<json, json>("throw", [](const json &, Callback<json>) { throw std::runtime_error("boom"); });
  rpc.method<json, json>("throwInt", [](const json &, Callback<json>) { throw 42; });
  rpc.notification<json>("throwNote", [](const json &) { throw std::runtime_error("note boom"); });
  initialized();
  rpc.dispatch(request(1, "throw"));
  expectError(reply(), 1, ErrorCode::InternalError, "boom");
  rpc.dispatch(request(2, "throwInt"));
  expectError(reply(), 2, ErrorCode::InternalError, "unknown exception");
  rpc.dispatch(notification("throwNote"));
  EXPECT_TRUE(sent().empty());
  EXPECT_TRUE(logger.has(LogLevel::Error, "throwNote: the handler threw: note boom"));
  // Still serving.
  rpc.dispatch(request(3, "textDocument/hover", hoverParams(2)));
  EXPECT_TRUE(reply().contains("result"));
}

TEST_F(JsonRpcTest, ThrowingAfterReplyingRepliesOnce) {
  rpc.method<json, json>("replyThenThrow", [](const json &, Callback<json> reply) {
    reply(json(1));
    throw std::runtime_error("late");
  });
  initialized();
  rpc.dispatch(request(1, "replyThenThrow"));
  EXPECT_EQ(reply()["result"], 1);
  EXPECT_TRUE(logger.has(LogLevel::Error, "threw after replying: late"));
}

TEST_F(JsonRpcTest, DroppedCallbackGetsAnInternalError) {
  rpc.method<json, json>("forget", [](const json &, Callback<json>) {});
  initialized();
  rpc.dispatch(request(1, "forget"));
  expectError(reply(), 1, ErrorCode::InternalError, "handler produced no reply");
  EXPECT_TRUE(logger.has(LogLevel::Error, "forget(1): handler produced no reply"));
}

TEST_F(JsonRpcTest, CallbackDroppedLaterStillReplies) {
  Callback<json> kept;
  rpc.method<json, json>("later", [&](const json &, Callback<json> reply) { kept = std::move(reply); });
  initialized();
  rpc.dispatch(request(1, "later"));
  EXPECT_TRUE(sent().empty());
  kept = nullptr;
  expectError(reply(), 1, ErrorCode::InternalError, "handler produced no reply");
  EXPECT_TRUE(logger.has(LogLevel::Error, "dropped its callback"));
}

TEST_F(JsonRpcTest, DoubleRepliesAreDroppedAndLogged) {
  rpc.method<json, json>("twice", [](const json &, Callback<json> reply) {
    reply(json("first"));
    reply(json("second"));
  });
  initialized();
  rpc.dispatch(request(1, "twice"));
  EXPECT_EQ(reply()["result"], "first");
  EXPECT_TRUE(logger.has(LogLevel::Error, "twice(1): the handler replied twice"));
}

TEST_F(JsonRpcTest, RepliesFromAnotherThread) {
  std::vector<std::thread> workers;
  rpc.method<json, json>("async", [&](const json &params, Callback<json> reply) {
    workers.emplace_back([params, reply = std::move(reply)]() mutable { reply(params); });
  });
  initialized();
  for (int i = 0; i < 20; ++i)
    rpc.dispatch(request(i, "async", {{"i", i}}));
  for (std::thread &worker : workers)
    worker.join();
  std::vector<json> replies = sent();
  ASSERT_EQ(replies.size(), 20u);
  for (const json &r : replies)
    EXPECT_EQ(r["result"]["i"], r["id"]);
}

TEST_F(JsonRpcTest, HandlersReplyWithErrors) {
  rpc.method<json, json>("fail", [](const json &, Callback<json> reply) {
    reply(RpcError{ErrorCode::RequestFailed, "no workflow here"});
  });
  initialized();
  rpc.dispatch(request(1, "fail"));
  expectError(reply(), 1, ErrorCode::RequestFailed, "no workflow here");
}

// ---- Cancellation ------------------------------------------------------------------

TEST_F(JsonRpcTest, CancelOvertakesAQueuedRequest) {
  initialized();
  rpc.enqueue(request(5, "textDocument/hover", hoverParams(1)));
  rpc.enqueue(request(6, "textDocument/hover", hoverParams(2)));
  rpc.enqueue(notification("$/cancelRequest", {{"id", 5}}));
  EXPECT_EQ(rpc.queued(), 2u);
  EXPECT_TRUE(rpc.isCancelled(5));
  EXPECT_FALSE(rpc.isCancelled(6));
  rpc.processQueued();
  std::vector<json> replies = sent();
  ASSERT_EQ(replies.size(), 2u);
  expectError(replies[0], 5, ErrorCode::RequestCancelled);
  EXPECT_EQ(replies[1]["result"]["contents"]["value"], "line 2");
  EXPECT_EQ(hovers, 1);
  EXPECT_FALSE(rpc.isCancelled(5)); // answered, forgotten
}

TEST_F(JsonRpcTest, StringIdsCancelToo) {
  initialized();
  rpc.enqueue(request("abc", "textDocument/hover", hoverParams(1)));
  rpc.enqueue(notification("$/cancelRequest", {{"id", 5}}));     // another request
  rpc.enqueue(notification("$/cancelRequest", {{"id", "5"}}));   // a string is not the integer
  EXPECT_FALSE(rpc.isCancelled("abc"));
  rpc.enqueue(notification("$/cancelRequest", {{"id", "abc"}}));
  EXPECT_TRUE(rpc.isCancelled("abc"));
  rpc.processQueued();
  expectError(reply(), "abc", ErrorCode::RequestCancelled);
}

TEST_F(JsonRpcTest, RunningHandlersSeeTheirCancellation) {
  Callback<json> kept;
  json seenId;
  rpc.method<json, json>("slow", [&](const json &, Callback<json> reply) {
    seenId = rpc.currentRequestId();
    kept = std::move(reply);
  });
  initialized();
  rpc.dispatch(request(9, "slow"));
  EXPECT_EQ(seenId, 9);
  EXPECT_TRUE(rpc.currentRequestId().is_null());
  EXPECT_FALSE(rpc.isCancelled(9));
  rpc.dispatch(notification("$/cancelRequest", {{"id", 9}}));
  EXPECT_TRUE(rpc.isCancelled(9));
  kept(RpcError{ErrorCode::RequestCancelled, "cancelled"});
  expectError(reply(), 9, ErrorCode::RequestCancelled);
}

TEST_F(JsonRpcTest, CancelOfUnknownOrBadIdsIsHarmless) {
  initialized();
  rpc.dispatch(notification("$/cancelRequest", {{"id", 77}}));
  rpc.dispatch(notification("$/cancelRequest", {{"id", true}}));
  rpc.dispatch(notification("$/cancelRequest"));
  EXPECT_TRUE(sent().empty());
  EXPECT_TRUE(logger.has(LogLevel::Error, "$/cancelRequest: invalid params, dropped: params.id: expected an integer or a string"));
  EXPECT_TRUE(logger.has(LogLevel::Error, "params.id: required field is missing"));
}

TEST_F(JsonRpcTest, DuplicatePendingIdIsDropped) {
  Callback<json> kept;
  rpc.method<json, json>("slow", [&](const json &, Callback<json> reply) { kept = std::move(reply); });
  initialized();
  rpc.dispatch(request(1, "slow"));
  rpc.dispatch(request(1, "textDocument/hover", hoverParams(1)));
  EXPECT_TRUE(sent().empty());
  EXPECT_TRUE(logger.has(LogLevel::Error, "a request with this id is still pending"));
  kept(json("done"));
  EXPECT_EQ(reply()["result"], "done");
  rpc.dispatch(request(1, "textDocument/hover", hoverParams(1))); // free again
  EXPECT_TRUE(reply().contains("result"));
}

// ---- Server to client ------------------------------------------------------------------

TEST_F(JsonRpcTest, CallsTheClientAndGetsItsReply) {
  initialized();
  std::vector<Result<json>> results;
  rpc.call("workspace/applyEdit", {{"edit", {{"changes", json::object()}}}},
           [&](Result<json> r) { results.push_back(std::move(r)); });
  rpc.call("window/workDoneProgress/create", {{"token", "t"}}, [&](Result<json> r) { results.push_back(std::move(r)); });
  std::vector<json> calls = sent();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0], (json{{"jsonrpc", "2.0"},
                            {"id", 0},
                            {"method", "workspace/applyEdit"},
                            {"params", {{"edit", {{"changes", json::object()}}}}}}));
  EXPECT_EQ(calls[1]["id"], 1);
  rpc.dispatch(R"({"jsonrpc":"2.0","id":1,"error":{"code":-32603,"message":"no"}})");
  rpc.dispatch(R"({"jsonrpc":"2.0","id":0,"result":{"applied":true}})");
  ASSERT_EQ(results.size(), 2u);
  ASSERT_FALSE(results[0]);
  EXPECT_EQ(results[0].error().code, ErrorCode::InternalError);
  EXPECT_EQ(results[0].error().message, "no");
  ASSERT_TRUE(results[1]);
  EXPECT_EQ(*results[1], (json{{"applied", true}}));
  EXPECT_TRUE(sent().empty()); // responses are never answered
}

TEST_F(JsonRpcTest, UnmatchedResponses) {
  rpc.dispatch(R"({"jsonrpc":"2.0","id":99,"result":1})");
  EXPECT_TRUE(logger.has(LogLevel::Info, "response to request 99"));
  std::vector<json> ids;
  rpc.onResponse([&](const json &id, Result<json> r) {
    ids.push_back(id);
    EXPECT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::UnknownErrorCode);
  });
  rpc.dispatch(R"({"jsonrpc":"2.0","id":"x","error":"not an object"})");
  EXPECT_EQ(ids, (std::vector<json>{"x"}));
  rpc.dispatch(R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"your JSON"}})");
  EXPECT_TRUE(logger.has(LogLevel::Error, "could not read a message of ours: your JSON"));
  EXPECT_TRUE(sent().empty());
}

TEST_F(JsonRpcTest, NotifiesTheClient) {
  PublishDiagnosticsParams diagnostics{"file:///a.flyte", 2, {}};
  rpc.notify("textDocument/publishDiagnostics", diagnostics);
  EXPECT_EQ(reply(), (json{{"jsonrpc", "2.0"},
                           {"method", "textDocument/publishDiagnostics"},
                           {"params", {{"uri", "file:///a.flyte"}, {"version", 2}, {"diagnostics", json::array()}}}}));
}

// ---- The loop ------------------------------------------------------------------------------

std::string framed(const std::string &body) {
  return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

TEST(JsonRpcRunTest, RunsUntilExitOverStdioFraming) {
  std::string input = framed(request(0, "initialize")) + framed(notification("initialized")) +
                      framed(request(1, "echo", {{"x", 1}})) + "Content-Length: nope\r\n\r\n{}" +
                      framed(request(2, "echo")) + framed(notification("$/cancelRequest", {{"id", 2}})) +
                      framed(request(3, "shutdown")) + framed(notification("exit")) +
                      framed(request(4, "echo"));
  StringInput in(input, 3);
  std::string out;
  llvm::raw_string_ostream os(out);
  StdioTransport transport(in, os);
  RecordingLogger logger;
  JsonRpcDispatcher rpc(transport, logger);
  rpc.method<json, json>("initialize", [](const json &, Callback<json> reply) { reply(json{{"capabilities", json::object()}}); });
  rpc.method<json, json>("echo", [](const json &p, Callback<json> reply) { reply(p); });
  EXPECT_EQ(rpc.run(), 0);
  EXPECT_TRUE(logger.has(LogLevel::Error, "bad input skipped: invalid Content-Length 'nope'"));

  StringInput written(out);
  std::string sink;
  llvm::raw_string_ostream sinkStream(sink);
  StdioTransport reader(written, sinkStream);
  std::vector<json> replies;
  std::string message, error;
  while (reader.readMessage(message, error))
    replies.push_back(json::parse(message));
  ASSERT_EQ(replies.size(), 4u) << json(replies).dump();
  EXPECT_EQ(replies[0]["id"], 0);
  EXPECT_EQ(replies[1], (json{{"jsonrpc", "2.0"}, {"id", 1}, {"result", {{"x", 1}}}}));
  // All of the input was there at once: the cancel overtook request 2.
  EXPECT_EQ(replies[2]["id"], 2);
  EXPECT_EQ(replies[2]["error"]["code"], int(ErrorCode::RequestCancelled));
  EXPECT_EQ(replies[3], (json{{"jsonrpc", "2.0"}, {"id", 3}, {"result", nullptr}}));
}

TEST(JsonRpcRunTest, EndOfInputWithoutExitFails) {
  StringInput in(framed(request(0, "initialize")));
  std::string out;
  llvm::raw_string_ostream os(out);
  StdioTransport transport(in, os);
  RecordingLogger logger;
  JsonRpcDispatcher rpc(transport, logger);
  EXPECT_EQ(rpc.run(), 1);
  EXPECT_TRUE(logger.has(LogLevel::Info, "input ended without an exit notification"));
}

TEST(JsonRpcRunTest, LitTestTranscript) {
  std::string input = "# A transcript, as test/lit/lsp/ will have them.\n"
                      "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{}}\n"
                      "---\n"
                      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"nope\"}\n"
                      "---\n"
                      "{oops\n"
                      "---\n"
                      "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}\n"
                      "---\n"
                      "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"nope\"}\n";
  StringInput in(input);
  std::string out;
  llvm::raw_string_ostream os(out);
  LitTestTransport transport(in, os);
  RecordingLogger logger;
  JsonRpcDispatcher rpc(transport, logger);
  rpc.method<json, json>("initialize", [](const json &, Callback<json> reply) { reply(json{{"capabilities", json::object()}}); });
  EXPECT_EQ(rpc.run(), 1);
  EXPECT_NE(out.find("\"id\": 0,\n  \"jsonrpc\": \"2.0\",\n  \"result\": {\n    \"capabilities\": {}\n  }\n}\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("\"code\": -32601"), std::string::npos) << out;
  EXPECT_NE(out.find("\"code\": -32700"), std::string::npos) << out;
  EXPECT_EQ(out.find("\"id\": 2"), std::string::npos) << out;
}

} // namespace
} // namespace flytec::lsp
