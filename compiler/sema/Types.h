// The checker's types (LANGUAGE.md §2), interned in a TypeContext so that
// two types are equal exactly when their pointers are: aliases are expanded
// before a type is made, records and enums are nominal (one type per
// declaration), and unions are flattened and ordered on construction.
#pragma once

#include <llvm/ADT/ArrayRef.h>
#include <llvm/ADT/StringMap.h>
#include <llvm/ADT/StringRef.h>
#include <llvm/Support/Allocator.h>

#include <string>
#include <vector>

namespace flytec::sema {

struct RecordInfo;
struct EnumInfo;

enum class TypeKind : uint8_t {
  Error,    // an expression whose error is already reported; fits anywhere, silences follow-ons
  Never,    // `std.fail(...)` and the elements of `[]`: no value, fits anywhere
  Void,     // the result of a call without outputs: not a value
  None,     // the type of `none`; only a member of optional types
  Int,
  Float,
  Bool,
  String,
  Datetime,
  Duration,
  Json,
  File,      // format() is "" for plain `file`
  Dir,
  Dataframe, // columns() empty and !hasSchema() for plain `dataframe`
  List,      // element()
  Map,       // element() is the value type; keys are always strings
  Union,     // members(), two or more, none last
  Record,    // record()
  Enum,      // enumInfo()
  Outputs,   // the value of a call with several outputs: fields()
};

class Type;

/// A dataframe column, or a field of an Outputs value.
struct NamedType {
  llvm::StringRef name;
  const Type *type;
};

class Type {
public:
  TypeKind kind() const { return kind_; }
  const Type *element() const { return element_; }
  llvm::StringRef format() const { return text_; }
  bool hasSchema() const { return hasSchema_; }
  llvm::ArrayRef<NamedType> columns() const { return fields_; }
  llvm::ArrayRef<NamedType> fields() const { return fields_; }
  llvm::ArrayRef<const Type *> members() const { return members_; }
  const RecordInfo *record() const { return record_; }
  const EnumInfo *enumInfo() const { return enum_; }

  bool isError() const { return kind_ == TypeKind::Error; }
  /// Error or Never: a type that fits anywhere and is never complained about.
  bool isSilent() const { return kind_ == TypeKind::Error || kind_ == TypeKind::Never; }
  bool isNumeric() const { return kind_ == TypeKind::Int || kind_ == TypeKind::Float; }
  /// Compared with `<` and by min/max: numbers, strings, durations, datetimes.
  bool isOrdered() const {
    return isNumeric() || kind_ == TypeKind::String || kind_ == TypeKind::Duration || kind_ == TypeKind::Datetime;
  }
  /// A union containing `none`.
  bool isOptional() const;
  /// For `T?`, `T`; for `A | B | none`, `A | B`; otherwise the type itself.
  const Type *withoutNone() const { return withoutNone_ ? withoutNone_ : this; }
  /// Files, directories and dataframes are blobs: they count by content.
  bool isBlob() const { return kind_ == TypeKind::File || kind_ == TypeKind::Dir || kind_ == TypeKind::Dataframe; }

  std::string str() const;

private:
  friend class TypeContext;
  Type(TypeKind kind) : kind_(kind) {}
  TypeKind kind_;
  bool hasSchema_ = false;
  unsigned id_ = 0;
  const Type *element_ = nullptr;
  const Type *withoutNone_ = nullptr;
  llvm::StringRef text_;
  llvm::ArrayRef<NamedType> fields_;
  llvm::ArrayRef<const Type *> members_;
  const RecordInfo *record_ = nullptr;
  const EnumInfo *enum_ = nullptr;
};

class TypeContext {
public:
  TypeContext();
  TypeContext(const TypeContext &) = delete;
  TypeContext &operator=(const TypeContext &) = delete;

  const Type *error() const { return error_; }
  const Type *never() const { return never_; }
  const Type *voidType() const { return void_; }
  const Type *none() const { return none_; }
  const Type *intType() const { return int_; }
  const Type *floatType() const { return float_; }
  const Type *boolType() const { return bool_; }
  const Type *string() const { return string_; }
  const Type *datetime() const { return datetime_; }
  const Type *duration() const { return duration_; }
  const Type *json() const { return json_; }
  const Type *dir() const { return dir_; }

  /// The type a built-in name written without arguments denotes (`int`,
  /// `dir`, `json`, ...), or null; `file`, `dataframe`, `list` and `map`
  /// take arguments and are built by the type resolver.
  const Type *scalarNamed(llvm::StringRef name) const;
  /// Every built-in type name, for lookups and suggestions.
  static llvm::ArrayRef<llvm::StringRef> builtinTypeNames();

  const Type *file(llvm::StringRef format = "");
  const Type *dataframe(llvm::ArrayRef<NamedType> columns, bool hasSchema);
  const Type *list(const Type *element);
  const Type *map(const Type *value);
  /// Flattens nested unions, drops duplicates, and returns the single
  /// member when only one is left. An Error member makes the whole union Error.
  const Type *unionOf(llvm::ArrayRef<const Type *> members);
  const Type *optional(const Type *inner) { return unionOf({inner, none_}); }
  const Type *outputs(llvm::ArrayRef<NamedType> fields);
  const Type *record(const RecordInfo *info);
  const Type *enumType(const EnumInfo *info);

private:
  Type *make(TypeKind kind);
  const Type *intern(std::string key, Type *candidate);
  template <typename T> llvm::ArrayRef<T> copy(llvm::ArrayRef<T> items) {
    T *out = alloc_.Allocate<T>(items.size());
    std::uninitialized_copy(items.begin(), items.end(), out);
    return llvm::ArrayRef<T>(out, items.size());
  }

  llvm::BumpPtrAllocator alloc_;
  llvm::StringMap<const Type *> interned_;
  unsigned nextId_ = 0;
  const Type *error_, *never_, *void_, *none_, *int_, *float_, *bool_, *string_, *datetime_, *duration_,
      *json_, *dir_;
};

/// LANGUAGE.md §2 "Assignability": can a value of type `from` bind where
/// `to` is expected? No implicit conversions; Error and Never fit anywhere.
bool isAssignable(const Type *from, const Type *to);

/// The type that values of both `a` and `b` fit, for the branches of an
/// `if`: equal types, Never/Error absorbed, `none` and T giving T?, and one
/// assignable to the other giving the wider. Null when there is none.
const Type *joinTypes(TypeContext &types, const Type *a, const Type *b);

} // namespace flytec::sema
