// Flyte IDL for an existing Flyte deployment (`flytec compile
// --emit=flyteidl`, docs/flyteidl.md): one workflow of the package as a
// `flyteidl.core.CompiledWorkflowClosure` in the proto3 JSON mapping — the
// primary workflow, every workflow it reaches as a sub-workflow, a task
// template for every task it reaches, and the launch plans it calls — so
// that Flyte's own tools can register and run it on Kubernetes.
//
// The mapping is documented line by line in docs/flyteidl.md; the output
// parses with Flyte's .proto files with unknown fields rejected
// (test/flyteidl/validate.py).
#pragma once

#include "ir/Ir.h"

#include <llvm/ADT/StringRef.h>

#include <optional>
#include <string>

namespace llvm {
class raw_ostream;
}

namespace flytec::emit {

/// The image of tasks flytec runs itself (shell, python, sql, builtin and
/// expression tasks) when `--image` is not given; docs/flyteidl.md says
/// how to build it.
inline constexpr llvm::StringLiteral kDefaultFlyteImage = "flytec:latest";
/// Flyte's sandbox defaults, so the output registers there as it is.
inline constexpr llvm::StringLiteral kDefaultFlyteProject = "flytesnacks";
inline constexpr llvm::StringLiteral kDefaultFlyteDomain = "development";

struct FlyteIdlOptions {
  std::string image;    // empty: kDefaultFlyteImage
  std::string workflow; // qualified or bare; empty: the root module's entry workflow
  std::string project;  // empty: kDefaultFlyteProject
  std::string domain;   // empty: kDefaultFlyteDomain
  /// One version for every entity; empty: each entity's content hash.
  std::string version;
  /// flytec's own version, recorded as the tasks' runtime metadata.
  std::string flytecVersion;
};

/// Writes the closure as JSON (two-space indent, a final newline). False
/// with `error` set, and nothing written, when no primary workflow can be
/// chosen or a part of it has no Flyte form.
bool emitFlyteIdl(const ir::Package &package, const FlyteIdlOptions &options, llvm::raw_ostream &os,
                  std::string &error);

/// The same closure as a document (for tests and tools).
std::optional<nlohmann::json> buildFlyteIdl(const ir::Package &package, const FlyteIdlOptions &options,
                                            std::string &error);

/// The primary workflow: the one `name` names (qualified or bare), else
/// the root module's static workflow that no workflow of the package
/// calls. Null with `error` set when there is none, several, or it is
/// dynamic.
const ir::Workflow *primaryWorkflow(const ir::Package &package, llvm::StringRef name, std::string &error);

} // namespace flytec::emit
