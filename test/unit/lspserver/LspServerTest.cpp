// The server driven by an in-process client: messages go in through
// LspServer::handle, replies and notifications are collected as JSON.
#include "lspserver/LspServer.h"

#include <gtest/gtest.h>

namespace flytec::lspserver {
namespace {

using lsp::json;

/// A transport whose output is kept for the test to read.
class RecordingTransport : public lsp::Transport {
public:
  bool readMessage(std::string &, std::string &) override { return false; }
  bool waitReadable(int) override { return false; }
  void writeMessage(const json &message) override { sent.push_back(message); }
  std::vector<json> sent;
};

class Client {
public:
  Client() : server_(transport_, logger_, LspServerOptions{0, {}}) {
    request("initialize", {{"processId", nullptr}, {"rootUri", nullptr}, {"capabilities", json::object()}});
    notify("initialized", json::object());
  }

  json request(const std::string &method, json params) {
    int id = ++nextId_;
    server_.handle(json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}}.dump());
    for (const json &m : transport_.sent)
      if (m.contains("id") && m["id"] == id)
        return m;
    ADD_FAILURE() << "no reply to " << method;
    return json();
  }
  void notify(const std::string &method, json params) {
    server_.handle(json{{"jsonrpc", "2.0"}, {"method", method}, {"params", params}}.dump());
  }
  void raw(const std::string &text) { server_.handle(text); }
  /// The diagnostics last published for `uri`.
  json diagnostics(const std::string &uri) const {
    for (auto it = transport_.sent.rbegin(); it != transport_.sent.rend(); ++it)
      if (it->value("method", "") == "textDocument/publishDiagnostics" && (*it)["params"]["uri"] == uri)
        return (*it)["params"]["diagnostics"];
    return json();
  }
  const std::vector<json> &sent() const { return transport_.sent; }

private:
  RecordingTransport transport_;
  lsp::NullLogger logger_;
  LspServer server_;
  int nextId_ = 0;
};

json position(int line, int character) { return {{"line", line}, {"character", character}}; }
json doc(const std::string &uri) { return {{"uri", uri}}; }

const char *kUri = "file:///tmp/flyte-lsp-unit/a.flyte";

TEST(LspServer, DiagnosticsFollowIncrementalEdits) {
  Client c;
  c.notify("textDocument/didOpen",
           {{"textDocument",
             {{"uri", kUri}, {"languageId", "flyte"}, {"version", 1},
              {"text", "workflow w(n: int) -> (out: int) {\n  return (out: m)\n}\n"}}}});
  json d = c.diagnostics(kUri);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0]["code"], "E2001");
  EXPECT_EQ(d[0]["range"]["start"], position(1, 15));
  // Replace `m` by `n`: the error goes away.
  json change = {{"range", {{"start", position(1, 15)}, {"end", position(1, 16)}}}, {"text", "n"}};
  c.notify("textDocument/didChange", {{"textDocument", {{"uri", kUri}, {"version", 2}}},
                                      {"contentChanges", json::array({change})}});
  EXPECT_TRUE(c.diagnostics(kUri).empty());
}

TEST(LspServer, CodeActionFixesMisspelledName) {
  Client c;
  c.notify("textDocument/didOpen",
           {{"textDocument",
             {{"uri", kUri}, {"languageId", "flyte"}, {"version", 1},
              {"text", "workflow w(count: int) -> (out: int) {\n  return (out: coutn)\n}\n"}}}});
  json reply = c.request("textDocument/codeAction",
                         {{"textDocument", doc(kUri)},
                          {"range", {{"start", position(1, 15)}, {"end", position(1, 15)}}},
                          {"context", {{"diagnostics", json::array()}}}});
  ASSERT_EQ(reply["result"].size(), 1u);
  json edit = reply["result"][0]["edit"]["changes"][kUri][0];
  EXPECT_EQ(edit["newText"], "count");
  EXPECT_EQ(edit["range"]["start"], position(1, 15));
}

TEST(LspServer, BadRequestsGetErrorsNotCrashes) {
  Client c;
  c.raw("{not json");
  c.raw("[1,2]");
  json unknown = c.request("textDocument/unknownThing", json::object());
  EXPECT_EQ(unknown["error"]["code"], -32601);
  json badParams = c.request("textDocument/hover", {{"textDocument", doc(kUri)}, {"position", "here"}});
  EXPECT_EQ(badParams["error"]["code"], -32602);
  json unopened = c.request("textDocument/hover", {{"textDocument", doc("file:///nonexistent/x.flyte")},
                                                   {"position", position(0, 0)}});
  EXPECT_TRUE(unopened.contains("error"));
  json scheme = c.request("textDocument/hover", {{"textDocument", doc("untitled:Untitled-1")},
                                                 {"position", position(0, 0)}});
  EXPECT_EQ(scheme["error"]["code"], -32602);
  // Positions past the end of the text are clamped, not trusted.
  c.notify("textDocument/didOpen",
           {{"textDocument", {{"uri", kUri}, {"languageId", "flyte"}, {"version", 1}, {"text", "task"}}}});
  json far = c.request("textDocument/hover", {{"textDocument", doc(kUri)}, {"position", position(999, 999)}});
  EXPECT_TRUE(far.contains("result"));
}

TEST(LspServer, ShowGraphReturnsMermaid) {
  Client c;
  c.notify("textDocument/didOpen",
           {{"textDocument",
             {{"uri", kUri}, {"languageId", "flyte"}, {"version", 1},
              {"text", "task t(x: int) -> (y: int) {\n  shell \"echo {{x}} > {{outputs.y}}\"\n}\n"
                       "workflow w(n: int) -> (out: int) {\n  return (out: t(x: n))\n}\n"}}}});
  json reply = c.request("workspace/executeCommand", {{"command", "flyte.showGraph"}, {"arguments", {kUri, "w"}}});
  ASSERT_TRUE(reply.contains("result")) << reply.dump();
  EXPECT_NE(reply["result"]["mermaid"].get<std::string>().find("flowchart"), std::string::npos);
}

} // namespace
} // namespace flytec::lspserver
