// flytec: the command-line driver. Argument parsing and calls into the
// compiler library, nothing else.
//
// Exit codes (LANGUAGE.md §11): 0 success, 1 an execution failed, 2 usage or
// compile errors, 3 internal error (a bug in flytec).

#include "FmtCommand.h"
#include "RuntimeCommands.h"
#include "ast/AstDump.h"
#include "diag/DiagnosticRender.h"
#include "diag/SourceLocation.h"
#include "driver/Compilation.h"
#include "driver/IrPipeline.h"
#include "emit/Dot.h"
#include "emit/FlyteIdl.h"
#include "emit/Mermaid.h"
#include "ir/Hashing.h"
#include "ir/IrDiff.h"
#include "ir/IrJson.h"
#include "ir/Verifier.h"
#include "passes/PassManager.h"
#include "parse/Tokens.h"
#include "sema/Sema.h"

#include <llvm/Support/CommandLine.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/InitLLVM.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/Timer.h>
#include <llvm/Support/Signals.h>
#include <llvm/Support/ToolOutputFile.h>
#include <llvm/Support/WithColor.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Support/thread.h>

#include <exception>
#include <unistd.h>

namespace cl = llvm::cl;
using namespace flytec;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitCompileError = 2;
constexpr int kExitInternalError = 3;

cl::OptionCategory FlytecCategory("flytec options");

cl::SubCommand CheckCommand("check", "Parse and check .flyte files and print their diagnostics");
cl::SubCommand CompileCommand("compile", "Compile a .flyte file and emit one of its forms");
cl::SubCommand DiffCommand("diff", "Show what changed between two compiled IR files (docs/diff.md)");

cl::list<std::string> CheckFiles(cl::Positional, cl::OneOrMore, cl::desc("<file.flyte>..."),
                                 cl::sub(CheckCommand), cl::cat(FlytecCategory));
cl::list<std::string> DiffFiles(cl::Positional, cl::desc("<a.json> <b.json>"), cl::sub(DiffCommand),
                                cl::cat(FlytecCategory));
cl::opt<std::string> CompileFile(cl::Positional, cl::Required, cl::desc("<file.flyte>"), cl::sub(CompileCommand),
                                 cl::cat(FlytecCategory));

cl::opt<DiagnosticFormat> DiagnosticsFormat(
    "diagnostics", cl::desc("How to print diagnostics"), cl::init(DiagnosticFormat::Text),
    cl::values(clEnumValN(DiagnosticFormat::Text, "text", "file:line:col messages with the source line (default)"),
               clEnumValN(DiagnosticFormat::Json, "json", "one JSON object per line")),
    cl::sub(CheckCommand), cl::sub(CompileCommand), cl::cat(FlytecCategory));
cl::list<std::string> IncludeDirs("I", cl::desc("Search <dir> for imports (after the importing file's directory)"),
                                  cl::value_desc("dir"), cl::Prefix, cl::sub(CheckCommand), cl::sub(CompileCommand),
                                  cl::cat(FlytecCategory));
cl::opt<bool> SyntaxOnly("syntax-only", cl::desc("Only parse: report syntax errors, skip the semantic checks"),
                         cl::sub(CheckCommand), cl::cat(FlytecCategory));
cl::opt<bool> WarningsAsErrors("Werror", cl::desc("Treat warnings as errors"), cl::sub(CheckCommand),
                               cl::sub(CompileCommand), cl::cat(FlytecCategory));

enum class ColorMode { Auto, Always, Never };
cl::opt<ColorMode> Color("color", cl::desc("Colour diagnostics"), cl::init(ColorMode::Auto),
                         cl::values(clEnumValN(ColorMode::Auto, "auto", "when printing to a terminal (default)"),
                                    clEnumValN(ColorMode::Always, "always", "always"),
                                    clEnumValN(ColorMode::Never, "never", "never")),
                         cl::sub(CheckCommand), cl::sub(CompileCommand), cl::cat(FlytecCategory));

enum class EmitKind { Ir, FlyteIdl, Dot, Mermaid, Ast, Tokens };
cl::opt<EmitKind> Emit("emit", cl::desc("What to emit"), cl::init(EmitKind::Ir),
                       cl::values(clEnumValN(EmitKind::Ir, "ir", "the portable graph IR as JSON (default; docs/ir.md)"),
                                  clEnumValN(EmitKind::FlyteIdl, "flyteidl",
                                             "a Flyte CompiledWorkflowClosure as JSON (docs/flyteidl.md)"),
                                  clEnumValN(EmitKind::Dot, "dot", "the graph for Graphviz (one workflow with -w)"),
                                  clEnumValN(EmitKind::Mermaid, "mermaid", "a Mermaid flowchart (one workflow: -w)"),
                                  clEnumValN(EmitKind::Ast, "ast", "the syntax tree, one node per line"),
                                  clEnumValN(EmitKind::Tokens, "tokens", "the token stream, comments included")),
                       cl::sub(CompileCommand), cl::cat(FlytecCategory));
cl::opt<unsigned> OptLevel("O", cl::desc("Optimization level: -O0 none, -O1 the safe passes (default), -O2 all"),
                           cl::Prefix, cl::init(1), cl::sub(CompileCommand), cl::cat(FlytecCategory));
cl::list<std::string> Passes("passes", cl::desc("Run exactly these passes, in this order (overrides -O)"),
                             cl::value_desc("a,b"), cl::CommaSeparated, cl::sub(CompileCommand),
                             cl::cat(FlytecCategory));
cl::opt<bool> PrintAfterAll("print-after-all", cl::desc("Print the IR after every pass (on stderr)"),
                            cl::sub(CompileCommand), cl::cat(FlytecCategory));
cl::list<std::string> PrintAfter("print-after", cl::desc("Print the IR after the named pass (on stderr)"),
                                 cl::value_desc("pass"), cl::CommaSeparated, cl::sub(CompileCommand),
                                 cl::cat(FlytecCategory));
cl::opt<bool> TimePasses("time-passes", cl::desc("Print how long each pass took (on stderr)"),
                         cl::sub(CompileCommand), cl::cat(FlytecCategory));
cl::opt<std::string> WorkflowName("w", cl::desc("The workflow to emit (flyteidl, dot, mermaid)"),
                                  cl::value_desc("name"), cl::sub(CompileCommand), cl::cat(FlytecCategory));
cl::alias WorkflowNameLong("workflow", cl::desc("Alias for -w"), cl::aliasopt(WorkflowName));
cl::opt<std::string> FlyteImage("image", cl::desc("--emit=flyteidl: the image of the tasks flytec runs"),
                                cl::value_desc("image"), cl::sub(CompileCommand), cl::cat(FlytecCategory));
cl::opt<std::string> FlyteProject("project", cl::desc("--emit=flyteidl: the Flyte project"), cl::value_desc("p"),
                                  cl::sub(CompileCommand), cl::cat(FlytecCategory));
cl::opt<std::string> FlyteDomain("domain", cl::desc("--emit=flyteidl: the Flyte domain"), cl::value_desc("d"),
                                 cl::sub(CompileCommand), cl::cat(FlytecCategory));
cl::opt<std::string> OutputPath("o", cl::desc("Write the output to <path> ('-' for stdout)"),
                                cl::value_desc("path"), cl::init("-"), cl::sub(CompileCommand),
                                cl::cat(FlytecCategory));

void printVersion(llvm::raw_ostream &os) { os << "flytec " FLYTEC_VERSION "\n"; }

/// Loads every file; a file that cannot be read is a usage error.
bool loadFiles(Compilation &compilation, const std::vector<std::string> &paths, std::vector<unsigned> &ids) {
  bool ok = true;
  for (const std::string &path : paths) {
    std::string error;
    unsigned id = compilation.addFile(path, error);
    if (!id) {
      compilation.diagnostics().reportFile(DiagCode::E0001, path, "cannot read the file: " + error);
      ok = false;
      continue;
    }
    ids.push_back(id);
  }
  return ok;
}

std::unique_ptr<sema::Program> checkFiles(Compilation &compilation, const std::vector<unsigned> &ids) {
  sema::SemaOptions options;
  options.searchPaths = IncludeDirs;
  return sema::checkProgram(compilation, ids, options);
}

int finish(Compilation &compilation) {
  bool color = DiagnosticsFormat == DiagnosticFormat::Text &&
               (Color == ColorMode::Always || (Color == ColorMode::Auto && llvm::errs().has_colors()));
  llvm::errs().enable_colors(color);
  renderAll(compilation.diagnostics(), DiagnosticsFormat, llvm::errs());
  return compilation.diagnostics().hasErrors() ? kExitCompileError : kExitOk;
}

int runCheck() {
  Compilation compilation;
  compilation.diagnostics().setWarningsAsErrors(WarningsAsErrors);
  std::vector<unsigned> ids;
  // A file that cannot be read is reported, and the others still checked.
  bool loaded = loadFiles(compilation, CheckFiles, ids);
  if (SyntaxOnly) {
    for (unsigned id : ids)
      compilation.parse(id);
  } else {
    checkFiles(compilation, ids);
  }
  int status = finish(compilation);
  return loaded ? status : kExitCompileError;
}

void emitTokens(Compilation &compilation, unsigned id, llvm::raw_ostream &os) {
  for (const parse::Token &t : parse::tokenize(compilation.sources(), id)) {
    LineColumn lc = lineColumn(compilation.sources(), t.range.Start);
    os << lc.line << ':' << lc.column << ' ' << t.kind << ' ' << parse::categoryName(t.category) << " '";
    os.write_escaped(t.text) << "'\n";
  }
}

int internalError(const std::string &message) {
  llvm::errs() << "flytec: internal error: " << message
               << "\nThis is a bug in flytec, not in your program; please report it.\n";
  return kExitInternalError;
}

/// False with `error` set when -w names no workflow.
bool emitPackage(const ir::Package &package, llvm::raw_ostream &os, std::string &error) {
  switch (Emit) {
  case EmitKind::Ir:
    ir::writeIr(package, os);
    return true;
  case EmitKind::FlyteIdl:
    return emit::emitFlyteIdl(package, {FlyteImage, WorkflowName, FlyteProject, FlyteDomain, "", FLYTEC_VERSION}, os,
                              error);
  case EmitKind::Dot:
    return emit::emitDot(package, WorkflowName, os, error);
  case EmitKind::Mermaid:
    return emit::emitMermaid(package, WorkflowName, os, error);
  case EmitKind::Ast:
  case EmitKind::Tokens:
    break;
  }
  return true;
}

bool configurePipeline(passes::PassManager &pipeline) {
  if (OptLevel > 2) {
    llvm::WithColor::error(llvm::errs(), "flytec") << "-O" << OptLevel << " does not exist; use -O0, -O1 or -O2\n";
    return false;
  }
  passes::PipelineOptions options;
  options.optLevel = int(OptLevel);
  options.passes = Passes;
  options.printAfterAll = PrintAfterAll;
  options.printAfter = PrintAfter;
  options.timePasses = TimePasses;
  std::string error;
  if (!pipeline.configure(options, error)) {
    llvm::WithColor::error(llvm::errs(), "flytec") << error << "\n";
    return false;
  }
  return true;
}

/// Check, lower, optimize, and emit the IR or one of its views.
int compileSource(Compilation &compilation, const std::vector<unsigned> &ids, passes::PassManager &pipeline,
                  llvm::ToolOutputFile &out) {
  sema::SemaOptions semaOptions;
  semaOptions.searchPaths = IncludeDirs;
  // --time-passes also times the phases around the passes, so a slow
  // compile can be pinned on its phase.
  std::optional<PhaseTimers> phases;
  if (TimePasses)
    phases.emplace();
  IrPipelineResult result = compileToIr(compilation, ids, semaOptions, &pipeline, llvm::errs(), llvm::errs(),
                                        phases ? &*phases : nullptr);
  int status = finish(compilation);
  if (result.compileErrors)
    return status == kExitOk ? kExitCompileError : status;
  if (!result.loweringError.empty()) {
    llvm::WithColor::error(llvm::errs(), "flytec") << result.loweringError << "\n";
    return kExitCompileError;
  }
  if (!result.internalError.empty())
    return internalError(result.internalError);
  {
    if (phases)
      phases->start("emit");
    std::string error;
    if (!emitPackage(*result.package, out.os(), error)) {
      llvm::WithColor::error(llvm::errs(), "flytec") << error << "\n";
      return kExitCompileError;
    }
    out.os().flush();
    if (phases)
      phases->stop();
  }
  if (phases)
    phases->print(llvm::errs());
  out.keep();
  return status;
}

/// An IR file in: verify it, optimize it, and emit it or one of its views.
/// A broken file is the user's (it may be hand-edited), so it is a usage
/// error, not an internal one.
int compileIrFile(passes::PassManager &pipeline, llvm::ToolOutputFile &out) {
  auto fail = [](const std::string &message) {
    llvm::WithColor::error(llvm::errs(), "flytec") << CompileFile << ": " << message << "\n";
    return kExitCompileError;
  };
  if (Emit == EmitKind::Ast || Emit == EmitKind::Tokens)
    return fail("--emit=ast and --emit=tokens need a .flyte file, not compiled IR");
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> text = llvm::MemoryBuffer::getFileOrSTDIN(CompileFile);
  if (!text)
    return fail("cannot read the file: " + text.getError().message());
  ir::Package package;
  std::string error;
  if (!ir::readIr((*text)->getBuffer(), package, error))
    return fail("not a flytec IR file: " + error);
  std::vector<std::string> problems = ir::verify(package);
  if (!problems.empty())
    return fail("the IR is not valid:\n  " + llvm::join(problems, "\n  "));
  if (!pipeline.run(package, llvm::errs(), llvm::errs(), error))
    return internalError(error);
  ir::computeHashes(package);
  if (!emitPackage(package, out.os(), error))
    return fail(error);
  out.keep();
  return kExitOk;
}

int runCompile() {
  passes::PassManager pipeline;
  if (!configurePipeline(pipeline))
    return kExitCompileError;
  std::error_code ec;
  llvm::ToolOutputFile out(OutputPath, ec, llvm::sys::fs::OF_None);
  if (ec) {
    llvm::WithColor::error(llvm::errs(), "flytec") << "cannot write '" << OutputPath << "': " << ec.message() << "\n";
    return kExitCompileError;
  }
  if (llvm::StringRef(CompileFile).endswith(".json"))
    return compileIrFile(pipeline, out);
  Compilation compilation;
  compilation.diagnostics().setWarningsAsErrors(WarningsAsErrors);
  std::vector<unsigned> ids;
  if (!loadFiles(compilation, {CompileFile}, ids))
    return finish(compilation);
  if (Emit == EmitKind::Tokens) {
    emitTokens(compilation, ids.front(), out.os());
    out.keep();
    return kExitOk;
  }
  if (Emit != EmitKind::Ast)
    return compileSource(compilation, ids, pipeline, out);
  // The syntax tree is what the parser built: dumping it does not need the
  // program to check, which keeps it useful on code that does not yet.
  ast::Module *module = compilation.parse(ids.front());
  int status = finish(compilation);
  if (status != kExitOk)
    return status;
  ast::dumpModule(compilation.sources(), *module, out.os());
  out.keep();
  return kExitOk;
}

/// Exit 0 when the packages are the same, 1 when they differ, 2 when a
/// file cannot be read.
int runDiff() {
  if (DiffFiles.size() != 2) {
    llvm::WithColor::error(llvm::errs(), "flytec") << "diff takes two IR files: flytec diff A.json B.json\n";
    return kExitCompileError;
  }
  std::string error;
  switch (ir::diffIrFiles(DiffFiles[0], DiffFiles[1], llvm::outs(), error)) {
  case ir::DiffOutcome::Equal:
    return kExitOk;
  case ir::DiffOutcome::Different:
    return 1;
  case ir::DiffOutcome::Unreadable:
    llvm::WithColor::error(llvm::errs(), "flytec") << error << "\n";
    return kExitCompileError;
  }
  return kExitInternalError;
}

int run(int argc, char **argv) {
  cl::SetVersionPrinter(printVersion);
  cl::HideUnrelatedOptions({&FlytecCategory, &tool::RuntimeCategory, &tool::FmtCategory});
  std::string usageErrors;
  llvm::raw_string_ostream errs(usageErrors);
  if (!cl::ParseCommandLineOptions(argc, argv,
                                   "flytec: compiler for the Flyte workflow language\n\n"
                                   "  flytec check FILE...        parse and check, print diagnostics\n"
                                   "  flytec compile FILE [--emit=ir|flyteidl|dot|mermaid|ast|tokens] [-O0|-O1|-O2] [-o OUT]\n"
                                   "  flytec diff A.json B.json   what changed between two compiled graphs\n"
                                   "  flytec fmt FILE... [--check|-i]   print (or check, or rewrite) in the canonical layout\n"
                                   "  flytec run FILE [-w NAME] [-i NAME=VALUE]...   run a workflow here, print its outputs\n"
                                   "  flytec executions list|show ID|events ID|recover ID   the store's executions\n"
                                   "  flytec cache list|clear|explain   the store's cache\n",
                                   &errs)) {
    llvm::errs() << errs.str();
    llvm::errs() << "Run 'flytec --help' for usage.\n";
    return kExitCompileError;
  }
  if (CheckCommand)
    return runCheck();
  if (CompileCommand)
    return runCompile();
  if (DiffCommand)
    return runDiff();
  if (std::optional<int> status = tool::runRuntimeCommand())
    return *status;
  if (std::optional<int> status = tool::runFmtCommand())
    return *status;
  llvm::errs() << "flytec: no command given; try 'flytec check FILE' or 'flytec --help'\n";
  return kExitCompileError;
}

void onCrash(void *) {
  static const char message[] =
      "flytec: internal error: the compiler crashed. This is a bug in flytec, not in your program; "
      "please report it with the input that caused it.\n";
  (void)!write(STDERR_FILENO, message, sizeof(message) - 1);
  _exit(kExitInternalError);
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  llvm::sys::AddSignalHandler(onCrash, nullptr);
  int status = kExitInternalError;
  // A large stack: deeply nested (but bounded) programs recurse in the parser.
  llvm::thread worker(llvm::Optional<unsigned>(256u << 20), [&] {
    try {
      status = run(argc, argv);
    } catch (const std::exception &e) {
      llvm::errs() << "flytec: internal error: " << e.what()
                   << "\nThis is a bug in flytec, not in your program; please report it.\n";
      status = kExitInternalError;
    } catch (...) {
      llvm::errs() << "flytec: internal error: unknown exception\n"
                   << "This is a bug in flytec, not in your program; please report it.\n";
      status = kExitInternalError;
    }
  });
  worker.join();
  llvm::outs().flush();
  return status;
}
