// The std builtin tasks (LANGUAGE.md §9, stdlib/std.flyte,
// compiler/plugins/PluginRegistry.cpp allBuiltins()), natively. Each is a
// function from the request to a result, run on the attempt's thread; file
// outputs are new files under the work directory's outputs/ (never an
// input's path: the executor moves outputs into the blob store).
#include "plugins/Plugins.h"

#include "plugins/Attempt.h"
#include "plugins/TaskOutputs.h"

#include "ir/IrJson.h"
#include "plugins/PluginRegistry.h"

#include <fmt/format.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/JSON.h>
#include <llvm/Support/MemoryBuffer.h>

#include <fstream>

namespace flytec::runtime {

namespace {

using Builtin = TaskResult (*)(const TaskRequest &, const CancelToken &);

TaskResult fail(std::string message) { return failure(TaskResult::Status::Failed, std::move(message)); }

TaskResult succeeded(ValueMap outputs) {
  TaskResult r;
  r.status = TaskResult::Status::Succeeded;
  r.outputs = std::move(outputs);
  return r;
}

const ir::Value &input(const TaskRequest &request, const char *name) {
  static const ir::Value kNone;
  auto it = request.inputs.find(name);
  return it == request.inputs.end() ? kNone : it->second;
}

/// The output's path; its single output when `name` is empty.
std::string outputFile(const TaskRequest &request, llvm::StringRef name) {
  for (const ir::Param &o : request.task->outputs)
    if (name.empty() || o.name == name)
      return absolutePath(outputPath(request, o), "");
  return absolutePath(request.workDir + "/outputs/" + name.str(), "");
}

std::optional<std::string> readWhole(const ir::Value &path, llvm::StringRef what, std::string &error) {
  if (!path.is_string()) {
    error = fmt::format("{}: expected a path, got {}", what.str(), path.dump());
    return std::nullopt;
  }
  auto buffer = llvm::MemoryBuffer::getFile(path.get<std::string>(), /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer) {
    error = fmt::format("{}: cannot read {}: {}", what.str(), path.get<std::string>(), buffer.getError().message());
    return std::nullopt;
  }
  return (*buffer)->getBuffer().str();
}

bool writeWhole(const std::string &path, llvm::StringRef text, std::string &error) {
  std::ofstream out(path, std::ios::binary);
  out.write(text.data(), std::streamsize(text.size()));
  if (!out.flush()) {
    error = fmt::format("cannot write {}", path);
    return false;
  }
  return true;
}

/// Checks a CSV text (RFC 4180: quoted fields may hold commas, quotes as
/// "" and newlines) has a header row and the header's number of fields in
/// every record; says which record does not.
bool checkCsv(llvm::StringRef text, llvm::StringRef what, std::string &error) {
  if (text.trim().empty()) {
    error = fmt::format("{}: the file is empty; a CSV file needs a header row", what.str());
    return false;
  }
  size_t header = 0, fields = 1, record = 1, line = 1, recordLine = 1;
  bool quoted = false, atFieldStart = true;
  auto endRecord = [&]() -> bool {
    if (record == 1)
      header = fields;
    else if (fields != header) {
      error = fmt::format("{}: line {} has {} fields, the header has {}", what.str(), recordLine, fields, header);
      return false;
    }
    ++record;
    fields = 1;
    atFieldStart = true;
    recordLine = line;
    return true;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n')
      ++line;
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
        ++i;
      else if (c == '"')
        quoted = false;
      continue;
    }
    if (c == '"' && atFieldStart) {
      quoted = true;
      atFieldStart = false;
    } else if (c == ',') {
      ++fields;
      atFieldStart = true;
    } else if (c == '\n') {
      if (!(i > 0 && text[i - 1] == '\n' && i + 1 == text.size()) && !endRecord())
        return false;
    } else if (c != '\r') {
      atFieldStart = false;
    }
  }
  if (quoted) {
    error = fmt::format("{}: a quoted field opened on line {} is never closed", what.str(), recordLine);
    return false;
  }
  if (!text.endswith("\n") && !endRecord())
    return false;
  return true;
}

// ------------------------------------------------------------- builtins

TaskResult stdFail(const TaskRequest &request, const CancelToken &) {
  const ir::Value &m = input(request, "message");
  return fail(m.is_string() ? m.get<std::string>() : "std.fail");
}

TaskResult stdSleep(const TaskRequest &request, const CancelToken &cancel) {
  const ir::Value &d = input(request, "for");
  auto ms = d.is_string() ? ir::parseDuration(d.get<std::string>()) : std::nullopt;
  if (!ms)
    return fail(fmt::format("std.sleep: 'for' must be a duration, got {}", d.dump()));
  int64_t wait = std::max<int64_t>(0, *ms);
  if (request.timeoutMs && *request.timeoutMs < wait) {
    if (!cancel.sleepFor(*request.timeoutMs))
      return failure(TaskResult::Status::Cancelled, "cancelled");
    return failure(TaskResult::Status::TimedOut, timedOutMessage(*request.timeoutMs));
  }
  if (!cancel.sleepFor(wait))
    return failure(TaskResult::Status::Cancelled, "cancelled");
  return succeeded({});
}

/// approve and signal wait for a person or another program: the executor
/// runs them as gate nodes (ir::NodeKind::Gate), with its own way of
/// receiving the approval or the signal. Reaching the plugin means a task
/// node named them, which lowering does not produce.
TaskResult gateOnly(const TaskRequest &request, const CancelToken &) {
  return fail(fmt::format("{} is a gate: it runs as a gate node, which the executor waits on (approve or signal it "
                          "through flytec), not as a task",
                          request.task->builtin));
}

TaskResult stdReadText(const TaskRequest &request, const CancelToken &) {
  std::string error;
  auto text = readWhole(input(request, "f"), "std.read_text", error);
  if (!text)
    return fail(error);
  if (!llvm::json::isUTF8(*text))
    return fail(fmt::format("std.read_text: {} is not UTF-8 text", input(request, "f").get<std::string>()));
  return succeeded({{"text", *text}});
}

TaskResult stdWriteText(const TaskRequest &request, const CancelToken &) {
  const ir::Value &text = input(request, "text");
  if (!text.is_string())
    return fail(fmt::format("std.write_text: 'text' must be a string, got {}", text.dump()));
  std::string path = outputFile(request, "f"), error;
  if (!writeWhole(path, text.get<std::string>(), error))
    return fail("std.write_text: " + error);
  return succeeded({{"f", path}});
}

TaskResult stdConcat(const TaskRequest &request, const CancelToken &cancel) {
  const ir::Value &files = input(request, "files");
  if (!files.is_array())
    return fail(fmt::format("std.concat: 'files' must be a list of files, got {}", files.dump()));
  std::string path = outputFile(request, "f");
  std::ofstream out(path, std::ios::binary);
  for (size_t i = 0; i < files.size(); ++i) {
    if (cancel.cancelled())
      return failure(TaskResult::Status::Cancelled, "cancelled");
    std::string error;
    auto text = readWhole(files[i], fmt::format("std.concat: files[{}]", i), error);
    if (!text)
      return fail(error);
    out << *text;
  }
  if (!out.flush())
    return fail("std.concat: cannot write " + path);
  return succeeded({{"f", path}});
}

/// read_csv and to_csv: a dataframe is a CSV file locally, so both check
/// the text and copy it to the output.
TaskResult copyCsv(const TaskRequest &request, const char *in, const char *out) {
  std::string what = fmt::format("{} ({})", request.task->builtin, input(request, in).dump());
  std::string error;
  auto text = readWhole(input(request, in), what, error);
  if (!text || !checkCsv(*text, what, error))
    return fail(error);
  std::string path = outputFile(request, out);
  if (!writeWhole(path, *text, error))
    return fail(request.task->builtin + ": " + error);
  return succeeded({{out, path}});
}

TaskResult stdReadCsv(const TaskRequest &request, const CancelToken &) { return copyCsv(request, "f", "df"); }
TaskResult stdToCsv(const TaskRequest &request, const CancelToken &) { return copyCsv(request, "df", "f"); }

struct Entry {
  llvm::StringRef name;
  Builtin run;
};

const Entry kBuiltins[] = {
    {"std.fail", stdFail},         {"std.sleep", stdSleep},          {"std.approve", gateOnly},
    {"std.signal", gateOnly},      {"std.read_text", stdReadText},   {"std.write_text", stdWriteText},
    {"std.concat", stdConcat},     {"std.read_csv", stdReadCsv},     {"std.to_csv", stdToCsv},
};

Builtin findImplementation(llvm::StringRef name) {
  for (const Entry &e : kBuiltins)
    if (e.name == name)
      return e.run;
  return nullptr;
}

class BuiltinPlugin : public Plugin {
public:
  llvm::StringRef name() const override { return "builtin"; }
  std::unique_ptr<RunningTask> start(const TaskRequest &request, Completion done) override {
    return runDetached(
        [request](const CancelToken &cancel) {
          Builtin run = findImplementation(request.task->builtin);
          if (!run)
            return fail(fmt::format("task {}: no builtin '{}' in this flytec (the registry has {}); compile with a "
                                    "flytec that has it",
                                    request.task->name, request.task->builtin,
                                    plugins::findBuiltin(request.task->builtin) ? "it" : "no such builtin"));
          std::string error;
          if (!prepareAttemptDirs(request, error))
            return fail(error);
          return run(request, cancel);
        },
        std::move(done));
  }
};

} // namespace

std::unique_ptr<Plugin> makeBuiltinPlugin() { return std::make_unique<BuiltinPlugin>(); }

/// Every builtin of the registry has an implementation here (tested).
bool implementsBuiltin(llvm::StringRef name) { return findImplementation(name) != nullptr; }

} // namespace flytec::runtime
