// flyte-lsp: the language server (LSP 3.17 over stdin/stdout). A thin main:
// options, the transport, and the server of compiler/lspserver.
#include "lspserver/LspServer.h"
#include "lsp/Logger.h"
#include "lsp/Transport.h"

#include <llvm/Support/CommandLine.h>
#include <llvm/Support/InitLLVM.h>
#include <llvm/Support/Threading.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Support/thread.h>

#include <unistd.h>

namespace cl = llvm::cl;
using namespace flytec;

namespace {

cl::opt<bool> LitTest("lit-test",
                      cl::desc("Read JSON messages separated by '---' lines (lines starting with '#' are comments), "
                               "print replies pretty, and publish diagnostics at once: for transcript tests"));
cl::opt<lsp::LogLevel> Log("log", cl::desc("What to log on stderr"), cl::init(lsp::LogLevel::Info),
                           cl::values(clEnumValN(lsp::LogLevel::Error, "error", "errors only"),
                                      clEnumValN(lsp::LogLevel::Info, "info", "errors and what the server does"),
                                      clEnumValN(lsp::LogLevel::Verbose, "verbose", "also every message")));
cl::opt<int> DebounceMs("debounce-ms", cl::desc("Quiet time before diagnostics are published (default 25)"),
                        cl::init(25), cl::value_desc("ms"));
cl::list<std::string> IncludeDirs("I", cl::desc("Search DIR for imports, as flytec -I"), cl::value_desc("DIR"),
                                  cl::Prefix);

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::SetVersionPrinter([](llvm::raw_ostream &os) { os << "flyte-lsp " << FLYTEC_VERSION << "\n"; });
  cl::ParseCommandLineOptions(argc, argv, "flyte-lsp: the language server for .flyte files (LSP 3.17 over stdio)\n");

  lsp::StreamLogger logger(llvm::errs(), LitTest ? lsp::LogLevel::Error : Log.getValue());
  lsp::FdInput input(STDIN_FILENO);
  std::unique_ptr<lsp::Transport> transport;
  if (LitTest)
    transport = std::make_unique<lsp::LitTestTransport>(input, llvm::outs());
  else
    transport = std::make_unique<lsp::StdioTransport>(input, llvm::outs());

  lspserver::LspServerOptions options;
  options.debounceMs = LitTest ? 0 : DebounceMs.getValue();
  options.searchPaths.assign(IncludeDirs.begin(), IncludeDirs.end());

  int status = 1;
  // A large stack: deeply nested (but bounded) programs recurse in the parser.
  llvm::thread worker(llvm::Optional<unsigned>(256u << 20), [&] {
    lspserver::LspServer server(*transport, logger, options);
    status = server.run();
  });
  worker.join();
  llvm::outs().flush();
  return status;
}
