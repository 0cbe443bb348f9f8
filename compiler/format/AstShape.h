// A location-free dump of a module's AST: every name, literal value,
// decoded string part, flag and doc comment, but no source position. Two
// texts with the same shape mean the same program, so the formatter checks
// its output against its input with it.
#pragma once

#include <string>

namespace flytec::ast {
class Module;
}

namespace flytec::format {

std::string astShape(const ast::Module &module);

} // namespace flytec::format
