#include "ide/Describe.h"

#include "sema/StdFunctions.h"

#include <fmt/format.h>

namespace flytec::ide {

namespace {

llvm::StringRef sourceText(llvm::SMRange range) {
  if (!range.Start.isValid() || !range.End.isValid())
    return {};
  return llvm::StringRef(range.Start.getPointer(), range.End.getPointer() - range.Start.getPointer());
}

std::string typeText(const sema::Type *type) { return type ? type->str() : std::string("?"); }

std::string paramList(const std::vector<sema::ParamInfo> &params) {
  std::string out;
  for (const sema::ParamInfo &p : params)
    out += (out.empty() ? "" : ", ") + paramText(p);
  return out;
}

std::string codeBlock(llvm::StringRef code, llvm::StringRef doc) {
  std::string out = fmt::format("```flyte\n{}\n```", code.str());
  if (!doc.empty())
    out += "\n\n" + doc.str();
  return out;
}

const sema::ParamInfo *member(const sema::Entity &owner, SymbolKind kind, llvm::StringRef name) {
  if (owner.kind == sema::EntityKind::Record)
    return static_cast<const sema::RecordInfo &>(owner).field(name);
  if (!owner.isCallable())
    return nullptr;
  const auto &c = static_cast<const sema::CallableInfo &>(owner);
  return kind == SymbolKind::Output ? c.output(name) : c.input(name);
}

} // namespace

std::string paramText(const sema::ParamInfo &param) {
  std::string out = fmt::format("{}: {}", param.name.str(), typeText(param.type));
  if (param.param && param.param->defaultValue)
    out += " = " + sourceText(param.param->defaultValue->range()).str();
  return out;
}

std::string signatureOf(const sema::CallableInfo &c) {
  if (c.kind == sema::EntityKind::LaunchPlan)
    return fmt::format("launchplan {} for {}({})", c.name.str(), c.target ? c.target->name.str() : "?",
                       paramList(c.inputs));
  llvm::StringRef keyword = c.kind == sema::EntityKind::Task ? "task" : c.dynamic ? "dynamic" : "workflow";
  std::string out = fmt::format("{} {}({})", keyword.str(), c.name.str(), paramList(c.inputs));
  if (!c.outputs.empty()) {
    std::string outs;
    for (const sema::ParamInfo &p : c.outputs)
      outs += (outs.empty() ? "" : ", ") + fmt::format("{}: {}", p.name.str(), typeText(p.type));
    out += " -> (" + outs + ")";
  }
  return out;
}

std::string declarationText(const sema::Entity &entity) {
  switch (entity.kind) {
  case sema::EntityKind::Record: {
    const auto &r = static_cast<const sema::RecordInfo &>(entity);
    std::string out = fmt::format("record {} {{", r.name.str());
    for (const sema::ParamInfo &f : r.fields)
      out += "\n  " + paramText(f);
    return out + (r.fields.empty() ? "}" : "\n}");
  }
  case sema::EntityKind::Enum: {
    const auto &e = static_cast<const sema::EnumInfo &>(entity);
    std::string members;
    for (llvm::StringRef m : e.members)
      members += (members.empty() ? "" : ", ") + m.str();
    return fmt::format("enum {} {{ {} }}", e.name.str(), members);
  }
  case sema::EntityKind::Alias: {
    const auto &a = static_cast<const sema::AliasInfo &>(entity);
    return fmt::format("type {} = {}", a.name.str(), typeText(a.target));
  }
  case sema::EntityKind::Task:
  case sema::EntityKind::Workflow:
  case sema::EntityKind::LaunchPlan:
    return signatureOf(static_cast<const sema::CallableInfo &>(entity));
  case sema::EntityKind::Test:
    return fmt::format("test \"{}\"", entity.name.str());
  }
  return entity.name.str();
}

llvm::StringRef memberDoc(const sema::Entity &owner, SymbolKind kind, llvm::StringRef name) {
  if (kind == SymbolKind::EnumMember) {
    if (const auto *decl = llvm::dyn_cast<ast::EnumDecl>(owner.decl))
      for (const ast::EnumMember &m : decl->members)
        if (m.name.name == name)
          return m.doc;
    return {};
  }
  const sema::ParamInfo *p = member(owner, kind, name);
  return p && p->param ? p->param->doc : llvm::StringRef();
}

std::string describe(const sema::Program &program, const Occurrence &o) {
  (void)program;
  const sema::Entity *entity = o.entity;
  switch (o.kind()) {
  case SymbolKind::Record:
  case SymbolKind::Enum:
  case SymbolKind::Alias:
  case SymbolKind::Task:
  case SymbolKind::Workflow:
  case SymbolKind::LaunchPlan: {
    if (!entity)
      return {};
    std::string doc = entity->decl->doc.str();
    if (entity->deprecated)
      doc = "**Deprecated**" + (entity->deprecationMessage.empty() ? "" : ": " + entity->deprecationMessage) +
            (doc.empty() ? "" : "\n\n" + doc);
    if (entity->module && !entity->module->isStdlib && entity->module->ast)
      doc += (doc.empty() ? "" : "\n\n") + fmt::format("*module* `{}`", entity->module->name.str());
    return codeBlock(declarationText(*entity), doc);
  }
  case SymbolKind::Input:
  case SymbolKind::Output:
  case SymbolKind::Field: {
    if (!entity)
      return {};
    const sema::ParamInfo *p = member(*entity, o.kind(), o.key.member);
    std::string code = p ? paramText(*p) : o.key.member;
    std::string where = fmt::format("{} of {} {}", symbolKindName(o.kind()).str(), entity->kindName().str(),
                                    entity->name.str());
    llvm::StringRef doc = memberDoc(*entity, o.kind(), o.key.member);
    return codeBlock(fmt::format("({}) {}", symbolKindName(o.kind()).str(), code),
                     doc.empty() ? where : doc.str() + "\n\n" + where);
  }
  case SymbolKind::EnumMember:
    if (!entity)
      return {};
    return codeBlock(fmt::format("{}.{}", entity->name.str(), o.key.member),
                     memberDoc(*entity, SymbolKind::EnumMember, o.key.member));
  case SymbolKind::Variable: {
    if (!o.local)
      return {};
    llvm::StringRef intro = o.local->kind == sema::LocalVar::Kind::LoopVar ? "for" : "let";
    return codeBlock(fmt::format("{} {}: {}", intro.str(), o.local->name.str(), typeText(o.local->type)), "");
  }
  case SymbolKind::Module:
    if (!o.module)
      return {};
    return codeBlock(fmt::format("module {}", o.module->ast ? o.module->ast->name.str() : o.module->name.str()),
                     o.module->isStdlib ? "the standard library" : "`" + o.module->path + "`");
  case SymbolKind::StdFunction:
    if (const sema::StdFunction *f = sema::findStdFunction(o.key.member))
      return codeBlock(f->signature, f->doc);
    return {};
  }
  return {};
}

} // namespace flytec::ide
