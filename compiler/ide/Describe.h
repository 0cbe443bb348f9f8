// How symbols read in an editor: signatures (hover, completion details,
// signature help) and doc comments.
#pragma once

#include "ide/Occurrences.h"

#include <string>

namespace flytec::ide {

/// `name: type = default`, the default as written.
std::string paramText(const sema::ParamInfo &param);
/// `task name(a: int, b: string = "x") -> (out: float)`; launch plans as
/// `launchplan nightly for report(rows: int = 1000)`.
std::string signatureOf(const sema::CallableInfo &callable);
/// A declaration as a short block of code: a signature, a record's fields,
/// an enum's members, an alias's target.
std::string declarationText(const sema::Entity &entity);

/// The hover text of an occurrence, in Markdown: the code in a ```flyte
/// block, then the doc comment.
std::string describe(const sema::Program &program, const Occurrence &occurrence);
/// The doc comment of a member (input, output, field, enum member).
llvm::StringRef memberDoc(const sema::Entity &owner, SymbolKind kind, llvm::StringRef name);

} // namespace flytec::ide
