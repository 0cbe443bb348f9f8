// libFuzzer entry point for flyte-lsp's protocol layer (compiler/lsp): the
// bytes are what a client writes to the server's stdin. They go through
//   - the stdio framing, read whole and 7 bytes at a time: the messages and
//     errors must be the same (framing may not depend on how reads split);
//   - the dispatcher's loop (JsonRpcDispatcher::run) over that transport,
//     with dummy methods that parse every kind of params, reply late, twice
//     or never, and throw; everything written back must read again as
//     well-formed JSON-RPC frames;
//   - the same loop over the --lit-test transport.
// URIs that name a file must survive pathToUri(uriToPath(uri)) unchanged
// in meaning. The sanitizers and the fuzzer's limits are the other oracles.
// The language server itself is wired in by registerMethods' callers later.
//
//   CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DFLYTEC_FUZZ=ON -DFLYTEC_TESTS=OFF
//   ninja -C build-fuzz flytec_lsp_fuzzer
//   build-fuzz/bin/flytec_lsp_fuzzer -dict=test/fuzz/lsp.dict -max_len=4096 CORPUS_COPY test/fuzz/corpus-lsp

#include "lsp/JsonRpc.h"
#include "lsp/Logger.h"
#include "lsp/Protocol.h"
#include "lsp/Transport.h"
#include "lsp/Uri.h"

#include <llvm/Support/raw_ostream.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

using namespace flytec::lsp;

void check(bool condition) {
  if (!condition)
    std::abort();
}

void checkUri(const std::string &uri) {
  std::optional<std::string> path = uriToPath(uri);
  if (path)
    check(uriToPath(pathToUri(*path)) == path);
}

/// Methods that exercise every params reader and every way a handler can
/// answer. `kept` holds callbacks answered later (or dropped) and must be
/// destroyed before the dispatcher.
void registerMethods(JsonRpcDispatcher &rpc, std::vector<Callback<json>> &kept) {
  rpc.method<InitializeParams, InitializeResult>("initialize", [](const InitializeParams &p, Callback<InitializeResult> reply) {
    if (p.rootUri)
      checkUri(*p.rootUri);
    InitializeResult result;
    result.capabilities = {{"hoverProvider", true}};
    reply(result);
  });
  rpc.method<HoverParams, std::optional<Hover>>("textDocument/hover", [](const HoverParams &p, Callback<std::optional<Hover>> reply) {
    checkUri(p.textDocument.uri);
    if (p.position.line % 2)
      return reply(std::nullopt);
    reply(Hover{{MarkupKind::Markdown, p.textDocument.uri}, Range{p.position, p.position}});
  });
  rpc.method<CompletionParams, CompletionList>("textDocument/completion", [](const CompletionParams &p, Callback<CompletionList> reply) {
    CompletionItem item;
    item.label = p.context ? p.context->triggerCharacter : "x";
    reply(CompletionList{false, {item}});
  });
  rpc.method<ReferenceParams, std::vector<Location>>("textDocument/references", [](const ReferenceParams &p, Callback<std::vector<Location>> reply) {
    reply(std::vector<Location>{{p.textDocument.uri, {p.position, p.position}}});
  });
  rpc.method<RenameParams, WorkspaceEdit>("textDocument/rename", [](const RenameParams &p, Callback<WorkspaceEdit> reply) {
    WorkspaceEdit edit;
    edit.changes[p.textDocument.uri].push_back({{p.position, p.position}, p.newName});
    reply(edit);
  });
  rpc.method<DocumentFormattingParams, std::vector<TextEdit>>("textDocument/formatting", [](const DocumentFormattingParams &, Callback<std::vector<TextEdit>> reply) {
    reply(std::vector<TextEdit>());
  });
  rpc.method<DocumentRangeFormattingParams, std::vector<TextEdit>>("textDocument/rangeFormatting", [](const DocumentRangeFormattingParams &p, Callback<std::vector<TextEdit>> reply) {
    reply(std::vector<TextEdit>{{p.range, std::string(p.options.insertSpaces ? 1 : 0, ' ')}});
  });
  rpc.method<CodeActionParams, std::vector<CodeAction>>("textDocument/codeAction", [](const CodeActionParams &p, Callback<std::vector<CodeAction>> reply) {
    CodeAction action;
    action.title = "fix";
    action.diagnostics = p.context.diagnostics;
    reply(std::vector<CodeAction>{action});
  });
  rpc.method<InlayHintParams, std::vector<InlayHint>>("textDocument/inlayHint", [](const InlayHintParams &p, Callback<std::vector<InlayHint>> reply) {
    reply(std::vector<InlayHint>{{p.range.start, ": int", InlayHintKind::Type, true, false}});
  });
  rpc.method<WorkspaceSymbolParams, std::vector<SymbolInformation>>("workspace/symbol", [](const WorkspaceSymbolParams &p, Callback<std::vector<SymbolInformation>> reply) {
    SymbolInformation symbol;
    symbol.name = p.query;
    reply(std::vector<SymbolInformation>{symbol});
  });
  rpc.method<ExecuteCommandParams, json>("workspace/executeCommand", [](const ExecuteCommandParams &p, Callback<json> reply) {
    reply(json(p.arguments));
  });
  rpc.method<json, json>("echo", [](const json &p, Callback<json> reply) { reply(p); });
  rpc.method<json, json>("throw", [](const json &, Callback<json>) { throw std::runtime_error("boom"); });
  rpc.method<json, json>("forget", [](const json &, Callback<json>) {});
  rpc.method<json, json>("twice", [](const json &p, Callback<json> reply) {
    reply(p);
    reply(p);
  });
  rpc.method<json, json>("later", [&kept](const json &, Callback<json> reply) { kept.push_back(std::move(reply)); });
  rpc.method<json, json>("answerLater", [&kept](const json &p, Callback<json> reply) {
    for (Callback<json> &k : kept)
      k(p);
    kept.clear();
    reply(json(nullptr));
  });
  rpc.method<json, json>("callClient", [&rpc](const json &p, Callback<json> reply) {
    rpc.call("workspace/applyEdit", p, [](Result<json>) {});
    rpc.notify("window/logMessage", ShowMessageParams{MessageType::Log, "called"});
    reply(json(nullptr));
  });
  rpc.notification<DidOpenTextDocumentParams>("textDocument/didOpen", [](const DidOpenTextDocumentParams &p) { checkUri(p.textDocument.uri); });
  rpc.notification<DidChangeTextDocumentParams>("textDocument/didChange", [](const DidChangeTextDocumentParams &) {});
  rpc.notification<DidCloseTextDocumentParams>("textDocument/didClose", [](const DidCloseTextDocumentParams &) {});
  rpc.notification<DidSaveTextDocumentParams>("textDocument/didSave", [](const DidSaveTextDocumentParams &) {});
  rpc.notification<json>("throwNote", [](const json &) { throw std::runtime_error("note boom"); });
}

struct Read {
  bool operator==(const Read &other) const { return message == other.message && error == other.error; }
  std::string message;
  std::string error;
};

std::vector<Read> readFrames(const std::string &text, size_t chunk) {
  StringInput input(text, chunk);
  std::string sink;
  llvm::raw_string_ostream os(sink);
  StdioTransport transport(input, os);
  std::vector<Read> reads;
  Read read;
  while (transport.readMessage(read.message, read.error))
    reads.push_back(read);
  return reads;
}

/// What the server wrote must frame and parse as JSON-RPC again.
void checkOutput(const std::string &out) {
  for (const Read &read : readFrames(out, SIZE_MAX)) {
    check(read.error.empty());
    json message = json::parse(read.message, nullptr, /*allow_exceptions=*/false);
    check(message.is_object() && message.contains("jsonrpc") && message["jsonrpc"] == "2.0");
    if (message.contains("id") && !message.contains("method"))
      check(message.contains("result") != message.contains("error"));
  }
}

void runServer(Transport &transport) {
  NullLogger logger;
  JsonRpcDispatcher rpc(transport, logger);
  std::vector<Callback<json>> kept; // destroyed first: dropped replies still find the dispatcher
  registerMethods(rpc, kept);
  rpc.run();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string text(reinterpret_cast<const char *>(data), size);

  check(readFrames(text, SIZE_MAX) == readFrames(text, 7));

  {
    StringInput input(text);
    std::string out;
    llvm::raw_string_ostream os(out);
    StdioTransport transport(input, os);
    runServer(transport);
    os.flush();
    checkOutput(out);
  }
  {
    StringInput input(text);
    std::string out;
    llvm::raw_string_ostream os(out);
    LitTestTransport transport(input, os);
    runServer(transport);
    os.flush();
    checkOutput(out);
  }
  return 0;
}
