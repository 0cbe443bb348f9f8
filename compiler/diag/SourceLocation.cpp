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

unsigned characterLength(llvm::StringRef text, size_t at) {
  auto *p = reinterpret_cast<const llvm::UTF8 *>(text.data());
  unsigned len = llvm::getNumBytesForUTF8(p[at]);
  return at + len <= text.size() && llvm::isLegalUTF8Sequence(p + at, p + at + len) ? len : 1;
}

unsigned countCharacters(llvm::StringRef text) {
  unsigned n = 0;
  for (size_t i = 0; i < text.size(); i += characterLength(text, i))
    ++n;
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
