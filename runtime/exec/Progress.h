// What `flytec run` shows while it runs (on stderr): a live status line on a
// terminal, plain lines otherwise. Only nodes that take time are reported
// (tasks, gates, subworkflows, dynamic nodes); expression nodes are not, or
// a 100,000-node graph would print 100,000 lines.
#pragma once

#include <llvm/ADT/StringRef.h>

#include <memory>

namespace llvm {
class raw_ostream;
}

namespace flytec::runtime {

class Progress {
public:
  virtual ~Progress() = default;
  virtual void executionStarted(llvm::StringRef executionId, llvm::StringRef workflow) = 0;
  virtual void nodeStarted(llvm::StringRef path, int attempt) = 0;
  /// `detail`: "cached", the error, "retrying in 0.4s", ...
  virtual void nodeSucceeded(llvm::StringRef path, llvm::StringRef detail) = 0;
  virtual void nodeFailed(llvm::StringRef path, llvm::StringRef detail) = 0;
  /// An attempt failed and another follows: `detail` says why and when.
  virtual void nodeRetrying(llvm::StringRef path, llvm::StringRef detail) = 0;
  virtual void executionFinished(bool succeeded) = 0;
};

/// Plain lines ("[1.20s] n succeeded"), or a live line when `terminal`.
std::unique_ptr<Progress> makeProgress(llvm::raw_ostream &os, bool terminal);

} // namespace flytec::runtime
