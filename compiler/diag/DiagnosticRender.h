// The two output forms of LANGUAGE.md §11: text for people, one JSON object
// per line for tools.
#pragma once

#include "diag/Diagnostic.h"

namespace llvm {
class raw_ostream;
}

namespace flytec {

enum class DiagnosticFormat { Text, Json };

/// file:line:col: error[CODE]: message, the source line, a caret under the
/// range (tildes for the rest of it on that line), fix-it text under the
/// caret, then each note.
void renderText(const llvm::SourceMgr &sources, const Diagnostic &diag, llvm::raw_ostream &os);

/// {"file","line","column","end_line","end_column","severity","code",
///  "message","notes":[...],"fixits":[...]} on one line; end is exclusive.
void renderJson(const llvm::SourceMgr &sources, const Diagnostic &diag, llvm::raw_ostream &os);

/// Renders every diagnostic of `engine` in order, then (text form only) a
/// summary line such as "2 errors, 1 warning generated." when there was any.
void renderAll(const DiagnosticEngine &engine, DiagnosticFormat format, llvm::raw_ostream &os);

} // namespace flytec
