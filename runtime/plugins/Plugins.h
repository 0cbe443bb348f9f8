// The standard plugins (LANGUAGE.md §5.2), one file each; PluginSet::standard()
// holds one of each. Tests build them alone, with what they depend on made
// explicit (the python interpreter, the PATH searched for a container engine).
#pragma once

#include "plugins/Plugin.h"

#include <memory>
#include <string>

namespace flytec::runtime {

/// `/bin/sh -c SCRIPT` in the work directory (ShellPlugin.cpp).
std::unique_ptr<Plugin> makeShellPlugin();
/// `python3` with the helper module flytec_task.py (PythonPlugin.cpp).
std::unique_ptr<Plugin> makePythonPlugin(std::string interpreter = "python3");
/// A query against SQLite with bound parameters (SqlPlugin.cpp).
std::unique_ptr<Plugin> makeSqlPlugin();
/// The std builtin tasks, natively (BuiltinPlugin.cpp).
std::unique_ptr<Plugin> makeBuiltinPlugin();
/// Whether makeBuiltinPlugin() has an implementation of `@builtin(name)`.
bool implementsBuiltin(llvm::StringRef name);
/// docker or podman, the first found on `searchPath` (a PATH-like list; the
/// process's PATH when empty) (ContainerPlugin.cpp).
std::unique_ptr<Plugin> makeContainerPlugin(std::string searchPath = "");

} // namespace flytec::runtime
