// The pure functions of the standard library (LANGUAGE.md §9). They are
// generic over their arguments (`len` takes a list, a map or a string), which
// `.flyte` declarations cannot express, so their typing rules live here; the
// builtin tasks are declared in stdlib/std.flyte.
#pragma once

#include "sema/Types.h"

#include <llvm/ADT/ArrayRef.h>
#include <llvm/ADT/StringRef.h>

#include <string>

namespace flytec::sema {

struct StdFunction {
  llvm::StringRef name;
  llvm::StringRef signature; // for messages, hover and completion
  llvm::StringRef doc;
};

llvm::ArrayRef<StdFunction> allStdFunctions();
const StdFunction *findStdFunction(llvm::StringRef name);

/// The result of typing a call of a pure function: its type, or an error
/// about argument `argument` (-1: the call as a whole, e.g. the count).
struct StdCallTyping {
  enum class Problem : uint8_t { None, ArgumentType, TooFew, TooMany };
  const Type *type = nullptr;
  Problem problem = Problem::None;
  std::string error;
  int argument = -1;
};

/// Types `name(args...)`; Error-typed arguments never produce an error.
StdCallTyping typeStdCall(TypeContext &types, llvm::StringRef name, llvm::ArrayRef<const Type *> args);

} // namespace flytec::sema
