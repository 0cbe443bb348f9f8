// Private to the Flyte IDL emitter: IR types as `flyteidl.core.LiteralType`,
// IR constants as `Literal` and `BindingData`, resources as `Resources`,
// and branch conditions as `BooleanExpression` — the value-level half of
// the mapping in docs/flyteidl.md. Everything is built as nlohmann JSON in
// the proto3 JSON mapping (camelCase keys, enums by name, int64 as strings,
// durations as "300s", timestamps in RFC 3339).
#pragma once

#include "ir/Ir.h"

#include <map>
#include <optional>
#include <string>

namespace flytec::emit::idl {

using Json = nlohmann::json;

/// The LiteralType of an IR type. Records and enums carry their qualified
/// name as `structure.tag`, union variants their type as written
/// (`int`, `none`, `shop.Region`), so Flyte can tell variants apart.
Json literalType(const ir::Package &package, ir::TypeId type);

/// A JSON Schema (draft 2020-12) of a record's fields, nested records under
/// `$defs`: the `metadata` of the record's LiteralType.
Json recordSchema(const ir::Package &package, const std::string &record);

/// `{"variables": {name: {"type": ..., "description": doc}}}`.
Json variableMap(const ir::Package &package, const std::vector<ir::Param> &params);
Json typedInterface(const ir::Package &package, const std::vector<ir::Param> &inputs,
                    const std::vector<ir::Param> &outputs);

/// A constant of `type` as a Literal. False with `error` set when the value
/// does not have the type or has no Flyte form (a `json` that is not an
/// object: google.protobuf.Struct holds objects only).
bool literal(const ir::Package &package, ir::TypeId type, const ir::Value &value, Json &out, std::string &error);
/// The BindingData that binds a Literal: scalars as they are, collections
/// and maps element by element.
Json bindingData(const Json &literal);
/// A primitive (`{"integer": "3"}`) for int, float, bool, string, datetime
/// and duration constants; null for any other type.
std::optional<Json> primitive(const ir::Package &package, ir::TypeId type, const ir::Value &value);

/// Kubernetes quantities: cores as "2" or "500m", bytes as "512Mi" when a
/// whole number of a binary unit, else plain bytes.
std::string cpuQuantity(double cores);
std::string memoryQuantity(int64_t bytes);
/// `{"requests": [...], "limits": [...]}`, or null when both are empty.
Json resources(const std::optional<ir::Resources> &requests, const std::optional<ir::Resources> &limits);

/// The condition as a BooleanExpression over the branch node's inputs
/// (`var` operands are their names), or nothing when Flyte cannot express
/// it: comparisons of an int, float, bool, string, datetime or duration
/// input with another such input or a constant of the same type, a bool
/// input alone, `and`, `or` and `not` of those.
std::optional<Json> booleanExpression(const ir::Package &package, ir::ExprId condition);

} // namespace flytec::emit::idl
