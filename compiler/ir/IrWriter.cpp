// Writes the IR's JSON form, streaming: a 100,000-node graph is written
// without building a document first (building one with nlohmann took most
// of `flytec compile` and a gigabyte; docs/architecture.md). Keys are
// written in sorted order by hand — every object below lists its fields
// alphabetically — so the output is exactly what nlohmann's `dump(2)` of
// the same document would be, which the reader relies on for byte-identical
// round trips (test/unit/IrJsonTest.cpp checks it). Optional fields are
// written only when set.
#include "ir/IrJson.h"

#include "ir/Hashing.h"

#include <llvm/Support/Compiler.h>
#include <llvm/Support/JSON.h>
#include <llvm/Support/raw_ostream.h>

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cstring>
#include <memory>

namespace flytec::ir {

using nlohmann::json;

std::string durationString(int64_t millis) {
  if (millis % 1000 == 0)
    return fmt::format("{}s", millis / 1000);
  // The magnitude in unsigned arithmetic: -INT64_MIN does not fit in int64_t.
  uint64_t magnitude = millis < 0 ? 0 - uint64_t(millis) : uint64_t(millis);
  return fmt::format("{}{}.{:03}s", millis < 0 ? "-" : "", magnitude / 1000, magnitude % 1000);
}

namespace {

/// The JSON text llvm::json::OStream writes, byte for byte (its layout,
/// its string escapes, its replacement of invalid UTF-8), without its
/// costs: no json::Value (a copy and an allocation) per string, no
/// function_ref per object. Output collects in a buffer flushed to the
/// stream in large pieces.
/// An object key: a literal of the writer's own (an ASCII name, written as
/// it is) or a name from the IR (quoted like any string).
struct Key {
  template <size_t N> Key(const char (&literal)[N]) : text(literal, N - 1), plain(true) {}
  Key(llvm::StringRef name) : text(name), plain(false) {}
  Key(const std::string &name) : text(name), plain(false) {}
  llvm::StringRef text;
  bool plain;
};

class JsonOut {
public:
  JsonOut(llvm::raw_ostream &os, unsigned indentSize)
      : os(os), indentSize(indentSize), storage(new char[kCapacity]), cur(storage.get()),
        end(storage.get() + kCapacity) {
    stack.push_back({Ctx::Singleton, false});
  }
  ~JsonOut() { flush(); }

  void flush() {
    os.write(storage.get(), cur - storage.get());
    cur = storage.get();
  }

  template <typename F> void object(F &&body) {
    objectBegin();
    body();
    objectEnd();
  }
  template <typename F> void array(F &&body) {
    arrayBegin();
    body();
    arrayEnd();
  }
  template <typename F> void attributeObject(Key key, F &&body) {
    attributeBegin(key);
    object(body);
    attributeEnd();
  }
  template <typename F> void attributeArray(Key key, F &&body) {
    attributeBegin(key);
    array(body);
    attributeEnd();
  }
  void attribute(Key key, llvm::StringRef v) {
    attributeBegin(key);
    value(v);
    attributeEnd();
  }
  void attribute(Key key, const char *v) { attribute(key, llvm::StringRef(v)); }
  void attribute(Key key, const std::string &v) { attribute(key, llvm::StringRef(v)); }
  void attributeBool(Key key, bool v) {
    attributeBegin(key);
    rawValue(v ? "true" : "false");
    attributeEnd();
  }
  void attributeInt(Key key, int64_t v) {
    attributeBegin(key);
    intValue(v);
    attributeEnd();
  }

  LLVM_ATTRIBUTE_ALWAYS_INLINE void value(llvm::StringRef s) {
    valueBegin();
    quote(s);
  }
  void intValue(int64_t v) {
    valueBegin();
    room(24);
    cur = std::to_chars(cur, end, v).ptr;
  }
  void rawValue(llvm::StringRef text) {
    valueBegin();
    put(text);
  }

  LLVM_ATTRIBUTE_ALWAYS_INLINE void attributeBegin(Key key) {
    State &top = stack.back();
    if (top.hasValue)
      put(',');
    newline();
    top.hasValue = true;
    stack.push_back({Ctx::Singleton, false});
    if (key.plain) {
      room(key.text.size() + 2);
      *cur++ = '"';
      memcpy(cur, key.text.data(), key.text.size());
      cur += key.text.size();
      *cur++ = '"';
    } else {
      quote(key.text);
    }
    put(':');
    if (indentSize)
      put(' ');
  }
  LLVM_ATTRIBUTE_ALWAYS_INLINE void attributeEnd() { stack.pop_back(); }

private:
  enum class Ctx : uint8_t { Singleton, Array, Object };
  struct State {
    Ctx ctx;
    bool hasValue;
  };
  static constexpr size_t kCapacity = 1 << 16;

  /// Makes room for `n` bytes (n < kCapacity).
  LLVM_ATTRIBUTE_ALWAYS_INLINE void room(size_t n) {
    if (size_t(end - cur) < n)
      flush();
  }
  LLVM_ATTRIBUTE_ALWAYS_INLINE void put(char c) {
    if (cur == end)
      flush();
    *cur++ = c;
  }
  LLVM_ATTRIBUTE_ALWAYS_INLINE void put(llvm::StringRef s) {
    if (size_t(end - cur) < s.size()) {
      flush();
      if (s.size() >= kCapacity) {
        os.write(s.data(), s.size());
        return;
      }
    }
    memcpy(cur, s.data(), s.size());
    cur += s.size();
  }

  LLVM_ATTRIBUTE_ALWAYS_INLINE void valueBegin() {
    State &top = stack.back();
    if (top.hasValue)
      put(',');
    if (top.ctx == Ctx::Array)
      newline();
    top.hasValue = true;
  }
  LLVM_ATTRIBUTE_ALWAYS_INLINE void newline() {
    if (indentSize) {
      if (indent + 1 >= kCapacity) {
        put('\n');
        for (unsigned i = 0; i < indent; ++i)
          put(' ');
        return;
      }
      room(indent + 1);
      *cur++ = '\n';
      memset(cur, ' ', indent);
      cur += indent;
    }
  }
  void objectBegin() { open(Ctx::Object, '{'); }
  void objectEnd() { close('}'); }
  void arrayBegin() { open(Ctx::Array, '['); }
  void arrayEnd() { close(']'); }
  void open(Ctx ctx, char bracket) {
    valueBegin();
    stack.push_back({ctx, false});
    indent += indentSize;
    put(bracket);
  }
  void close(char bracket) {
    indent -= indentSize;
    if (stack.back().hasValue)
      newline();
    put(bracket);
    stack.pop_back();
  }

  /// A JSON string as llvm::json writes one: `"` and `\` escaped, control
  /// characters as \t, \n, \r or \u00XX, everything else as is; invalid
  /// UTF-8 replaced (U+FFFD) as json::Value does.
  LLVM_ATTRIBUTE_ALWAYS_INLINE void quote(llvm::StringRef s) {
    // The common case, plain ASCII without escapes, in one scan.
    const char *p = s.begin(), *e = s.end();
    while (p != e && kPlain[uint8_t(*p)])
      ++p;
    if (p == e) {
      room(2);
      put('"');
      put(s);
      put('"');
      return;
    }
    for (const char *q = p; q != e; ++q)
      if (uint8_t(*q) >= 0x80) {
        if (!llvm::json::isUTF8(s)) {
          std::string fixed = llvm::json::fixUTF8(s);
          quoteValid(fixed);
          return;
        }
        break;
      }
    quoteValid(s);
  }
  void quoteValid(llvm::StringRef s) {
    put('"');
    const char *run = s.begin();
    for (const char *p = s.begin(); p != s.end(); ++p) {
      unsigned char c = *p;
      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      put(llvm::StringRef(run, p - run));
      run = p + 1;
      room(6);
      *cur++ = '\\';
      switch (c) {
      case '"':
      case '\\':
        *cur++ = char(c);
        break;
      case '\t':
        *cur++ = 't';
        break;
      case '\n':
        *cur++ = 'n';
        break;
      case '\r':
        *cur++ = 'r';
        break;
      default: {
        static const char hex[] = "0123456789abcdef";
        *cur++ = 'u';
        *cur++ = '0';
        *cur++ = '0';
        *cur++ = hex[c >> 4];
        *cur++ = hex[c & 15];
        break;
      }
      }
    }
    put(llvm::StringRef(run, s.end() - run));
    put('"');
  }

  /// Bytes written as they are without a UTF-8 check: ASCII but control
  /// characters, `"` and `\`.
  static constexpr std::array<bool, 256> kPlain = [] {
    std::array<bool, 256> t{};
    for (int c = 0x20; c < 0x80; ++c)
      t[c] = c != '"' && c != '\\';
    return t;
  }();

  llvm::raw_ostream &os;
  unsigned indentSize;
  unsigned indent = 0;
  std::unique_ptr<char[]> storage;
  char *cur;
  char *end;
  llvm::SmallVector<State, 32> stack;
};

class Writer {
public:
  /// `canonical`: leave out what does not change behaviour (locations,
  /// docs, hashes, annotations), for content hashes. `typesSeen`, when
  /// given, gets a mark at the id of every type written.
  Writer(const Package &package, llvm::raw_ostream &os, bool canonical, std::vector<bool> *typesSeen = nullptr,
         bool compact = false)
      : package(package), types(package.types), j(os, canonical || compact ? 0 : 2), canonical(canonical),
        typesSeen(typesSeen) {}

  void packageOut() {
    j.object([&] {
      j.attributeInt("flyte_ir", kIrVersion);
      j.attributeObject("launch_plans", [&] {
        for (const auto &[name, lp] : package.launchPlans)
          j.attributeBegin(name), launchPlan(lp), j.attributeEnd();
      });
      j.attributeArray("modules", [&] {
        for (const ModuleRef &m : package.modules)
          j.object([&] {
            j.attribute("file", m.file);
            j.attribute("name", m.name);
          });
      });
      j.attribute("root", package.root);
      j.attributeObject("tasks", [&] {
        for (const auto &[name, t] : package.tasks)
          j.attributeBegin(name), task(t), j.attributeEnd();
      });
      j.attributeObject("types", [&] {
        // Records and enums share one namespace; merge the two sorted maps.
        auto r = package.records.begin(), re = package.records.end();
        auto e = package.enums.begin(), ee = package.enums.end();
        while (r != re || e != ee) {
          if (e == ee || (r != re && r->first < e->first)) {
            j.attributeBegin(r->first), record(r->second), j.attributeEnd();
            ++r;
          } else {
            j.attributeBegin(e->first), enumDef(e->second), j.attributeEnd();
            ++e;
          }
        }
      });
      j.attributeObject("workflows", [&] {
        for (const auto &[name, w] : package.workflows)
          j.attributeBegin(name), workflow(w), j.attributeEnd();
      });
    });
  }

  void task(const Task &t) {
    j.object([&] {
      if (!t.builtin.empty())
        j.attribute("builtin", t.builtin);
      if (t.cache)
        j.attributeObject("cache", [&] {
          j.attributeArray("ignore", [&] {
            for (const std::string &i : t.cache->ignore)
              j.value(i);
          });
          j.attributeBool("serialize", t.cache->serialize);
          j.attribute("version", t.cache->version);
        });
      j.attributeBegin("config"), value(t.config), j.attributeEnd();
      doc(t.doc);
      hash(t.hash);
      params("inputs", t.inputs);
      loc(t.loc);
      j.attribute("module", t.module);
      params("outputs", t.outputs);
      j.attribute("plugin", t.plugin);
      if (!t.pool.empty())
        j.attribute("pool", t.pool);
      if (t.script)
        j.attributeArray("script", [&] {
          for (const ScriptPart &p : *t.script) {
            if (p.placeholder)
              j.object([&] { j.attribute("placeholder", p.text); });
            else
              j.value(p.text);
          }
        });
      settings(t.settings);
    });
  }

  void workflow(const Workflow &w) {
    j.object([&] {
      doc(w.doc);
      j.attributeBool("dynamic", w.dynamic);
      j.attribute("failure_policy", w.continueOnFailure ? "continue" : "fail_fast");
      hash(w.hash);
      params("inputs", w.graph.inputs);
      loc(w.loc);
      j.attribute("module", w.module);
      nodes(w.graph);
      if (!w.onFailure.empty())
        j.attribute("on_failure", w.onFailure);
      ports("outputs", w.graph.outputs);
    });
  }

  void launchPlan(const LaunchPlan &lp) {
    j.object([&] {
      j.attributeObject("defaults", [&] {
        for (const auto &[k, v] : lp.defaults)
          j.attributeBegin(k), value(v), j.attributeEnd();
      });
      doc(lp.doc);
      j.attributeObject("fixed", [&] {
        for (const auto &[k, v] : lp.fixed)
          j.attributeBegin(k), value(v), j.attributeEnd();
      });
      hash(lp.hash);
      loc(lp.loc);
      j.attribute("module", lp.module);
      j.attributeBegin("notify"), value(lp.notify), j.attributeEnd();
      if (lp.schedule)
        j.attributeObject("schedule", [&] {
          if (!lp.schedule->cron.empty())
            j.attribute("cron", lp.schedule->cron);
          if (lp.schedule->everyMs)
            j.attribute("every", durationString(*lp.schedule->everyMs));
          if (!lp.schedule->kickoffInput.empty())
            j.attribute("kickoff_input", lp.schedule->kickoffInput);
        });
      j.attribute("workflow", lp.workflow);
    });
  }

private:
  /// An nlohmann value, streamed. Scalars are printed by nlohmann itself so
  /// numbers look exactly as its dump prints them (shortest round-trip).
  void value(const json &v) {
    switch (v.type()) {
    case json::value_t::array:
      j.array([&] {
        for (const json &x : v)
          value(x);
      });
      return;
    case json::value_t::object:
      j.object([&] {
        for (const auto &[k, x] : v.items())
          j.attributeBegin(k), value(x), j.attributeEnd();
      });
      return;
    case json::value_t::string:
      j.value(v.get_ref<const std::string &>());
      return;
    case json::value_t::number_integer:
      j.intValue(v.get<int64_t>());
      return;
    case json::value_t::boolean:
      j.rawValue(v.get<bool>() ? "true" : "false");
      return;
    case json::value_t::null:
      j.rawValue("null");
      return;
    default:
      j.rawValue(v.dump());
      return;
    }
  }

  /// As typeToJson would give it, written directly.
  void type(TypeId id) {
    if (typesSeen)
      (*typesSeen)[id] = true;
    const TypeData &d = types[id];
    switch (d.kind) {
    case TypeKind::None:
    case TypeKind::Int:
    case TypeKind::Float:
    case TypeKind::Bool:
    case TypeKind::String:
    case TypeKind::Datetime:
    case TypeKind::Duration:
    case TypeKind::Json:
    case TypeKind::Dir:
      j.value(scalarTypeName(d.kind));
      return;
    case TypeKind::File:
      if (d.name.empty())
        j.value("file");
      else
        j.object([&] { j.attribute("file", d.name); });
      return;
    case TypeKind::Dataframe:
      if (!d.hasSchema) {
        j.value("dataframe");
        return;
      }
      j.object([&] {
        j.attributeArray("dataframe", [&] {
          for (const Column &c : d.columns)
            j.object([&] {
              j.attribute("name", c.name);
              j.attributeBegin("type"), type(c.type), j.attributeEnd();
            });
        });
      });
      return;
    case TypeKind::List:
      j.object([&] { j.attributeBegin("list"), type(d.element), j.attributeEnd(); });
      return;
    case TypeKind::Map:
      j.object([&] { j.attributeBegin("map"), type(d.element), j.attributeEnd(); });
      return;
    case TypeKind::Union:
      j.object([&] {
        j.attributeArray("union", [&] {
          for (TypeId m : d.members)
            type(m);
        });
      });
      return;
    case TypeKind::Record:
      j.object([&] { j.attribute("record", d.name); });
      return;
    case TypeKind::Enum:
      j.object([&] { j.attribute("enum", d.name); });
      return;
    }
    j.rawValue("null");
  }

  void doc(const std::string &d) {
    if (!d.empty() && !canonical)
      j.attribute("doc", d);
  }
  void loc(const std::string &l) {
    if (!canonical)
      j.attribute("loc", l);
  }
  void hash(const std::string &h) {
    if (!canonical)
      j.attribute("hash", h);
  }

  void param(const Param &p) {
    j.object([&] {
      if (p.defaultValue)
        j.attributeBegin("default"), value(*p.defaultValue), j.attributeEnd();
      doc(p.doc);
      j.attribute("name", p.name);
      j.attributeBegin("type"), type(p.type), j.attributeEnd();
    });
  }

  void params(Key key, const std::vector<Param> &ps) {
    j.attributeArray(key, [&] {
      for (const Param &p : ps)
        param(p);
    });
  }

  void binding(const Binding &b) {
    j.object([&] {
      switch (b.kind) {
      case Binding::Kind::Const:
        j.attributeBegin("value"), value(b.value), j.attributeEnd();
        return;
      case Binding::Kind::Input:
        j.attribute("input", b.ref);
        return;
      case Binding::Kind::Node:
        j.attribute("node", b.ref);
        j.attribute("output", b.output);
        return;
      }
    });
  }

  void ports(Key key, const std::vector<Port> &ps) {
    j.attributeArray(key, [&] {
      for (const Port &p : ps)
        j.object([&] {
          j.attributeBegin("from"), binding(p.binding), j.attributeEnd();
          j.attribute("name", p.name);
          j.attributeBegin("type"), type(p.type), j.attributeEnd();
        });
    });
  }

  void resources(Key key, const Resources &r) {
    j.attributeObject(key, [&] {
      if (r.cpu)
        j.attributeBegin("cpu"), value(*r.cpu), j.attributeEnd();
      if (r.gpu)
        j.attributeInt("gpu", *r.gpu);
      if (r.memory)
        j.attributeInt("memory", *r.memory);
    });
  }

  void settings(const Settings &s) {
    bool any = s.retries || s.timeoutMs || s.requests || s.limits || s.interruptible || s.concurrency ||
               s.minSuccessRatio;
    if (!any)
      return;
    j.attributeObject("settings", [&] {
      if (s.concurrency)
        j.attributeInt("concurrency", *s.concurrency);
      if (s.interruptible)
        j.attributeBool("interruptible", *s.interruptible);
      if (s.limits)
        resources("limits", *s.limits);
      if (s.minSuccessRatio)
        j.attributeBegin("min_success_ratio"), value(*s.minSuccessRatio), j.attributeEnd();
      if (s.requests)
        resources("requests", *s.requests);
      if (s.retries)
        j.attributeInt("retries", *s.retries);
      if (s.timeoutMs)
        j.attribute("timeout", durationString(*s.timeoutMs));
    });
  }

  void expr(ExprId id) {
    const Expr &e = package.exprs[id];
    j.object([&] {
      if (!e.args.empty())
        j.attributeArray("args", [&] {
          for (ExprId a : e.args)
            expr(a);
        });
      if (!e.name.empty())
        j.attribute("name", e.name);
      if (!e.names.empty())
        j.attributeArray("names", [&] {
          for (const std::string &n : e.names)
            j.value(n);
        });
      j.attribute("op", exprOpName(e.op));
      j.attributeBegin("type"), type(e.type), j.attributeEnd();
      if (e.op == ExprOp::Const)
        j.attributeBegin("value"), value(e.value), j.attributeEnd();
    });
  }

  void graph(const Graph &g) {
    j.object([&] {
      params("inputs", g.inputs);
      nodes(g);
      ports("outputs", g.outputs);
    });
  }

  void nodes(const Graph &g) {
    j.attributeArray("nodes", [&] {
      for (const Node &n : g.nodes)
        node(n);
    });
  }

  void node(const Node &n) {
    j.object([&] {
      if (!n.after.empty())
        j.attributeArray("after", [&] {
          for (const std::string &a : n.after)
            j.value(a);
        });
      if (n.kind == NodeKind::Map && !n.bodies.empty())
        j.attributeBegin("body"), graph(n.bodies.front()), j.attributeEnd();
      if (n.kind == NodeKind::Branch)
        j.attributeArray("cases", [&] {
          for (size_t i = 0; i < n.bodies.size(); ++i)
            j.object([&] {
              j.attributeBegin("graph"), graph(n.bodies[i]), j.attributeEnd();
              if (i < n.conditions.size())
                j.attributeBegin("when"), expr(n.conditions[i]), j.attributeEnd();
            });
        });
      if (n.criticalPath && !canonical)
        j.attributeInt("critical_path", *n.criticalPath);
      if (n.expr != kNoExpr)
        j.attributeBegin("expr"), expr(n.expr), j.attributeEnd();
      j.attribute("id", n.id);
      ports("inputs", n.inputs);
      if (n.kind == NodeKind::Map)
        j.attribute("iterate", n.iterate);
      j.attribute("kind", nodeKindName(n.kind));
      if (n.launchPlan)
        j.attributeBool("launch_plan", true);
      loc(n.loc);
      params("outputs", n.outputs);
      settings(n.settings);
      if (!n.target.empty())
        j.attribute("target", n.target);
    });
  }

public:
  void record(const RecordDef &r) {
    j.object([&] {
      doc(r.doc);
      params("fields", r.fields);
      j.attribute("kind", "record");
      j.attribute("module", r.module);
    });
  }

  void enumDef(const EnumDef &e) {
    j.object([&] {
      doc(e.doc);
      j.attribute("kind", "enum");
      j.attributeArray("members", [&] {
        for (const std::string &m : e.members)
          j.value(m);
      });
      j.attribute("module", e.module);
    });
  }

private:
  const Package &package;
  const TypeTable &types;
  JsonOut j;
  bool canonical;
  std::vector<bool> *typesSeen;
};

/// Feeds everything written to it into a SHA-256.
class HashStream : public llvm::raw_ostream {
public:
  explicit HashStream(Sha256 &sha) : raw_ostream(/*unbuffered=*/true), sha(sha) {}

private:
  void write_impl(const char *ptr, size_t size) override {
    sha.update(llvm::StringRef(ptr, size));
    pos += size;
  }
  uint64_t current_pos() const override { return pos; }
  Sha256 &sha;
  uint64_t pos = 0;
};

template <typename Entity>
void streamCanonical(const Package &package, const Entity &e, Sha256 &sha, std::vector<bool> *typesSeen) {
  HashStream out(sha);
  Writer w(package, out, /*canonical=*/true, typesSeen);
  if constexpr (std::is_same_v<Entity, Task>)
    w.task(e);
  else if constexpr (std::is_same_v<Entity, Workflow>)
    w.workflow(e);
  else if constexpr (std::is_same_v<Entity, LaunchPlan>)
    w.launchPlan(e);
  else if constexpr (std::is_same_v<Entity, RecordDef>)
    w.record(e);
  else
    w.enumDef(e);
}

template <typename Entity> std::string hashOf(const Package &package, const Entity &e, llvm::StringRef extra) {
  Sha256 sha;
  streamCanonical(package, e, sha, nullptr);
  sha.update(extra);
  std::array<uint8_t, 32> digest = sha.final();
  return "sha256:" + llvm::toHex(llvm::ArrayRef<uint8_t>(digest.data(), 8), /*LowerCase=*/true);
}

} // namespace

json typeToJson(const TypeTable &types, TypeId id) {
  const TypeData &d = types[id];
  switch (d.kind) {
  case TypeKind::None:
  case TypeKind::Int:
  case TypeKind::Float:
  case TypeKind::Bool:
  case TypeKind::String:
  case TypeKind::Datetime:
  case TypeKind::Duration:
  case TypeKind::Json:
  case TypeKind::Dir:
    return types.str(id);
  case TypeKind::File:
    return d.name.empty() ? json("file") : json{{"file", d.name}};
  case TypeKind::Dataframe: {
    if (!d.hasSchema)
      return "dataframe";
    json columns = json::array();
    for (const Column &c : d.columns)
      columns.push_back({{"name", c.name}, {"type", typeToJson(types, c.type)}});
    return {{"dataframe", columns}};
  }
  case TypeKind::List:
    return {{"list", typeToJson(types, d.element)}};
  case TypeKind::Map:
    return {{"map", typeToJson(types, d.element)}};
  case TypeKind::Union: {
    json members = json::array();
    for (TypeId m : d.members)
      members.push_back(typeToJson(types, m));
    return {{"union", members}};
  }
  case TypeKind::Record:
    return {{"record", d.name}};
  case TypeKind::Enum:
    return {{"enum", d.name}};
  }
  return nullptr;
}

json exprToJson(const Package &package, ExprId id) {
  const Expr &e = package.exprs[id];
  json out = {{"op", exprOpName(e.op)}, {"type", typeToJson(package.types, e.type)}};
  if (e.op == ExprOp::Const)
    out["value"] = e.value;
  if (!e.name.empty())
    out["name"] = e.name;
  if (!e.args.empty()) {
    json args = json::array();
    for (ExprId a : e.args)
      args.push_back(exprToJson(package, a));
    out["args"] = std::move(args);
  }
  if (!e.names.empty())
    out["names"] = e.names;
  return out;
}

void writeIr(const Package &package, llvm::raw_ostream &os) {
  {
    Writer w(package, os, /*canonical=*/false);
    w.packageOut();
  }
  os << "\n";
}

void writeIrCompact(const Package &package, llvm::raw_ostream &os) {
  {
    Writer w(package, os, /*canonical=*/false, nullptr, /*compact=*/true);
    w.packageOut();
  }
  os << "\n";
}

std::string writeIr(const Package &package) {
  std::string text;
  llvm::raw_string_ostream os(text);
  writeIr(package, os);
  os.flush();
  return text;
}

json toJson(const Package &package) { return json::parse(writeIr(package)); }

std::string canonicalHash(const Package &package, const Task &task, llvm::StringRef extra) {
  return hashOf(package, task, extra);
}
std::string canonicalHash(const Package &package, const Workflow &workflow, llvm::StringRef extra) {
  return hashOf(package, workflow, extra);
}
std::string canonicalHash(const Package &package, const LaunchPlan &plan, llvm::StringRef extra) {
  return hashOf(package, plan, extra);
}

void hashCanonical(const Package &package, const Task &task, Sha256 &sha, std::vector<bool> *typesSeen) {
  streamCanonical(package, task, sha, typesSeen);
}
void hashCanonical(const Package &package, const Workflow &workflow, Sha256 &sha,
                   std::vector<bool> *typesSeen) {
  streamCanonical(package, workflow, sha, typesSeen);
}
void hashCanonical(const Package &package, const LaunchPlan &plan, Sha256 &sha, std::vector<bool> *typesSeen) {
  streamCanonical(package, plan, sha, typesSeen);
}
void hashCanonical(const Package &package, const RecordDef &record, Sha256 &sha,
                   std::vector<bool> *typesSeen) {
  streamCanonical(package, record, sha, typesSeen);
}
void hashCanonical(const Package &package, const EnumDef &enumDef, Sha256 &sha, std::vector<bool> *typesSeen) {
  streamCanonical(package, enumDef, sha, typesSeen);
}

} // namespace flytec::ir
