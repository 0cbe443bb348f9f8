// The parser driver: lexical check, declaration runs, and a two-stage parse
// of each run. SLL prediction with a bail-out strategy handles correct code
// quickly; only a run that fails is parsed again with full LL prediction and
// the error strategy that reports and recovers.

#include "parse/Parser.h"

#include "ast/AstClone.h"

#include "FlyteLexer.h"
#include "FlyteParser.h"
#include "parse/AstBuilder.h"
#include "parse/DeclarationRuns.h"
#include "parse/LexedText.h"
#include "parse/SyntaxErrors.h"

#include <fmt/format.h>
#include <llvm/ADT/StringMap.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/SourceMgr.h>

namespace flytec::parse {

using flyteparse::FlyteLexer;
using flyteparse::FlyteParser;

namespace {

/// Brackets, prefix operators or else-if chains nested deeper than this are
/// rejected before parsing (see findExcessiveNesting).
constexpr unsigned kMaxNesting = 256;

void reportExcessiveNesting(const LexedText &lexed, const LexToken &at, DiagnosticEngine &diags) {
  diags.report(DiagCode::E1001, lexed.rangeOf(at),
               fmt::format("nesting deeper than {} levels; split it into smaller pieces (a 'let', a type alias)",
                           kMaxNesting));
}

/// The source every token given to the parser names. Error recovery asks a
/// token for its source when it conjures a missing token; nothing else does.
class RunTokenSource : public antlr4::TokenSource {
public:
  std::unique_ptr<antlr4::Token> nextToken() override {
    return std::make_unique<antlr4::CommonToken>(antlr4::Token::EOF);
  }
  size_t getLine() const override { return 0; }
  size_t getCharPositionInLine() override { return 0; }
  antlr4::CharStream *getInputStream() override { return nullptr; }
  std::string getSourceName() override { return "flyte"; }
  antlr4::TokenFactory<antlr4::CommonToken> *getTokenFactory() override {
    return antlr4::CommonTokenFactory::DEFAULT.get();
  }
};

RunTokenSource gRunTokenSource;

std::unique_ptr<antlr4::CommonToken> antlrToken(const LexedText &lexed, const LexToken &t, size_t type) {
  auto token = std::make_unique<antlr4::CommonToken>(std::make_pair(&gRunTokenSource, nullptr), type,
                                                     antlr4::Token::DEFAULT_CHANNEL, t.begin, size_t(t.end) - 1);
  token->setLine(t.line);
  token->setText(type == antlr4::Token::EOF && t.begin == lexed.size() ? "<EOF>" : lexed.textOf(t).str());
  return token;
}

/// ANTLR tokens for tokens[begin, end), ending in an EOF that stands where
/// the next run starts, so a message at it can name what comes next.
std::unique_ptr<antlr4::ListTokenSource> runSource(const LexedText &lexed, llvm::ArrayRef<LexToken> tokens,
                                                   size_t begin, size_t end) {
  std::vector<std::unique_ptr<antlr4::Token>> copies;
  copies.reserve(end - begin + 1);
  for (size_t i = begin; i < end; ++i)
    copies.push_back(antlrToken(lexed, tokens[i], tokens[i].type));
  const LexToken &next = end < tokens.size() ? tokens[end] : lexed.allTokens().back();
  copies.push_back(antlrToken(lexed, next, antlr4::Token::EOF));
  return std::make_unique<antlr4::ListTokenSource>(std::move(copies));
}

/// A run longer than this many tokens that is one workflow is parsed in
/// pieces of about kPieceTokens, so its parse tree is never whole: ANTLR's
/// trees take ~7 KB a call and a 100,000-call workflow would not fit in
/// cache, or comfortably in memory.
/// The token stream of a run. Every token of a run is on the default
/// channel (comments never reach the parser), so after filling the buffer
/// up front, LT, LA and consume index it directly instead of walking it
/// for on-channel tokens as CommonTokenStream does at every call, which was
/// a twentieth of compiling a 100,000-node workflow.
class RunTokenStream : public antlr4::CommonTokenStream {
public:
  explicit RunTokenStream(antlr4::TokenSource *source) : CommonTokenStream(source) { fill(); }

  antlr4::Token *LT(ssize_t k) override {
    if (k == 0)
      return nullptr;
    if (k < 0)
      return size_t(-k) <= _p ? _tokens[_p - size_t(-k)].get() : nullptr;
    return _tokens[std::min(_p + size_t(k) - 1, _tokens.size() - 1)].get();
  }
  size_t LA(ssize_t i) override {
    antlr4::Token *t = LT(i);
    return t ? t->getType() : antlr4::Token::INVALID_TYPE;
  }
  void consume() override {
    if (_p + 1 >= _tokens.size()) {
      CommonTokenStream::consume(); // at the end: "cannot consume EOF"
      return;
    }
    ++_p;
  }
};

constexpr size_t kLongRun = 4096;
constexpr size_t kPieceTokens = 2048;

/// SLL prediction, giving up at the first syntax error: fast, and enough for
/// correct code.
void setFastMode(FlyteParser &parser) {
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(antlr4::atn::PredictionMode::SLL);
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
}

/// Parses tokens[from, to) with `rule` in SLL mode and hands the tree to
/// `use`; false, having reported nothing, on a syntax error.
template <typename Rule, typename Use>
bool parseQuietly(const LexedText &lexed, llvm::ArrayRef<LexToken> tokens, size_t from, size_t to, Rule rule,
                  Use &&use) {
  auto source = runSource(lexed, tokens, from, to);
  RunTokenStream stream(source.get());
  FlyteParser parser(&stream);
  parser.removeErrorListeners();
  setFastMode(parser);
  try {
    use((parser.*rule)());
    return true;
  } catch (antlr4::ParseCancellationException &) {
    return false;
  }
}

/// Builds a run that is one long workflow from its pieces (see
/// splitLongWorkflow). False when the run is not shaped so or a piece has a
/// syntax error; the caller then parses the run whole, which also reports
/// the error.
bool parseWorkflowInPieces(const LexedText &lexed, llvm::ArrayRef<LexToken> tokens, size_t begin, size_t end,
                           AstBuilder &builder) {
  if (end - begin < kLongRun)
    return false;
  std::optional<WorkflowPieces> pieces = splitLongWorkflow(tokens, begin, end, kPieceTokens);
  if (!pieces)
    return false;
  AstBuilder::WorkflowHeader header;
  if (!parseQuietly(lexed, tokens, begin, pieces->open + 1, &FlyteParser::workflowHeader,
                    [&](antlr4::ParserRuleContext *ctx) { header = builder.workflowHeader(ctx); }))
    return false;
  std::vector<ast::Stmt *> stmts;
  for (size_t k = 0; k < pieces->cuts.size(); ++k) {
    size_t to = k + 1 < pieces->cuts.size() ? pieces->cuts[k + 1] : end;
    if (!parseQuietly(lexed, tokens, pieces->cuts[k], to, &FlyteParser::statementRun,
                      [&](antlr4::ParserRuleContext *ctx) { builder.appendStatements(ctx, stmts); }))
      return false;
  }
  llvm::SMRange decl(lexed.rangeOf(tokens[begin]).Start, lexed.rangeOf(tokens[end - 1]).End);
  llvm::SMRange body(lexed.rangeOf(tokens[pieces->open]).Start, decl.End);
  builder.addWorkflow(header, stmts, decl, body);
  return true;
}

/// Runs `rule` on `parser`, first in SLL mode bailing at the first error,
/// then, if that failed, in LL mode with error reporting and recovery.
template <typename Rule>
auto parseTwoStage(FlyteParser &parser, RunTokenStream &stream, std::vector<SyntaxError> &errors,
                   Rule rule) {
  setFastMode(parser);
  try {
    return (parser.*rule)();
  } catch (antlr4::ParseCancellationException &) {
  }
  stream.seek(0);
  parser.reset();
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(antlr4::atn::PredictionMode::LL);
  parser.setErrorHandler(std::make_shared<FlyteErrorStrategy>(errors));
  return (parser.*rule)();
}

/// Reports the syntax errors of one run that are news. After the first,
/// ANTLR's recovery is a guess and much of what follows is its echo, so a
/// later error is dropped when it is on the line of the previous one, at the
/// end of the run, or back at the top level (recovery gave up on the
/// declaration). A syntax error after an unexpected character or an
/// unterminated string in the same run is dropped too: it is their echo.
void reportRunErrors(const LexedText &lexed, const std::vector<SyntaxError> &errors,
                     llvm::ArrayRef<LexToken> tokens, size_t begin, size_t end, DiagnosticEngine &diags) {
  size_t runStart = begin < tokens.size() ? tokens[begin].begin : lexed.size();
  size_t lastLine = 0;
  bool any = false;
  for (const SyntaxError &e : errors) {
    bool atEof = e.token->getType() == antlr4::Token::EOF;
    bool atRealEof = atEof && end == tokens.size();
    if (atRealEof && lexed.swallowedToEnd())
      continue; // an unterminated string or comment already explains it
    if (lexed.hasLexicalErrorIn(runStart, e.token->getStartIndex() + 1))
      continue;
    bool topLevel = e.rule == FlyteParser::RuleFile || e.rule == FlyteParser::RuleItem ||
                    e.rule == FlyteParser::RuleDeclaration;
    if (any && (e.token->getLine() == lastLine || atEof || topLevel))
      continue;
    any = true;
    lastLine = e.token->getLine();
    size_t open = atEof ? findUnclosedBracket(tokens, begin, end) : end;
    if (open == end) {
      diags.report(DiagCode::E1001, lexed.rangeOf(e.token), e.message);
      continue;
    }
    // The run ended inside brackets: name the missing closer, not whatever
    // the parser happened to want at that point.
    std::string opener = lexed.textOf(tokens[open]).str();
    const char *closer = opener == "{" ? "}" : opener == "(" ? ")" : "]";
    diags
        .report(DiagCode::E1001, lexed.rangeOf(e.token),
                fmt::format("expected '{}' before {}", closer, atRealEof ? "the end of the file" : "the next declaration"))
        .note(lexed.rangeOf(tokens[open]), fmt::format("to match this '{}'", opener));
  }
}

/// Parses one top-level run and adds its declarations to `builder`.
void parseRun(const LexedText &lexed, const std::vector<LexToken> &tokens, size_t begin, size_t end,
              AstBuilder &builder, DiagnosticEngine &diags, bool &first) {
  size_t deep = findExcessiveNesting(tokens, begin, end, kMaxNesting);
  if (deep != end) {
    reportExcessiveNesting(lexed, tokens[deep], diags);
    first = false;
    return;
  }
  if (parseWorkflowInPieces(lexed, tokens, begin, end, builder)) {
    first = false;
    return;
  }
  auto source = runSource(lexed, tokens, begin, end);
  RunTokenStream stream(source.get());
  FlyteParser parser(&stream);
  parser.removeErrorListeners();
  std::vector<SyntaxError> errors;
  FlyteParser::FileContext *tree = parseTwoStage(parser, stream, errors, &FlyteParser::file);
  reportRunErrors(lexed, errors, tokens, begin, end, diags);
  builder.addItems(tree, first);
  first = false;
}

} // namespace

ast::Module *parseModule(const llvm::SourceMgr &sources, unsigned bufferId, ast::AstContext &ctx,
                         DiagnosticEngine &diags, const ParsedRuns *previous, ParsedRuns *record) {
  const llvm::MemoryBuffer *buffer = sources.getMemoryBuffer(bufferId);
  LexedText lexed(buffer->getBuffer(), buffer->getBufferStart());
  lexed.check(diags);
  const std::vector<LexToken> &tokens = lexed.parserTokens();

  llvm::StringMap<const ParsedRuns::Run *> reusable;
  if (previous)
    for (const ParsedRuns::Run &run : previous->runs)
      reusable.try_emplace(run.text, &run);
  llvm::StringRef text = buffer->getBuffer();
  size_t runTextStart = 0; // a run's text starts where the previous one ended

  AstBuilder builder(ctx, diags, lexed);
  bool first = true;
  for (auto [begin, end] : splitDeclarationRuns(tokens)) {
    size_t runTextEnd = end > begin ? tokens[end - 1].end : runTextStart;
    llvm::StringRef runText = text.slice(runTextStart, runTextEnd);
    runTextStart = runTextEnd;
    // The first run may hold the `module` line, whose place is checked as
    // it is built: it is always parsed.
    if (!first) {
      if (const ParsedRuns::Run *old = reusable.lookup(runText)) {
        ast::Relocation moved{old->text.begin(), old->text.end(), runText.begin()};
        std::vector<ast::Decl *> copies;
        for (const ast::Decl *decl : old->decls)
          if (ast::Decl *copy = ast::cloneDecl(ctx, *decl, moved))
            copies.push_back(copy);
        if (copies.size() == old->decls.size()) {
          builder.addParsedDecls(copies);
          if (record)
            record->runs.push_back({runText, std::move(copies)});
          continue;
        }
      }
    }
    size_t diagnosticsBefore = diags.reported().size();
    size_t declsBefore = builder.decls().size();
    bool wasFirst = first;
    parseRun(lexed, tokens, begin, end, builder, diags, first);
    if (record && !wasFirst && diags.reported().size() == diagnosticsBefore)
      record->runs.push_back(
          {runText, std::vector<ast::Decl *>(builder.decls().begin() + declsBefore, builder.decls().end())});
  }

  llvm::StringRef path = buffer->getBufferIdentifier();
  ast::QualifiedName declared = builder.moduleName();
  std::string name = declared.parts.empty() ? llvm::sys::path::stem(path).str() : declared.str();
  llvm::SMRange whole(llvm::SMLoc::getFromPointer(buffer->getBufferStart()),
                      llvm::SMLoc::getFromPointer(buffer->getBufferEnd()));
  return ctx.make<ast::Module>(whole, declared, ctx.copy(name), ctx.copy(path), ctx.copy(builder.decls()));
}


ast::Expr *parseInterpolation(ast::AstContext &ctx, DiagnosticEngine &diags, llvm::StringRef text,
                              const char *start, unsigned nesting) {
  LexedText lexed(text, start);
  lexed.check(diags);
  const std::vector<LexToken> &tokens = lexed.parserTokens();
  llvm::SMRange whole(llvm::SMLoc::getFromPointer(start), llvm::SMLoc::getFromPointer(start + text.size()));
  size_t deep = findExcessiveNesting(tokens, 0, tokens.size(), kMaxNesting);
  if (deep != tokens.size()) {
    reportExcessiveNesting(lexed, tokens[deep], diags);
    return ctx.make<ast::ErrorExpr>(whole);
  }
  auto source = runSource(lexed, tokens, 0, tokens.size());
  RunTokenStream stream(source.get());
  FlyteParser parser(&stream);
  parser.removeErrorListeners();
  std::vector<SyntaxError> errors;
  FlyteParser::StandaloneExpressionContext *tree =
      parseTwoStage(parser, stream, errors, &FlyteParser::standaloneExpression);
  if (!errors.empty() && lexed.hasLexicalErrorIn(0, errors.front().token->getStartIndex() + 1))
    return ctx.make<ast::ErrorExpr>(whole); // the lexical error explains it
  if (!errors.empty()) {
    // The end of an interpolation is its closing braces, not a file's end.
    const SyntaxError &e = errors.front();
    std::string message = e.message;
    size_t at = message.rfind("found end of file");
    if (at != std::string::npos)
      message.replace(at, std::string::npos, "found '}}'");
    if (llvm::StringRef(message).startswith("expected end of file,"))
      message.replace(0, std::string("expected end of file").size(), "expected '}}'");
    diags.report(DiagCode::E1001, lexed.rangeOf(e.token), message + " in this interpolation");
    return ctx.make<ast::ErrorExpr>(whole);
  }
  AstBuilder builder(ctx, diags, lexed, nesting);
  return builder.standaloneExpression(tree);
}

} // namespace flytec::parse
