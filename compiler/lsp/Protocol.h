// The LSP 3.17 structures the server uses: fromJSON for what clients send
// (strict about required fields and types; the error names the field) and
// toJSON for what the server sends. Only the fields we use are modelled;
// anything else can be read from or built as raw json.
//
// Conventions: an empty string, empty vector or false stands for an absent
// optional field where the LSP gives it no other meaning, and toJSON leaves
// such fields out. URIs stay strings (see Uri.h to turn them into paths).
#pragma once

#include "lsp/JsonMapping.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace flytec::lsp {

// ---- Basic structures ---------------------------------------------------

/// 0-based; `character` counts UTF-16 code units unless the server chose
/// another `positionEncoding` at initialization.
struct Position {
  int line = 0;
  int character = 0;
};
bool operator==(const Position &a, const Position &b);
inline bool operator!=(const Position &a, const Position &b) { return !(a == b); }
bool operator<(const Position &a, const Position &b);
bool fromJSON(const json &j, Position &out, JsonPath path);
json toJSON(const Position &p);

/// Half-open: `end` is just past the last character.
struct Range {
  Position start;
  Position end;
};
bool operator==(const Range &a, const Range &b);
inline bool operator!=(const Range &a, const Range &b) { return !(a == b); }
bool fromJSON(const json &j, Range &out, JsonPath path);
json toJSON(const Range &r);

struct Location {
  std::string uri;
  Range range;
};
bool fromJSON(const json &j, Location &out, JsonPath path);
json toJSON(const Location &l);

struct TextEdit {
  Range range;
  std::string newText;
};
bool fromJSON(const json &j, TextEdit &out, JsonPath path);
json toJSON(const TextEdit &e);

struct TextDocumentIdentifier {
  std::string uri;
};
bool fromJSON(const json &j, TextDocumentIdentifier &out, JsonPath path);

struct VersionedTextDocumentIdentifier {
  std::string uri;
  int version = 0;
};
bool fromJSON(const json &j, VersionedTextDocumentIdentifier &out, JsonPath path);

struct TextDocumentItem {
  std::string uri;
  std::string languageId;
  int version = 0;
  std::string text;
};
bool fromJSON(const json &j, TextDocumentItem &out, JsonPath path);

struct TextDocumentPositionParams {
  TextDocumentIdentifier textDocument;
  Position position;
};
bool fromJSON(const json &j, TextDocumentPositionParams &out, JsonPath path);
using HoverParams = TextDocumentPositionParams;
using DefinitionParams = TextDocumentPositionParams;
using DocumentHighlightParams = TextDocumentPositionParams;
using SignatureHelpParams = TextDocumentPositionParams;
using PrepareRenameParams = TextDocumentPositionParams;

/// For methods without parameters (shutdown): accepts null or any object.
struct NoParams {};
bool fromJSON(const json &j, NoParams &out, JsonPath path);

enum class MarkupKind { PlainText, Markdown };

struct MarkupContent {
  MarkupKind kind = MarkupKind::Markdown;
  std::string value;
};
json toJSON(const MarkupContent &m);

/// Something the client asks the server to run (workspace/executeCommand).
struct Command {
  std::string title;
  std::string command;
  std::vector<json> arguments;
};
json toJSON(const Command &c);

// ---- Lifecycle -----------------------------------------------------------

/// The capability bits the server looks at. They are read leniently (a bit
/// of the wrong type counts as absent): `initialize` should not fail over a
/// capability we could do without. `raw` has the rest.
struct ClientCapabilities {
  /// general.positionEncodings ("utf-8", "utf-16", "utf-32"); empty means
  /// UTF-16 only.
  std::vector<std::string> positionEncodings;
  /// textDocument.hover.contentFormat includes "markdown".
  bool hoverMarkdown = false;
  /// textDocument.completion.completionItem.snippetSupport.
  bool completionSnippets = false;
  /// textDocument.documentSymbol.hierarchicalDocumentSymbolSupport.
  bool hierarchicalDocumentSymbols = false;
  /// textDocument.publishDiagnostics.relatedInformation.
  bool diagnosticRelatedInformation = false;
  json raw;
};
bool fromJSON(const json &j, ClientCapabilities &out, JsonPath path);

struct WorkspaceFolder {
  std::string uri;
  std::string name;
};
bool fromJSON(const json &j, WorkspaceFolder &out, JsonPath path);

struct ClientInfo {
  std::string name;
  std::string version;
};
bool fromJSON(const json &j, ClientInfo &out, JsonPath path);

/// The spec requires processId, rootUri and capabilities, but clients (and
/// clangd-style transcripts) leave them out; none is needed to start, so
/// all are optional here. Types are still checked.
struct InitializeParams {
  std::optional<int> processId;
  std::optional<std::string> rootUri;
  std::optional<std::string> rootPath;
  std::optional<std::vector<WorkspaceFolder>> workspaceFolders;
  ClientCapabilities capabilities;
  std::optional<ClientInfo> clientInfo;
  json initializationOptions;
};
bool fromJSON(const json &j, InitializeParams &out, JsonPath path);

/// The server builds `capabilities` itself.
struct InitializeResult {
  json capabilities = json::object();
  std::string serverName;
  std::string serverVersion;
};
json toJSON(const InitializeResult &r);

// ---- Document synchronisation -------------------------------------------

struct DidOpenTextDocumentParams {
  TextDocumentItem textDocument;
};
bool fromJSON(const json &j, DidOpenTextDocumentParams &out, JsonPath path);

/// Without `range`, `text` is the whole new document.
struct TextDocumentContentChangeEvent {
  std::optional<Range> range;
  std::string text;
};
bool fromJSON(const json &j, TextDocumentContentChangeEvent &out, JsonPath path);

struct DidChangeTextDocumentParams {
  VersionedTextDocumentIdentifier textDocument;
  /// Applied in order, each to the result of the previous one.
  std::vector<TextDocumentContentChangeEvent> contentChanges;
};
bool fromJSON(const json &j, DidChangeTextDocumentParams &out, JsonPath path);

struct DidCloseTextDocumentParams {
  TextDocumentIdentifier textDocument;
};
bool fromJSON(const json &j, DidCloseTextDocumentParams &out, JsonPath path);

struct DidSaveTextDocumentParams {
  TextDocumentIdentifier textDocument;
  std::optional<std::string> text;
};
bool fromJSON(const json &j, DidSaveTextDocumentParams &out, JsonPath path);

// ---- Diagnostics ---------------------------------------------------------

enum class DiagnosticSeverity { Error = 1, Warning = 2, Information = 3, Hint = 4 };

struct DiagnosticRelatedInformation {
  Location location;
  std::string message;
};
bool fromJSON(const json &j, DiagnosticRelatedInformation &out, JsonPath path);
json toJSON(const DiagnosticRelatedInformation &r);

struct Diagnostic {
  Range range;
  std::optional<DiagnosticSeverity> severity;
  /// "E3001". The LSP also allows integer codes; one from a client reads
  /// as its decimal text.
  std::string code;
  std::string source;
  std::string message;
  std::vector<DiagnosticRelatedInformation> relatedInformation;
  /// Kept by the client and sent back in codeAction requests; null: none.
  json data;
};
bool fromJSON(const json &j, Diagnostic &out, JsonPath path);
json toJSON(const Diagnostic &d);

struct PublishDiagnosticsParams {
  std::string uri;
  std::optional<int> version;
  std::vector<Diagnostic> diagnostics;
};
json toJSON(const PublishDiagnosticsParams &p);

// ---- Hover, completion, signature help ----------------------------------

struct Hover {
  MarkupContent contents;
  std::optional<Range> range;
};
json toJSON(const Hover &h);

enum class CompletionTriggerKind { Invoked = 1, TriggerCharacter = 2, TriggerForIncompleteCompletions = 3 };

struct CompletionContext {
  CompletionTriggerKind triggerKind = CompletionTriggerKind::Invoked;
  std::string triggerCharacter;
};
bool fromJSON(const json &j, CompletionContext &out, JsonPath path);

struct CompletionParams : TextDocumentPositionParams {
  std::optional<CompletionContext> context;
};
bool fromJSON(const json &j, CompletionParams &out, JsonPath path);

enum class CompletionItemKind {
  Text = 1, Method, Function, Constructor, Field, Variable, Class, Interface, Module, Property, Unit, Value,
  Enum, Keyword, Snippet, Color, File, Reference, Folder, EnumMember, Constant, Struct, Event, Operator,
  TypeParameter
};

enum class InsertTextFormat { PlainText = 1, Snippet = 2 };

struct CompletionItem {
  std::string label;
  std::optional<CompletionItemKind> kind;
  std::string detail;
  std::optional<MarkupContent> documentation;
  std::string insertText;
  std::optional<InsertTextFormat> insertTextFormat;
  std::optional<TextEdit> textEdit;
  std::string sortText;
  std::string filterText;
};
json toJSON(const CompletionItem &c);

struct CompletionList {
  bool isIncomplete = false;
  std::vector<CompletionItem> items;
};
json toJSON(const CompletionList &l);

struct ParameterInformation {
  std::string label; // a substring of the signature's label
  std::optional<MarkupContent> documentation;
};
json toJSON(const ParameterInformation &p);

struct SignatureInformation {
  std::string label;
  std::optional<MarkupContent> documentation;
  std::vector<ParameterInformation> parameters;
};
json toJSON(const SignatureInformation &s);

struct SignatureHelp {
  std::vector<SignatureInformation> signatures;
  int activeSignature = 0;
  int activeParameter = 0;
};
json toJSON(const SignatureHelp &s);

// ---- References, highlights, symbols ------------------------------------

struct ReferenceContext {
  bool includeDeclaration = false;
};
bool fromJSON(const json &j, ReferenceContext &out, JsonPath path);

struct ReferenceParams : TextDocumentPositionParams {
  ReferenceContext context;
};
bool fromJSON(const json &j, ReferenceParams &out, JsonPath path);

enum class DocumentHighlightKind { Text = 1, Read = 2, Write = 3 };

struct DocumentHighlight {
  Range range;
  DocumentHighlightKind kind = DocumentHighlightKind::Text;
};
json toJSON(const DocumentHighlight &h);

enum class SymbolKind {
  File = 1, Module, Namespace, Package, Class, Method, Property, Field, Constructor, Enum, Interface,
  Function, Variable, Constant, String, Number, Boolean, Array, Object, Key, Null, EnumMember, Struct,
  Event, Operator, TypeParameter
};

/// Also the params of textDocument/semanticTokens/full and foldingRange.
struct DocumentSymbolParams {
  TextDocumentIdentifier textDocument;
};
bool fromJSON(const json &j, DocumentSymbolParams &out, JsonPath path);
using SemanticTokensParams = DocumentSymbolParams;
using FoldingRangeParams = DocumentSymbolParams;

struct DocumentSymbol {
  std::string name;
  std::string detail;
  SymbolKind kind = SymbolKind::Variable;
  /// All of the symbol (its body too); `selectionRange`, inside it, is the
  /// name.
  Range range;
  Range selectionRange;
  std::vector<DocumentSymbol> children;
};
json toJSON(const DocumentSymbol &s);

/// The flat form: textDocument/documentSymbol for clients without
/// hierarchical support, and workspace/symbol (3.17's WorkspaceSymbol has
/// the same shape when the location is known).
struct SymbolInformation {
  std::string name;
  SymbolKind kind = SymbolKind::Variable;
  Location location;
  std::string containerName;
};
json toJSON(const SymbolInformation &s);
using WorkspaceSymbol = SymbolInformation;

struct WorkspaceSymbolParams {
  std::string query;
};
bool fromJSON(const json &j, WorkspaceSymbolParams &out, JsonPath path);

// ---- Rename and edits ----------------------------------------------------

struct RenameParams : TextDocumentPositionParams {
  std::string newName;
};
bool fromJSON(const json &j, RenameParams &out, JsonPath path);

struct PrepareRenameResult {
  Range range;
  std::string placeholder;
};
json toJSON(const PrepareRenameResult &r);

struct WorkspaceEdit {
  std::map<std::string, std::vector<TextEdit>> changes; // by URI
};
json toJSON(const WorkspaceEdit &e);

/// The params of the server's workspace/applyEdit request.
struct ApplyWorkspaceEditParams {
  std::string label;
  WorkspaceEdit edit;
};
json toJSON(const ApplyWorkspaceEditParams &p);

// ---- Formatting ------------------------------------------------------------

struct FormattingOptions {
  int tabSize = 2;
  bool insertSpaces = true;
};
bool fromJSON(const json &j, FormattingOptions &out, JsonPath path);

struct DocumentFormattingParams {
  TextDocumentIdentifier textDocument;
  FormattingOptions options;
};
bool fromJSON(const json &j, DocumentFormattingParams &out, JsonPath path);

struct DocumentRangeFormattingParams {
  TextDocumentIdentifier textDocument;
  Range range;
  FormattingOptions options;
};
bool fromJSON(const json &j, DocumentRangeFormattingParams &out, JsonPath path);

// ---- Semantic tokens, folding, inlay hints -------------------------------

/// Five numbers per token (line delta, start delta, length, type, modifier
/// bits), as the LSP encodes them.
struct SemanticTokens {
  std::vector<uint32_t> data;
  std::string resultId;
};
json toJSON(const SemanticTokens &t);

struct FoldingRange {
  int startLine = 0;
  std::optional<int> startCharacter;
  int endLine = 0;
  std::optional<int> endCharacter;
  std::string kind; // "comment", "imports", "region"
};
json toJSON(const FoldingRange &f);

struct InlayHintParams {
  TextDocumentIdentifier textDocument;
  Range range;
};
bool fromJSON(const json &j, InlayHintParams &out, JsonPath path);

enum class InlayHintKind { Type = 1, Parameter = 2 };

struct InlayHint {
  Position position;
  std::string label;
  std::optional<InlayHintKind> kind;
  bool paddingLeft = false;
  bool paddingRight = false;
};
json toJSON(const InlayHint &h);

// ---- Code actions and commands -------------------------------------------

namespace CodeActionKind {
inline constexpr const char *QuickFix = "quickfix";
inline constexpr const char *Refactor = "refactor";
inline constexpr const char *RefactorRewrite = "refactor.rewrite";
inline constexpr const char *Source = "source";
inline constexpr const char *SourceOrganizeImports = "source.organizeImports";
} // namespace CodeActionKind

struct CodeActionContext {
  std::vector<Diagnostic> diagnostics;
  /// Kinds the client wants; absent: all.
  std::optional<std::vector<std::string>> only;
};
bool fromJSON(const json &j, CodeActionContext &out, JsonPath path);

struct CodeActionParams {
  TextDocumentIdentifier textDocument;
  Range range;
  CodeActionContext context;
};
bool fromJSON(const json &j, CodeActionParams &out, JsonPath path);

struct CodeAction {
  std::string title;
  std::string kind;
  std::vector<Diagnostic> diagnostics;
  std::optional<WorkspaceEdit> edit;
  std::optional<Command> command;
  bool isPreferred = false;
};
json toJSON(const CodeAction &a);

struct ExecuteCommandParams {
  std::string command;
  std::vector<json> arguments;
};
bool fromJSON(const json &j, ExecuteCommandParams &out, JsonPath path);

// ---- Window and protocol notifications ---------------------------------

enum class MessageType { Error = 1, Warning = 2, Info = 3, Log = 4 };

/// window/showMessage and window/logMessage.
struct ShowMessageParams {
  MessageType type = MessageType::Info;
  std::string message;
};
json toJSON(const ShowMessageParams &p);

/// $/cancelRequest; `id` is an integer or a string.
struct CancelParams {
  json id;
};
bool fromJSON(const json &j, CancelParams &out, JsonPath path);

} // namespace flytec::lsp
