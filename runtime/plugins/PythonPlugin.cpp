// The python plugin (LANGUAGE.md §5.2): runs the helper flytec_task.py
// (embedded at build time, see CMakeLists.txt) with python3 in the work
// directory. Everything the helper needs — the inputs as IR values with
// their types, the outputs' types and paths, the script or `file:` and
// `function:` — goes in a JSON file, so no input is ever part of Python
// source. The helper writes the outputs as JSON, which are conformed to
// the task's types here; a mistake it detects is in its error file.
#include "plugins/Plugins.h"

#include "plugins/ProcessAttempt.h"
#include "plugins/ShellQuoting.h"
#include "plugins/TaskOutputs.h"

#include <fmt/format.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>

#include <fstream>

namespace flytec::runtime {

extern const char kFlytecTaskPy[];
extern const size_t kFlytecTaskPySize;

namespace {

/// A type as the helper reads it: {"kind", "type"} plus "element",
/// "members" or "name" (records are described once, in "records").
ir::Value shapeOf(const ir::Package &pkg, ir::TypeId type, ir::Value &records) {
  const ir::TypeData &t = pkg.types[type];
  static const char *const kKinds[] = {"none", "int",       "float", "bool", "string", "datetime",
                                       "duration", "json", "file",  "dir",  "dataframe", "list",
                                       "map",  "union",    "record", "enum"};
  ir::Value shape = {{"kind", kKinds[size_t(t.kind)]}, {"type", pkg.types.str(type)}};
  switch (t.kind) {
  case ir::TypeKind::List:
  case ir::TypeKind::Map:
    shape["element"] = shapeOf(pkg, t.element, records);
    break;
  case ir::TypeKind::Union:
    shape["members"] = ir::Value::array();
    for (ir::TypeId m : t.members)
      shape["members"].push_back(shapeOf(pkg, m, records));
    break;
  case ir::TypeKind::Record:
    shape["name"] = t.name;
    if (!records.contains(t.name)) {
      records[t.name] = ir::Value::array(); // before the fields: a field may name this record again
      ir::Value fields = ir::Value::array();
      auto rec = pkg.records.find(t.name);
      if (rec != pkg.records.end())
        for (const ir::Param &f : rec->second.fields) {
          ir::Value field = {{"name", f.name}, {"shape", shapeOf(pkg, f.type, records)}};
          if (f.defaultValue)
            field["default"] = *f.defaultValue;
          fields.push_back(field);
        }
      records[t.name] = fields;
    }
    break;
  default:
    break;
  }
  return shape;
}

bool writeFile(const std::string &path, llvm::StringRef text, std::string &error) {
  std::ofstream out(path, std::ios::binary);
  out.write(text.data(), std::streamsize(text.size()));
  if (!out.flush()) {
    error = fmt::format("cannot write {}", path);
    return false;
  }
  return true;
}

std::string readFileOr(const std::string &path, std::string fallback) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  return buffer ? (*buffer)->getBuffer().str() : fallback;
}

/// The outputs the helper wrote, conformed to the task's types.
std::optional<ValueMap> readResult(const TaskRequest &request, const std::string &path, std::string &error) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer) {
    error = fmt::format("the python helper wrote no result ({}: {})", path, buffer.getError().message());
    return std::nullopt;
  }
  ir::Value json = ir::Value::parse((*buffer)->getBuffer().str(), nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) {
    error = fmt::format("the python helper's result {} is not a JSON object", path);
    return std::nullopt;
  }
  const ir::Package &pkg = *request.package;
  ValueMap outputs;
  for (const ir::Param &out : request.task->outputs) {
    ir::Value v = json.contains(out.name) ? json[out.name] : ir::Value(nullptr);
    std::string why;
    auto value = conform(pkg, out.type, v, why);
    if (!value) {
      error = fmt::format("output '{}' ({}): {}", out.name, pkg.types.str(out.type), why);
      return std::nullopt;
    }
    outputs[out.name] = std::move(*value);
  }
  return outputs;
}

class PythonPlugin : public Plugin {
public:
  explicit PythonPlugin(std::string interpreter) : interpreter_(std::move(interpreter)) {}
  llvm::StringRef name() const override { return "python"; }
  std::unique_ptr<RunningTask> start(const TaskRequest &request, Completion done) override {
    return runDetached([request, python = interpreter_](const CancelToken &cancel) { return run(request, python, cancel); },
                       std::move(done));
  }

private:
  static TaskResult run(const TaskRequest &request, const std::string &python, const CancelToken &cancel) {
    std::string error;
    if (!prepareAttemptDirs(request, error))
      return failure(TaskResult::Status::Failed, error);
    const ir::Package &pkg = *request.package;
    const ir::Task &task = *request.task;
    // The helper's files: beside the outputs, out of the script's way.
    std::string own = absolutePath(request.workDir + "/.flytec", "");
    if (std::error_code ec = llvm::sys::fs::create_directories(own))
      return failure(TaskResult::Status::Failed, fmt::format("cannot create {}: {}", own, ec.message()));

    ir::Value records = ir::Value::object();
    ir::Value spec = {{"task", "task " + task.name},
                      {"inputs", ir::Value::object()},
                      {"input_shapes", ir::Value::object()},
                      {"outputs", ir::Value::object()},
                      {"checkpoint", absolutePath(request.checkpointDir, "")},
                      {"deck", absolutePath(request.deckDir, "")},
                      {"result", own + "/result.json"},
                      {"error", own + "/error.txt"}};
    for (const ir::Param &in : task.inputs) {
      auto it = request.inputs.find(in.name);
      spec["inputs"][in.name] = it == request.inputs.end() ? ir::Value(nullptr) : it->second;
      spec["input_shapes"][in.name] = shapeOf(pkg, in.type, records);
    }
    spec["output_order"] = ir::Value::array(); // a tuple returned by `function:` fills them in this order
    for (const ir::Param &out : task.outputs) {
      spec["outputs"][out.name] = {{"shape", shapeOf(pkg, out.type, records)},
                                   {"path", absolutePath(outputPath(request, out), "")}};
      spec["output_order"].push_back(out.name);
    }
    spec["records"] = records;

    if (task.script) {
      std::string source;
      for (const ir::ScriptPart &part : *task.script) {
        if (part.placeholder)
          return failure(TaskResult::Status::Failed,
                         fmt::format("task {}: python scripts take no placeholders ({{{{{}}}}}); use the input as a "
                                     "variable",
                                     task.name, part.text));
        source += part.text;
      }
      if (!writeFile(own + "/script.py", source, error))
        return failure(TaskResult::Status::Failed, error);
      spec["script"] = own + "/script.py";
    } else {
      auto file = task.config.find("file");
      if (file == task.config.end() || !file->is_string())
        return failure(TaskResult::Status::Failed,
                       fmt::format("task {}: a python task needs a script or `file:`", task.name));
      std::string path = absolutePath(file->get<std::string>(), request.moduleDir);
      if (!llvm::sys::fs::exists(path))
        return failure(TaskResult::Status::Failed,
                       fmt::format("task {}: python file {} does not exist", task.name, path));
      spec["file"] = path;
      auto fn = task.config.find("function");
      if (fn != task.config.end() && fn->is_string())
        spec["function"] = *fn;
    }

    std::string helper = own + "/flytec_task.py";
    if (!writeFile(helper, llvm::StringRef(kFlytecTaskPy, kFlytecTaskPySize), error) ||
        !writeFile(own + "/task.json", spec.dump(), error))
      return failure(TaskResult::Status::Failed, error);

    PlaceholderScope scope = PlaceholderScope::of(request);
    PathNames paths;
    paths.output = [&](llvm::StringRef name) {
      for (const ir::Param &o : task.outputs)
        if (o.name == name)
          return absolutePath(outputPath(request, o), "");
      return std::string();
    };
    paths.checkpoint = spec["checkpoint"];
    paths.deck = spec["deck"];
    auto env = configEnv(scope, paths, error);
    if (!env)
      return failure(TaskResult::Status::Failed, error);

    // -u: unbuffered, so the stderr tail is complete even after a kill.
    ProcessSpec process = attemptProcess(request, {python, "-u", helper, own + "/task.json"});
    process.env = *env;
    process.env.emplace_back("PYTHONDONTWRITEBYTECODE", "1");
    ProcessExit exit = runProcess(process, cancel);
    if (auto bad = unsuccessful(exit, process)) {
      // The helper's own account of what went wrong beats "exit status 1".
      std::string said = readFileOr(own + "/error.txt", "");
      if (!said.empty() && exit.kind == ProcessExit::Kind::Exited)
        bad->error = said;
      return *bad;
    }
    auto outputs = readResult(request, own + "/result.json", error);
    if (!outputs)
      return failure(TaskResult::Status::Failed, error, readTail(process.stderrPath));
    TaskResult ok;
    ok.status = TaskResult::Status::Succeeded;
    ok.outputs = std::move(*outputs);
    return ok;
  }

  std::string interpreter_;
};

} // namespace

std::unique_ptr<Plugin> makePythonPlugin(std::string interpreter) {
  return std::make_unique<PythonPlugin>(std::move(interpreter));
}

} // namespace flytec::runtime
