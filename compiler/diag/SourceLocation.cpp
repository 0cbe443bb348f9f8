#include "diag/SourceLocation.h"

#include <llvm/Support/ConvertUTF.h>
#include <llvm/Support/SourceMgr.h>

namespace flytec {

llvm::StringRef bufferName(const llvm::SourceMgr &sources, llvm::SMLoc loc) {
  if (!loc.isValid())
    return "";
  unsigned id = sources.FindBufferContainingLoc(loc);
  if (!id)
    return "";
  return sources.getMemoryBuffer(id)->getBufferIdentifier();
}

unsigned countCharacters(llvm::StringRef text) {
  // Fast path: valid UTF-8 has one lead byte per character.
  auto *p = reinterpret_cast<const llvm::UTF8 *>(text.data());
  if (llvm::isLegalUTF8String(&p, p + text.size())) {
    unsigned n = 0;
    for (unsigned char c : text)
      n += (c & 0xC0) != 0x80;
    return n;
  }
  // Otherwise each byte that is not part of a valid sequence counts as one
  // character, as an editor shows it (U+FFFD).
  unsigned n = 0;
  p = reinterpret_cast<const llvm::UTF8 *>(text.data());
  for (size_t i = 0; i < text.size(); ++n) {
    unsigned len = llvm::getNumBytesForUTF8(p[i]);
    i += i + len <= text.size() && llvm::isLegalUTF8Sequence(p + i, p + i + len) ? len : 1;
  }
  return n;
}

LineColumn lineColumn(const llvm::SourceMgr &sources, llvm::SMLoc loc) {
  if (!loc.isValid())
    return {};
  unsigned id = sources.FindBufferContainingLoc(loc);
  if (!id)
    return {};
  auto [line, byteColumn] = sources.getLineAndColumn(loc, id);
  llvm::StringRef prefix(loc.getPointer() - (byteColumn - 1), byteColumn - 1);
  return {line, countCharacters(prefix) + 1};
}

llvm::StringRef lineText(const llvm::SourceMgr &sources, llvm::SMLoc loc) {
  if (!loc.isValid())
    return "";
  unsigned id = sources.FindBufferContainingLoc(loc);
  if (!id)
    return "";
  const llvm::MemoryBuffer *buffer = sources.getMemoryBuffer(id);
  const char *begin = buffer->getBufferStart();
  const char *end = buffer->getBufferEnd();
  const char *p = loc.getPointer();
  const char *lineBegin = p;
  while (lineBegin > begin && lineBegin[-1] != '\n' && lineBegin[-1] != '\r')
    --lineBegin;
  const char *lineEnd = p;
  while (lineEnd < end && *lineEnd != '\n' && *lineEnd != '\r')
    ++lineEnd;
  return llvm::StringRef(lineBegin, lineEnd - lineBegin);
}

} // namespace flytec
