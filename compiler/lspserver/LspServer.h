// flyte-lsp's server: binds the LSP methods (compiler/lsp) to the language
// features (compiler/ide), as clangd's ClangdLSPServer binds the protocol
// to ClangdServer. Each handler converts the protocol's params to the
// features' terms, calls one feature, and converts its answer back.
//
// Everything runs on the thread that calls run(): requests are answered in
// order; diagnostics are published once the input has been quiet for the
// debounce delay, so a burst of keystrokes costs one check.
#pragma once

#include "ide/Workspace.h"
#include "lsp/JsonRpc.h"

#include <chrono>
#include <map>
#include <memory>
#include <string>

namespace flytec::lspserver {

struct LspServerOptions {
  /// How long the input must be quiet before diagnostics are published;
  /// 0 publishes them as soon as a document changes (transcript tests).
  int debounceMs = 25;
  /// `-I DIR`: import search paths, as flytec's.
  std::vector<std::string> searchPaths;
};

class LspServer {
public:
  LspServer(lsp::Transport &transport, lsp::Logger &logger, LspServerOptions options);
  ~LspServer();

  /// Serves until `exit` or the end of input; returns the exit code.
  int run();
  /// Handles one message now, then anything due (for tests and the fuzzer).
  void handle(llvm::StringRef message);

private:
  class Handlers;
  using Clock = std::chrono::steady_clock;

  /// Milliseconds until the first pending publication is due; -1 if none.
  int msUntilDue() const;
  void publishDue(bool all);
  void schedule(const std::string &path);
  void publish(const std::string &path);

  lsp::Logger &logger_;
  LspServerOptions options_;
  lsp::JsonRpcDispatcher rpc_;
  ide::Workspace workspace_;
  std::unique_ptr<Handlers> handlers_;
  std::map<std::string, Clock::time_point> pending_; // path → when to publish
};

} // namespace flytec::lspserver
