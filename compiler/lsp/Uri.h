// `file://` URIs to paths and back. Documents are named by URI in the
// protocol and by path in the compiler.
#pragma once

#include <llvm/ADT/StringRef.h>

#include <optional>
#include <string>

namespace flytec::lsp {

/// The absolute path of a `file:` URI, percent-decoded ("file:///a%20b" is
/// "/a b"). Other schemes (`untitled:`, `https:`), hosts other than
/// `localhost`, relative paths and bad escapes give nullopt and say why in
/// `error`. A raw '?' or '#' ends the path (RFC 3986: the query and the
/// fragment follow); in a file name they are written %3F and %23.
std::optional<std::string> uriToPath(llvm::StringRef uri, std::string *error = nullptr);

/// "file://" + `absolutePath` percent-encoded as VS Code does: every byte
/// but ASCII letters, digits, "-._~" and '/' becomes %XX (upper-case hex),
/// so the URIs we send compare equal to the ones VS Code sends.
std::string pathToUri(llvm::StringRef absolutePath);

} // namespace flytec::lsp
