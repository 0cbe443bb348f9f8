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

  DocArena arena;
  unsigned indentWidth = options.indentWidth ? options.indentWidth : 2;
  ModuleDoc doc = buildModuleDoc(arena, *tokens, *module, indentWidth);
  if (!doc.error.empty())
    return internalError(name, doc.error);
  std::vector<size_t> marks;
  std::string out = printDoc(arena, doc.root, options.width, indentWidth, &marks);

  // The safety net: the output must mean what the input meant. Its tokens
  // and the input's tree shape are made on a second thread while it parses.
  Compilation check;
  unsigned outId = check.addText(name, out);
  llvm::StringRef outBuffer = check.sources().getMemoryBuffer(outId)->getBuffer();
  std::optional<SourceTokens> outTokens;
  std::string inputShape;
  std::thread checking([&] {
    outTokens.emplace(outBuffer);
    inputShape = astShape(*module);
  });
  ast::Module *reparsed = check.parse(outId);
  checking.join();
  if (std::string error = firstSyntaxError(check); !error.empty() || !reparsed)
    return internalError(name, "the formatted text does not parse (" + error + ")");
  if (inputShape != astShape(*reparsed))
    return internalError(name, "the formatted text has a different syntax tree");
  std::vector<llvm::StringRef> before = commentTexts(*tokens), after = commentTexts(*outTokens);
  if (before != after) {
    size_t i = 0;
    while (i < before.size() && i < after.size() && before[i] == after[i])
      ++i;
    auto quote = [](const std::vector<llvm::StringRef> &v, size_t i) {
      return i < v.size() ? "'" + v[i].substr(0, 60).str() + "'" : std::string("nothing");
    };
    return internalError(name, fmt::format("the formatted text has different comments (comment {}: {} became {})",
                                           i + 1, quote(before, i), quote(after, i)));
  }

  result.ok = true;
  result.text = std::move(out);
  for (const PrintedItem &item : doc.items)
    result.items.push_back(
        {item.inputBegin + bom, item.inputEnd + bom, marks[item.beginMark], marks[item.endMark]});
  return result;
}

} // namespace flytec::format
