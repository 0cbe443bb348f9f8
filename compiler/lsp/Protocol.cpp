#include "lsp/Protocol.h"

#include <fmt/format.h>

#include <initializer_list>
#include <tuple>

namespace flytec::lsp {

namespace {

/// An LSP enum sent as an integer in [lo, hi].
template <typename Enum> struct EnumField {
  const char *name;
  int lo, hi;

  bool operator()(const json &j, Enum &out, JsonPath path) const {
    if (!j.is_number_integer() || j.get<int64_t>() < lo || j.get<int64_t>() > hi)
      return path.report(fmt::format("expected a {} ({}-{})", name, lo, hi));
    out = Enum(j.get<int>());
    return true;
  }
  bool operator()(const json &j, std::optional<Enum> &out, JsonPath path) const {
    return (*this)(j, out.emplace(), path);
  }
};

bool readCode(const json &j, std::string &out, JsonPath path) {
  if (j.is_string())
    out = j.get<std::string>();
  else if (j.is_number_integer())
    out = std::to_string(j.get<int64_t>());
  else
    return path.report("expected an integer or a string");
  return true;
}

/// The value at `keys` under `j`, or null if any step is missing.
const json *lookup(const json &j, std::initializer_list<const char *> keys) {
  const json *at = &j;
  for (const char *key : keys) {
    if (!at->is_object())
      return nullptr;
    auto it = at->find(key);
    if (it == at->end())
      return nullptr;
    at = &*it;
  }
  return at;
}

bool flag(const json &j, std::initializer_list<const char *> keys) {
  const json *value = lookup(j, keys);
  return value && value->is_boolean() && value->get<bool>();
}

bool containsString(const json *array, llvm::StringRef wanted) {
  if (!array || !array->is_array())
    return false;
  for (const json &item : *array)
    if (item.is_string() && item.get_ref<const std::string &>() == wanted)
      return true;
  return false;
}

bool readTextDocumentPosition(ObjectReader &o, TextDocumentPositionParams &out) {
  return o.required("textDocument", out.textDocument) && o.required("position", out.position);
}

} // namespace

// ---- Basic structures ---------------------------------------------------

bool operator==(const Position &a, const Position &b) {
  return a.line == b.line && a.character == b.character;
}

bool operator<(const Position &a, const Position &b) {
  return std::tie(a.line, a.character) < std::tie(b.line, b.character);
}

bool fromJSON(const json &j, Position &out, JsonPath path) {
  ObjectReader o(j, path);
  return o && o.required("line", out.line, fromJSONUnsigned) &&
         o.required("character", out.character, fromJSONUnsigned);
}

json toJSON(const Position &p) { return {{"line", p.line}, {"character", p.character}}; }

bool operator==(const Range &a, const Range &b) { return a.start == b.start && a.end == b.end; }

bool fromJSON(const json &j, Range &out, JsonPath path) {
  ObjectReader o(j, path);
  return o && o.required("start", out.start) && o.required("end", out.end);
}

json toJSON(const Range &r) { return {{"start", toJSON(r.start)}, {"end", toJSON(r.end)}}; }

bool fromJSON(const json &j, Location &out, JsonPath path) {
  ObjectReader o(j, path);
  return o && o.required("uri", out.uri) && o.required("range", out.range);
}

json toJSON(const Location &l) { return {{"uri", l.uri}, {"range", toJSON(l.range)}}; }

bool fromJSON(const json &j, TextEdit &out, JsonPath path) {
  ObjectReader o(j, path);
  return o && o.required("range", out.range) && o.required("newText", out.newText);
}

json toJSON(const TextEdit &e) { return {{"range", toJSON(e.range)}, {"newText", e.newText}}; }

bool fromJSON(const json &j, TextDocumentIdentifier &out, JsonPath path) {
  ObjectReader o(j, path);
  return o && o.required("uri", out.uri);
}

bool fromJSON(const json &j, VersionedTextDocumentIdentifier &out, JsonPath path) {
  ObjectReader o(j, path);
  return o && o.required("uri", out.uri) && o.required("version", out.version);
}

bool fromJSON(const json &j, TextDocumentItem &out, JsonPath path) {
  ObjectReader o(j, path);
  return o && o.required("uri", out.uri) && o.required("languageId", out.languageId) &&
         o.required("version", out.version) && o.required("text", out.text);
}

bool fromJSON(const json &j, TextDocumentPositionParams &out, JsonPath path) {
  ObjectReader o(j, path);
  return o && readTextDocumentPosition(o, out);
}

bool fromJSON(const json &j, NoParams &, JsonPath path) {
  if (!j.is_null() && !j.is_object())
    return path.report("expected an object or null");
  return true;
}

json toJSON(const MarkupContent &m) {
  return {{"kind", m.kind == MarkupKind::Markdown ? "markdown" : "plaintext"}, {"value", m.value}};
}

json toJSON(const Command &c) {
  json out = {{"title", c.title}, {"command", c.command}};
  if (!c.arguments.empty())
    out["arguments"] = c.arguments;
  return out;
}

// ---- Lifecycle -----------------------------------------------------------

bool fromJSON(const json &j, ClientCapabilities &out, JsonPath path) {
  if (!j.is_object())
    return path.report("expected an object");
  out = ClientCapabilities();
  out.raw = j;
  if (const json *encodings = lookup(j, {"general", "positionEncodings"}); encodings && encodings->is_array())
    for (const json &e : *encodings)
      if (e.is_string())
        out.positionEncodings.push_back(e.get<std::string>());
  out.hoverMarkdown = containsString(lookup(j, {"textDocument", "hover", "contentFormat"}), "markdown");
  out.completionSnippets = flag(j, {"textDocument", "completion", "completionItem", "snippetSupport"});
  out.hierarchicalDocumentSymbols =
      flag(j, {"textDocument", "documentSymbol", "hierarchicalDocumentSymbolSupport"});
  out.diagnosticRelatedInformation = flag(j, {"textDocument", "publishDiagnostics", "relatedInformation"});
  return true;
}

bool fromJSON(const json &j, WorkspaceFolder &out, JsonPath path) {
  ObjectReader o(j, path);
  return o && o.required("uri", out.uri) && o.required("name", out.name);
}

bool fromJSON(const json &j, ClientInfo &out, JsonPath path) {
  ObjectReader o(j, path);
  return o && o.required("name", out.name) && o.optional("version", out.version);
}

bool fromJSON(const json &j, InitializeParams &out, JsonPath path) {
  ObjectReader o(j, path);
  if (!o || !o.optional("processId", out.processId) || !o.optional("rootUri", out.rootUri) ||
      !o.optional("rootPath", out.rootPath) || !o.optional("workspaceFolders", out.workspaceFolders) ||
      !o.optional("capabilities", out.capabilities) || !o.optional("clientInfo", out.clientInfo))
    return false;
  if (const json *options = o.get("initializationOptions"))
    out.initializationOptions = *options;
  return true;
}

json toJSON(const InitializeResult &r) {
  json out = {{"capabilities", r.capabilities}};
  if (!r.serverName.empty()) {
    out["serverInfo"] = {{"name", r.serverName}};
    if (!r.serverVersion.empty())
      out["serverInfo"]["version"] = r.serverVersion;
  }
  return out;
}

// ---- Document synchronisation -------------------------------------------

bool fromJSON(const json &j, DidOpenTextDocumentParams &out, JsonPath path) {
  ObjectReader o(j, path);
  return o && o.required("textDocument", out.textDocument);
}

bool fromJSON(const json &j, TextDocumentContentChangeEvent &out, JsonPath path) {
  ObjectReader o(j, path);
  return o && o.optional("range", out.range) && o.required("text", out.text);
}

bool fromJSON(const json &j, DidChangeTextDocumentParams &out, JsonPath path) {
  ObjectReader o(j, path);
  return o && o.required("textDocument", out.textDocument) && o.required("contentChanges", out.contentChanges);
}

bool fromJSON(const json &j, DidCloseTextDocumentParams &out, JsonPath path) {
  ObjectReader o(j, path);
  return o && o.required("textDocument", out.textDocument);
}

bool fromJSON(const json &j, DidSaveTextDocumentParams &out, JsonPath path) {
  ObjectReader o(j, path);
  return o && o.required("textDocument", out.textDocument) && o.optional("text", out.text);
}

// ---- Diagnostics ---------------------------------------------------------

bool fromJSON(const json &j, DiagnosticRelatedInformation &out, JsonPath path) {
  ObjectReader o(j, path);
  return o && o.required("location", out.location) && o.required("message", out.message);
}

json toJSON(const DiagnosticRelatedInformation &r) {
  return {{"location", toJSON(r.location)}, {"message", r.message}};
}

bool fromJSON(const json &j, Diagnostic &out, JsonPath path) {
  ObjectReader o(j, path);
  if (!o || !o.required("range", out.range) ||
      !o.optional("severity", out.severity, EnumField<DiagnosticSeverity>{"DiagnosticSeverity", 1, 4}) ||
      !o.optional("code", out.code, readCode) || !o.optional("source", out.source) ||
      !o.required("message", out.message) || !o.optional("relatedInformation", out.relatedInformation))
    return false;
  if (const json *data = o.get("data"))
    out.data = *data;
  return true;
}

json toJSON(const Diagnostic &d) {
  json out = {{"range", toJSON(d.range)}, {"message", d.message}};
  if (d.severity)
    out["severity"] = int(*d.severity);
  if (!d.code.empty())
    out["code"] = d.code;
  if (!d.source.empty())
    out["source"] = d.source;
  if (!d.relatedInformation.empty())
    out["relatedInformation"] = toJSON(d.relatedInformation);
  if (!d.data.is_null())
    out["data"] = d.data;
  return out;
}

json toJSON(const PublishDiagnosticsParams &p) {
  json out = {{"uri", p.uri}, {"diagnostics", toJSON(p.diagnostics)}};
  if (p.version)
    out["version"] = *p.version;
  return out;
}

// ---- Hover, completion, signature help ----------------------------------

json toJSON(const Hover &h) {
  json out = {{"contents", toJSON(h.contents)}};
  if (h.range)
    out["range"] = toJSON(*h.range);
  return out;
}

bool fromJSON(const json &j, CompletionContext &out, JsonPath path) {
  ObjectReader o(j, path);
  return o &&
         o.required("triggerKind", out.triggerKind,
                    EnumField<CompletionTriggerKind>{"CompletionTriggerKind", 1, 3}) &&
         o.optional("triggerCharacter", out.triggerCharacter);
}

bool fromJSON(const json &j, CompletionParams &out, JsonPath path) {
  ObjectReader o(j, path);
  return o && readTextDocumentPosition(o, out) && o.optional("context", out.context);
}

json toJSON(const CompletionItem &c) {
  json out = {{"label", c.label}};
  if (c.kind)
    out["kind"] = int(*c.kind);
  if (!c.detail.empty())
    out["detail"] = c.detail;
  if (c.documentation)
    out["documentation"] = toJSON(*c.documentation);
  if (!c.insertText.empty())
    out["insertText"] = c.insertText;
  if (c.insertTextFormat)
    out["insertTextFormat"] = int(*c.insertTextFormat);
  if (c.textEdit)
    out["textEdit"] = toJSON(*c.textEdit);
  if (!c.sortText.empty())
    out["sortText"] = c.sortText;
  if (!c.filterText.empty())
    out["filterText"] = c.filterText;
  return out;
}

json toJSON(const CompletionList &l) { return {{"isIncomplete", l.isIncomplete}, {"items", toJSON(l.items)}}; }

json toJSON(const ParameterInformation &p) {
  json out = {{"label", p.label}};
  if (p.documentation)
    out["documentation"] = toJSON(*p.documentation);
  return out;
}

json toJSON(const SignatureInformation &s) {
  json out = {{"label", s.label}, {"parameters", toJSON(s.parameters)}};
  if (s.documentation)
    out["documentation"] = toJSON(*s.documentation);
  return out;
}

json toJSON(const SignatureHelp &s) {
  return {{"signatures", toJSON(s.signatures)},
          {"activeSignature", s.activeSignature},
          {"activeParameter", s.activeParameter}};
}

// ---- References, highlights, symbols ------------------------------------

bool fromJSON(const json &j, ReferenceContext &out, JsonPath path) {
  ObjectReader o(j, path);
  return o && o.required("includeDeclaration", out.includeDeclaration);
}

bool fromJSON(const json &j, ReferenceParams &out, JsonPath path) {
  ObjectReader o(j, path);
  return o && readTextDocumentPosition(o, out) && o.required("context", out.context);
}

json toJSON(const DocumentHighlight &h) { return {{"range", toJSON(h.range)}, {"kind", int(h.kind)}}; }

bool fromJSON(const json &j, DocumentSymbolParams &out, JsonPath path) {
  ObjectReader o(j, path);
  return o && o.required("textDocument", out.textDocument);
}

json toJSON(const DocumentSymbol &s) {
  json out = {{"name", s.name},
              {"kind", int(s.kind)},
              {"range", toJSON(s.range)},
              {"selectionRange", toJSON(s.selectionRange)}};
  if (!s.detail.empty())
    out["detail"] = s.detail;
  if (!s.children.empty())
    out["children"] = toJSON(s.children);
  return out;
}

json toJSON(const SymbolInformation &s) {
  json out = {{"name", s.name}, {"kind", int(s.kind)}, {"location", toJSON(s.location)}};
  if (!s.containerName.empty())
    out["containerName"] = s.containerName;
  return out;
}

bool fromJSON(const json &j, WorkspaceSymbolParams &out, JsonPath path) {
  ObjectReader o(j, path);
  return o && o.required("query", out.query);
}

// ---- Rename and edits ----------------------------------------------------

bool fromJSON(const json &j, RenameParams &out, JsonPath path) {
  ObjectReader o(j, path);
  return o && readTextDocumentPosition(o, out) && o.required("newName", out.newName);
}

json toJSON(const PrepareRenameResult &r) { return {{"range", toJSON(r.range)}, {"placeholder", r.placeholder}}; }

json toJSON(const WorkspaceEdit &e) {
  json changes = json::object();
  for (const auto &entry : e.changes)
    changes[entry.first] = toJSON(entry.second);
  return {{"changes", changes}};
}

json toJSON(const ApplyWorkspaceEditParams &p) {
  json out = {{"edit", toJSON(p.edit)}};
  if (!p.label.empty())
    out["label"] = p.label;
  return out;
}

// ---- Formatting ------------------------------------------------------------

bool fromJSON(const json &j, FormattingOptions &out, JsonPath path) {
  ObjectReader o(j, path);
  return o && o.required("tabSize", out.tabSize, fromJSONUnsigned) &&
         o.required("insertSpaces", out.insertSpaces);
}

bool fromJSON(const json &j, DocumentFormattingParams &out, JsonPath path) {
  ObjectReader o(j, path);
  return o && o.required("textDocument", out.textDocument) && o.required("options", out.options);
}

bool fromJSON(const json &j, DocumentRangeFormattingParams &out, JsonPath path) {
  ObjectReader o(j, path);
  return o && o.required("textDocument", out.textDocument) && o.required("range", out.range) &&
         o.required("options", out.options);
}

// ---- Semantic tokens, folding, inlay hints -------------------------------

json toJSON(const SemanticTokens &t) {
  json out = {{"data", t.data}};
  if (!t.resultId.empty())
    out["resultId"] = t.resultId;
  return out;
}

json toJSON(const FoldingRange &f) {
  json out = {{"startLine", f.startLine}, {"endLine", f.endLine}};
  if (f.startCharacter)
    out["startCharacter"] = *f.startCharacter;
  if (f.endCharacter)
    out["endCharacter"] = *f.endCharacter;
  if (!f.kind.empty())
    out["kind"] = f.kind;
  return out;
}

bool fromJSON(const json &j, InlayHintParams &out, JsonPath path) {
  ObjectReader o(j, path);
  return o && o.required("textDocument", out.textDocument) && o.required("range", out.range);
}

json toJSON(const InlayHint &h) {
  json out = {{"position", toJSON(h.position)}, {"label", h.label}};
  if (h.kind)
    out["kind"] = int(*h.kind);
  if (h.paddingLeft)
    out["paddingLeft"] = true;
  if (h.paddingRight)
    out["paddingRight"] = true;
  return out;
}

// ---- Code actions and commands -------------------------------------------

bool fromJSON(const json &j, CodeActionContext &out, JsonPath path) {
  ObjectReader o(j, path);
  return o && o.required("diagnostics", out.diagnostics) && o.optional("only", out.only);
}

bool fromJSON(const json &j, CodeActionParams &out, JsonPath path) {
  ObjectReader o(j, path);
  return o && o.required("textDocument", out.textDocument) && o.required("range", out.range) &&
         o.required("context", out.context);
}

json toJSON(const CodeAction &a) {
  json out = {{"title", a.title}};
  if (!a.kind.empty())
    out["kind"] = a.kind;
  if (!a.diagnostics.empty())
    out["diagnostics"] = toJSON(a.diagnostics);
  if (a.edit)
    out["edit"] = toJSON(*a.edit);
  if (a.command)
    out["command"] = toJSON(*a.command);
  if (a.isPreferred)
    out["isPreferred"] = true;
  return out;
}

bool fromJSON(const json &j, ExecuteCommandParams &out, JsonPath path) {
  ObjectReader o(j, path);
  return o && o.required("command", out.command) && o.optional("arguments", out.arguments);
}

// ---- Window and protocol notifications ---------------------------------

json toJSON(const ShowMessageParams &p) { return {{"type", int(p.type)}, {"message", p.message}}; }

bool fromJSON(const json &j, CancelParams &out, JsonPath path) {
  ObjectReader o(j, path);
  if (!o)
    return false;
  const json *id = o.get("id");
  if (!id)
    return path.field("id").report("required field is missing");
  if (!id->is_number_integer() && !id->is_string())
    return path.field("id").report("expected an integer or a string");
  out.id = *id;
  return true;
}

} // namespace flytec::lsp
