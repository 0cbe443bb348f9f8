#include "driver/Compilation.h"

#include "parse/Parser.h"

#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/Path.h>

namespace flytec {

std::optional<std::string> Compilation::overlayText(llvm::StringRef path) const {
  if (!overlay_)
    return std::nullopt;
  llvm::SmallString<256> absolute(path);
  llvm::sys::fs::make_absolute(absolute);
  llvm::sys::path::remove_dots(absolute, /*remove_dot_dot=*/true);
  return overlay_(absolute);
}

bool Compilation::fileExists(llvm::StringRef path) const {
  return overlayText(path) || llvm::sys::fs::is_regular_file(path);
}

unsigned Compilation::addFile(const std::string &path, std::string &error) {
  if (std::optional<std::string> text = overlayText(path))
    return addText(path, *text);
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

ast::Module *Compilation::parse(unsigned bufferId) {
  if (!reparsePath_.empty() && sources_.getMemoryBuffer(bufferId)->getBufferIdentifier() == reparsePath_) {
    recorded_.runs.clear();
    return parse::parseModule(sources_, bufferId, ast_, diags_, previous_, &recorded_);
  }
  return parse::parseModule(sources_, bufferId, ast_, diags_);
}

} // namespace flytec
