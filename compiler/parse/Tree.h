// Internal to compiler/parse: reading ANTLR parse trees by their children.
//
// The generated accessors (ctx->expression(), ctx->ident(), ...) each scan
// all children with dynamic_cast, which made building the AST cost more
// than parsing. These helpers classify a child with one typeid and compare
// rule indices and token types instead. They never assume a child exists: a
// tree the parser recovered from may lack any of them.
#pragma once

#include <antlr4-runtime.h>

#include <typeinfo>
#include <vector>

namespace flytec::parse::tree {

using Ctx = antlr4::ParserRuleContext;

/// The token of a terminal child; null for rules and for error nodes (tokens
/// conjured or skipped by error recovery).
inline antlr4::Token *token(antlr4::tree::ParseTree *node) {
  if (node && typeid(*node) == typeid(antlr4::tree::TerminalNodeImpl))
    return static_cast<antlr4::tree::TerminalNode *>(node)->getSymbol();
  return nullptr;
}

/// The rule context of a child that is one; null for terminals and errors.
inline Ctx *rule(antlr4::tree::ParseTree *node) {
  if (!node || typeid(*node) == typeid(antlr4::tree::TerminalNodeImpl) ||
      typeid(*node) == typeid(antlr4::tree::ErrorNodeImpl))
    return nullptr;
  return static_cast<Ctx *>(node);
}

inline size_t tokenType(antlr4::tree::ParseTree *node) {
  antlr4::Token *t = token(node);
  return t ? t->getType() : size_t(-1);
}

inline size_t ruleIndex(antlr4::tree::ParseTree *node) {
  Ctx *r = rule(node);
  return r ? r->getRuleIndex() : size_t(-1);
}

/// The i-th child if it exists.
inline antlr4::tree::ParseTree *child(Ctx *ctx, size_t i) {
  return ctx && i < ctx->children.size() ? ctx->children[i] : nullptr;
}

/// The first child rule with index `ruleIndex`, or null.
inline Ctx *find(Ctx *ctx, size_t index) {
  if (!ctx)
    return nullptr;
  for (antlr4::tree::ParseTree *c : ctx->children)
    if (Ctx *r = rule(c); r && r->getRuleIndex() == index)
      return r;
  return nullptr;
}

/// Every child rule with index `ruleIndex`.
inline std::vector<Ctx *> findAll(Ctx *ctx, size_t index) {
  std::vector<Ctx *> out;
  if (!ctx)
    return out;
  for (antlr4::tree::ParseTree *c : ctx->children)
    if (Ctx *r = rule(c); r && r->getRuleIndex() == index)
      out.push_back(r);
  return out;
}

/// The first terminal child of token type `type`, or null.
inline antlr4::Token *findToken(Ctx *ctx, size_t type) {
  if (!ctx)
    return nullptr;
  for (antlr4::tree::ParseTree *c : ctx->children)
    if (antlr4::Token *t = token(c); t && t->getType() == type)
      return t;
  return nullptr;
}

/// The token of a rule that matched exactly one real token (ident, label,
/// literal, stringLit), or null.
inline antlr4::Token *onlyToken(Ctx *ctx) {
  if (!ctx || ctx->children.size() != 1)
    return nullptr;
  return token(ctx->children.front());
}

} // namespace flytec::parse::tree
