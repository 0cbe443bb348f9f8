#include "ide/SignatureHelp.h"

#include "ide/CodeComplete.h"
#include "ide/CursorContext.h"
#include "ide/Describe.h"
#include "plugins/PluginRegistry.h"
#include "sema/DecoratorList.h"
#include "sema/StdFunctions.h"

#include <fmt/format.h>

#include <algorithm>

namespace flytec::ide {

namespace {

/// The comma-separated pieces of a parameter list's text, brackets and
/// strings kept whole: `xs: list[T], b: map[string, T]` is two.
std::vector<std::string> splitParameters(llvm::StringRef inner) {
  std::vector<std::string> out;
  int depth = 0;
  bool quoted = false;
  size_t start = 0;
  for (size_t i = 0; i <= inner.size(); ++i) {
    char c = i < inner.size() ? inner[i] : ',';
    if (quoted) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        quoted = false;
      continue;
    }
    if (c == '"')
      quoted = true;
    else if (c == '(' || c == '[' || c == '{')
      ++depth;
    else if (c == ')' || c == ']' || c == '}')
      --depth;
    else if (c == ',' && depth <= 0) {
      llvm::StringRef piece = inner.slice(start, i).trim();
      if (!piece.empty())
        out.push_back(piece.str());
      start = i + 1;
    }
  }
  return out;
}

/// The text between the first `(` of `call` and its matching `)`.
llvm::StringRef argumentText(llvm::StringRef call) {
  size_t open = call.find('(');
  if (open == llvm::StringRef::npos)
    return {};
  int depth = 0;
  for (size_t i = open; i < call.size(); ++i) {
    if (call[i] == '(' || call[i] == '[')
      ++depth;
    else if ((call[i] == ')' || call[i] == ']') && --depth == 0)
      return call.slice(open + 1, i);
  }
  return call.drop_front(open + 1);
}

/// The parameter `label:` names among `params` (`label: type ...`), or -1.
int labelled(const std::vector<std::string> &params, llvm::StringRef label) {
  for (size_t i = 0; i < params.size(); ++i) {
    llvm::StringRef p(params[i]);
    if (p.startswith(label) && p.drop_front(label.size()).ltrim().startswith(":"))
      return static_cast<int>(i);
  }
  return -1;
}

bool isGiven(const CallSite &call, llvm::StringRef name) {
  return std::find(call.labels.begin(), call.labels.end(), name) != call.labels.end();
}

/// For named arguments: the parameter whose label is written (or being
/// typed, `prefix`) in the cursor's argument, else the first not given yet.
int activeNamed(const CallSite &call, const std::vector<std::string> &names, llvm::StringRef prefix) {
  if (!call.label.empty()) {
    auto it = std::find(names.begin(), names.end(), call.label);
    return it == names.end() ? -1 : static_cast<int>(it - names.begin());
  }
  if (!prefix.empty())
    for (size_t i = 0; i < names.size(); ++i)
      if (!isGiven(call, names[i]) && llvm::StringRef(names[i]).startswith_insensitive(prefix))
        return static_cast<int>(i);
  for (size_t i = 0; i < names.size(); ++i)
    if (!isGiven(call, names[i]))
      return static_cast<int>(i);
  return -1;
}

SignatureHelpInfo callableHelp(const sema::CallableInfo &c, const CallSite &call, llvm::StringRef prefix) {
  SignatureHelpInfo info;
  info.label = signatureOf(c);
  info.documentation = c.decl ? c.decl->doc.str() : std::string();
  std::vector<std::string> names;
  for (const sema::ParamInfo &p : c.inputs) {
    info.parameters.push_back(paramText(p));
    info.parameterDocs.push_back(p.param ? p.param->doc.str() : std::string());
    names.push_back(p.name.str());
  }
  info.activeParameter = activeNamed(call, names, prefix);
  return info;
}

/// A pure function: positional, possibly with overloads (`range(n: int) ->
/// list[int]  |  range(start: int, stop: int) -> list[int]`): the first
/// that takes as many arguments as are being written.
SignatureHelpInfo stdHelp(const sema::StdFunction &f, const CallSite &call) {
  llvm::SmallVector<llvm::StringRef, 4> overloads;
  f.signature.split(overloads, "  |  ");
  SignatureHelpInfo info;
  for (size_t o = 0; o < overloads.size(); ++o) {
    std::vector<std::string> params = splitParameters(argumentText(overloads[o]));
    bool variadic = !params.empty() && params.back() == "...";
    if (call.argument >= params.size() && !variadic && o + 1 < overloads.size())
      continue;
    info.label = overloads[o].trim().str();
    info.documentation = f.doc.str();
    info.parameterDocs.assign(params.size(), "");
    if (call.argument < params.size())
      info.activeParameter = static_cast<int>(call.argument);
    else if (variadic)
      info.activeParameter = static_cast<int>(params.size() - 1);
    info.parameters = std::move(params);
    break;
  }
  return info;
}


SignatureHelpInfo pluginHelp(const plugins::PluginInfo &p, const CallSite &call, llvm::StringRef prefix) {
  SignatureHelpInfo info;
  std::vector<std::string> names;
  for (const plugins::ConfigKey &k : p.config) {
    info.parameters.push_back(fmt::format("{}: {}", k.name.str(), configValueType(k.kind).str()));
    info.parameterDocs.push_back(k.required ? fmt::format("required: {}", k.doc.str()) : k.doc.str());
    names.push_back(k.name.str());
  }
  std::string list;
  for (const std::string &param : info.parameters)
    list += (list.empty() ? "" : ", ") + param;
  info.label = fmt::format("{}({})", p.name.str(), list);
  info.documentation = p.doc.str();
  info.activeParameter = activeNamed(call, names, prefix);
  return info;
}

/// A decorator's usage (`@schedule(cron: "...") or @schedule(every: 1h)`):
/// the alternative whose labels the call uses.
SignatureHelpInfo decoratorHelp(const sema::DecoratorUsage &d, const CallSite &call) {
  llvm::SmallVector<llvm::StringRef, 2> alternatives;
  d.usage.split(alternatives, " or ");
  llvm::StringRef chosen = alternatives.front();
  for (llvm::StringRef a : alternatives) {
    std::vector<std::string> params = splitParameters(argumentText(a));
    bool uses = (!call.label.empty() && labelled(params, call.label) >= 0);
    for (const std::string &l : call.labels)
      uses |= labelled(params, l) >= 0;
    if (uses) {
      chosen = a;
      break;
    }
  }
  SignatureHelpInfo info;
  info.label = chosen.trim().str();
  info.documentation = fmt::format("applies to {}", d.where.str());
  info.parameters = splitParameters(argumentText(chosen));
  info.parameterDocs.assign(info.parameters.size(), "");
  if (!call.label.empty())
    info.activeParameter = labelled(info.parameters, call.label);
  else if (call.argument < info.parameters.size())
    info.activeParameter = static_cast<int>(call.argument);
  return info;
}

/// The pure function a callee names: bare (unless a declaration of that
/// name shadows it) or as `std.x`.
const sema::StdFunction *stdFunctionNamed(const sema::ModuleInfo *module, const std::vector<std::string> &callee) {
  if (callee.size() == 1) {
    if (module && (module->entities.count(callee[0]) || module->fromImports.count(callee[0])))
      return nullptr;
    return sema::findStdFunction(callee[0]);
  }
  if (callee.size() == 2 && callee[0] == "std" && !(module && module->qualifiers.count("std")))
    return sema::findStdFunction(callee[1]);
  return nullptr;
}

} // namespace

std::optional<SignatureHelpInfo> signatureHelp(Workspace &workspace, llvm::StringRef path, Position position) {
  std::optional<std::string> text = workspace.textOf(path);
  if (!text)
    return std::nullopt;
  LineTable lines(*text);
  size_t offset = lines.offsetAt(position);
  std::shared_ptr<const Analysis> analysis = workspace.latest(path);
  CursorContext ctx = cursorContext(*text, offset, itemStartBefore(*text, offset, analysis.get()));
  const sema::ModuleInfo *module = analysis ? analysis->module() : nullptr;
  for (size_t i = 0; i < ctx.calls.size(); ++i) {
    const CallSite &call = ctx.calls[i];
    // The word being typed is a label only in the innermost brackets.
    llvm::StringRef prefix = i == 0 && call.label.empty() ? llvm::StringRef(ctx.prefix) : llvm::StringRef();
    switch (call.kind) {
    case CallSite::Kind::Call: {
      const sema::Entity *e = module ? lookupEntity(analysis->program(), *module, call.callee) : nullptr;
      if (e && e->isCallable())
        return callableHelp(static_cast<const sema::CallableInfo &>(*e), call, prefix);
      if (const sema::StdFunction *f = stdFunctionNamed(module, call.callee))
        return stdHelp(*f, call);
      return std::nullopt;
    }
    case CallSite::Kind::PluginConfig:
      if (const plugins::PluginInfo *p = plugins::findPlugin(call.callee.empty() ? "" : call.callee[0]))
        return pluginHelp(*p, call, prefix);
      return std::nullopt;
    case CallSite::Kind::Decorator:
      for (const sema::DecoratorUsage &d : sema::allDecorators())
        if (call.callee.size() == 1 && d.name == call.callee[0])
          return decoratorHelp(d, call);
      return std::nullopt;
    default:
      continue; // `return (`, record literals, ...: the call around them, if any
    }
  }
  return std::nullopt;
}

} // namespace flytec::ide
