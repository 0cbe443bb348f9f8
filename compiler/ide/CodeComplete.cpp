#include "ide/CodeComplete.h"

#include "ide/CursorContext.h"
#include "ide/Describe.h"
#include "plugins/PluginRegistry.h"
#include "sema/DecoratorList.h"
#include "sema/StdFunctions.h"

#include <fmt/format.h>
#include <llvm/ADT/StringSet.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <tuple>

namespace flytec::ide {

const sema::Entity *lookupEntity(const sema::Program &program, const sema::ModuleInfo &module,
                                 llvm::ArrayRef<std::string> chain) {
  auto in = [](const sema::ModuleInfo *m, llvm::StringRef name) -> const sema::Entity * {
    return m ? m->entities.lookup(name) : nullptr;
  };
  if (chain.size() == 1) {
    if (const sema::Entity *e = in(&module, chain[0]))
      return e;
    auto from = module.fromImports.find(chain[0]);
    if (from == module.fromImports.end())
      return nullptr;
    if (from->second.entity)
      return from->second.entity;
    return from->second.import ? in(from->second.import->module, chain[0]) : nullptr;
  }
  if (chain.size() == 2) {
    auto q = module.qualifiers.find(chain[0]);
    if (q != module.qualifiers.end())
      return q->second ? in(q->second->module, chain[1]) : nullptr;
    if (chain[0] == "std")
      return in(program.stdModule, chain[1]);
  }
  return nullptr;
}

llvm::StringRef configValueType(plugins::ConfigKind kind) {
  switch (kind) {
  case plugins::ConfigKind::String: return "string";
  case plugins::ConfigKind::StringList: return "list[string]";
  case plugins::ConfigKind::StringMap: return "map[string, string]";
  case plugins::ConfigKind::Bool: return "bool";
  case plugins::ConfigKind::Int: return "int";
  case plugins::ConfigKind::FileRef: return "file";
  }
  return "?";
}

namespace {

using sema::EntityKind;

bool isIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

bool sameLetter(char a, char b) {
  return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
}

/// A case-insensitive subsequence whose first letter begins the label or
/// one of its `_` parts: `rgn` matches `region`, `dt` `format_datetime`.
bool matches(llvm::StringRef label, llvm::StringRef prefix) {
  if (prefix.empty())
    return true;
  size_t i = 0;
  for (size_t k = 0; k < label.size() && i < prefix.size(); ++k) {
    bool partStart = k == 0 || label[k - 1] == '_';
    if (sameLetter(label[k], prefix[i]) && (i > 0 || partStart))
      ++i;
  }
  return i == prefix.size();
}

std::string entityDoc(const sema::Entity &e) {
  std::string doc = e.decl ? e.decl->doc.str() : std::string();
  if (e.deprecated)
    doc = "**Deprecated**" + (e.deprecationMessage.empty() ? "" : ": " + e.deprecationMessage) +
          (doc.empty() ? "" : "\n\n" + doc);
  return doc;
}

/// One line: a signature, `record R { a: int, b: float }`, `enum E { A, B }`.
std::string detailOf(const sema::Entity &e) {
  if (e.kind != EntityKind::Record)
    return declarationText(e);
  std::string fields;
  for (const sema::ParamInfo &f : static_cast<const sema::RecordInfo &>(e).fields)
    fields += (fields.empty() ? "" : ", ") + paramText(f);
  return fmt::format("record {} {{ {} }}", e.name.str(), fields);
}

CompletionKind kindOf(const sema::Entity &e) {
  switch (e.kind) {
  case EntityKind::Record: return CompletionKind::Struct;
  case EntityKind::Enum: return CompletionKind::Enum;
  case EntityKind::Alias: return CompletionKind::TypeParameter;
  case EntityKind::Task:
  case EntityKind::Workflow:
  case EntityKind::LaunchPlan: return CompletionKind::Function;
  case EntityKind::Test: return CompletionKind::Keyword;
  }
  return CompletionKind::Keyword;
}

std::string typeText(const sema::Type *t) { return t ? t->str() : std::string(); }

/// A declaration's skeleton for each top-level keyword.
struct TopLevelKeyword {
  llvm::StringRef word;
  llvm::StringRef snippet;
};
const TopLevelKeyword kTopLevel[] = {
    {"task", "task ${1:name}(${2:input}: ${3:string}) -> (${4:output}: ${5:string}) {\n  shell \"\"\"\n    $0\n  \"\"\"\n}"},
    {"workflow", "workflow ${1:name}(${2:input}: ${3:string}) -> (${4:output}: ${5:string}) {\n  $0\n}"},
    {"dynamic", "dynamic ${1:name}(${2:input}: ${3:string}) -> (${4:output}: ${5:string}) {\n  $0\n}"},
    {"record", "record ${1:Name} {\n  ${2:field}: ${3:string}\n}"},
    {"enum", "enum ${1:Name} { ${2:A}, ${3:B} }"},
    {"type", "type ${1:Name} = ${0:string}"},
    {"launchplan", "launchplan ${1:name} for ${2:workflow} {\n  $0\n}"},
    {"import", "import \"${1:path.flyte}\""},
    {"from", "from \"${1:path.flyte}\" import ${0}"},
    {"test", "test \"${1:name}\" {\n  $0\n}"},
    {"module", "module ${1:name}"},
};


/// What a prefix of a member base (`a`, `a.b`, `f()`) denotes.
struct Value {
  const sema::Type *type = nullptr;          // a value of this type
  const sema::RecordInfo *record = nullptr;  // ... or of this record (a record literal)
  const sema::Entity *entity = nullptr;      // a declaration
  const sema::ModuleInfo *module = nullptr;  // an import's module, or std
  const sema::CallableInfo *from = nullptr;  // the call `type` is the result of (for output docs)
  bool taskOutputs = false;                  // `outputs` in a task's script
  bool valid() const { return type || record || entity || module || taskOutputs; }
};

/// The record or enum an alias stands for (`type P = Point`): such an alias
/// names record literals and enum members as they do. Others unchanged.
const sema::Entity *throughAlias(const sema::Entity *e) {
  if (!e || e->kind != EntityKind::Alias)
    return e;
  const sema::Type *target = static_cast<const sema::AliasInfo *>(e)->target;
  if (target && target->kind() == sema::TypeKind::Record && target->record())
    return target->record();
  if (target && target->kind() == sema::TypeKind::Enum && target->enumInfo())
    return target->enumInfo();
  return e;
}

/// Whether a declaration can be written in an expression: not a test, and
/// an alias only of a record or an enum.
bool isValueName(const sema::Entity &e) {
  return e.kind != EntityKind::Test && (e.kind != EntityKind::Alias || throughAlias(&e) != &e);
}

/// The enclosing item's declaration in some analysis.
struct ItemView {
  const Analysis *analysis = nullptr;
  const ast::Decl *decl = nullptr;
  const sema::Entity *entity = nullptr;
};

bool declIs(const ast::Decl &d, ItemKind kind) {
  switch (kind) {
  case ItemKind::Task: return llvm::isa<ast::TaskDecl>(d);
  case ItemKind::Workflow:
  case ItemKind::Dynamic: {
    const auto *w = llvm::dyn_cast<ast::WorkflowDecl>(&d);
    return w && w->dynamic == (kind == ItemKind::Dynamic);
  }
  case ItemKind::Test: return llvm::isa<ast::TestDecl>(d);
  case ItemKind::Record: return llvm::isa<ast::RecordDecl>(d);
  case ItemKind::Enum: return llvm::isa<ast::EnumDecl>(d);
  case ItemKind::Alias: return llvm::isa<ast::AliasDecl>(d);
  case ItemKind::LaunchPlan: return llvm::isa<ast::LaunchPlanDecl>(d);
  default: return false;
  }
}

ItemView findItem(const Analysis *a, const CursorContext &ctx) {
  if (!a || !a->module() || !a->module()->ast || ctx.itemName.empty())
    return {};
  for (const ast::Decl *d : a->module()->ast->decls)
    if (d->name.name == ctx.itemName && declIs(*d, ctx.item))
      return {a, d, a->program().entityOf(d)};
  return {};
}

class Completer {
public:
  Completer(Workspace &workspace, llvm::StringRef path, llvm::StringRef text, const CursorContext &ctx,
            bool snippets)
      : ctx_(ctx), text_(text), snippets_(snippets), lines_(text) {
    latest_ = workspace.latest(path);
    if (latest_ && latest_->module())
      module_ = latest_->module();
    // Locals come from the item as last checked whole.
    item_ = findItem(latest_.get(), ctx);
    if (!item_.decl || (item_.entity && item_.entity->broken)) {
      parsed_ = workspace.lastParsed(path);
      ItemView older = findItem(parsed_.get(), ctx);
      if (older.decl)
        item_ = older;
    }
    replace_ = lines_.rangeOf(ctx.prefixBegin, ctx.offset);
    size_t end = ctx.offset;
    while (end < text.size() && isIdentChar(text[end]))
      ++end;
    parenFollows_ = end < text.size() && text[end] == '(';
  }

  std::vector<CompletionItem> run() {
    switch (ctx_.kind) {
    case CursorKind::None: break;
    case CursorKind::TopLevel: topLevel(); break;
    case CursorKind::Decorator: decorators(); break;
    case CursorKind::Member: members(); break;
    case CursorKind::Argument:
      if (!arguments())
        expression();
      break;
    case CursorKind::PluginConfig: configKeys(); break;
    case CursorKind::Plugin: pluginNames(); break;
    case CursorKind::Type: types(); break;
    case CursorKind::Expression: expression(); break;
    case CursorKind::ImportedName: importedNames(); break;
    case CursorKind::Keywords:
      for (const std::string &k : ctx_.keywords)
        keyword(k, "5");
      break;
    }
    std::sort(items_.begin(), items_.end(), [](const CompletionItem &a, const CompletionItem &b) {
      return std::tie(a.sortText, a.label) < std::tie(b.sortText, b.label);
    });
    return std::move(items_);
  }

private:
  // ------------------------------------------------------------ collecting

  /// Whether an item labelled so is wanted: it fits the prefix and no item
  /// of that label came before (inner names shadow outer ones).
  bool wants(llvm::StringRef label) { return matches(label, ctx_.prefix) && !seen_.count(label); }

  /// `group` orders items: 0 labels, 1 locals, 2 declarations and members
  /// (and a script's `outputs`), 3 modules and types, 4 std functions, 5 keywords.
  void add(CompletionItem item, llvm::StringRef group) {
    if (!wants(item.label))
      return;
    seen_.insert(item.label);
    if (item.insertText.empty())
      item.insertText = item.label;
    item.replace = replace_;
    // A prefix match before a scattered one, then by group.
    bool prefixMatch = llvm::StringRef(item.label).startswith_insensitive(ctx_.prefix);
    item.sortText = group.str() + (prefixMatch ? "0" : "1") + (item.sortText.empty() ? item.label : item.sortText);
    items_.push_back(std::move(item));
  }

  void keyword(llvm::StringRef word, llvm::StringRef group) {
    CompletionItem item;
    item.label = word.str();
    item.kind = CompletionKind::Keyword;
    add(std::move(item), group);
  }

  void entity(const sema::Entity &e, llvm::StringRef label, llvm::StringRef group) {
    if (!wants(label))
      return;
    CompletionItem item;
    item.label = label.str();
    item.kind = kindOf(e);
    item.detail = detailOf(e);
    item.documentation = entityDoc(e);
    if (e.isCallable() && callSnippets()) {
      const auto &c = static_cast<const sema::CallableInfo &>(e);
      std::string args;
      unsigned n = 0;
      for (const sema::ParamInfo &p : c.inputs)
        if (!p.hasDefault)
          args += fmt::format("{}{}: ${{{}:{}}}", args.empty() ? "" : ", ", p.name.str(), ++n, p.name.str());
      item.insertText = fmt::format("{}({})", label.str(), n ? args : "$0");
      item.snippet = true;
    }
    add(std::move(item), group);
  }

  /// Whether a callable is inserted as a call with its required labels.
  bool callSnippets() const {
    return snippets_ && !parenFollows_ && !ctx_.referenceOnly &&
           (ctx_.kind == CursorKind::Expression || ctx_.kind == CursorKind::Argument ||
            ctx_.kind == CursorKind::Member);
  }

  // ------------------------------------------------------------ contexts

  void topLevel() {
    for (const TopLevelKeyword &k : kTopLevel) {
      CompletionItem item;
      item.label = k.word.str();
      item.kind = CompletionKind::Keyword;
      if (snippets_) {
        item.kind = CompletionKind::Snippet;
        item.insertText = k.snippet.str();
        item.snippet = true;
        item.detail = fmt::format("{} declaration", k.word.str());
      }
      add(std::move(item), "5");
    }
  }

  void decorators() {
    for (const sema::DecoratorUsage &d : sema::allDecorators()) {
      CompletionItem item;
      item.label = d.name.str();
      item.kind = CompletionKind::Event;
      item.detail = d.usage.str();
      item.documentation = fmt::format("applies to {}", d.where.str());
      if (snippets_ && d.usage.contains('(') && !parenFollows_) {
        item.insertText = d.name.str() + "($0)";
        item.snippet = true;
      }
      add(std::move(item), "2");
    }
  }

  void pluginNames() {
    for (const plugins::PluginInfo &p : plugins::allPlugins()) {
      CompletionItem item;
      item.label = p.name.str();
      item.kind = CompletionKind::Class;
      item.detail = p.doc.str();
      std::string doc;
      for (const plugins::ConfigKey &k : p.config)
        doc += fmt::format("\n- `{}` ({}{}): {}", k.name.str(), configValueType(k.kind).str(), k.required ? ", required" : "",
                           k.doc.str());
      if (!doc.empty())
        item.documentation = "config:" + doc;
      add(std::move(item), "2");
    }
  }

  void configKeys() {
    if (ctx_.calls.empty())
      return;
    const plugins::PluginInfo *p = plugins::findPlugin(ctx_.calls[0].callee.empty() ? "" : ctx_.calls[0].callee[0]);
    if (!p)
      return;
    unsigned index = 0;
    for (const plugins::ConfigKey &k : p->config) {
      ++index;
      if (given(k.name))
        continue;
      CompletionItem item;
      item.label = k.name.str();
      item.kind = CompletionKind::Property;
      item.detail = configValueType(k.kind).str() + (k.required ? " (required)" : "");
      item.documentation = k.doc.str();
      item.insertText = k.name.str() + ": ";
      item.sortText = fmt::format("{}{:04}", k.required ? 0 : 1, index);
      add(std::move(item), "0");
    }
  }

  bool given(llvm::StringRef label) const {
    const CallSite &c = ctx_.calls[0];
    return c.label == label || std::find(c.labels.begin(), c.labels.end(), label) != c.labels.end();
  }

  /// Labels of the call (or record literal, return, launch plan) around the
  /// cursor; false when its callee takes no labels or is unknown.
  bool arguments() {
    if (ctx_.calls.empty() || !module_)
      return false;
    const CallSite &call = ctx_.calls[0];
    const sema::Program &program = latest_->program();
    const sema::Entity *callee = nullptr;
    bool outputs = false;
    switch (call.kind) {
    case CallSite::Kind::Call:
    case CallSite::Kind::RecordLiteral:
    case CallSite::Kind::LaunchPlan:
      callee = lookupEntity(program, *module_, call.callee);
      break;
    case CallSite::Kind::MockOutputs:
      callee = lookupEntity(program, *module_, call.callee);
      outputs = true;
      break;
    case CallSite::Kind::Return:
      callee = item_.entity;
      outputs = true;
      if (!callee) {
        for (const std::string &o : ctx_.itemOutputs)
          if (!given(o))
            label(o, "", "", true, 0, CompletionKind::Property);
        return true;
      }
      break;
    default:
      return false;
    }
    if (call.kind == CallSite::Kind::RecordLiteral)
      callee = throughAlias(callee);
    if (!callee)
      return false;
    if (callee->kind == EntityKind::Record) {
      const auto &r = static_cast<const sema::RecordInfo &>(*callee);
      unsigned i = 0;
      for (const sema::ParamInfo &f : r.fields)
        if (!given(f.name))
          label(f.name, typeText(f.type), memberDoc(r, SymbolKind::Field, f.name), !f.hasDefault, ++i,
                CompletionKind::Field);
      return true;
    }
    if (!callee->isCallable() || call.kind == CallSite::Kind::RecordLiteral)
      return false;
    const auto &c = static_cast<const sema::CallableInfo &>(*callee);
    const sema::CallableInfo &target = call.kind == CallSite::Kind::LaunchPlan && c.target ? *c.target : c;
    unsigned i = 0;
    for (const sema::ParamInfo &p : outputs ? target.outputs : target.inputs)
      if (!given(p.name))
        label(p.name, typeText(p.type), memberDoc(target, outputs ? SymbolKind::Output : SymbolKind::Input, p.name),
              outputs || !p.hasDefault, ++i, CompletionKind::Property);
    return true;
  }

  void label(llvm::StringRef name, std::string detail, llvm::StringRef doc, bool required, unsigned index,
             CompletionKind kind) {
    CompletionItem item;
    item.label = name.str();
    item.kind = kind;
    item.detail = std::move(detail);
    item.documentation = doc.str();
    item.insertText = name.str() + ": ";
    item.sortText = fmt::format("{}{:04}", required ? 0 : 1, index);
    add(std::move(item), "0");
  }

  void types() {
    for (llvm::StringRef name : sema::TypeContext::builtinTypeNames()) {
      CompletionItem item;
      item.label = name.str();
      item.kind = CompletionKind::Keyword;
      item.detail = "built-in type";
      if (snippets_ && (name == "list" || name == "map")) {
        item.insertText = name == "list" ? "list[$0]" : "map[string, $0]";
        item.snippet = true;
      }
      add(std::move(item), "3");
    }
    keyword("none", "5");
    moduleNames(/*typesOnly=*/true);
  }

  /// The module's declarations, `from`-imported names and import qualifiers.
  void moduleNames(bool typesOnly) {
    if (!module_)
      return;
    for (const sema::Entity *e : module_->ordered) {
      if (e->kind == EntityKind::Test || module_->entities.lookup(e->name) != e)
        continue;
      if (typesOnly ? !e->isType() : !isValueName(*e))
        continue;
      entity(*e, e->name, "2");
    }
    for (const auto &from : module_->fromImports) {
      const sema::Entity *e = lookupEntity(latest_->program(), *module_, {from.getKey().str()});
      if (e && (typesOnly ? e->isType() : isValueName(*e)))
        entity(*e, from.getKey(), "2");
    }
    for (const auto &q : module_->qualifiers) {
      CompletionItem item;
      item.label = q.getKey().str();
      item.kind = CompletionKind::Module;
      if (q.second && q.second->module) {
        item.detail = fmt::format("module {}", q.second->module->name.str());
        item.documentation = fmt::format("`{}`", q.second->module->path);
      }
      add(std::move(item), "3");
    }
  }

  void expression() {
    // A plugin without placeholders (python) has nothing to offer in `{{ }}`.
    const plugins::PluginInfo *plugin = ctx_.inTaskScript ? plugins::findPlugin(ctx_.taskPlugin) : nullptr;
    if (plugin && plugin->placeholders == plugins::PlaceholderRule::None)
      return;
    // Innermost names first: they shadow outer ones of the same name.
    for (auto it = ctx_.scope.rbegin(); it != ctx_.scope.rend(); ++it) {
      if (!wants(it->name))
        continue;
      CompletionItem item;
      item.label = it->name;
      item.kind = CompletionKind::Variable;
      item.detail = typeText(typeOfLocal(*it));
      if (it->kind == sema::LocalVar::Kind::Input && item_.entity)
        item.documentation = memberDoc(*item_.entity, SymbolKind::Input, it->name).str();
      add(std::move(item), "1");
    }
    if (ctx_.inTaskScript) {
      // Placeholders name inputs and, where the plugin renders paths, these.
      if (!plugin || plugin->placeholders == plugins::PlaceholderRule::ShellQuoted) {
        scriptName("outputs", "the task's outputs: `outputs.x` is where output x is written");
        scriptName("checkpoint", "a directory kept between attempts of this node");
        scriptName("deck", "a directory for reports (HTML, Markdown, PNG)");
      }
      return;
    }
    moduleNames(/*typesOnly=*/false);
    if (!module_ || !module_->qualifiers.count("std")) {
      CompletionItem item;
      item.label = "std";
      item.kind = CompletionKind::Module;
      item.detail = "the standard library";
      add(std::move(item), "3");
    }
    stdFunctions(/*qualified=*/false);
    for (llvm::StringRef k : {"if", "for", "true", "false", "none", "not"})
      keyword(k, "5");
    if (ctx_.statementStart) {
      keyword("let", "5");
      if (ctx_.item == ItemKind::Test) {
        keyword("assert", "5");
        keyword("mock", "5");
      } else {
        keyword("return", "5");
      }
    }
    if (ctx_.afterBlock)
      keyword("else", "5");
  }

  void scriptName(llvm::StringRef name, llvm::StringRef doc) {
    CompletionItem item;
    item.label = name.str();
    item.kind = CompletionKind::Variable;
    item.documentation = doc.str();
    add(std::move(item), "2");
  }

  /// The pure functions; bare ones a declaration of the same name shadows are left out.
  void stdFunctions(bool qualified) {
    for (const sema::StdFunction &f : sema::allStdFunctions()) {
      if (!qualified && module_ && (module_->entities.count(f.name) || module_->fromImports.count(f.name)))
        continue;
      if (!wants(f.name))
        continue;
      CompletionItem item;
      item.label = f.name.str();
      item.kind = CompletionKind::Function;
      item.detail = f.signature.str();
      item.documentation = f.doc.str();
      if (callSnippets()) {
        item.insertText = f.name.str() + "($0)";
        item.snippet = true;
      }
      add(std::move(item), qualified ? "2" : "4");
    }
  }

  void importedNames() {
    if (!module_)
      return;
    for (const auto &import : module_->imports) {
      if (!import->decl || !import->module || !import->decl->path)
        continue;
      std::optional<std::string> path = ast::plainStringValue(import->decl->path);
      if (!path || *path != ctx_.importPath)
        continue;
      for (const sema::Entity *e : import->module->ordered)
        if (e->kind != EntityKind::Test && !module_->fromImports.count(e->name))
          entity(*e, e->name, "2");
    }
  }

  // ------------------------------------------------------------ members

  void members() {
    Value v = resolve(ctx_.base);
    if (v.module) {
      for (const sema::Entity *e : v.module->ordered) {
        if (e->kind == EntityKind::Test || (ctx_.typesOnly ? !e->isType() : !isValueName(*e)))
          continue;
        entity(*e, e->name, "2");
      }
      if (latest_ && v.module == latest_->program().stdModule && !ctx_.typesOnly)
        stdFunctions(/*qualified=*/true);
      return;
    }
    if (ctx_.typesOnly)
      return;
    const sema::Entity *named = throughAlias(v.entity);
    if (named && named->kind == EntityKind::Enum) {
      const auto &e = static_cast<const sema::EnumInfo &>(*named);
      unsigned i = 0;
      for (llvm::StringRef m : e.members) {
        CompletionItem item;
        item.label = m.str();
        item.kind = CompletionKind::EnumMember;
        item.detail = e.name.str();
        item.documentation = memberDoc(e, SymbolKind::EnumMember, m).str();
        item.sortText = fmt::format("{:04}", ++i);
        add(std::move(item), "2");
      }
      return;
    }
    if (v.taskOutputs) {
      const auto *task = item_.entity && item_.entity->isCallable()
                             ? static_cast<const sema::CallableInfo *>(item_.entity)
                             : nullptr;
      if (task) {
        fields(task->outputs, task, SymbolKind::Output);
      } else {
        for (const std::string &o : ctx_.itemOutputs)
          field(o, "", "", 0);
      }
      return;
    }
    if (v.record) {
      fields(v.record->fields, v.record, SymbolKind::Field);
      return;
    }
    if (!v.type)
      return;
    const sema::Type *t = v.type->withoutNone();
    if (t->kind() == sema::TypeKind::Record && t->record())
      fields(t->record()->fields, t->record(), SymbolKind::Field);
    else if (t->kind() == sema::TypeKind::Outputs) {
      unsigned i = 0;
      for (const sema::NamedType &f : t->fields())
        field(f.name, typeText(f.type), v.from ? memberDoc(*v.from, SymbolKind::Output, f.name) : "", ++i);
    }
  }

  void fields(const std::vector<sema::ParamInfo> &params, const sema::Entity *owner, SymbolKind kind) {
    unsigned i = 0;
    for (const sema::ParamInfo &p : params)
      field(p.name, typeText(p.type), owner ? memberDoc(*owner, kind, p.name) : "", ++i);
  }

  void field(llvm::StringRef name, std::string detail, llvm::StringRef doc, unsigned index) {
    CompletionItem item;
    item.label = name.str();
    item.kind = CompletionKind::Field;
    item.detail = std::move(detail);
    item.documentation = doc.str();
    item.sortText = fmt::format("{:04}", index);
    add(std::move(item), "2");
  }

  /// What the base of a member access denotes, one step at a time.
  Value resolve(llvm::ArrayRef<std::string> base) {
    if (base.empty())
      return {};
    Value v = first(base[0]);
    for (const std::string &step : base.drop_front()) {
      if (!v.valid())
        return {};
      v = next(v, step);
    }
    return v;
  }

  Value first(const std::string &name) {
    for (auto it = ctx_.scope.rbegin(); it != ctx_.scope.rend(); ++it)
      if (it->name == name) {
        Value v;
        v.type = typeOfLocal(*it);
        return v;
      }
    Value v;
    if (ctx_.inTaskScript) {
      v.taskOutputs = name == "outputs";
      return v;
    }
    if (!module_)
      return v;
    const sema::Program &program = latest_->program();
    if ((v.entity = lookupEntity(program, *module_, {name})))
      return v;
    auto q = module_->qualifiers.find(name);
    if (q != module_->qualifiers.end()) {
      v.module = q->second ? q->second->module : nullptr;
      return v;
    }
    if (name == "std")
      v.module = program.stdModule;
    return v;
  }

  Value next(const Value &v, const std::string &step) {
    Value out;
    if (step == "()") {
      if (v.entity && v.entity->isCallable()) {
        const auto *c = static_cast<const sema::CallableInfo *>(v.entity);
        out.type = c->result;
        out.from = c->kind == EntityKind::LaunchPlan && c->target ? c->target : c;
      }
      return out;
    }
    if (step == "[]") {
      const sema::Type *t = v.type ? v.type->withoutNone() : nullptr;
      if (t && (t->kind() == sema::TypeKind::List || t->kind() == sema::TypeKind::Map))
        out.type = t->element();
      return out;
    }
    if (step == "{}") {
      const sema::Entity *named = throughAlias(v.entity);
      if (named && named->kind == EntityKind::Record)
        out.record = static_cast<const sema::RecordInfo *>(named);
      return out;
    }
    if (v.module) {
      out.entity = v.module->entities.lookup(step);
      return out;
    }
    if (v.record) {
      if (const sema::ParamInfo *f = v.record->field(step))
        out.type = f->type;
      return out;
    }
    if (!v.type)
      return out;
    const sema::Type *t = v.type->withoutNone();
    if (t->kind() == sema::TypeKind::Record && t->record()) {
      if (const sema::ParamInfo *f = t->record()->field(step))
        out.type = f->type;
    } else if (t->kind() == sema::TypeKind::Outputs) {
      for (const sema::NamedType &f : t->fields())
        if (f.name == step)
          out.type = f.type;
    }
    return out;
  }

  // ------------------------------------------------------------ locals

  /// The type of a name in scope, from the analysis of its declaration.
  const sema::Type *typeOfLocal(const ScopeName &s) {
    if (!item_.decl)
      return nullptr;
    if (s.kind == sema::LocalVar::Kind::Input) {
      if (item_.entity && item_.entity->isCallable())
        if (const sema::ParamInfo *p = static_cast<const sema::CallableInfo *>(item_.entity)->input(s.name))
          return p->type;
      return nullptr;
    }
    if (!localsRead_) {
      localsRead_ = true;
      const char *begin = item_.decl->range().Start.getPointer();
      const char *end = item_.decl->range().End.getPointer();
      for (const sema::LocalVar &l : item_.analysis->program().locals) {
        const char *at = l.range.Start.getPointer();
        if (at && begin <= at && at < end)
          locals_.push_back(&l);
      }
    }
    // The same name may be declared twice (two loops' `x`): the one at the
    // nearest place relative to the declaration's name wins.
    long want = static_cast<long>(s.offset) - static_cast<long>(ctx_.itemNameOffset);
    const char *anchor = item_.decl->name.range.Start.getPointer();
    const sema::LocalVar *best = nullptr;
    long bestDistance = 0;
    for (const sema::LocalVar *l : locals_) {
      if (l->name != s.name || l->kind != s.kind)
        continue;
      long distance = std::labs(static_cast<long>(l->range.Start.getPointer() - anchor) - want);
      if (!best || distance < bestDistance) {
        best = l;
        bestDistance = distance;
      }
    }
    return best ? best->type : nullptr;
  }

  const CursorContext &ctx_;
  llvm::StringRef text_;
  bool snippets_;
  LineTable lines_;
  std::shared_ptr<const Analysis> latest_;
  std::shared_ptr<const Analysis> parsed_;
  const sema::ModuleInfo *module_ = nullptr;
  ItemView item_;
  bool localsRead_ = false;
  std::vector<const sema::LocalVar *> locals_;
  Range replace_;
  bool parenFollows_ = false;
  llvm::StringSet<> seen_;
  std::vector<CompletionItem> items_;
};

} // namespace

std::vector<CompletionItem> codeComplete(Workspace &workspace, llvm::StringRef path, Position position,
                                         bool snippets) {
  std::optional<std::string> text = workspace.textOf(path); // the open document's, else the file's
  if (!text)
    return {};
  LineTable lines(*text);
  size_t offset = lines.offsetAt(position);
  std::shared_ptr<const Analysis> latest = workspace.latest(path);
  CursorContext ctx = cursorContext(*text, offset, itemStartBefore(*text, offset, latest.get()));
  return Completer(workspace, path, *text, ctx, snippets).run();
}

} // namespace flytec::ide
