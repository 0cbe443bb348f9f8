#include "plugins/ShellQuoting.h"

#include "plugins/ShellContext.h"

#include <fmt/format.h>
#include <llvm/ADT/SmallVector.h>

namespace flytec::runtime {

std::string shellQuote(llvm::StringRef text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  out += "'";
  return out;
}

PlaceholderScope PlaceholderScope::of(const TaskRequest &request) {
  return {*request.package, *request.task, request.inputs, request.workDir, request.checkpointDir, request.deckDir};
}

std::optional<PlaceholderValue> lookupInput(const PlaceholderScope &scope, llvm::StringRef placeholder,
                                            std::string &error) {
  auto [name, field] = placeholder.split('.');
  const ir::Param *param = nullptr;
  for (const ir::Param &p : scope.task.inputs)
    if (p.name == name)
      param = &p;
  if (!param) {
    error = fmt::format("task {}: placeholder {{{{{}}}}} names no input of the task", scope.task.name, placeholder.str());
    return std::nullopt;
  }
  auto it = scope.inputs.find(name.str());
  ir::Value value = it == scope.inputs.end() ? ir::Value(nullptr) : it->second;
  if (field.empty())
    return PlaceholderValue{value, param->type};

  // `name.field`: the input is a record (or an optional record, whose none
  // has none in every field).
  const ir::TypeTable &types = scope.package.types;
  ir::TypeId recordType = param->type;
  if (types[recordType].kind == ir::TypeKind::Union)
    for (ir::TypeId m : types[recordType].members)
      if (types[m].kind == ir::TypeKind::Record)
        recordType = m;
  auto rec = types[recordType].kind == ir::TypeKind::Record ? scope.package.records.find(types[recordType].name)
                                                            : scope.package.records.end();
  if (rec == scope.package.records.end()) {
    error = fmt::format("task {}: placeholder {{{{{}}}}}: input '{}' is a {}, not a record", scope.task.name,
                        placeholder.str(), name.str(), types.str(param->type));
    return std::nullopt;
  }
  for (const ir::Param &f : rec->second.fields)
    if (f.name == field) {
      ir::Value fieldValue = value.is_object() && value.contains(f.name) ? value[f.name] : ir::Value(nullptr);
      return PlaceholderValue{fieldValue, f.type};
    }
  error = fmt::format("task {}: placeholder {{{{{}}}}}: record {} has no field '{}'", scope.task.name,
                      placeholder.str(), rec->first, field.str());
  return std::nullopt;
}

std::string shellWord(const ir::Package &package, ir::TypeId type, const ir::Value &value) {
  ir::TypeKind kind = package.types[type].kind;
  bool structured = kind == ir::TypeKind::Json || kind == ir::TypeKind::List || kind == ir::TypeKind::Map ||
                    kind == ir::TypeKind::Record;
  if (!structured && (value.is_number() || value.is_boolean()))
    return value.dump(); // digits, '-', '.', 'e', '+', true, false: no shell syntax
  if (value.is_null() && !structured)
    return "''";
  return shellQuote(value.is_string() && !structured ? value.get<std::string>() : value.dump());
}

std::string plainText(const ir::Value &value) {
  if (value.is_string())
    return value.get<std::string>();
  if (value.is_null())
    return "";
  return value.dump();
}

namespace {

/// `raw` written where `ctx` says (ShellContext.h); `word` is its form for
/// a plain word position.
std::optional<std::string> inContext(const ShellContext &ctx, llvm::StringRef what, llvm::StringRef raw,
                                     const std::string &word, bool numeric, std::string &error) {
  auto escaped = [&](llvm::StringRef specials) {
    std::string out;
    for (char c : raw) {
      if (specials.contains(c))
        out += '\\';
      out += c;
    }
    return out;
  };
  switch (ctx.kind) {
  case ShellContextKind::Word:
    return word;
  case ShellContextKind::DoubleQuoted:
    return escaped(ctx.brace ? "\\$`\"}" : "\\$`\"");
  case ShellContextKind::SingleQuoted: {
    std::string quoted = shellQuote(raw); // 'it'\''s' without its outer quotes
    return quoted.substr(1, quoted.size() - 2);
  }
  case ShellContextKind::Comment: {
    std::string out = raw.str();
    for (char &c : out)
      if (c == '\n' || c == '\r')
        c = ' ';
    return out;
  }
  case ShellContextKind::HereDocument: {
    // No line of the document may become its delimiter: not the line the
    // value completes, nor one inside it; and a last line that could still
    // become the delimiter with what follows it is refused too.
    auto isDelimiter = [&](llvm::StringRef line) {
      return (ctx.stripTabs ? line.ltrim('\t') : line) == ctx.delimiter;
    };
    auto couldBecome = [&](llvm::StringRef line) {
      llvm::StringRef l = ctx.stripTabs ? line.ltrim('\t') : line;
      return !l.empty() && llvm::StringRef(ctx.delimiter).startswith(l);
    };
    llvm::SmallVector<llvm::StringRef, 8> lines;
    raw.split(lines, '\n');
    std::string first = ctx.line + lines.front().str();
    bool bad = lines.size() == 1 ? couldBecome(first) && !raw.empty() : isDelimiter(first);
    for (size_t i = 1; i < lines.size() && !bad; ++i)
      bad = i + 1 < lines.size() ? isDelimiter(lines[i]) : couldBecome(lines[i]) || isDelimiter(lines[i]);
    if (bad) {
      error = fmt::format("{} would make a line '{}' and end the here-document it is written in; "
                          "pass it through a file or an environment variable instead",
                          what.str(), ctx.delimiter);
      return std::nullopt;
    }
    return ctx.literal ? raw.str() : escaped("\\$`");
  }
  case ShellContextKind::NumbersOnly:
    if (numeric)
      return raw.str(); // digits, '-', '.', 'e', true, false
    error = fmt::format("{} is inside $((...)), ((...)) or backquotes, where only numbers can be written safely; "
                        "use $(...) or pass the value in a variable",
                        what.str());
    return std::nullopt;
  case ShellContextKind::Unsafe:
    break;
  }
  error = fmt::format("{} follows a backslash or is part of a here-document's delimiter, where no quoting "
                      "can keep a value from becoming shell syntax; write it as a separate word",
                      what.str());
  return std::nullopt;
}

} // namespace

std::optional<std::string> renderParts(const PlaceholderScope &scope, const std::vector<ir::ScriptPart> &parts,
                                       bool quoted, const PathNames &paths, std::string &error) {
  std::string out;
  // Shell text: each value is escaped for the syntax around it.
  ShellScanner scanner;
  auto write = [&](llvm::StringRef placeholder, const std::string &raw, const std::string &word, bool numeric) {
    if (!quoted) {
      out += raw;
      return true;
    }
    std::string what = fmt::format("task {}: {{{{{}}}}}", scope.task.name, placeholder.str());
    std::optional<std::string> text = inContext(scanner.context(), what, raw, word, numeric, error);
    if (!text)
      return false;
    out += *text;
    scanner.placeholder(*text);
    return true;
  };
  auto path = [&](llvm::StringRef placeholder, const std::string &p) {
    return write(placeholder, p, shellQuote(p), /*numeric=*/false);
  };
  for (const ir::ScriptPart &part : parts) {
    if (!part.placeholder) {
      out += part.text;
      if (quoted)
        scanner.feed(part.text);
      continue;
    }
    llvm::StringRef ph = part.text;
    if (ph == "checkpoint") {
      if (!path(ph, paths.checkpoint))
        return std::nullopt;
    } else if (ph == "deck") {
      if (!path(ph, paths.deck))
        return std::nullopt;
    } else if (ph.startswith("outputs.")) {
      llvm::StringRef name = ph.drop_front(strlen("outputs."));
      bool known = false;
      for (const ir::Param &o : scope.task.outputs)
        known |= o.name == name;
      if (!known) {
        error = fmt::format("task {}: placeholder {{{{{}}}}} names no output of the task", scope.task.name, ph.str());
        return std::nullopt;
      }
      if (!path(ph, paths.output(name)))
        return std::nullopt;
    } else {
      auto v = lookupInput(scope, ph, error);
      if (!v)
        return std::nullopt;
      bool numeric = v->value.is_number() || v->value.is_boolean();
      if (!write(ph, plainText(v->value), shellWord(scope.package, v->type, v->value), numeric))
        return std::nullopt;
    }
  }
  return out;
}

std::optional<std::vector<ir::ScriptPart>> templateParts(const ir::Value &config, std::string &error) {
  if (config.is_string())
    return std::vector<ir::ScriptPart>{{config.get<std::string>(), false}};
  if (!config.is_object() || !config.contains("template") || !config["template"].is_array()) {
    error = "expected a string or {\"template\": [...]}, got " + config.dump();
    return std::nullopt;
  }
  std::vector<ir::ScriptPart> parts;
  for (const ir::Value &p : config["template"]) {
    if (p.is_string())
      parts.push_back({p.get<std::string>(), false});
    else if (p.is_object() && p.contains("placeholder") && p["placeholder"].is_string())
      parts.push_back({p["placeholder"].get<std::string>(), true});
    else {
      error = "a template part must be a string or {\"placeholder\": NAME}, got " + p.dump();
      return std::nullopt;
    }
  }
  return parts;
}

std::optional<std::vector<std::pair<std::string, std::string>>>
configEnv(const PlaceholderScope &scope, const PathNames &paths, std::string &error) {
  std::vector<std::pair<std::string, std::string>> env;
  auto it = scope.task.config.find("env");
  if (it == scope.task.config.end())
    return env;
  if (!it->is_object()) {
    error = fmt::format("task {}: config 'env' must be a map of strings, got {}", scope.task.name, it->dump());
    return std::nullopt;
  }
  for (auto &[key, value] : it->items()) {
    std::string why;
    auto parts = templateParts(value, why);
    auto text = parts ? renderParts(scope, *parts, /*quoted=*/false, paths, why) : std::nullopt;
    if (!text) {
      error = fmt::format("task {}: env '{}': {}", scope.task.name, key, why);
      return std::nullopt;
    }
    env.emplace_back(key, *text);
  }
  return env;
}

} // namespace flytec::runtime
