// `flytec fmt FILE... [--check] [-i]`: argument parsing and file handling
// around format::formatText (docs/style.md).
//
// Without flags the formatted files are printed, one after another, on
// standard output; `-` or no file formats standard input. `-i` rewrites
// the files that change, each through a temporary file in its directory
// and a rename; `--check` prints the files that would change. Exit codes:
// 0 all formatted (or, with --check, nothing would change); 1 a file would
// change (--check), cannot be read, or cannot be formatted (a syntax
// error); 2 a usage error; 3 an internal error (a bug in the formatter).
#include "FmtCommand.h"

#include "format/Formatter.h"

#include <llvm/ADT/SmallString.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/WithColor.h>
#include <llvm/Support/raw_ostream.h>

#include <algorithm>

namespace cl = llvm::cl;

namespace flytec::tool {

cl::OptionCategory FmtCategory("flytec fmt options");

namespace {

constexpr int kExitOk = 0;
constexpr int kExitChanged = 1;
constexpr int kExitUsage = 2;
constexpr int kExitInternal = 3;

cl::SubCommand FmtCommand("fmt", "Format .flyte files in the canonical layout (docs/style.md)");

cl::list<std::string> FmtFiles(cl::Positional, cl::desc("<file.flyte>... ('-' or none: standard input)"),
                               cl::sub(FmtCommand), cl::cat(FmtCategory));
cl::opt<bool> FmtCheck("check", cl::desc("Print the files whose layout would change; exit 1 if there are any"),
                       cl::sub(FmtCommand), cl::cat(FmtCategory));
cl::opt<bool> FmtInPlace("i", cl::desc("Rewrite the files in place (only those that change)"), cl::sub(FmtCommand),
                         cl::cat(FmtCategory));

llvm::raw_ostream &error() { return llvm::WithColor::error(llvm::errs(), "flytec fmt"); }

/// Writes `text` to `path` through a temporary file in the same directory
/// and a rename, so the file is never half-written. A symbolic link is
/// followed: the file it names is replaced, the link stays.
bool writeAtomically(const std::string &path, llvm::StringRef text, std::string &message) {
  llvm::SmallString<256> target;
  if (llvm::sys::fs::real_path(path, target))
    target = path;
  llvm::sys::fs::file_status status;
  if (std::error_code ec = llvm::sys::fs::status(target, status)) {
    message = ec.message();
    return false;
  }
  llvm::SmallString<256> model = llvm::sys::path::parent_path(target);
  llvm::sys::path::append(model, "." + llvm::sys::path::filename(target) + ".fmt-%%%%%%");
  int fd = -1;
  llvm::SmallString<256> temp;
  if (std::error_code ec = llvm::sys::fs::createUniqueFile(model, fd, temp)) {
    message = "cannot create a temporary file next to it: " + ec.message();
    return false;
  }
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << text;
    os.close();
    if (os.has_error()) {
      message = "cannot write a temporary file next to it: " + os.error().message();
      os.clear_error();
      llvm::sys::fs::remove(temp);
      return false;
    }
  }
  llvm::sys::fs::setPermissions(temp, status.permissions());
  if (std::error_code ec = llvm::sys::fs::rename(temp, target)) {
    message = "cannot replace it: " + ec.message();
    llvm::sys::fs::remove(temp);
    return false;
  }
  return true;
}

int runFmt() {
  std::vector<std::string> files(FmtFiles.begin(), FmtFiles.end());
  if (files.empty())
    files.push_back("-");
  if (FmtCheck && FmtInPlace) {
    error() << "--check and -i exclude each other: --check only reports, -i rewrites\n";
    return kExitUsage;
  }
  if (FmtInPlace && std::count(files.begin(), files.end(), "-")) {
    error() << "-i rewrites files; standard input cannot be rewritten (leave out -i to print the result)\n";
    return kExitUsage;
  }
  int status = kExitOk;
  auto worst = [&](int s) { status = std::max(status, s); };
  for (const std::string &path : files) {
    bool stdinput = path == "-";
    std::string name = stdinput ? "<stdin>" : path;
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
        stdinput ? llvm::MemoryBuffer::getSTDIN()
                 : llvm::MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
    if (!buffer) {
      error() << "cannot read '" << name << "': " << buffer.getError().message() << "\n";
      worst(kExitChanged);
      continue;
    }
    llvm::StringRef text = (*buffer)->getBuffer();
    format::FormatResult result = format::formatText(name, text);
    if (!result.ok) {
      error() << result.error << "\n";
      worst(result.internalError ? kExitInternal : kExitChanged);
      continue;
    }
    bool changed = result.text != text;
    if (FmtCheck) {
      if (changed) {
        llvm::outs() << name << "\n";
        worst(kExitChanged);
      }
    } else if (FmtInPlace) {
      std::string message;
      if (changed && !writeAtomically(path, result.text, message)) {
        error() << "cannot rewrite '" << name << "': " << message << "\n";
        worst(kExitChanged);
      }
    } else {
      llvm::outs() << result.text;
    }
  }
  llvm::outs().flush();
  return status;
}

} // namespace

std::optional<int> runFmtCommand() {
  if (FmtCommand)
    return runFmt();
  return std::nullopt;
}

} // namespace flytec::tool
