#include "driver/Compilation.h"

#include "parse/Parser.h"

#include <llvm/Support/MemoryBuffer.h>

namespace flytec {

unsigned Compilation::addFile(const std::string &path, std::string &error) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!buffer) {
    error = buffer.getError().message();
    return 0;
  }
  return addText(path, (*buffer)->getBuffer());
}

unsigned Compilation::addText(const std::string &path, llvm::StringRef text) {
  // A UTF-8 byte-order mark is not part of the program; dropping it keeps
  // columns on the first line right.
  if (text.startswith("\xEF\xBB\xBF"))
    text = text.drop_front(3);
  return sources_.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(text, path), llvm::SMLoc());
}

ast::Module *Compilation::parse(unsigned bufferId) { return parse::parseModule(sources_, bufferId, ast_, diags_); }

} // namespace flytec
