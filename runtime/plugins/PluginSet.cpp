// PluginSet: the plugins by the registry's names (Plugin.h).
#include "plugins/Plugins.h"

namespace flytec::runtime {

void PluginSet::add(std::unique_ptr<Plugin> plugin) {
  std::string name = plugin->name().str();
  plugins_[name] = std::move(plugin);
}

Plugin *PluginSet::find(llvm::StringRef name) const {
  auto it = plugins_.find(name);
  return it == plugins_.end() ? nullptr : it->second.get();
}

PluginSet PluginSet::standard() {
  PluginSet set;
  set.add(makeShellPlugin());
  set.add(makePythonPlugin());
  set.add(makeSqlPlugin());
  set.add(makeContainerPlugin());
  set.add(makeBuiltinPlugin());
  return set;
}

} // namespace flytec::runtime
