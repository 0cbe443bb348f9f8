// The IR's JSON form (docs/ir.md, docs/ir.schema.json): a writer and a
// reader such that reading what the writer wrote and writing it again gives
// the same bytes. Objects have sorted keys, arrays keep the IR's order, and
// nothing depends on the machine, the directory or the time.
#pragma once

#include "ir/Ir.h"

#include <string>

namespace llvm {
class raw_ostream;
}

namespace flytec::ir {

/// The JSON text `flytec compile --emit=ir` prints (two-space indent, a
/// final newline), streamed.
void writeIr(const Package &package, llvm::raw_ostream &os);
std::string writeIr(const Package &package);
/// The same document on one line: what the run store keeps (a third of the
/// size of the indented form on big graphs); readIr reads either.
void writeIrCompact(const Package &package, llvm::raw_ostream &os);
/// The same as a document (for tools and tests; slower on big graphs).
nlohmann::json toJson(const Package &package);

/// Reads the JSON form. On failure returns false and says where and what in
/// `error` ("workflows.hello.main.nodes[2].inputs[0]: missing 'type'").
bool readIr(llvm::StringRef text, Package &package, std::string &error);
bool fromJson(const nlohmann::json &json, Package &package, std::string &error);

/// The content hash ("sha256:" and 16 hex digits) of an entity's JSON
/// without locations, docs, hashes and annotations, followed by `extra`.
std::string canonicalHash(const Package &package, const Task &task, llvm::StringRef extra = "");
std::string canonicalHash(const Package &package, const Workflow &workflow, llvm::StringRef extra = "");
std::string canonicalHash(const Package &package, const LaunchPlan &plan, llvm::StringRef extra = "");

/// Type, value and expression forms, shared with the emitters.
nlohmann::json typeToJson(const TypeTable &types, TypeId type);
nlohmann::json exprToJson(const Package &package, ExprId expr);
/// Durations as the proto3 JSON mapping writes them: "300s", "0.250s".
std::string durationString(int64_t millis);
std::optional<int64_t> parseDuration(llvm::StringRef text);

} // namespace flytec::ir
