// What is being written at the cursor, read from the tokens before it: the
// shared first step of completion and signature help.
//
// The text being typed rarely parses, and the newest analysis may be older
// than it, so this works on tokens alone (parse::tokenize, comments and
// strings lexed correctly) from the start of the enclosing top-level item to
// the cursor: a stack of open brackets, each given a role when it opens (a
// parameter list, a call's arguments, a block, a record literal, ...), and
// the names the tokens declare on the way (inputs, `let`s, loop variables).
// Meaning (types, members, signatures) is looked up later in an analysis.
#pragma once

#include "sema/Sema.h"

#include <llvm/ADT/StringRef.h>

#include <cstddef>
#include <string>
#include <vector>

namespace flytec::ide {

class Analysis;

/// What fits at the cursor.
enum class CursorKind : uint8_t {
  None,         // in a string or comment, a name being declared, a number, ...
  TopLevel,     // between declarations: declaration keywords
  Decorator,    // after `@`: a decorator name
  Member,       // after `base.`: a member of `base`
  Argument,     // where a label goes in a call (or a record literal, a `return`, ...): CursorContext::calls[0]
  PluginConfig, // where a key goes in a task body's `plugin(...)`
  Plugin,       // first thing in a task body: a plugin name
  Type,         // a type
  Expression,   // a value: the names in scope
  ImportedName, // after `from "path" import`: a name of that module
  Keywords,     // only the words in CursorContext::keywords (`in` after `for x`, `fixed`/`default`)
};

/// The top-level item the cursor is in (or last left).
enum class ItemKind : uint8_t { None, Module, Import, From, Record, Enum, Alias, Task, Workflow, Dynamic, LaunchPlan, Test };

/// A name the tokens declare and the cursor can see.
struct ScopeName {
  std::string name;
  sema::LocalVar::Kind kind = sema::LocalVar::Kind::Let;
  size_t offset = 0; // where the name is written
};

/// Brackets around the cursor that take labelled (or positional) arguments.
struct CallSite {
  enum class Kind : uint8_t {
    Call,          // `f(`, `mod.f(`, `std.len(`, `mock f(`
    PluginConfig,  // `shell(` in a task body
    Decorator,     // `@retries(`
    Return,        // `return (`: the item's outputs
    MockOutputs,   // `mock f(...) -> (`: f's outputs
    RecordLiteral, // `Rec {`: its fields (or a block, if Rec names no record)
    LaunchPlan,    // a launch plan's body: its workflow's inputs
  };
  Kind kind = Kind::Call;
  /// `mod.f` as {"mod", "f"}; the plugin's or decorator's name; a launch
  /// plan's workflow; empty for `return` and callees that are no name.
  std::vector<std::string> callee;
  size_t open = 0;       // byte offset of the opening bracket
  unsigned argument = 0; // the argument the cursor is in (commas before it)
  std::string label;     // that argument's `label:`, if written
  /// Labels of the other arguments, before the cursor and after it (read
  /// ahead up to the closing bracket, within 16 KiB).
  std::vector<std::string> labels;
};

struct CursorContext {
  CursorKind kind = CursorKind::None;
  size_t offset = 0;          // the cursor
  std::string prefix;         // the word being typed, up to the cursor
  size_t prefixBegin = 0;     // where it starts (the range to replace is [prefixBegin, offset))
  /// Member: the base before the dot, `a.b.` as {"a", "b"}; a call is "()",
  /// an index "[]" and a record literal's braces "{}" after its callee, base
  /// or type: `f(x).out.` is {"f", "()", "out"}, `R { a: 1 }.` {"R", "{}"}.
  std::vector<std::string> base;
  bool typesOnly = false;     // Member in a type position: only types fit
  /// Call-like brackets around the cursor, innermost first.
  std::vector<CallSite> calls;
  std::vector<std::string> keywords; // Keywords
  std::string importPath;            // ImportedName: the path as written, without quotes

  ItemKind item = ItemKind::None;
  std::string itemName;       // the test's title for a test
  size_t itemNameOffset = 0;  // where that name is written
  std::vector<std::string> itemOutputs; // a task's or workflow's outputs as written

  /// Names visible at the cursor (inputs, `let`s declared before it, loop
  /// variables of loops it is in), outermost first.
  std::vector<ScopeName> scope;
  bool statementStart = false; // a statement may begin here (`let`, `return`, ...)
  bool afterBlock = false;     // right after a `}` (`else` fits)
  /// A name is wanted, not a call: after `mock`, after a launch plan's
  /// `for`, in a decorator's arguments (`@on_failure(cleanup)`).
  bool referenceOnly = false;
  bool inInterpolation = false; // in a string's `{{ }}`
  bool inTaskScript = false;   // ... of a task body's script: inputs, `outputs.x`, `checkpoint`, `deck`
  std::string taskPlugin;      // ... whose plugin is this (as written)
};

/// Reads `text` from `start` (the beginning of a top-level item, or 0) to
/// `offset`. Never fails: any text and any offset (clamped) give a context.
CursorContext cursorContext(llvm::StringRef text, size_t offset, size_t start = 0);

/// Where to start reading for a cursor at `offset`: the start of the last
/// top-level item before it, taken from `analysis` (possibly older than
/// `text`: only items in the part of the text both share count), else from
/// a line that starts at column 0 with a declaration keyword; else 0.
size_t itemStartBefore(llvm::StringRef text, size_t offset, const Analysis *analysis);

} // namespace flytec::ide
