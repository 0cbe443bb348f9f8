#include "lspserver/LspServer.h"

#include "lspserver/Conversions.h"
#include "ide/CodeActions.h"
#include "ide/CodeComplete.h"
#include "ide/DocumentSymbols.h"
#include "ide/Folding.h"
#include "ide/Formatting.h"
#include "ide/Graph.h"
#include "ide/Hover.h"
#include "ide/InlayHints.h"
#include "ide/Rename.h"
#include "ide/SemanticTokens.h"
#include "ide/SignatureHelp.h"
#include "ide/WorkspaceSymbols.h"
#include "ide/XRefs.h"
#include "lsp/Uri.h"

#include <fmt/format.h>

namespace flytec::lspserver {

using lsp::Callback;
using lsp::ErrorCode;
using lsp::json;
using lsp::RpcError;

namespace {

constexpr const char *kShowGraph = "flyte.showGraph";

lsp::SymbolKind symbolKindOf(ide::OutlineKind kind) {
  switch (kind) {
  case ide::OutlineKind::Import:
    return lsp::SymbolKind::Module;
  case ide::OutlineKind::Record:
    return lsp::SymbolKind::Struct;
  case ide::OutlineKind::Enum:
    return lsp::SymbolKind::Enum;
  case ide::OutlineKind::Alias:
    return lsp::SymbolKind::TypeParameter;
  case ide::OutlineKind::Task:
    return lsp::SymbolKind::Function;
  case ide::OutlineKind::Workflow:
  case ide::OutlineKind::DynamicWorkflow:
    return lsp::SymbolKind::Class;
  case ide::OutlineKind::LaunchPlan:
    return lsp::SymbolKind::Event;
  case ide::OutlineKind::Test:
    return lsp::SymbolKind::Method;
  case ide::OutlineKind::Input:
  case ide::OutlineKind::Output:
    return lsp::SymbolKind::Property;
  case ide::OutlineKind::Field:
    return lsp::SymbolKind::Field;
  case ide::OutlineKind::EnumMember:
    return lsp::SymbolKind::EnumMember;
  case ide::OutlineKind::Variable:
    return lsp::SymbolKind::Variable;
  }
  return lsp::SymbolKind::Variable;
}

lsp::DocumentSymbol outlineOf(const ide::DocumentSymbol &s) {
  lsp::DocumentSymbol out;
  out.name = s.name;
  out.detail = s.detail;
  out.kind = symbolKindOf(s.kind);
  out.range = toLsp(s.range);
  out.selectionRange = toLsp(s.selectionRange);
  for (const ide::DocumentSymbol &c : s.children)
    out.children.push_back(outlineOf(c));
  return out;
}

} // namespace

/// The method handlers, one per LSP method, each of the same shape.
class LspServer::Handlers {
public:
  explicit Handlers(LspServer &server) : s_(server) {}

  void bind(lsp::JsonRpcDispatcher &rpc) {
    rpc.method("initialize", this, &Handlers::onInitialize);
    rpc.notification("initialized", this, &Handlers::onInitialized);
    rpc.method("shutdown", this, &Handlers::onShutdown);
    rpc.notification("textDocument/didOpen", this, &Handlers::onDidOpen);
    rpc.notification("textDocument/didChange", this, &Handlers::onDidChange);
    rpc.notification("textDocument/didClose", this, &Handlers::onDidClose);
    rpc.notification("textDocument/didSave", this, &Handlers::onDidSave);
    rpc.notification("workspace/didChangeWatchedFiles", this, &Handlers::onFilesChanged);
    rpc.method("textDocument/hover", this, &Handlers::onHover);
    rpc.method("textDocument/definition", this, &Handlers::onDefinition);
    rpc.method("textDocument/references", this, &Handlers::onReferences);
    rpc.method("textDocument/documentHighlight", this, &Handlers::onHighlight);
    rpc.method("textDocument/documentSymbol", this, &Handlers::onDocumentSymbol);
    rpc.method("textDocument/prepareRename", this, &Handlers::onPrepareRename);
    rpc.method("textDocument/rename", this, &Handlers::onRename);
    rpc.method("textDocument/codeAction", this, &Handlers::onCodeAction);
    rpc.method("workspace/executeCommand", this, &Handlers::onExecuteCommand);
    rpc.method("workspace/symbol", this, &Handlers::onWorkspaceSymbol);
    rpc.method("textDocument/formatting", this, &Handlers::onFormatting);
    rpc.method("textDocument/rangeFormatting", this, &Handlers::onRangeFormatting);
    rpc.method("textDocument/semanticTokens/full", this, &Handlers::onSemanticTokens);
    rpc.method("textDocument/foldingRange", this, &Handlers::onFoldingRange);
    rpc.method("textDocument/inlayHint", this, &Handlers::onInlayHint);
    rpc.method("textDocument/completion", this, &Handlers::onCompletion);
    rpc.method("textDocument/signatureHelp", this, &Handlers::onSignatureHelp);
  }

private:
  // ------------------------------------------------------------ lifecycle

  void onInitialize(const lsp::InitializeParams &params, Callback<lsp::InitializeResult> reply) {
    std::vector<std::string> roots;
    if (params.workspaceFolders)
      for (const lsp::WorkspaceFolder &f : *params.workspaceFolders)
        if (std::optional<std::string> p = lsp::uriToPath(f.uri))
          roots.push_back(ide::normalizePath(*p));
    if (roots.empty() && params.rootUri)
      if (std::optional<std::string> p = lsp::uriToPath(*params.rootUri))
        roots.push_back(ide::normalizePath(*p));
    if (roots.empty() && params.rootPath && !params.rootPath->empty())
      roots.push_back(ide::normalizePath(*params.rootPath));
    s_.workspace_.setRoots(roots);
    snippets_ = params.capabilities.completionSnippets;

    lsp::InitializeResult result;
    result.serverName = "flyte-lsp";
    result.serverVersion = FLYTEC_LSP_VERSION;
    json &caps = result.capabilities;
    caps["positionEncoding"] = "utf-16";
    caps["textDocumentSync"] = {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}};
    caps["hoverProvider"] = true;
    caps["definitionProvider"] = true;
    caps["referencesProvider"] = true;
    caps["documentHighlightProvider"] = true;
    caps["documentSymbolProvider"] = true;
    caps["renameProvider"] = {{"prepareProvider", true}};
    caps["codeActionProvider"] = {{"codeActionKinds", {lsp::CodeActionKind::QuickFix}}};
    caps["executeCommandProvider"] = {{"commands", {kShowGraph}}};
    caps["workspaceSymbolProvider"] = true;
    caps["foldingRangeProvider"] = true;
    caps["completionProvider"] = {{"triggerCharacters", {".", "@", "(", ",", ":"}}, {"resolveProvider", false}};
    caps["signatureHelpProvider"] = {{"triggerCharacters", {"(", ","}}, {"retriggerCharacters", {":"}}};
    caps["inlayHintProvider"] = true;
    caps["documentFormattingProvider"] = true;
    caps["documentRangeFormattingProvider"] = true;
    json types = json::array(), modifiers = json::array();
    for (llvm::StringRef t : ide::semanticTokenTypes())
      types.push_back(t.str());
    for (llvm::StringRef m : ide::semanticTokenModifiers())
      modifiers.push_back(m.str());
    caps["semanticTokensProvider"] = {{"legend", {{"tokenTypes", types}, {"tokenModifiers", modifiers}}},
                                      {"full", true}};
    reply(std::move(result));
  }

  void onInitialized(const lsp::NoParams &) {}

  void onShutdown(const lsp::NoParams &, Callback<json> reply) { reply(json(nullptr)); }

  // ------------------------------------------------------------ documents

  void onDidOpen(const lsp::DidOpenTextDocumentParams &params) {
    std::optional<std::string> path = pathOf(params.textDocument.uri);
    if (!path)
      return;
    s_.workspace_.open(*path, params.textDocument.text, params.textDocument.version);
    scheduleOpenDocuments(*path);
  }

  void onDidChange(const lsp::DidChangeTextDocumentParams &params) {
    std::optional<std::string> path = pathOf(params.textDocument.uri);
    if (!path)
      return;
    std::vector<ide::TextChange> changes;
    for (const lsp::TextDocumentContentChangeEvent &c : params.contentChanges)
      changes.push_back({c.range ? std::optional<ide::Range>(toIde(*c.range)) : std::nullopt, c.text});
    std::string error;
    if (!s_.workspace_.change(*path, changes, params.textDocument.version, error)) {
      s_.logger_.error(fmt::format("didChange {}: {}", *path, error));
      return;
    }
    scheduleOpenDocuments(*path);
  }

  void onDidClose(const lsp::DidCloseTextDocumentParams &params) {
    std::optional<std::string> path = pathOf(params.textDocument.uri);
    if (!path)
      return;
    s_.workspace_.close(*path);
    s_.pending_.erase(*path);
    lsp::PublishDiagnosticsParams empty;
    empty.uri = lsp::pathToUri(*path);
    s_.rpc_.notify("textDocument/publishDiagnostics", empty);
    scheduleOpenDocuments(*path); // importers now read it from the disk
  }

  void onDidSave(const lsp::DidSaveTextDocumentParams &) {
    s_.workspace_.filesChanged();
    scheduleOpenDocuments("");
  }

  void onFilesChanged(const json &) {
    s_.workspace_.filesChanged();
    scheduleOpenDocuments("");
  }

  /// A change to one file can change what every open file that imports it
  /// means: those are checked again, the changed one first. Without a
  /// changed file (saves, files changed on disk) every open file is.
  void scheduleOpenDocuments(const std::string &changed) {
    if (!changed.empty())
      s_.schedule(changed);
    for (const ide::Document *d : s_.workspace_.documents()) {
      if (d->path == changed)
        continue;
      std::shared_ptr<const ide::Analysis> last = s_.workspace_.latest(d->path);
      if (changed.empty() || !last || last->reads(changed))
        s_.schedule(d->path);
    }
  }

  // ------------------------------------------------------------- features

  void onHover(const lsp::TextDocumentPositionParams &params, Callback<std::optional<lsp::Hover>> reply) {
    auto a = analysisOf(params.textDocument.uri, reply);
    if (!a)
      return;
    std::optional<ide::HoverInfo> info = ide::hover(*a, toIde(params.position));
    if (!info)
      return reply(std::optional<lsp::Hover>());
    lsp::Hover h;
    h.contents.kind = lsp::MarkupKind::Markdown;
    h.contents.value = info->markdown;
    h.range = toLsp(info->range);
    reply(std::optional<lsp::Hover>(std::move(h)));
  }

  void onDefinition(const lsp::TextDocumentPositionParams &params, Callback<std::vector<lsp::Location>> reply) {
    auto a = analysisOf(params.textDocument.uri, reply);
    if (!a)
      return;
    std::vector<lsp::Location> out;
    for (const ide::Location &l : ide::definition(*a, toIde(params.position)))
      out.push_back(toLsp(l));
    reply(std::move(out));
  }

  void onReferences(const lsp::ReferenceParams &params, Callback<std::vector<lsp::Location>> reply) {
    auto a = analysisOf(params.textDocument.uri, reply);
    if (!a)
      return;
    std::vector<lsp::Location> out;
    for (const ide::Location &l :
         ide::references(s_.workspace_, *a, toIde(params.position), params.context.includeDeclaration))
      out.push_back(toLsp(l));
    reply(std::move(out));
  }

  void onHighlight(const lsp::TextDocumentPositionParams &params,
                   Callback<std::vector<lsp::DocumentHighlight>> reply) {
    auto a = analysisOf(params.textDocument.uri, reply);
    if (!a)
      return;
    std::vector<lsp::DocumentHighlight> out;
    for (const ide::Highlight &h : ide::highlights(*a, toIde(params.position)))
      out.push_back({toLsp(h.range), h.write ? lsp::DocumentHighlightKind::Write : lsp::DocumentHighlightKind::Read});
    reply(std::move(out));
  }

  void onDocumentSymbol(const lsp::DocumentSymbolParams &params, Callback<std::vector<lsp::DocumentSymbol>> reply) {
    auto a = analysisOf(params.textDocument.uri, reply);
    if (!a)
      return;
    std::vector<lsp::DocumentSymbol> out;
    for (const ide::DocumentSymbol &s : ide::documentSymbols(*a))
      out.push_back(outlineOf(s));
    reply(std::move(out));
  }

  void onPrepareRename(const lsp::TextDocumentPositionParams &params,
                       Callback<std::optional<lsp::PrepareRenameResult>> reply) {
    auto a = analysisOf(params.textDocument.uri, reply);
    if (!a)
      return;
    std::string error;
    std::optional<ide::RenameTarget> target = ide::prepareRename(*a, toIde(params.position), error);
    if (!target)
      return reply(RpcError{ErrorCode::RequestFailed, error});
    reply(std::optional<lsp::PrepareRenameResult>(lsp::PrepareRenameResult{toLsp(target->range), target->placeholder}));
  }

  void onRename(const lsp::RenameParams &params, Callback<lsp::WorkspaceEdit> reply) {
    auto a = analysisOf(params.textDocument.uri, reply);
    if (!a)
      return;
    std::string error;
    std::optional<ide::FileEdits> edits = ide::rename(s_.workspace_, *a, toIde(params.position), params.newName, error);
    if (!edits)
      return reply(RpcError{ErrorCode::RequestFailed, error});
    reply(toLsp(*edits));
  }

  void onCodeAction(const lsp::CodeActionParams &params, Callback<std::vector<lsp::CodeAction>> reply) {
    auto a = analysisOf(params.textDocument.uri, reply);
    if (!a)
      return;
    std::vector<lsp::CodeAction> out;
    if (params.context.only) {
      bool wantsFixes = false;
      for (const std::string &kind : *params.context.only)
        wantsFixes |= llvm::StringRef(lsp::CodeActionKind::QuickFix).startswith(kind);
      if (!wantsFixes)
        return reply(std::move(out));
    }
    for (const ide::CodeAction &action : ide::codeActions(*a, toIde(params.range))) {
      lsp::CodeAction item;
      item.title = action.title;
      item.kind = lsp::CodeActionKind::QuickFix;
      lsp::Diagnostic d;
      d.range = toLsp(action.diagnosticRange);
      d.code = action.diagnosticCode;
      d.source = "flytec";
      d.message = action.diagnosticMessage;
      item.diagnostics.push_back(std::move(d));
      item.edit = toLsp(action.edits);
      item.isPreferred = action.preferred;
      out.push_back(std::move(item));
    }
    reply(std::move(out));
  }

  void onExecuteCommand(const lsp::ExecuteCommandParams &params, Callback<json> reply) {
    if (params.command != kShowGraph)
      return reply(RpcError{ErrorCode::InvalidParams,
                            fmt::format("unknown command '{}'; this server runs {}", params.command, kShowGraph)});
    if (params.arguments.empty() || !params.arguments[0].is_string() ||
        (params.arguments.size() > 1 && !params.arguments[1].is_string()))
      return reply(RpcError{ErrorCode::InvalidParams,
                            fmt::format("{} takes the document's URI and, optionally, a workflow's name", kShowGraph)});
    auto a = analysisOf(params.arguments[0].get<std::string>(), reply);
    if (!a)
      return;
    std::string workflow = params.arguments.size() > 1 ? params.arguments[1].get<std::string>() : "";
    std::string error;
    std::optional<std::string> graph = ide::workflowGraph(*a, workflow, error);
    if (!graph)
      return reply(RpcError{ErrorCode::RequestFailed, error});
    reply(json{{"mermaid", *graph}});
  }

  void onWorkspaceSymbol(const lsp::WorkspaceSymbolParams &params, Callback<std::vector<lsp::SymbolInformation>> reply) {
    std::vector<lsp::SymbolInformation> out;
    for (const ide::WorkspaceSymbol &sym : symbols_.query(s_.workspace_, params.query)) {
      lsp::SymbolInformation info;
      info.name = sym.name;
      info.kind = symbolKindOf(sym.kind);
      info.location = {lsp::pathToUri(sym.path), toLsp(sym.range)};
      info.containerName = sym.containerName;
      out.push_back(std::move(info));
    }
    reply(std::move(out));
  }

  void onFormatting(const lsp::DocumentFormattingParams &params, Callback<std::vector<lsp::TextEdit>> reply) {
    std::optional<std::string> text = textOf(params.textDocument.uri, reply);
    if (!text)
      return;
    std::string error;
    auto edits = ide::formatDocument(*pathOf(params.textDocument.uri), *text, error);
    replyEdits(edits, error, reply);
  }

  void onRangeFormatting(const lsp::DocumentRangeFormattingParams &params, Callback<std::vector<lsp::TextEdit>> reply) {
    std::optional<std::string> text = textOf(params.textDocument.uri, reply);
    if (!text)
      return;
    std::string error;
    auto edits = ide::formatRange(*pathOf(params.textDocument.uri), *text, toIde(params.range), error);
    replyEdits(edits, error, reply);
  }

  void onSemanticTokens(const lsp::SemanticTokensParams &params, Callback<lsp::SemanticTokens> reply) {
    auto a = analysisOf(params.textDocument.uri, reply);
    if (!a)
      return;
    lsp::SemanticTokens tokens;
    tokens.data = ide::semanticTokens(*a);
    reply(std::move(tokens));
  }

  void onFoldingRange(const lsp::FoldingRangeParams &params, Callback<std::vector<lsp::FoldingRange>> reply) {
    auto a = analysisOf(params.textDocument.uri, reply);
    if (!a)
      return;
    std::vector<lsp::FoldingRange> out;
    for (const ide::FoldingRange &f : ide::foldingRanges(*a)) {
      lsp::FoldingRange item;
      item.startLine = static_cast<int>(f.startLine);
      item.endLine = static_cast<int>(f.endLine);
      item.kind = f.kind;
      out.push_back(std::move(item));
    }
    reply(std::move(out));
  }

  void onInlayHint(const lsp::InlayHintParams &params, Callback<std::vector<lsp::InlayHint>> reply) {
    auto a = analysisOf(params.textDocument.uri, reply);
    if (!a)
      return;
    std::vector<lsp::InlayHint> out;
    for (const ide::InlayHint &h : ide::inlayHints(*a, toIde(params.range))) {
      lsp::InlayHint item;
      item.position = toLsp(h.position);
      item.label = h.label;
      item.kind = h.kind == ide::InlayHint::Type ? lsp::InlayHintKind::Type : lsp::InlayHintKind::Parameter;
      item.paddingLeft = h.paddingLeft;
      item.paddingRight = h.paddingRight;
      out.push_back(std::move(item));
    }
    reply(std::move(out));
  }

  void onCompletion(const lsp::CompletionParams &params, Callback<lsp::CompletionList> reply) {
    std::string error;
    std::optional<std::string> path = pathOf(params.textDocument.uri, &error);
    if (!path)
      return reply(RpcError{ErrorCode::InvalidParams, error});
    if (!s_.workspace_.document(*path) && !s_.workspace_.textOf(*path))
      return reply(RpcError{ErrorCode::InvalidParams,
                            fmt::format("'{}' is neither open in the editor nor a readable file", *path)});
    lsp::CompletionList list;
    for (const ide::CompletionItem &c : ide::codeComplete(s_.workspace_, *path, toIde(params.position), snippets_)) {
      lsp::CompletionItem item;
      item.label = c.label;
      item.kind = static_cast<lsp::CompletionItemKind>(c.kind);
      item.detail = c.detail;
      if (!c.documentation.empty())
        item.documentation = lsp::MarkupContent{lsp::MarkupKind::Markdown, c.documentation};
      item.insertTextFormat = c.snippet ? lsp::InsertTextFormat::Snippet : lsp::InsertTextFormat::PlainText;
      item.textEdit = lsp::TextEdit{toLsp(c.replace), c.insertText};
      item.sortText = c.sortText;
      list.items.push_back(std::move(item));
    }
    reply(std::move(list));
  }

  void onSignatureHelp(const lsp::TextDocumentPositionParams &params, Callback<std::optional<lsp::SignatureHelp>> reply) {
    std::string error;
    std::optional<std::string> path = pathOf(params.textDocument.uri, &error);
    if (!path)
      return reply(RpcError{ErrorCode::InvalidParams, error});
    std::optional<ide::SignatureHelpInfo> info = ide::signatureHelp(s_.workspace_, *path, toIde(params.position));
    if (!info)
      return reply(std::optional<lsp::SignatureHelp>());
    lsp::SignatureInformation sig;
    sig.label = info->label;
    if (!info->documentation.empty())
      sig.documentation = lsp::MarkupContent{lsp::MarkupKind::Markdown, info->documentation};
    for (size_t i = 0; i < info->parameters.size(); ++i) {
      lsp::ParameterInformation param{info->parameters[i], std::nullopt};
      if (i < info->parameterDocs.size() && !info->parameterDocs[i].empty())
        param.documentation = lsp::MarkupContent{lsp::MarkupKind::Markdown, info->parameterDocs[i]};
      sig.parameters.push_back(std::move(param));
    }
    lsp::SignatureHelp help;
    help.signatures.push_back(std::move(sig));
    // No active parameter: the LSP has no -1, but an index past the list
    // highlights none.
    help.activeParameter =
        info->activeParameter >= 0 ? info->activeParameter : static_cast<int>(info->parameters.size());
    reply(std::optional<lsp::SignatureHelp>(std::move(help)));
  }

  // -------------------------------------------------------------- helpers

  static void replyEdits(const std::optional<std::vector<ide::TextEdit>> &edits, const std::string &error,
                         Callback<std::vector<lsp::TextEdit>> &reply) {
    if (!edits)
      return reply(RpcError{ErrorCode::RequestFailed, error});
    std::vector<lsp::TextEdit> out;
    for (const ide::TextEdit &e : *edits)
      out.push_back({toLsp(e.range), e.newText});
    reply(std::move(out));
  }

  /// The text of a document: open in the editor, or else on disk.
  template <typename T> std::optional<std::string> textOf(const std::string &uri, Callback<T> &reply) {
    std::string error;
    std::optional<std::string> path = pathOf(uri, &error);
    if (!path) {
      reply(RpcError{ErrorCode::InvalidParams, error});
      return std::nullopt;
    }
    std::optional<std::string> text = s_.workspace_.textOf(*path);
    if (!text)
      reply(RpcError{ErrorCode::InvalidParams,
                     fmt::format("'{}' is neither open in the editor nor a readable file", *path)});
    return text;
  }

  std::optional<std::string> pathOf(const std::string &uri, std::string *error = nullptr) {
    std::string why;
    std::optional<std::string> path = lsp::uriToPath(uri, &why);
    if (!path) {
      s_.logger_.error(fmt::format("{}: {}", uri, why));
      if (error)
        *error = fmt::format("cannot use document '{}': {}", uri, why);
      return std::nullopt;
    }
    return ide::normalizePath(*path);
  }

  /// The fresh analysis of a document: open in the editor, or else on disk.
  /// On failure replies with an error and returns null.
  template <typename T> std::shared_ptr<const ide::Analysis> analysisOf(const std::string &uri, Callback<T> &reply) {
    std::string error;
    std::optional<std::string> path = pathOf(uri, &error);
    if (!path) {
      reply(RpcError{ErrorCode::InvalidParams, error});
      return nullptr;
    }
    std::shared_ptr<const ide::Analysis> a = s_.workspace_.analyze(*path);
    if (!a)
      reply(RpcError{ErrorCode::InvalidParams,
                     fmt::format("'{}' is neither open in the editor nor a readable file", *path)});
    return a;
  }

  LspServer &s_;
  bool snippets_ = false;
  ide::WorkspaceSymbolIndex symbols_;
};

LspServer::LspServer(lsp::Transport &transport, lsp::Logger &logger, LspServerOptions options)
    : logger_(logger), options_(std::move(options)), rpc_(transport, logger),
      handlers_(std::make_unique<Handlers>(*this)) {
  workspace_.setSearchPaths(options_.searchPaths);
  handlers_->bind(rpc_);
  rpc_.onIdle([this] {
    publishDue(/*all=*/false);
    return msUntilDue();
  });
}

LspServer::~LspServer() = default;

void LspServer::schedule(const std::string &path) {
  if (options_.debounceMs <= 0) {
    publish(path);
    return;
  }
  pending_[path] = Clock::now() + std::chrono::milliseconds(options_.debounceMs);
}

int LspServer::msUntilDue() const {
  if (pending_.empty())
    return -1;
  Clock::time_point first = pending_.begin()->second;
  for (const auto &p : pending_)
    first = std::min(first, p.second);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(first - Clock::now()).count();
  return ms < 0 ? 0 : static_cast<int>(ms);
}

void LspServer::publishDue(bool all) {
  Clock::time_point now = Clock::now();
  std::vector<std::string> due;
  for (const auto &p : pending_)
    if (all || p.second <= now)
      due.push_back(p.first);
  for (const std::string &path : due) {
    pending_.erase(path);
    publish(path);
  }
}

void LspServer::publish(const std::string &path) {
  const ide::Document *doc = workspace_.document(path);
  if (!doc)
    return;
  std::shared_ptr<const ide::Analysis> a = workspace_.analyze(path);
  if (!a)
    return;
  lsp::PublishDiagnosticsParams params;
  params.uri = lsp::pathToUri(path);
  params.version = static_cast<int>(doc->version);
  params.diagnostics = diagnosticsOf(*a);
  rpc_.notify("textDocument/publishDiagnostics", params);
}

void LspServer::handle(llvm::StringRef message) {
  rpc_.dispatch(message);
  publishDue(/*all=*/true);
}

int LspServer::run() { return rpc_.run(); }

} // namespace flytec::lspserver
