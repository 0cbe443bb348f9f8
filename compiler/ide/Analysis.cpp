#include "ide/Analysis.h"

#include "sema/Stdlib.h"

#include <llvm/ADT/SmallString.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/Path.h>

namespace flytec::ide {

std::unique_ptr<Analysis> Analysis::build(const std::string &path, llvm::StringRef text,
                                          Compilation::Overlay overlay, const sema::SemaOptions &options,
                                          const Analysis *previous) {
  std::unique_ptr<Analysis> a(new Analysis());
  a->path_ = path;
  a->compilation_ = std::make_unique<Compilation>();
  a->compilation_->setOverlay(std::move(overlay));
  a->compilation_->setReparse(path, previous && previous->path() == path ? &previous->compilation().recordedRuns()
                                                                         : nullptr);
  a->buffer_ = a->compilation_->addText(path, text);
  unsigned roots[] = {a->buffer_};
  a->program_ = sema::checkProgram(*a->compilation_, roots, options);
  for (const auto &m : a->program_->modules)
    if (m->bufferId == a->buffer_)
      a->module_ = m.get();
  a->diagnostics_ = a->compilation_->diagnostics().sorted();
  a->lines_ = std::make_unique<LineTable>(a->text());
  if (a->module_)
    a->index_ = OccurrenceIndex::build(*a->program_, *a->module_);
  return a;
}

bool Analysis::reads(llvm::StringRef path) const {
  for (const auto &m : program_->modules) {
    llvm::SmallString<256> file(m->path);
    llvm::sys::fs::make_absolute(file);
    llvm::sys::path::remove_dots(file, /*remove_dot_dot=*/true);
    if (file == path || m->canonical == path)
      return true;
  }
  return false;
}

llvm::StringRef Analysis::text() const { return sources().getMemoryBuffer(buffer_)->getBuffer(); }

std::optional<size_t> Analysis::offsetOf(llvm::SMLoc loc) const {
  llvm::StringRef t = text();
  const char *p = loc.getPointer();
  if (!p || p < t.begin() || p > t.end())
    return std::nullopt;
  return static_cast<size_t>(p - t.begin());
}

llvm::SMLoc Analysis::locAt(size_t offset) const {
  llvm::StringRef t = text();
  return llvm::SMLoc::getFromPointer(t.begin() + std::min(offset, t.size()));
}

Position Analysis::positionOf(llvm::SMLoc loc) const {
  std::optional<size_t> offset = offsetOf(loc);
  return offset ? lines_->positionAt(*offset) : Position{};
}

Range Analysis::rangeOf(llvm::SMRange range) const { return {positionOf(range.Start), positionOf(range.End)}; }

const LineTable &Analysis::linesOf(unsigned buffer) const {
  if (buffer == buffer_)
    return *lines_;
  auto &slot = otherLines_[buffer];
  if (!slot)
    slot = std::make_unique<LineTable>(sources().getMemoryBuffer(buffer)->getBuffer());
  return *slot;
}

std::optional<Location> Analysis::locationOf(llvm::SMRange range) const {
  if (!range.Start.isValid())
    return std::nullopt;
  unsigned buffer = sources().FindBufferContainingLoc(range.Start);
  if (!buffer)
    return std::nullopt;
  const llvm::MemoryBuffer *mb = sources().getMemoryBuffer(buffer);
  llvm::StringRef name = mb->getBufferIdentifier();
  if (name.startswith(sema::kStdlibPrefix))
    return std::nullopt;
  const LineTable &lines = linesOf(buffer);
  const char *base = mb->getBufferStart();
  size_t begin = range.Start.getPointer() - base;
  size_t end = range.End.isValid() ? range.End.getPointer() - base : begin;
  llvm::SmallString<256> file(name);
  llvm::sys::path::remove_dots(file, /*remove_dot_dot=*/true);
  return Location{std::string(file), lines.rangeOf(begin, end)};
}

} // namespace flytec::ide
