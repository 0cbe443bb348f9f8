#include "format/Formatter.h"

#include "diag/SourceLocation.h"
#include "driver/Compilation.h"
#include "format/AstPrinter.h"
#include "format/AstShape.h"
#include "format/Comments.h"
#include "format/Doc.h"

#include <fmt/format.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/SourceMgr.h>

#include <optional>
#include <thread>

namespace flytec::format {

namespace {

/// The first syntax error (E1xxx) of a parsed buffer, as
/// "FILE:LINE:COL: message", or "" when there is none.
std::string firstSyntaxError(Compilation &compilation) {
  for (const Diagnostic &d : compilation.diagnostics().sorted()) {
    if (!diagCodeInfo(d.code).name.startswith("E1"))
      continue;
    if (!d.range.Start.isValid())
      return fmt::format("{}: {}", d.file, d.message);
    LineColumn lc = lineColumn(compilation.sources(), d.range.Start);
    return fmt::format("{}:{}:{}: {}", bufferName(compilation.sources(), d.range.Start).str(), lc.line, lc.column,
                       d.message);
  }
  return "";
}

std::vector<llvm::StringRef> commentTexts(const SourceTokens &tokens) {
  std::vector<llvm::StringRef> out;
  out.reserve(tokens.comments().size());
  for (const Comment &c : tokens.comments())
    out.push_back(c.text);
  return out;
}

FormatResult internalError(const std::string &path, const std::string &what) {
  FormatResult r;
  r.internalError = true;
  r.error = fmt::format("{}: internal formatter error: {}; the file was left as it is (this is a bug in "
                        "flytec fmt; please report it with the file)",
                        path, what);
  return r;
}

/// One layout of a parsed text: the formatted text, where its items are,
/// and what the printer could not print.
struct Layout {
  std::string text;
  std::vector<PrintedItem> items;
  std::vector<size_t> marks;
  std::string error;
};

Layout layOut(const SourceTokens &tokens, const ast::Module &module, const FormatOptions &options) {
  Layout out;
  DocArena arena;
  arena.reserveFor(tokens.buffer().size());
  unsigned indentWidth = options.indentWidth ? options.indentWidth : 2;
  ModuleDoc doc = buildModuleDoc(arena, tokens, module, indentWidth);
  out.error = doc.error;
  out.items = std::move(doc.items);
  if (out.error.empty())
    out.text = printDoc(arena, doc.root, options.width, indentWidth, &out.marks);
  return out;
}

/// A layout is final when laying out its own text gives the same text. A
/// comment wedged into an odd place can settle only after a second round;
/// a few rounds are allowed.
constexpr int kMaxRounds = 4;

} // namespace

FormatResult formatText(llvm::StringRef path, llvm::StringRef text, const FormatOptions &options) {
  FormatResult result;
  std::string name = path.str();
  // Compilation::addText drops a byte-order mark: input offsets shift by it.
  size_t bom = text.startswith("\xEF\xBB\xBF") ? 3 : 0;

  // The comments come from the token stream, lexed on a second thread
  // while the parser reads the same bytes.
  Compilation input;
  unsigned id = input.addText(name, text);
  llvm::StringRef buffer = input.sources().getMemoryBuffer(id)->getBuffer();
  std::optional<SourceTokens> tokens;
  std::thread lexing([&] { tokens.emplace(buffer); });
  ast::Module *module = input.parse(id);
  lexing.join();
  std::string syntax = firstSyntaxError(input);
  if (!syntax.empty()) {
    result.error = fmt::format("{}: cannot format a file with syntax errors: {} (fix the syntax error first; "
                               "'flytec check {}' shows it)",
                               syntax.substr(0, syntax.find(": ")), syntax.substr(syntax.find(": ") + 2), name);
    return result;
  }
  if (!module)
    return internalError(name, "the parser returned no module");

  Layout first = layOut(*tokens, *module, options);
  if (!first.error.empty())
    return internalError(name, first.error);
  std::string inputShape;
  std::vector<llvm::StringRef> inputComments = commentTexts(*tokens);
  std::string out = first.text;
  std::vector<size_t> marks = first.marks;
  // A file already in the canonical layout comes back as it is: nothing to
  // check (the same text means the same tree, comments and layout).
  for (int round = 1; out != buffer; ++round) {
    // The safety net: the output must mean what the input meant. Its tokens
    // (and, the first time, the input's tree shape) are made on a second
    // thread while it parses.
    Compilation check;
    unsigned outId = check.addText(name, out);
    llvm::StringRef outBuffer = check.sources().getMemoryBuffer(outId)->getBuffer();
    std::optional<SourceTokens> outTokens;
    std::thread checking([&] {
      outTokens.emplace(outBuffer);
      if (inputShape.empty())
        inputShape = astShape(*module);
    });
    ast::Module *reparsed = check.parse(outId);
    checking.join();
    if (std::string error = firstSyntaxError(check); !error.empty() || !reparsed)
      return internalError(name, "the formatted text does not parse (" + error + ")");
    if (inputShape != astShape(*reparsed))
      return internalError(name, "the formatted text has a different syntax tree");
    std::vector<llvm::StringRef> outComments = commentTexts(*outTokens);
    if (inputComments != outComments) {
      size_t i = 0;
      while (i < inputComments.size() && i < outComments.size() && inputComments[i] == outComments[i])
        ++i;
      auto quote = [](const std::vector<llvm::StringRef> &v, size_t i) {
        return i < v.size() ? "'" + v[i].substr(0, 60).str() + "'" : std::string("nothing");
      };
      return internalError(name, fmt::format("the formatted text has different comments (comment {}: {} became {})",
                                             i + 1, quote(inputComments, i), quote(outComments, i)));
    }
    // Idempotence: the output laid out again must be the output.
    Layout again = layOut(*outTokens, *reparsed, options);
    if (!again.error.empty())
      return internalError(name, again.error);
    if (again.text == out)
      break;
    if (round == kMaxRounds)
      return internalError(name, "the layout does not settle: formatting the result changes it again");
    out = std::move(again.text);
    marks = std::move(again.marks);
  }

  result.ok = true;
  result.text = std::move(out);
  // The items are the same in every round (the trees are): input offsets
  // from the first, output offsets from the last.
  for (const PrintedItem &item : first.items)
    result.items.push_back(
        {item.inputBegin + bom, item.inputEnd + bom, marks[item.beginMark], marks[item.endMark]});
  return result;
}

} // namespace flytec::format
