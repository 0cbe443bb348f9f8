#include "plugins/TaskOutputs.h"

#include <fmt/format.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/Path.h>

#include <functional>

namespace flytec::runtime {

namespace {

bool makeDir(const std::string &dir, llvm::StringRef what, std::string &error) {
  if (dir.empty())
    return true;
  if (std::error_code ec = llvm::sys::fs::create_directories(dir)) {
    error = fmt::format("cannot create the {} directory '{}': {}", what.str(), dir, ec.message());
    return false;
  }
  return true;
}

} // namespace

/// Whether `{{name}}` appears in the task's script or a config template.
bool mentions(const ir::Task &task, llvm::StringRef name) {
  if (task.script)
    for (const ir::ScriptPart &part : *task.script)
      if (part.placeholder && part.text == name)
        return true;
  std::function<bool(const ir::Value &)> inConfig = [&](const ir::Value &v) {
    if (v.is_object()) {
      if (auto p = v.find("placeholder"); p != v.end() && p->is_string() && p->get<std::string>() == name)
        return true;
      for (const auto &item : v.items())
        if (inConfig(item.value()))
          return true;
    } else if (v.is_array()) {
      for (const auto &item : v)
        if (inConfig(item))
          return true;
    }
    return false;
  };
  return inConfig(task.config);
}

bool prepareAttemptDirs(const TaskRequest &request, std::string &error) {
  // Every directory is an inode, and a thousand small tasks make thousands:
  // the checkpoint and deck directories exist only for tasks that can name
  // them (python tasks reach them through `checkpoint.dir` and `deck.dir`;
  // containers have both mounted).
  const ir::Task &task = *request.task;
  bool always = task.plugin == "python" || task.plugin == "container";
  return makeDir(request.workDir + "/outputs", "outputs", error) &&
         (!(always || mentions(task, "checkpoint")) || makeDir(request.checkpointDir, "checkpoint", error)) &&
         (!(always || mentions(task, "deck")) || makeDir(request.deckDir, "deck", error)) &&
         makeDir(request.logDir, "log", error);
}

ir::TypeKind storedKind(const ir::Package &package, ir::TypeId type) {
  const ir::TypeData &t = package.types[type];
  if (t.kind == ir::TypeKind::Union && package.types.isOptional(type) && t.members.size() == 2)
    return package.types[t.members[0]].kind;
  return t.kind;
}

std::string outputRelativePath(const ir::Package &package, const ir::Param &output) {
  const ir::TypeData &t = package.types[output.type];
  std::string name = "outputs/" + output.name;
  if (storedKind(package, output.type) == ir::TypeKind::Dataframe)
    return name + ".csv";
  if (t.kind == ir::TypeKind::File && !t.name.empty())
    return name + "." + t.name;
  return name;
}

std::string outputPath(const TaskRequest &request, const ir::Param &output) {
  return request.workDir + "/" + outputRelativePath(*request.package, output);
}

std::string absolutePath(llvm::StringRef path, llvm::StringRef base) {
  llvm::SmallString<256> p(path);
  if (!llvm::sys::path::is_absolute(p)) {
    if (base.empty()) {
      llvm::sys::fs::make_absolute(p);
    } else {
      p = base;
      llvm::sys::path::append(p, path);
      llvm::sys::fs::make_absolute(p);
    }
  }
  llvm::sys::path::remove_dots(p, /*remove_dot_dot=*/true);
  return std::string(p);
}

std::optional<ValueMap> readWrittenOutputs(const TaskRequest &request, std::string &error) {
  const ir::Package &pkg = *request.package;
  ValueMap outputs;
  for (const ir::Param &out : request.task->outputs) {
    std::string path = absolutePath(outputPath(request, out), "");
    ir::TypeKind kind = storedKind(pkg, out.type);
    bool optional = pkg.types.isOptional(out.type);
    llvm::sys::fs::file_status st;
    bool exists = !llvm::sys::fs::status(path, st);
    if (!exists) {
      if (optional) {
        outputs[out.name] = nullptr;
        continue;
      }
      error = fmt::format("output '{}' ({}): the task wrote nothing to {}", out.name, pkg.types.str(out.type), path);
      return std::nullopt;
    }
    bool isDir = st.type() == llvm::sys::fs::file_type::directory_file;
    if (kind == ir::TypeKind::File || kind == ir::TypeKind::Dataframe || kind == ir::TypeKind::Dir) {
      if (isDir != (kind == ir::TypeKind::Dir)) {
        error = fmt::format("output '{}' ({}): {} is a {}, expected a {}", out.name, pkg.types.str(out.type), path,
                            isDir ? "directory" : "file", kind == ir::TypeKind::Dir ? "directory" : "file");
        return std::nullopt;
      }
      outputs[out.name] = path;
      continue;
    }
    auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
    if (!buffer) {
      error = fmt::format("output '{}': cannot read {}: {}", out.name, path, buffer.getError().message());
      return std::nullopt;
    }
    llvm::StringRef text = (*buffer)->getBuffer();
    std::string why;
    auto value = parseOutputText(pkg, out.type, text, why);
    if (!value) {
      // parseOutputText names the type and the text ("expected int, got \"abc\"").
      error = fmt::format("output '{}': {}", out.name, why);
      return std::nullopt;
    }
    outputs[out.name] = std::move(*value);
  }
  return outputs;
}

} // namespace flytec::runtime
