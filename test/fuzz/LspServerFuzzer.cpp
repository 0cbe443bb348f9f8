// libFuzzer entry point for flyte-lsp's language features: the bytes are a
// document's text. The real server (compiler/lspserver) opens it and is asked
// every request it answers at positions spread over the text, then the text
// is edited (a range cut out and some of the input put back) and asked
// again. Every reply must be well-formed JSON-RPC with exactly one reply per
// request; the sanitizers and the fuzzer's limits are the other oracles.
// (LspMessageFuzzer.cpp fuzzes the framing and the dispatcher with raw bytes.)
//
//   CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DFLYTEC_FUZZ=ON -DFLYTEC_TESTS=OFF
//   ninja -C build-fuzz flytec_lsp_server_fuzzer
//   build-fuzz/bin/flytec_lsp_server_fuzzer -max_len=4096 CORPUS_COPY test/fuzz/corpus
#include "ide/SourceText.h"
#include "lspserver/LspServer.h"

#include <cstdlib>
#include <set>
#include <string>
#include <vector>

namespace {

using flytec::lsp::json;

void check(bool condition) {
  if (!condition)
    std::abort();
}

class RecordingTransport : public flytec::lsp::Transport {
public:
  bool readMessage(std::string &, std::string &) override { return false; }
  bool waitReadable(int) override { return false; }
  void writeMessage(const json &message) override { sent.push_back(message); }
  std::vector<json> sent;
};

const char *kUri = "file:///flyte-lsp-fuzz/a.flyte";

class Session {
public:
  Session() : server_(transport_, logger_, flytec::lspserver::LspServerOptions{0, {}}) {
    request("initialize", {{"processId", nullptr}, {"rootUri", nullptr},
                           {"capabilities", {{"textDocument", {{"completion", {{"completionItem", {{"snippetSupport", true}}}}}}}}}});
    notify("initialized", json::object());
  }

  void request(const std::string &method, json params) {
    int id = ++nextId_;
    server_.handle(send(json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}}));
    expected_.insert(id);
  }
  void notify(const std::string &method, json params) {
    server_.handle(send(json{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}}));
  }

  /// As a client sends it: UTF-8 (an edit cut from the input may split a
  /// character; a client would send U+FFFD).
  static std::string send(const json &message) {
    return message.dump(-1, ' ', false, json::error_handler_t::replace);
  }

  /// Every request answered once, with a result or an error.
  void verify() {
    std::set<int> answered;
    for (const json &m : transport_.sent) {
      check(m.is_object() && m.value("jsonrpc", "") == "2.0");
      if (m.contains("method"))
        continue;
      check(m.contains("id") && m["id"].is_number_integer());
      check(m.contains("result") != m.contains("error"));
      check(answered.insert(m["id"].get<int>()).second);
      // Replies must serialize: invalid UTF-8 in a reply would throw here.
      (void)m.dump(-1, ' ', false, json::error_handler_t::strict);
    }
    check(answered == expected_);
  }

private:
  RecordingTransport transport_;
  flytec::lsp::NullLogger logger_;
  flytec::lspserver::LspServer server_;
  std::set<int> expected_;
  int nextId_ = 0;
};

json position(const flytec::ide::LineTable &lines, size_t offset) {
  flytec::ide::Position p = lines.positionAt(offset);
  return {{"line", p.line}, {"character", p.character}};
}

void askEverything(Session &s, const std::string &text) {
  flytec::ide::LineTable lines(text);
  json doc = {{"uri", kUri}};
  json whole = {{"start", position(lines, 0)}, {"end", position(lines, text.size())}};
  s.request("textDocument/documentSymbol", {{"textDocument", doc}});
  s.request("textDocument/semanticTokens/full", {{"textDocument", doc}});
  s.request("textDocument/foldingRange", {{"textDocument", doc}});
  s.request("textDocument/inlayHint", {{"textDocument", doc}, {"range", whole}});
  s.request("textDocument/formatting", {{"textDocument", doc}, {"options", {{"tabSize", 2}, {"insertSpaces", true}}}});
  s.request("workspace/symbol", {{"query", text.substr(0, 3)}});
  s.request("workspace/executeCommand", {{"command", "flyte.showGraph"}, {"arguments", {kUri}}});
  constexpr size_t kPoints = 12;
  for (size_t i = 0; i <= kPoints; ++i) {
    size_t offset = text.size() * i / kPoints;
    json at = {{"textDocument", doc}, {"position", position(lines, offset)}};
    for (const char *method : {"textDocument/hover", "textDocument/definition", "textDocument/documentHighlight",
                               "textDocument/completion", "textDocument/signatureHelp", "textDocument/prepareRename"})
      s.request(method, at);
    json refs = at;
    refs["context"] = {{"includeDeclaration", true}};
    s.request("textDocument/references", refs);
    json rename = at;
    rename["newName"] = i % 2 ? "renamed" : "9bad";
    s.request("textDocument/rename", rename);
    json range = {{"start", position(lines, offset)}, {"end", position(lines, std::min(text.size(), offset + 40))}};
    s.request("textDocument/codeAction",
              {{"textDocument", doc}, {"range", range}, {"context", {{"diagnostics", json::array()}}}});
    s.request("textDocument/rangeFormatting",
              {{"textDocument", doc}, {"range", range}, {"options", {{"tabSize", 2}, {"insertSpaces", true}}}});
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string input(reinterpret_cast<const char *>(data), size);
  // JSON strings must be UTF-8: invalid bytes reach the server as U+FFFD,
  // as an editor would send them.
  std::string text = json(input).dump(-1, ' ', false, json::error_handler_t::replace);
  text = json::parse(text).get<std::string>();

  Session s;
  s.notify("textDocument/didOpen",
           {{"textDocument", {{"uri", kUri}, {"languageId", "flyte"}, {"version", 1}, {"text", text}}}});
  askEverything(s, text);

  // An edit: cut a range chosen by the input and put back its first bytes.
  flytec::ide::LineTable lines(text);
  size_t a = size ? data[0] % (text.size() + 1) : 0;
  size_t b = size > 1 ? std::min(text.size(), a + data[1] % 64) : a;
  std::string insert = text.substr(0, std::min<size_t>(text.size(), size > 2 ? data[2] % 32 : 0));
  json change = {{"range", {{"start", position(lines, a)}, {"end", position(lines, b)}}}, {"text", insert}};
  s.notify("textDocument/didChange",
           {{"textDocument", {{"uri", kUri}, {"version", 2}}}, {"contentChanges", json::array({change})}});
  std::string edited = text;
  edited.replace(lines.offsetAt(lines.positionAt(a)), lines.offsetAt(lines.positionAt(b)) - lines.offsetAt(lines.positionAt(a)), insert);
  askEverything(s, edited);
  s.verify();
  return 0;
}
