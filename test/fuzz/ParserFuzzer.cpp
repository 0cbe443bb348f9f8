// libFuzzer entry point for the front end: the bytes are one .flyte file.
// Each input goes through every path a tool takes over a file: the token
// stream, the parser (with its interpolation sub-parser and diagnostics),
// the AST dump, the semantic checker, the diagnostics rendered as text
// and as JSON, and — for programs without errors — the lowering to IR, the
// verifier (a failure aborts: it is a lowering bug) and the JSON round trip
// (what the reader gives back must write the same bytes). Output is
// written to strings and dropped; the sanitizers and the fuzzer's timeout,
// leak and memory checks are the oracles.
//
//
// Inputs that once failed are kept as corpus/regress_*.flyte and replayed
// first by run-fuzz.sh.

#include "ReferenceLexer.h"
#include "ast/AstDump.h"
#include "diag/DiagnosticRender.h"
#include "driver/Compilation.h"
#include "ir/Hashing.h"
#include "ir/IrJson.h"
#include "ir/Verifier.h"
#include "lower/Lowering.h"
#include "parse/Tokens.h"
#include "sema/Sema.h"

#include <llvm/ADT/StringRef.h>
#include <llvm/Support/ConvertUTF.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/raw_ostream.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

/// The hand-written lexer must give exactly the tokens of the lexer ANTLR
/// generates from grammar/Flyte.g4 (which cannot take invalid UTF-8).
void checkLexersAgree(llvm::StringRef text) {
  auto *p = reinterpret_cast<const llvm::UTF8 *>(text.data());
  if (!llvm::isLegalUTF8String(&p, p + text.size()))
    return;
  text = flytec::testing::withoutBom(text);
  if (flytec::testing::ourTokens(text) != flytec::testing::referenceTokens(text))
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);

  checkLexersAgree(text);

  flytec::Compilation compilation;
  unsigned id = compilation.addText("fuzz.flyte", text);

  // The token stream must end with EOF and stay within the buffer.
  std::vector<flytec::parse::Token> tokens = flytec::parse::tokenize(compilation.sources(), id);
  if (tokens.empty() || tokens.back().category != flytec::parse::TokenCategory::EndOfFile)
    std::abort();
  const llvm::MemoryBuffer *buffer = compilation.sources().getMemoryBuffer(id);
  for (const flytec::parse::Token &t : tokens) {
    if (!t.text.empty() &&
        (t.text.begin() < buffer->getBufferStart() || t.text.end() > buffer->getBufferEnd()))
      std::abort();
  }

  flytec::ast::Module *module = compilation.parse(id);
  if (!module)
    std::abort();

  std::string out;
  llvm::raw_string_ostream os(out);
  flytec::ast::dumpModule(compilation.sources(), *module, os);
  flytec::renderAll(compilation.diagnostics(), flytec::DiagnosticFormat::Text, os);
  flytec::renderAll(compilation.diagnostics(), flytec::DiagnosticFormat::Json, os);

  // The checker, on a fresh compilation (it parses for itself). The file
  // lives in a directory that does not exist, so imports only ever find
  // the standard library and runs stay reproducible.
  flytec::Compilation checked;
  unsigned checkedId = checked.addText("/nonexistent-fuzz-dir/fuzz.flyte", text);
  std::unique_ptr<flytec::sema::Program> program =
      flytec::sema::checkProgram(checked, {checkedId}, flytec::sema::SemaOptions{});
  if (!program || program->roots.size() != 1)
    std::abort();
  flytec::renderAll(checked.diagnostics(), flytec::DiagnosticFormat::Text, os);
  flytec::renderAll(checked.diagnostics(), flytec::DiagnosticFormat::Json, os);
  os.flush();
  if (checked.diagnostics().hasErrors())
    return 0;
  std::string error;
  std::unique_ptr<flytec::ir::Package> package =
      flytec::lower::lowerProgram(*program, checked.sources(), error);
  if (!package)
    return 0; // a default that is not a constant: reported, not a crash
  if (!flytec::ir::verify(*package).empty())
    std::abort();
  flytec::ir::computeHashes(*package);
  std::string written = flytec::ir::writeIr(*package);
  flytec::ir::Package reread;
  if (!flytec::ir::readIr(written, reread, error) || flytec::ir::writeIr(reread) != written)
    std::abort();
  return 0;
}
