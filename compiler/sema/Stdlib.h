// The standard library's `.flyte` modules (stdlib/), embedded in the
// compiler at build time so that `flytec` finds them without any flag or
// install location.
#pragma once

#include <llvm/ADT/ArrayRef.h>
#include <llvm/ADT/StringRef.h>

namespace flytec::sema {

struct EmbeddedFile {
  llvm::StringRef path; // relative to stdlib/, e.g. "std.flyte"
  llvm::StringRef text;
};

/// The name prefix of stdlib buffers in diagnostics: "<stdlib>/std.flyte".
inline constexpr const char kStdlibPrefix[] = "<stdlib>/";

llvm::ArrayRef<EmbeddedFile> stdlibFiles();
const EmbeddedFile *findStdlibFile(llvm::StringRef path);

} // namespace flytec::sema
