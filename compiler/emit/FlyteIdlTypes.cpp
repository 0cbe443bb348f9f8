// IR types and constants in Flyte's terms (docs/flyteidl.md, "Types" and
// "Constants"). Flyte's compiler compares types structurally and uses
// `structure.tag` to tell union variants apart (a tagged upstream type only
// casts to a type with the same tag), so every type gets the same tag
// wherever it appears: named types their name, union variants their type
// as written.
#include "emit/FlyteIdlTypes.h"

#include "ir/Datetime.h"
#include "ir/EvalSupport.h"
#include "ir/IrJson.h"

#include <fmt/format.h>

#include <cmath>
#include <set>

namespace flytec::emit::idl {

using ir::TypeData;
using ir::TypeId;
using ir::TypeKind;

namespace {

Json simple(llvm::StringRef name) { return Json{{"simple", name.str()}}; }

Json blobType(const std::string &format, bool multipart) {
  Json blob = {{"dimensionality", multipart ? "MULTIPART" : "SINGLE"}};
  if (!format.empty())
    blob["format"] = format;
  return blob;
}

Json datasetType(const ir::Package &package, const TypeData &d) {
  Json columns = Json::array();
  for (const ir::Column &c : d.columns)
    columns.push_back({{"name", c.name}, {"literalType", literalType(package, c.type)}});
  // Locally dataframes are CSV files with a header row (LANGUAGE.md §5.2).
  return {{"columns", columns}, {"format", "csv"}};
}

/// `visiting` stops a record that contains itself from expanding forever:
/// the inner occurrence keeps its tag and schema but not its field types.
Json literalTypeOf(const ir::Package &package, TypeId type, std::set<std::string> &visiting) {
  const TypeData &d = package.types[type];
  switch (d.kind) {
  case TypeKind::None:
    return simple("NONE");
  case TypeKind::Int:
    return simple("INTEGER");
  case TypeKind::Float:
    return simple("FLOAT");
  case TypeKind::Bool:
    return simple("BOOLEAN");
  case TypeKind::String:
    return simple("STRING");
  case TypeKind::Datetime:
    return simple("DATETIME");
  case TypeKind::Duration:
    return simple("DURATION");
  case TypeKind::Json:
    return simple("STRUCT");
  case TypeKind::File:
    return {{"blob", blobType(d.name, false)}};
  case TypeKind::Dir:
    return {{"blob", blobType("", true)}};
  case TypeKind::Dataframe:
    return {{"structuredDatasetType", datasetType(package, d)}};
  case TypeKind::List:
    return {{"collectionType", literalTypeOf(package, d.element, visiting)}};
  case TypeKind::Map:
    return {{"mapValueType", literalTypeOf(package, d.element, visiting)}};
  case TypeKind::Union: {
    Json variants = Json::array();
    for (TypeId m : d.members) {
      Json v = literalTypeOf(package, m, visiting);
      v["structure"]["tag"] = package.types.str(m);
      variants.push_back(std::move(v));
    }
    return {{"unionType", {{"variants", variants}}}};
  }
  case TypeKind::Record: {
    Json t = simple("STRUCT");
    t["metadata"] = recordSchema(package, d.name);
    t["structure"]["tag"] = d.name;
    auto it = package.records.find(d.name);
    if (it != package.records.end() && visiting.insert(d.name).second) {
      Json fields = Json::object();
      for (const ir::Param &f : it->second.fields)
        fields[f.name] = literalTypeOf(package, f.type, visiting);
      t["structure"]["dataclassType"] = fields;
      visiting.erase(d.name);
    }
    return t;
  }
  case TypeKind::Enum: {
    Json values = Json::array();
    if (auto it = package.enums.find(d.name); it != package.enums.end())
      values = it->second.members;
    return {{"enumType", {{"values", values}}}, {"structure", {{"tag", d.name}}}};
  }
  }
  return simple("NONE");
}

Json schemaOf(const ir::Package &package, TypeId type, Json &defs);

/// A record's `properties` and `required` fields (those without a default
/// that cannot be none), with its docs as descriptions.
void describeFields(const ir::Package &package, const std::string &record, Json &schema, Json &defs) {
  Json properties = Json::object();
  Json required = Json::array();
  auto it = package.records.find(record);
  if (it != package.records.end()) {
    if (!it->second.doc.empty())
      schema["description"] = it->second.doc;
    for (const ir::Param &f : it->second.fields) {
      Json field = schemaOf(package, f.type, defs);
      if (!f.doc.empty())
        field["description"] = f.doc;
      properties[f.name] = std::move(field);
      if (!f.defaultValue && !package.types.isOptional(f.type))
        required.push_back(f.name);
    }
  }
  schema["properties"] = properties;
  schema["required"] = required;
}

/// The schema of a value of `type`; records go to `defs` once each.
Json schemaOf(const ir::Package &package, TypeId type, Json &defs) {
  const TypeData &d = package.types[type];
  switch (d.kind) {
  case TypeKind::None:
    return {{"type", "null"}};
  case TypeKind::Int:
    return {{"type", "integer"}};
  case TypeKind::Float:
    return {{"type", "number"}};
  case TypeKind::Bool:
    return {{"type", "boolean"}};
  case TypeKind::String:
    return {{"type", "string"}};
  case TypeKind::Datetime:
    return {{"type", "string"}, {"format", "date-time"}};
  case TypeKind::Duration:
    // The IR's duration text ("300s", "0.250s"), as proto3 JSON writes one.
    return {{"type", "string"}, {"pattern", "^-?[0-9]+(\\.[0-9]+)?s$"}};
  case TypeKind::Json:
    return Json::object();
  case TypeKind::File:
  case TypeKind::Dir:
  case TypeKind::Dataframe:
    // Files, directories and dataframes are held by their path or URI.
    return {{"type", "string"}};
  case TypeKind::List:
    return {{"type", "array"}, {"items", schemaOf(package, d.element, defs)}};
  case TypeKind::Map:
    return {{"type", "object"}, {"additionalProperties", schemaOf(package, d.element, defs)}};
  case TypeKind::Union: {
    Json any = Json::array();
    for (TypeId m : d.members)
      any.push_back(schemaOf(package, m, defs));
    return {{"anyOf", any}};
  }
  case TypeKind::Enum: {
    Json values = Json::array();
    if (auto it = package.enums.find(d.name); it != package.enums.end())
      values = it->second.members;
    return {{"type", "string"}, {"enum", values}};
  }
  case TypeKind::Record: {
    if (!defs.contains(d.name)) {
      defs[d.name] = Json::object(); // claimed first: a record may contain itself
      Json properties = Json::object();
      Json required = Json::array();
      Json def = {{"type", "object"}, {"title", d.name}, {"additionalProperties", false}};
      describeFields(package, d.name, def, defs);
      defs[d.name] = std::move(def);
    }
    return {{"$ref", "#/$defs/" + d.name}};
  }
  }
  return Json::object();
}

bool expectString(const ir::Value &v, const ir::Package &package, TypeId type, std::string &error) {
  if (v.is_string())
    return true;
  error = fmt::format("expected a {} constant, got {}", package.types.str(type), ir::eval::show(v));
  return false;
}

Json scalar(Json value) { return {{"scalar", std::move(value)}}; }

} // namespace

Json literalType(const ir::Package &package, TypeId type) {
  std::set<std::string> visiting;
  return literalTypeOf(package, type, visiting);
}

Json recordSchema(const ir::Package &package, const std::string &record) {
  Json defs = Json::object();
  Json schema = {{"$schema", "https://json-schema.org/draft/2020-12/schema"},
                 {"title", record},
                 {"type", "object"},
                 {"additionalProperties", false}};
  describeFields(package, record, schema, defs);
  if (!defs.empty())
    schema["$defs"] = defs;
  return schema;
}

Json variableMap(const ir::Package &package, const std::vector<ir::Param> &params) {
  Json variables = Json::object();
  for (const ir::Param &p : params) {
    Json v = {{"type", literalType(package, p.type)}};
    if (!p.doc.empty())
      v["description"] = p.doc;
    variables[p.name] = std::move(v);
  }
  return {{"variables", variables}};
}

Json typedInterface(const ir::Package &package, const std::vector<ir::Param> &inputs,
                    const std::vector<ir::Param> &outputs) {
  return {{"inputs", variableMap(package, inputs)}, {"outputs", variableMap(package, outputs)}};
}

std::optional<Json> primitive(const ir::Package &package, TypeId type, const ir::Value &v) {
  std::string ignored;
  switch (package.types[type].kind) {
  case TypeKind::Int:
    if (auto i = ir::eval::intOf(v, ignored))
      return Json{{"integer", std::to_string(*i)}}; // int64: a string in proto3 JSON
    return std::nullopt;
  case TypeKind::Float:
    if (auto f = ir::eval::floatOf(v, ignored); f && std::isfinite(*f))
      return Json{{"floatValue", *f}};
    return std::nullopt;
  case TypeKind::Bool:
    if (v.is_boolean())
      return Json{{"boolean", v.get<bool>()}};
    return std::nullopt;
  case TypeKind::String:
    if (v.is_string())
      return Json{{"stringValue", v}};
    return std::nullopt;
  case TypeKind::Datetime:
    if (auto ms = ir::eval::datetimeOf(v, ignored))
      return Json{{"datetime", ir::datetimeString(*ms)}};
    return std::nullopt;
  case TypeKind::Duration:
    if (auto ms = ir::eval::durationOf(v, ignored))
      return Json{{"duration", ir::durationString(*ms)}};
    return std::nullopt;
  default:
    return std::nullopt;
  }
}

bool literal(const ir::Package &package, TypeId type, const ir::Value &v, Json &out, std::string &error) {
  const TypeData &d = package.types[type];
  auto mismatch = [&] {
    error = fmt::format("expected a {} constant, got {}", package.types.str(type), ir::eval::show(v));
    return false;
  };
  switch (d.kind) {
  case TypeKind::None:
    if (!v.is_null())
      return mismatch();
    out = scalar({{"noneType", Json::object()}});
    return true;
  case TypeKind::Int:
  case TypeKind::Float:
  case TypeKind::Bool:
  case TypeKind::String:
  case TypeKind::Datetime:
  case TypeKind::Duration: {
    std::optional<Json> p = primitive(package, type, v);
    if (!p)
      return mismatch();
    out = scalar({{"primitive", *p}});
    return true;
  }
  case TypeKind::Enum:
    // Flyte binds enum values as their name in a string primitive.
    if (!expectString(v, package, type, error))
      return false;
    out = scalar({{"primitive", {{"stringValue", v}}}});
    return true;
  case TypeKind::Json:
  case TypeKind::Record:
    if (!v.is_object()) {
      if (d.kind == TypeKind::Record)
        return mismatch();
      error = fmt::format("the json constant {} is not an object: Flyte's generic literal "
                          "(google.protobuf.Struct) holds objects only",
                          ir::eval::show(v));
      return false;
    }
    out = scalar({{"generic", v}});
    return true;
  case TypeKind::File:
  case TypeKind::Dir:
    if (!expectString(v, package, type, error))
      return false;
    out = scalar({{"blob", {{"metadata", {{"type", blobType(d.kind == TypeKind::File ? d.name : "",
                                                            d.kind == TypeKind::Dir)}}},
                            {"uri", v}}}});
    return true;
  case TypeKind::Dataframe:
    if (!expectString(v, package, type, error))
      return false;
    out = scalar({{"structuredDataset",
                   {{"uri", v}, {"metadata", {{"structuredDatasetType", datasetType(package, d)}}}}}});
    return true;
  case TypeKind::List: {
    if (!v.is_array())
      return mismatch();
    Json literals = Json::array();
    for (const ir::Value &e : v) {
      Json item;
      if (!literal(package, d.element, e, item, error))
        return false;
      literals.push_back(std::move(item));
    }
    out = {{"collection", {{"literals", literals}}}};
    return true;
  }
  case TypeKind::Map: {
    if (!v.is_object())
      return mismatch();
    Json literals = Json::object();
    for (const auto &[key, e] : v.items()) {
      Json item;
      if (!literal(package, d.element, e, item, error))
        return false;
      literals[key] = std::move(item);
    }
    out = {{"map", {{"literals", literals}}}};
    return true;
  }
  case TypeKind::Union: {
    TypeId member = ir::eval::concreteType(package.types, type, v);
    if (member == type)
      return mismatch();
    Json value;
    if (!literal(package, member, v, value, error))
      return false;
    Json variant = literalType(package, member);
    variant["structure"]["tag"] = package.types.str(member);
    out = scalar({{"union", {{"value", value}, {"type", variant}}}});
    return true;
  }
  }
  return mismatch();
}

Json bindingData(const Json &lit) {
  if (lit.contains("collection")) {
    Json bindings = Json::array();
    for (const Json &e : lit["collection"]["literals"])
      bindings.push_back(bindingData(e));
    return {{"collection", {{"bindings", bindings}}}};
  }
  if (lit.contains("map")) {
    Json bindings = Json::object();
    for (const auto &[key, e] : lit["map"]["literals"].items())
      bindings[key] = bindingData(e);
    return {{"map", {{"bindings", bindings}}}};
  }
  return {{"scalar", lit["scalar"]}};
}

std::string cpuQuantity(double cores) {
  if (cores == std::floor(cores))
    return fmt::format("{}", int64_t(cores));
  return fmt::format("{}m", int64_t(std::llround(cores * 1000)));
}

std::string memoryQuantity(int64_t bytes) {
  static const char *const units[] = {"Ti", "Gi", "Mi", "Ki"};
  for (int i = 0; i < 4; ++i) {
    int64_t unit = int64_t(1) << (10 * (4 - i));
    if (bytes != 0 && bytes % unit == 0)
      return fmt::format("{}{}", bytes / unit, units[i]);
  }
  return fmt::format("{}", bytes);
}

Json resources(const std::optional<ir::Resources> &requests, const std::optional<ir::Resources> &limits) {
  auto entries = [](const ir::Resources &r) {
    Json list = Json::array();
    if (r.cpu)
      list.push_back({{"name", "CPU"}, {"value", cpuQuantity(*r.cpu)}});
    if (r.memory)
      list.push_back({{"name", "MEMORY"}, {"value", memoryQuantity(*r.memory)}});
    if (r.gpu)
      list.push_back({{"name", "GPU"}, {"value", fmt::format("{}", *r.gpu)}});
    return list;
  };
  Json out = Json::object();
  if (requests && !requests->empty())
    out["requests"] = entries(*requests);
  if (limits && !limits->empty())
    out["limits"] = entries(*limits);
  return out.empty() ? Json() : out;
}

} // namespace flytec::emit::idl
