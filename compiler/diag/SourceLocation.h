// Turning an SMLoc into what users read: a file name, a 1-based line and a
// 1-based column counted in characters (Unicode code points), so a caret
// lands under the right character whatever the encoding width.
#pragma once

#include <llvm/ADT/StringRef.h>
#include <llvm/Support/SMLoc.h>

namespace llvm {
class SourceMgr;
}

namespace flytec {

struct LineColumn {
  unsigned line = 0;
  unsigned column = 0;
};

/// The buffer's identifier as the user named it (the path given on the
/// command line), or "" when `loc` is in no buffer.
llvm::StringRef bufferName(const llvm::SourceMgr &sources, llvm::SMLoc loc);

LineColumn lineColumn(const llvm::SourceMgr &sources, llvm::SMLoc loc);

/// The whole source line containing `loc`, without its line break.
llvm::StringRef lineText(const llvm::SourceMgr &sources, llvm::SMLoc loc);

/// Number of characters in `text`: code points, with each byte that is not
/// part of a valid UTF-8 sequence counted as one (as an editor shows it).
unsigned countCharacters(llvm::StringRef text);

/// Bytes of the character starting at text[at] (by the same rule).
unsigned characterLength(llvm::StringRef text, size_t at);

} // namespace flytec
