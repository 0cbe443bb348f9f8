// Reads the IR's JSON form back into a Package. Every field the writer
// writes is read, and nothing else is accepted: an unknown key is an error
// naming where it is, so a typo in a hand-edited file is not silently lost.
#include "diag/Wording.h"
#include "ir/IrJson.h"

#include <llvm/ADT/StringExtras.h>

#include <fmt/format.h>

#include <set>

namespace flytec::ir {

using nlohmann::json;

std::optional<int64_t> parseDuration(llvm::StringRef text) {
  if (!text.consume_back("s") || text.empty())
    return std::nullopt;
  bool negative = text.consume_front("-");
  auto [whole, frac] = text.split('.');
  uint64_t seconds = 0;
  if (whole.empty() || !llvm::all_of(whole, llvm::isDigit) || whole.getAsInteger(10, seconds))
    return std::nullopt;
  // In uint64, so that INT64_MIN's magnitude fits; checked against what an
  // int64 holds below.
  const uint64_t limit = uint64_t(INT64_MAX) + 1;
  if (seconds > limit / 1000)
    return std::nullopt;
  uint64_t millis = seconds * 1000;
  if (text.contains('.')) {
    if (frac.empty() || frac.size() > 3 || !llvm::all_of(frac, llvm::isDigit))
      return std::nullopt;
    std::string padded = frac.str() + std::string(3 - frac.size(), '0');
    millis += uint64_t(std::stoi(padded));
  }
  // What fits an int64: up to INT64_MAX, and down to INT64_MIN.
  if (millis > limit - (negative ? 0 : 1))
    return std::nullopt;
  if (!negative)
    return int64_t(millis);
  return millis == limit ? INT64_MIN : -int64_t(millis);
}

namespace {

struct ReadError {
  std::string message;
};

class Reader {
public:
  explicit Reader(Package &package) : package(package), types(package.types) {}

  void read(const json &j) {
    Scope s(*this, "");
    object(j, {"flyte_ir", "root", "modules", "types", "tasks", "workflows", "launch_plans"});
    const json &version = field(j, "flyte_ir");
    if (!version.is_number_integer() || version.get<int>() != kIrVersion)
      fail(fmt::format("'flyte_ir' is {}, this flytec reads version {}", version.dump(), kIrVersion));
    package.root = string(j, "root");
    size_t i = 0;
    for (const json &m : array(j, "modules")) {
      Scope ms(*this, fmt::format("modules[{}]", i++));
      object(m, {"name", "file"});
      package.modules.push_back({string(m, "name"), string(m, "file")});
    }
    for (const auto &[name, t] : objectOf(j, "types").items()) {
      Scope ts(*this, "types." + name);
      typeDef(name, t);
    }
    for (const auto &[name, t] : objectOf(j, "tasks").items()) {
      Scope ts(*this, "tasks." + name);
      package.tasks[name] = task(name, t);
    }
    for (const auto &[name, w] : objectOf(j, "workflows").items()) {
      Scope ws(*this, "workflows." + name);
      package.workflows[name] = workflow(name, w);
    }
    for (const auto &[name, lp] : objectOf(j, "launch_plans").items()) {
      Scope ls(*this, "launch_plans." + name);
      package.launchPlans[name] = launchPlan(name, lp);
    }
  }

  std::string where() const {
    std::string out;
    for (const std::string &p : path)
      if (!p.empty())
        out += (out.empty() || p.front() == '[' ? "" : ".") + p;
    return out.empty() ? "the IR" : out;
  }

private:
  /// Names the part being read, for error messages.
  struct Scope {
    Scope(Reader &r, std::string part) : r(r) { r.path.push_back(std::move(part)); }
    ~Scope() { r.path.pop_back(); }
    Reader &r;
  };

  [[noreturn]] void fail(const std::string &message) { throw ReadError{where() + ": " + message}; }

  void object(const json &j, std::initializer_list<const char *> allowed) {
    if (!j.is_object())
      fail("expected an object, got " + std::string(j.type_name()));
    for (const auto &item : j.items())
      if (const std::string &key = item.key();
          std::none_of(allowed.begin(), allowed.end(), [&](const char *a) { return key == a; }))
        fail(fmt::format("unknown field '{}'", key));
  }

  const json &field(const json &j, const char *name) {
    auto it = j.find(name);
    if (it == j.end())
      fail(fmt::format("missing '{}'", name));
    return *it;
  }

  const json *optionalField(const json &j, const char *name) {
    auto it = j.find(name);
    return it == j.end() ? nullptr : &*it;
  }

  std::string string(const json &j, const char *name) {
    const json &v = field(j, name);
    if (!v.is_string())
      fail(fmt::format("'{}' must be a string", name));
    return v.get<std::string>();
  }

  std::string optionalString(const json &j, const char *name) {
    const json *v = optionalField(j, name);
    if (!v)
      return "";
    if (!v->is_string())
      fail(fmt::format("'{}' must be a string", name));
    return v->get<std::string>();
  }

  bool boolean(const json &j, const char *name) {
    const json &v = field(j, name);
    if (!v.is_boolean())
      fail(fmt::format("'{}' must be true or false", name));
    return v.get<bool>();
  }

  int64_t integer(const json &v, const char *what) {
    if (!v.is_number_integer())
      fail(fmt::format("'{}' must be an integer", what));
    return v.get<int64_t>();
  }

  double number(const json &v, const char *what) {
    if (!v.is_number())
      fail(fmt::format("'{}' must be a number", what));
    return v.get<double>();
  }

  const json &array(const json &j, const char *name) {
    const json &v = field(j, name);
    if (!v.is_array())
      fail(fmt::format("'{}' must be an array", name));
    return v;
  }

  const json &objectOf(const json &j, const char *name) {
    const json &v = field(j, name);
    if (!v.is_object())
      fail(fmt::format("'{}' must be an object", name));
    return v;
  }

  TypeId type(const json &j) {
    if (j.is_string()) {
      static const std::pair<const char *, TypeKind> scalars[] = {
          {"none", TypeKind::None},         {"int", TypeKind::Int},           {"float", TypeKind::Float},
          {"bool", TypeKind::Bool},         {"string", TypeKind::String},     {"datetime", TypeKind::Datetime},
          {"duration", TypeKind::Duration}, {"json", TypeKind::Json},         {"file", TypeKind::File},
          {"dir", TypeKind::Dir},           {"dataframe", TypeKind::Dataframe}};
      for (const auto &[name, kind] : scalars)
        if (j.get<std::string>() == name)
          return types.scalar(kind);
      fail(fmt::format("unknown type '{}'", j.get<std::string>()));
    }
    if (!j.is_object() || j.size() != 1)
      fail("a type is a name such as \"int\" or an object with one key such as {\"list\": \"int\"}");
    // The object's iterator, not `*j.items().begin()`: that proxy dies at
    // the end of the statement and the key it gives with it (the fuzzer
    // found this under AddressSanitizer).
    auto only = j.begin();
    const std::string &key = only.key();
    const json &value = only.value();
    if (key == "file" && value.is_string())
      return types.file(value.get<std::string>());
    if (key == "list")
      return types.list(type(value));
    if (key == "map")
      return types.map(type(value));
    if ((key == "record" || key == "enum") && value.is_string())
      return key == "record" ? types.record(value.get<std::string>()) : types.enumType(value.get<std::string>());
    if (key == "union" && value.is_array()) {
      std::vector<TypeId> members;
      for (const json &m : value)
        members.push_back(type(m));
      if (members.size() < 2)
        fail("a union has two or more members");
      return types.unionOf(members);
    }
    if (key == "dataframe" && value.is_array()) {
      std::vector<Column> columns;
      for (const json &c : value) {
        object(c, {"name", "type"});
        columns.push_back({string(c, "name"), type(field(c, "type"))});
      }
      return types.dataframe(std::move(columns), true);
    }
    fail(fmt::format("unknown type form '{}'", key));
  }

  Param param(const json &j) {
    object(j, {"name", "type", "default", "doc"});
    Param p;
    p.name = string(j, "name");
    p.type = type(field(j, "type"));
    if (const json *d = optionalField(j, "default"))
      p.defaultValue = *d;
    p.doc = optionalString(j, "doc");
    return p;
  }

  std::vector<Param> params(const json &j, const char *name) {
    std::vector<Param> out;
    size_t i = 0;
    for (const json &p : array(j, name)) {
      Scope s(*this, fmt::format("{}[{}]", name, i++));
      out.push_back(param(p));
    }
    return out;
  }

  void typeDef(const std::string &name, const json &j) {
    std::string kind = string(j, "kind");
    if (kind == "record") {
      object(j, {"kind", "fields", "module", "doc"});
      RecordDef r{name, string(j, "module"), optionalString(j, "doc"), params(j, "fields")};
      package.records[name] = std::move(r);
    } else if (kind == "enum") {
      object(j, {"kind", "members", "module", "doc"});
      EnumDef e{name, string(j, "module"), optionalString(j, "doc"), {}};
      for (const json &m : array(j, "members")) {
        if (!m.is_string())
          fail("enum members are strings");
        e.members.push_back(m.get<std::string>());
      }
      package.enums[name] = std::move(e);
    } else {
      fail(fmt::format("'kind' is \"record\" or \"enum\", not \"{}\"", kind));
    }
  }

  Binding binding(const json &j) {
    if (j.is_object() && j.contains("value")) {
      object(j, {"value"});
      return Binding::constant(j.at("value"));
    }
    if (j.is_object() && j.contains("input")) {
      object(j, {"input"});
      return Binding::input(string(j, "input"));
    }
    object(j, {"node", "output"});
    return Binding::node(string(j, "node"), string(j, "output"));
  }

  std::vector<Port> ports(const json &j, const char *name) {
    std::vector<Port> out;
    size_t i = 0;
    for (const json &p : array(j, name)) {
      Scope s(*this, fmt::format("{}[{}]", name, i++));
      object(p, {"name", "type", "from"});
      Port port;
      port.name = string(p, "name");
      port.type = type(field(p, "type"));
      const json &from = field(p, "from");
      Scope f(*this, "from");
      port.binding = binding(from);
      out.push_back(std::move(port));
    }
    return out;
  }

  Resources resources(const json &j) {
    object(j, {"cpu", "memory", "gpu"});
    Resources r;
    if (const json *v = optionalField(j, "cpu"))
      r.cpu = number(*v, "cpu");
    if (const json *v = optionalField(j, "memory"))
      r.memory = integer(*v, "memory");
    if (const json *v = optionalField(j, "gpu"))
      r.gpu = integer(*v, "gpu");
    return r;
  }

  Settings settings(const json *j) {
    Settings s;
    if (!j)
      return s;
    Scope sc(*this, "settings");
    object(*j, {"retries", "timeout", "requests", "limits", "interruptible", "concurrency", "min_success_ratio"});
    if (const json *v = optionalField(*j, "retries"))
      s.retries = integer(*v, "retries");
    if (!optionalString(*j, "timeout").empty()) {
      s.timeoutMs = parseDuration(optionalString(*j, "timeout"));
      if (!s.timeoutMs)
        fail("'timeout' is a duration such as \"300s\"");
    }
    if (const json *v = optionalField(*j, "requests"))
      s.requests = resources(*v);
    if (const json *v = optionalField(*j, "limits"))
      s.limits = resources(*v);
    if (optionalField(*j, "interruptible"))
      s.interruptible = boolean(*j, "interruptible");
    if (const json *v = optionalField(*j, "concurrency"))
      s.concurrency = integer(*v, "concurrency");
    if (const json *v = optionalField(*j, "min_success_ratio"))
      s.minSuccessRatio = number(*v, "min_success_ratio");
    return s;
  }

  ExprId expr(const json &j) {
    object(j, {"op", "type", "value", "name", "args", "names"});
    Expr e;
    std::string op = string(j, "op");
    std::optional<ExprOp> parsed = exprOpNamed(op);
    if (!parsed)
      fail(fmt::format("unknown expression op '{}'", op));
    e.op = *parsed;
    e.type = type(field(j, "type"));
    if (e.op == ExprOp::Const)
      e.value = field(j, "value");
    e.name = optionalString(j, "name");
    if (const json *args = optionalField(j, "args")) {
      if (!args->is_array())
        fail("'args' must be an array");
      size_t i = 0;
      for (const json &a : *args) {
        Scope s(*this, fmt::format("args[{}]", i++));
        e.args.push_back(expr(a));
      }
    }
    if (const json *names = optionalField(j, "names")) {
      if (!names->is_array())
        fail("'names' must be an array");
      for (const json &n : *names) {
        if (!n.is_string())
          fail("'names' holds strings");
        e.names.push_back(n.get<std::string>());
      }
    }
    return package.addExpr(std::move(e));
  }

  void graphFrom(const json &j, Graph &g) {
    g.inputs = params(j, "inputs");
    size_t i = 0;
    for (const json &n : array(j, "nodes")) {
      Scope s(*this, fmt::format("nodes[{}]", i++));
      g.nodes.push_back(node(n));
    }
    g.outputs = ports(j, "outputs");
  }

  Graph graph(const json &j) {
    object(j, {"inputs", "nodes", "outputs"});
    Graph g;
    graphFrom(j, g);
    return g;
  }

  /// A node has the fields of its kind (docs/ir.md, "Nodes"): one of
  /// another kind (`iterate` on a task node) is an error, not dropped.
  void kindFields(const json &j, NodeKind kind) {
    struct Field {
      const char *name;
      bool required;
    };
    std::vector<Field> own;
    switch (kind) {
    case NodeKind::Task:
    case NodeKind::Dynamic:
    case NodeKind::Gate:
      own = {{"target", true}, {"settings", false}};
      break;
    case NodeKind::Workflow:
      own = {{"target", true}, {"settings", false}, {"launch_plan", false}};
      break;
    case NodeKind::Expression:
      own = {{"expr", true}};
      break;
    case NodeKind::Branch:
      own = {{"cases", true}};
      break;
    case NodeKind::Map:
      own = {{"iterate", true}, {"body", true}, {"settings", false}};
      break;
    }
    static const char *const kindSpecific[] = {"target", "launch_plan", "settings", "expr", "cases", "iterate", "body"};
    for (const char *name : kindSpecific) {
      auto f = llvm::find_if(own, [&](const Field &x) { return llvm::StringRef(x.name) == name; });
      if (f == own.end() && j.contains(name))
        fail(fmt::format("{} node has no field '{}'", withArticle(nodeKindName(kind)), name));
      if (f != own.end() && f->required && !j.contains(name))
        fail(fmt::format("missing '{}'", name));
    }
  }

  Node node(const json &j) {
    object(j, {"id", "kind", "loc", "target", "launch_plan", "inputs", "outputs", "after", "settings", "expr",
               "cases", "iterate", "body", "critical_path"});
    Node n;
    n.id = string(j, "id");
    std::optional<NodeKind> kind = nodeKindNamed(string(j, "kind"));
    if (!kind)
      fail(fmt::format("unknown node kind '{}'", string(j, "kind")));
    n.kind = *kind;
    kindFields(j, n.kind);
    n.loc = string(j, "loc");
    n.target = optionalString(j, "target");
    if (optionalField(j, "launch_plan"))
      n.launchPlan = boolean(j, "launch_plan");
    n.inputs = ports(j, "inputs");
    n.outputs = params(j, "outputs");
    if (optionalField(j, "after"))
      for (const json &a : array(j, "after")) {
        if (!a.is_string())
          fail("'after' lists node ids");
        n.after.push_back(a.get<std::string>());
      }
    n.settings = settings(optionalField(j, "settings"));
    if (const json *e = optionalField(j, "expr")) {
      Scope s(*this, "expr");
      n.expr = expr(*e);
    }
    if (optionalField(j, "cases")) {
      size_t i = 0;
      for (const json &c : array(j, "cases")) {
        Scope s(*this, fmt::format("cases[{}]", i++));
        object(c, {"when", "graph"});
        if (const json *when = optionalField(c, "when"))
          n.conditions.push_back(expr(*when));
        else if (i != array(j, "cases").size())
          fail("only the last case may have no 'when' (the else case)");
        Scope g(*this, "graph");
        n.bodies.push_back(graph(field(c, "graph")));
      }
    }
    n.iterate = optionalString(j, "iterate");
    if (const json *body = optionalField(j, "body")) {
      Scope s(*this, "body");
      n.bodies.push_back(graph(*body));
    }
    if (const json *cp = optionalField(j, "critical_path"))
      n.criticalPath = integer(*cp, "critical_path");
    return n;
  }

  std::optional<CacheSettings> cache(const json *j) {
    if (!j)
      return std::nullopt;
    Scope s(*this, "cache");
    object(*j, {"version", "serialize", "ignore"});
    CacheSettings c;
    c.version = string(*j, "version");
    c.serialize = boolean(*j, "serialize");
    for (const json &i : array(*j, "ignore")) {
      if (!i.is_string())
        fail("'ignore' lists input names");
      c.ignore.push_back(i.get<std::string>());
    }
    return c;
  }

  Task task(const std::string &name, const json &j) {
    object(j, {"module", "loc", "doc", "inputs", "outputs", "plugin", "builtin", "config", "script", "settings",
               "cache", "pool", "hash"});
    Task t;
    t.name = name;
    t.module = string(j, "module");
    t.loc = string(j, "loc");
    t.doc = optionalString(j, "doc");
    t.inputs = params(j, "inputs");
    t.outputs = params(j, "outputs");
    t.plugin = string(j, "plugin");
    t.builtin = optionalString(j, "builtin");
    t.config = objectOf(j, "config");
    if (optionalField(j, "script")) {
      std::vector<ScriptPart> parts;
      for (const json &p : array(j, "script")) {
        if (p.is_string())
          parts.push_back({p.get<std::string>(), false});
        else if (p.is_object() && p.size() == 1 && p.contains("placeholder") && p.at("placeholder").is_string())
          parts.push_back({p.at("placeholder").get<std::string>(), true});
        else
          fail("a script part is a string or {\"placeholder\": \"name\"}");
      }
      t.script = std::move(parts);
    }
    t.settings = settings(optionalField(j, "settings"));
    t.cache = cache(optionalField(j, "cache"));
    t.pool = optionalString(j, "pool");
    t.hash = string(j, "hash");
    return t;
  }

  Workflow workflow(const std::string &name, const json &j) {
    object(j, {"module", "loc", "doc", "dynamic", "inputs", "nodes", "outputs", "failure_policy", "on_failure",
               "hash"});
    Workflow w;
    w.name = name;
    w.module = string(j, "module");
    w.loc = string(j, "loc");
    w.doc = optionalString(j, "doc");
    w.dynamic = boolean(j, "dynamic");
    graphFrom(j, w.graph);
    std::string policy = string(j, "failure_policy");
    if (policy != "fail_fast" && policy != "continue")
      fail("'failure_policy' is \"fail_fast\" or \"continue\"");
    w.continueOnFailure = policy == "continue";
    w.onFailure = optionalString(j, "on_failure");
    w.hash = string(j, "hash");
    return w;
  }

  LaunchPlan launchPlan(const std::string &name, const json &j) {
    object(j, {"module", "loc", "doc", "workflow", "fixed", "defaults", "schedule", "notify", "hash"});
    LaunchPlan lp;
    lp.name = name;
    lp.module = string(j, "module");
    lp.loc = string(j, "loc");
    lp.doc = optionalString(j, "doc");
    lp.workflow = string(j, "workflow");
    for (const auto &[k, v] : objectOf(j, "fixed").items())
      lp.fixed[k] = v;
    for (const auto &[k, v] : objectOf(j, "defaults").items())
      lp.defaults[k] = v;
    if (const json *s = optionalField(j, "schedule")) {
      Scope sc(*this, "schedule");
      object(*s, {"cron", "every", "kickoff_input"});
      Schedule sched;
      sched.cron = optionalString(*s, "cron");
      if (!optionalString(*s, "every").empty()) {
        sched.everyMs = parseDuration(optionalString(*s, "every"));
        if (!sched.everyMs)
          fail("'every' is a duration such as \"3600s\"");
      }
      sched.kickoffInput = optionalString(*s, "kickoff_input");
      lp.schedule = std::move(sched);
    }
    lp.notify = array(j, "notify");
    lp.hash = string(j, "hash");
    return lp;
  }

  Package &package;
  TypeTable &types;
  std::vector<std::string> path;
};

} // namespace

bool fromJson(const json &j, Package &package, std::string &error) {
  Reader reader(package);
  try {
    reader.read(j);
    return true;
  } catch (const ReadError &e) {
    error = e.message;
  } catch (const json::exception &e) {
    error = reader.where() + ": " + e.what();
  }
  return false;
}

bool readIr(llvm::StringRef text, Package &package, std::string &error) {
  json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    // Parse again with exceptions for the position of the mistake.
    try {
      json unused = json::parse(text.begin(), text.end());
      (void)unused;
    } catch (const json::parse_error &e) {
      error = std::string("not valid JSON: ") + e.what();
      return false;
    }
    error = "not valid JSON";
    return false;
  }
  return fromJson(j, package, error);
}

} // namespace flytec::ir
