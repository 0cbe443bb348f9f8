#include "lsp/Protocol.h"

#include <gtest/gtest.h>

namespace flytec::lsp {
namespace {

template <typename T> T parse(const json &j) {
  T value;
  std::string error;
  EXPECT_TRUE(fromJSON(j, value, error)) << j.dump() << ": " << error;
  return value;
}

template <typename T> std::string errorOf(const json &j) {
  T value;
  std::string error;
  EXPECT_FALSE(fromJSON(j, value, error)) << j.dump();
  return error;
}

const json kDoc = {{"uri", "file:///a.flyte"}};
const json kPos = {{"line", 1}, {"character", 2}};
const json kRange = {{"start", kPos}, {"end", {{"line", 3}, {"character", 0}}}};

// ---- Reading ---------------------------------------------------------------

TEST(ProtocolTest, ReadsPositionParams) {
  auto p = parse<TextDocumentPositionParams>({{"textDocument", kDoc}, {"position", kPos}, {"extra", 1}});
  EXPECT_EQ(p.textDocument.uri, "file:///a.flyte");
  EXPECT_EQ(p.position, (Position{1, 2}));
}

TEST(ProtocolTest, PositionErrorsNameTheField) {
  json params = {{"textDocument", kDoc}, {"position", {{"line", -1}, {"character", 0}}}};
  EXPECT_EQ(errorOf<TextDocumentPositionParams>(params), "params.position.line: expected a non-negative integer");
  params["position"]["line"] = 1.5;
  EXPECT_EQ(errorOf<TextDocumentPositionParams>(params), "params.position.line: expected a non-negative integer");
  params["position"]["line"] = "1";
  EXPECT_EQ(errorOf<TextDocumentPositionParams>(params), "params.position.line: expected a non-negative integer");
  params["position"] = {{"line", 0}, {"character", 2147483648LL}};
  EXPECT_EQ(errorOf<TextDocumentPositionParams>(params),
            "params.position.character: expected a non-negative integer");
  params["position"] = {{"line", 0}};
  EXPECT_EQ(errorOf<TextDocumentPositionParams>(params), "params.position.character: required field is missing");
  params["position"] = json::array();
  EXPECT_EQ(errorOf<TextDocumentPositionParams>(params), "params.position: expected an object");
  params.erase("position");
  EXPECT_EQ(errorOf<TextDocumentPositionParams>(params), "params.position: required field is missing");
  EXPECT_EQ(errorOf<TextDocumentPositionParams>({{"textDocument", {{"uri", 5}}}, {"position", kPos}}),
            "params.textDocument.uri: expected a string");
  EXPECT_EQ(errorOf<TextDocumentPositionParams>(json(nullptr)), "params: expected an object");
  EXPECT_EQ(errorOf<TextDocumentPositionParams>(json::array()), "params: expected an object");
}

TEST(ProtocolTest, ErrorsStartAtTheGivenRoot) {
  Position p;
  std::string error;
  EXPECT_FALSE(fromJSON(json{{"line", 0}}, p, error, "position"));
  EXPECT_EQ(error, "position.character: required field is missing");
  EXPECT_FALSE(fromJSON(json{{"line", true}}, p, error, ""));
  EXPECT_EQ(error, "line: expected a non-negative integer");
}

struct ErrorCase {
  std::string (*read)(const json &);
  json input;
  std::string error;
};

// One case per way each structure can be wrong, with the field it names.
TEST(ProtocolTest, EveryReaderNamesTheBadField) {
  json item = {{"uri", "file:///a"}, {"languageId", "flyte"}, {"version", 1}, {"text", ""}};
  json itemWithoutVersion = item;
  itemWithoutVersion.erase("version");
  json diagnostic = {{"range", kRange}, {"message", "m"}};
  json formatting = {{"tabSize", 2}, {"insertSpaces", true}};
  const ErrorCase cases[] = {
      {errorOf<Range>, {{"start", kPos}, {"end", {{"line", 0}}}}, "params.end.character: required field is missing"},
      {errorOf<Location>, {{"uri", 1}, {"range", kRange}}, "params.uri: expected a string"},
      {errorOf<TextEdit>, {{"range", kRange}}, "params.newText: required field is missing"},
      {errorOf<TextDocumentIdentifier>, json::object(), "params.uri: required field is missing"},
      {errorOf<VersionedTextDocumentIdentifier>, {{"uri", "u"}, {"version", "1"}}, "params.version: expected an integer"},
      {errorOf<VersionedTextDocumentIdentifier>, {{"uri", "u"}, {"version", 1LL << 40}}, "params.version: expected an integer"},
      {errorOf<TextDocumentItem>, {{"uri", "u"}, {"version", 1}, {"text", ""}}, "params.languageId: required field is missing"},
      {errorOf<TextDocumentItem>, {{"uri", "u"}, {"languageId", "f"}, {"version", 1}, {"text", nullptr}}, "params.text: required field is missing"},
      {errorOf<DidOpenTextDocumentParams>, {{"textDocument", itemWithoutVersion}}, "params.textDocument.version: required field is missing"},
      {errorOf<DidChangeTextDocumentParams>, {{"textDocument", {{"uri", "u"}, {"version", 2}}}, {"contentChanges", json::object()}}, "params.contentChanges: expected an array"},
      {errorOf<DidChangeTextDocumentParams>, {{"textDocument", {{"uri", "u"}, {"version", 2}}}, {"contentChanges", {{{"text", "a"}}, json::object()}}}, "params.contentChanges[1].text: required field is missing"},
      {errorOf<DidChangeTextDocumentParams>, {{"textDocument", {{"uri", "u"}, {"version", 2}}}, {"contentChanges", {{{"text", "a"}, {"range", {{"start", {{"line", "x"}, {"character", 0}}}, {"end", kPos}}}}}}}, "params.contentChanges[0].range.start.line: expected a non-negative integer"},
      {errorOf<DidChangeTextDocumentParams>, {{"textDocument", kDoc}, {"contentChanges", json::array()}}, "params.textDocument.version: required field is missing"},
      {errorOf<DidCloseTextDocumentParams>, json::object(), "params.textDocument: required field is missing"},
      {errorOf<DidSaveTextDocumentParams>, {{"textDocument", kDoc}, {"text", 5}}, "params.text: expected a string"},
      {errorOf<InitializeParams>, {{"processId", "x"}}, "params.processId: expected an integer"},
      {errorOf<InitializeParams>, {{"rootUri", 5}}, "params.rootUri: expected a string"},
      {errorOf<InitializeParams>, {{"rootPath", false}}, "params.rootPath: expected a string"},
      {errorOf<InitializeParams>, {{"workspaceFolders", {{{"uri", "u"}}}}}, "params.workspaceFolders[0].name: required field is missing"},
      {errorOf<InitializeParams>, {{"workspaceFolders", {{"uri", "u"}}}}, "params.workspaceFolders: expected an array"},
      {errorOf<InitializeParams>, {{"capabilities", json::array()}}, "params.capabilities: expected an object"},
      {errorOf<InitializeParams>, {{"clientInfo", json::object()}}, "params.clientInfo.name: required field is missing"},
      {errorOf<InitializeParams>, {{"clientInfo", {{"name", "x"}, {"version", 1}}}}, "params.clientInfo.version: expected a string"},
      {errorOf<Diagnostic>, {{"range", kRange}}, "params.message: required field is missing"},
      {errorOf<Diagnostic>, {{"message", "m"}}, "params.range: required field is missing"},
      {errorOf<Diagnostic>, {{"range", kRange}, {"message", "m"}, {"severity", 5}}, "params.severity: expected a DiagnosticSeverity (1-4)"},
      {errorOf<Diagnostic>, {{"range", kRange}, {"message", "m"}, {"severity", "error"}}, "params.severity: expected a DiagnosticSeverity (1-4)"},
      {errorOf<Diagnostic>, {{"range", kRange}, {"message", "m"}, {"code", true}}, "params.code: expected an integer or a string"},
      {errorOf<Diagnostic>, {{"range", kRange}, {"message", "m"}, {"source", 1}}, "params.source: expected a string"},
      {errorOf<Diagnostic>, {{"range", kRange}, {"message", "m"}, {"relatedInformation", {{{"message", "n"}, {"location", {{"range", kRange}}}}}}}, "params.relatedInformation[0].location.uri: required field is missing"},
      {errorOf<Diagnostic>, {{"range", kRange}, {"message", "m"}, {"relatedInformation", {{{"location", {{"uri", "u"}, {"range", kRange}}}}}}}, "params.relatedInformation[0].message: required field is missing"},
      {errorOf<CompletionParams>, {{"textDocument", kDoc}, {"position", kPos}, {"context", {{"triggerKind", 0}}}}, "params.context.triggerKind: expected a CompletionTriggerKind (1-3)"},
      {errorOf<CompletionParams>, {{"textDocument", kDoc}, {"position", kPos}, {"context", json::object()}}, "params.context.triggerKind: required field is missing"},
      {errorOf<CompletionParams>, {{"textDocument", kDoc}, {"position", kPos}, {"context", {{"triggerKind", 2}, {"triggerCharacter", 1}}}}, "params.context.triggerCharacter: expected a string"},
      {errorOf<CompletionParams>, {{"textDocument", kDoc}}, "params.position: required field is missing"},
      {errorOf<ReferenceParams>, {{"textDocument", kDoc}, {"position", kPos}}, "params.context: required field is missing"},
      {errorOf<ReferenceParams>, {{"textDocument", kDoc}, {"position", kPos}, {"context", {{"includeDeclaration", "yes"}}}}, "params.context.includeDeclaration: expected a boolean"},
      {errorOf<DocumentSymbolParams>, json::object(), "params.textDocument: required field is missing"},
      {errorOf<WorkspaceSymbolParams>, json::object(), "params.query: required field is missing"},
      {errorOf<RenameParams>, {{"textDocument", kDoc}, {"position", kPos}}, "params.newName: required field is missing"},
      {errorOf<DocumentFormattingParams>, {{"textDocument", kDoc}, {"options", {{"tabSize", -1}, {"insertSpaces", true}}}}, "params.options.tabSize: expected a non-negative integer"},
      {errorOf<DocumentFormattingParams>, {{"textDocument", kDoc}, {"options", {{"tabSize", 2}}}}, "params.options.insertSpaces: required field is missing"},
      {errorOf<DocumentFormattingParams>, {{"textDocument", kDoc}}, "params.options: required field is missing"},
      {errorOf<DocumentRangeFormattingParams>, {{"textDocument", kDoc}, {"options", formatting}}, "params.range: required field is missing"},
      {errorOf<InlayHintParams>, {{"textDocument", kDoc}, {"range", {{"end", kPos}}}}, "params.range.start: required field is missing"},
      {errorOf<CodeActionParams>, {{"textDocument", kDoc}, {"range", kRange}, {"context", json::object()}}, "params.context.diagnostics: required field is missing"},
      {errorOf<CodeActionParams>, {{"textDocument", kDoc}, {"range", kRange}, {"context", {{"diagnostics", {{{"message", "m"}}}}}}}, "params.context.diagnostics[0].range: required field is missing"},
      {errorOf<CodeActionParams>, {{"textDocument", kDoc}, {"range", kRange}, {"context", {{"diagnostics", json::array()}, {"only", {5}}}}}, "params.context.only[0]: expected a string"},
      {errorOf<CodeActionParams>, {{"textDocument", kDoc}, {"context", {{"diagnostics", json::array()}}}}, "params.range: required field is missing"},
      {errorOf<ExecuteCommandParams>, {{"arguments", json::array()}}, "params.command: required field is missing"},
      {errorOf<ExecuteCommandParams>, {{"command", "c"}, {"arguments", json::object()}}, "params.arguments: expected an array"},
      {errorOf<CancelParams>, json::object(), "params.id: required field is missing"},
      {errorOf<CancelParams>, {{"id", true}}, "params.id: expected an integer or a string"},
      {errorOf<CancelParams>, {{"id", 1.5}}, "params.id: expected an integer or a string"},
      {errorOf<NoParams>, 5, "params: expected an object or null"},
  };
  for (const ErrorCase &c : cases)
    EXPECT_EQ(c.read(c.input), c.error) << c.input.dump();
}

TEST(ProtocolTest, ReadsDocumentChanges) {
  json whole = {{"text", "whole"}};
  json part = {{"range", kRange}, {"rangeLength", 3}, {"text", "part"}};
  auto p = parse<DidChangeTextDocumentParams>(
      {{"textDocument", {{"uri", "u"}, {"version", 7}}}, {"contentChanges", json::array({whole, part})}});
  EXPECT_EQ(p.textDocument.version, 7);
  ASSERT_EQ(p.contentChanges.size(), 2u);
  EXPECT_FALSE(p.contentChanges[0].range);
  EXPECT_EQ(p.contentChanges[0].text, "whole");
  ASSERT_TRUE(p.contentChanges[1].range);
  EXPECT_EQ(p.contentChanges[1].range->end, (Position{3, 0}));
  EXPECT_EQ(p.contentChanges[1].text, "part");

  auto open = parse<DidOpenTextDocumentParams>(
      {{"textDocument", {{"uri", "u"}, {"languageId", "flyte"}, {"version", 1}, {"text", "task t() {}"}}}});
  EXPECT_EQ(open.textDocument.text, "task t() {}");
  EXPECT_EQ(parse<DidSaveTextDocumentParams>({{"textDocument", kDoc}, {"text", nullptr}}).text, std::nullopt);
  EXPECT_EQ(parse<DidSaveTextDocumentParams>({{"textDocument", kDoc}, {"text", "t"}}).text, "t");
}

TEST(ProtocolTest, ReadsInitializeParams) {
  json caps = {{"general", {{"positionEncodings", {"utf-8", "utf-16"}}}},
               {"textDocument",
                {{"hover", {{"contentFormat", {"markdown", "plaintext"}}}},
                 {"completion", {{"completionItem", {{"snippetSupport", true}}}}},
                 {"documentSymbol", {{"hierarchicalDocumentSymbolSupport", true}}},
                 {"publishDiagnostics", {{"relatedInformation", true}}}}}};
  auto p = parse<InitializeParams>({{"processId", 42},
                                    {"rootUri", "file:///w"},
                                    {"workspaceFolders", {{{"uri", "file:///w"}, {"name", "w"}}}},
                                    {"capabilities", caps},
                                    {"clientInfo", {{"name", "Visual Studio Code"}, {"version", "1.90"}}},
                                    {"initializationOptions", {{"x", 1}}},
                                    {"trace", "off"}});
  EXPECT_EQ(p.processId, 42);
  EXPECT_EQ(p.rootUri, "file:///w");
  ASSERT_TRUE(p.workspaceFolders);
  EXPECT_EQ((*p.workspaceFolders)[0].name, "w");
  EXPECT_EQ(p.capabilities.positionEncodings, (std::vector<std::string>{"utf-8", "utf-16"}));
  EXPECT_TRUE(p.capabilities.hoverMarkdown);
  EXPECT_TRUE(p.capabilities.completionSnippets);
  EXPECT_TRUE(p.capabilities.hierarchicalDocumentSymbols);
  EXPECT_TRUE(p.capabilities.diagnosticRelatedInformation);
  EXPECT_EQ(p.capabilities.raw, caps);
  EXPECT_EQ(p.clientInfo->name, "Visual Studio Code");
  EXPECT_EQ(p.initializationOptions, (json{{"x", 1}}));
}

TEST(ProtocolTest, InitializeNeedsNothingAndReadsCapabilitiesLeniently) {
  auto minimal = parse<InitializeParams>(json::object());
  EXPECT_FALSE(minimal.processId);
  EXPECT_FALSE(minimal.capabilities.hoverMarkdown);
  auto nulls = parse<InitializeParams>(
      {{"processId", nullptr}, {"rootUri", nullptr}, {"rootPath", nullptr}, {"workspaceFolders", nullptr}});
  EXPECT_FALSE(nulls.rootUri);
  EXPECT_FALSE(nulls.workspaceFolders);
  auto odd = parse<InitializeParams>(
      {{"capabilities",
        {{"general", {{"positionEncodings", "utf-8"}}},
         {"textDocument", {{"hover", {{"contentFormat", "markdown"}}}, {"completion", {{"completionItem", 1}}}}}}}});
  EXPECT_TRUE(odd.capabilities.positionEncodings.empty());
  EXPECT_FALSE(odd.capabilities.hoverMarkdown);
  EXPECT_FALSE(odd.capabilities.completionSnippets);
}

TEST(ProtocolTest, ReadsOtherParams) {
  auto completion = parse<CompletionParams>(
      {{"textDocument", kDoc}, {"position", kPos}, {"context", {{"triggerKind", 2}, {"triggerCharacter", "."}}}});
  ASSERT_TRUE(completion.context);
  EXPECT_EQ(completion.context->triggerKind, CompletionTriggerKind::TriggerCharacter);
  EXPECT_EQ(completion.context->triggerCharacter, ".");
  EXPECT_FALSE(parse<CompletionParams>({{"textDocument", kDoc}, {"position", kPos}}).context);

  EXPECT_TRUE(parse<ReferenceParams>({{"textDocument", kDoc}, {"position", kPos}, {"context", {{"includeDeclaration", true}}}})
                  .context.includeDeclaration);
  EXPECT_EQ(parse<RenameParams>({{"textDocument", kDoc}, {"position", kPos}, {"newName", "b"}}).newName, "b");
  EXPECT_EQ(parse<WorkspaceSymbolParams>({{"query", "tr"}}).query, "tr");

  auto format = parse<DocumentRangeFormattingParams>(
      {{"textDocument", kDoc}, {"range", kRange}, {"options", {{"tabSize", 4}, {"insertSpaces", false}, {"trimFinalNewlines", true}}}});
  EXPECT_EQ(format.options.tabSize, 4);
  EXPECT_FALSE(format.options.insertSpaces);
  EXPECT_EQ(parse<InlayHintParams>({{"textDocument", kDoc}, {"range", kRange}}).range.start, (Position{1, 2}));

  json fromClient = {{"range", kRange}, {"message", "m"}, {"code", 42}};
  json context = {{"diagnostics", json::array({fromClient})}, {"only", json::array({"quickfix"})}};
  auto actions = parse<CodeActionParams>({{"textDocument", kDoc}, {"range", kRange}, {"context", context}});
  ASSERT_EQ(actions.context.diagnostics.size(), 1u);
  EXPECT_EQ(actions.context.diagnostics[0].code, "42");
  EXPECT_EQ(actions.context.only, (std::vector<std::string>{"quickfix"}));

  auto command = parse<ExecuteCommandParams>({{"command", "flyte.graph"}, {"arguments", {"file:///a", 3}}});
  EXPECT_EQ(command.arguments, (std::vector<json>{"file:///a", 3}));
  EXPECT_EQ(parse<CancelParams>({{"id", 3}}).id, 3);
  EXPECT_EQ(parse<CancelParams>({{"id", "x"}}).id, "x");
  parse<NoParams>(nullptr);
  parse<NoParams>(json::object());
}

TEST(ProtocolTest, DiagnosticsRoundTrip) {
  Diagnostic d;
  d.range = {{1, 2}, {1, 5}};
  d.severity = DiagnosticSeverity::Warning;
  d.code = "E3001";
  d.source = "flytec";
  d.message = "argument 'region' expects Region";
  DiagnosticRelatedInformation related;
  related.location.uri = "file:///b.flyte";
  related.location.range = {{0, 0}, {0, 3}};
  related.message = "declared here";
  d.relatedInformation.push_back(related);
  d.data = {{"fix", "Region.US"}};
  json j = toJSON(d);
  EXPECT_EQ(j, (json{{"range", toJSON(d.range)},
                     {"severity", 2},
                     {"code", "E3001"},
                     {"source", "flytec"},
                     {"message", d.message},
                     {"relatedInformation",
                      {{{"location", {{"uri", "file:///b.flyte"}, {"range", toJSON(Range{{0, 0}, {0, 3}})}}},
                        {"message", "declared here"}}}},
                     {"data", {{"fix", "Region.US"}}}}));
  Diagnostic back = parse<Diagnostic>(j);
  EXPECT_EQ(toJSON(back), j);
  EXPECT_EQ(toJSON(Diagnostic{}), (json{{"range", toJSON(Range{})}, {"message", ""}}));
}

// ---- Writing ---------------------------------------------------------------

TEST(ProtocolTest, WritesResults) {
  Range r{{0, 1}, {0, 4}};
  EXPECT_EQ(toJSON(r), json::parse(R"({"start":{"line":0,"character":1},"end":{"line":0,"character":4}})"));
  EXPECT_EQ(toJSON(Hover{{MarkupKind::Markdown, "**x**"}, r}),
            (json{{"contents", {{"kind", "markdown"}, {"value", "**x**"}}}, {"range", toJSON(r)}}));
  EXPECT_EQ(toJSON(Hover{{MarkupKind::PlainText, "x"}, std::nullopt}),
            (json{{"contents", {{"kind", "plaintext"}, {"value", "x"}}}}));

  CompletionItem item;
  item.label = "extract";
  EXPECT_EQ(toJSON(item), (json{{"label", "extract"}}));
  item.kind = CompletionItemKind::Function;
  item.detail = "(db: string) -> Table";
  item.documentation = MarkupContent{MarkupKind::Markdown, "doc"};
  item.insertText = "extract(${1:db})";
  item.insertTextFormat = InsertTextFormat::Snippet;
  item.textEdit = TextEdit{r, "extract"};
  item.sortText = "0";
  item.filterText = "extract";
  EXPECT_EQ(toJSON(CompletionList{true, {item}}),
            (json{{"isIncomplete", true},
                  {"items",
                   {{{"label", "extract"},
                     {"kind", 3},
                     {"detail", "(db: string) -> Table"},
                     {"documentation", {{"kind", "markdown"}, {"value", "doc"}}},
                     {"insertText", "extract(${1:db})"},
                     {"insertTextFormat", 2},
                     {"textEdit", {{"range", toJSON(r)}, {"newText", "extract"}}},
                     {"sortText", "0"},
                     {"filterText", "extract"}}}}}));

  SignatureHelp help{{{"f(a: int, b: string)", std::nullopt, {{"a: int"}, {"b: string"}}}}, 0, 1};
  EXPECT_EQ(toJSON(help), json::parse(R"js({"signatures":[{"label":"f(a: int, b: string)",
      "parameters":[{"label":"a: int"},{"label":"b: string"}]}],"activeSignature":0,"activeParameter":1})js"));

  EXPECT_EQ(toJSON(DocumentHighlight{r, DocumentHighlightKind::Write}), (json{{"range", toJSON(r)}, {"kind", 3}}));
  EXPECT_EQ(toJSON(std::vector<Location>{{"file:///a", r}}), (json{{{"uri", "file:///a"}, {"range", toJSON(r)}}}));
  EXPECT_EQ(toJSON(std::optional<Hover>()), json(nullptr));
}

TEST(ProtocolTest, WritesSymbols) {
  DocumentSymbol child{"x", "", SymbolKind::Variable, {{2, 0}, {2, 9}}, {{2, 4}, {2, 5}}, {}};
  DocumentSymbol parent{"train", "workflow", SymbolKind::Function, {{1, 0}, {3, 1}}, {{1, 9}, {1, 14}}, {child}};
  json j = toJSON(parent);
  EXPECT_EQ(j["detail"], "workflow");
  EXPECT_EQ(j["kind"], 12);
  ASSERT_EQ(j["children"].size(), 1u);
  EXPECT_FALSE(j["children"][0].contains("children"));
  EXPECT_FALSE(j["children"][0].contains("detail"));
  EXPECT_EQ(j["children"][0]["selectionRange"], toJSON(Range{{2, 4}, {2, 5}}));

  SymbolInformation info;
  info.name = "train";
  info.kind = SymbolKind::Function;
  info.location.uri = "file:///a";
  info.location.range = {{1, 0}, {3, 1}};
  info.containerName = "pipeline";
  EXPECT_EQ(toJSON(info), (json{{"name", "train"},
                                {"kind", 12},
                                {"location", toJSON(info.location)},
                                {"containerName", "pipeline"}}));
}

TEST(ProtocolTest, WritesEditsAndActions) {
  Range r{{0, 0}, {0, 1}};
  WorkspaceEdit edit;
  edit.changes["file:///b"] = {{r, "y"}};
  edit.changes["file:///a"] = {{r, "x"}, {r, "z"}};
  json edits = {{"changes",
                 {{"file:///a", {{{"range", toJSON(r)}, {"newText", "x"}}, {{"range", toJSON(r)}, {"newText", "z"}}}},
                  {"file:///b", {{{"range", toJSON(r)}, {"newText", "y"}}}}}}};
  EXPECT_EQ(toJSON(edit), edits);
  EXPECT_EQ(toJSON(WorkspaceEdit{}), (json{{"changes", json::object()}}));
  EXPECT_EQ(toJSON(ApplyWorkspaceEditParams{"Rename", edit}), (json{{"label", "Rename"}, {"edit", edits}}));
  EXPECT_EQ(toJSON(PrepareRenameResult{r, "old"}), (json{{"range", toJSON(r)}, {"placeholder", "old"}}));

  Diagnostic d;
  d.message = "m";
  CodeAction action{"Use Region.US", CodeActionKind::QuickFix, {d}, edit, std::nullopt, true};
  EXPECT_EQ(toJSON(action), (json{{"title", "Use Region.US"},
                                  {"kind", "quickfix"},
                                  {"diagnostics", {toJSON(d)}},
                                  {"edit", edits},
                                  {"isPreferred", true}}));
  CodeAction command{"Show graph", "", {}, std::nullopt, Command{"Show graph", "flyte.graph", {"file:///a"}}, false};
  EXPECT_EQ(toJSON(command),
            (json{{"title", "Show graph"},
                  {"command",
                   {{"title", "Show graph"}, {"command", "flyte.graph"}, {"arguments", json::array({"file:///a"})}}}}));
}

TEST(ProtocolTest, WritesTheRest) {
  EXPECT_EQ(toJSON(SemanticTokens{{0, 4, 5, 1, 0}, ""}), (json{{"data", {0, 4, 5, 1, 0}}}));
  EXPECT_EQ(toJSON(SemanticTokens{{}, "7"}), (json{{"data", json::array()}, {"resultId", "7"}}));
  EXPECT_EQ(toJSON(FoldingRange{1, std::nullopt, 5, std::nullopt, "comment"}),
            (json{{"startLine", 1}, {"endLine", 5}, {"kind", "comment"}}));
  EXPECT_EQ(toJSON(FoldingRange{1, 2, 5, 0, ""}),
            (json{{"startLine", 1}, {"startCharacter", 2}, {"endLine", 5}, {"endCharacter", 0}}));
  EXPECT_EQ(toJSON(InlayHint{{1, 2}, ": int", InlayHintKind::Type, true, false}),
            (json{{"position", toJSON(Position{1, 2})}, {"label", ": int"}, {"kind", 1}, {"paddingLeft", true}}));
  EXPECT_EQ(toJSON(PublishDiagnosticsParams{"file:///a", 3, {}}),
            (json{{"uri", "file:///a"}, {"version", 3}, {"diagnostics", json::array()}}));
  EXPECT_EQ(toJSON(PublishDiagnosticsParams{"file:///a", std::nullopt, {}}),
            (json{{"uri", "file:///a"}, {"diagnostics", json::array()}}));
  InitializeResult init;
  init.capabilities = {{"hoverProvider", true}};
  init.serverName = "flyte-lsp";
  init.serverVersion = "0.1.0";
  EXPECT_EQ(toJSON(init), (json{{"capabilities", {{"hoverProvider", true}}},
                                {"serverInfo", {{"name", "flyte-lsp"}, {"version", "0.1.0"}}}}));
  EXPECT_EQ(toJSON(ShowMessageParams{MessageType::Warning, "w"}), (json{{"type", 2}, {"message", "w"}}));
}

TEST(ProtocolTest, ComparesPositions) {
  EXPECT_TRUE((Position{1, 5}) < (Position{2, 0}));
  EXPECT_TRUE((Position{1, 5}) < (Position{1, 6}));
  EXPECT_FALSE((Position{1, 5}) < (Position{1, 5}));
  EXPECT_NE((Range{{0, 0}, {0, 1}}), (Range{{0, 0}, {0, 2}}));
}

} // namespace
} // namespace flytec::lsp
