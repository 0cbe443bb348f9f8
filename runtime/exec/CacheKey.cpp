#include "exec/CacheKey.h"

#include "exec/PathValues.h"
#include "ir/Sha256.h"
#include "plugins/PluginRegistry.h"
#include "store/BlobStore.h"

#include <fmt/format.h>
#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/Path.h>

#include <algorithm>

namespace flytec::runtime {

std::optional<CacheKey> computeCacheKey(const ir::Package &pkg, const ir::Task &task, const ValueMap &inputs,
                                        llvm::StringRef moduleDir, std::string &error) {
  CacheKey key;
  nlohmann::json explain = nlohmann::json::object();
  explain["task"] = task.name;
  explain["cache_version"] = task.cache ? task.cache->version : "";
  explain["definition"] = task.hash;
  // Files the config names by path (`python(file: "train.py")`,
  // `sql(database: "sales.db")`): the registry says which keys are paths
  // (file references, and the key that replaces a plugin's script).
  nlohmann::json scripts = nlohmann::json::object();
  const plugins::PluginInfo *plugin = plugins::findPlugin(task.plugin);
  if (plugin && task.config.is_object())
    for (const plugins::ConfigKey &k : plugin->config) {
      auto value = task.config.find(k.name.str());
      bool path = k.kind == plugins::ConfigKind::FileRef || k.name == plugin->scriptKey;
      if (!path || value == task.config.end() || !value->is_string())
        continue;
      std::string named = value->get<std::string>();
      llvm::SmallString<256> p(named);
      if (!llvm::sys::path::is_absolute(p)) {
        p = moduleDir;
        llvm::sys::path::append(p, named);
      }
      std::optional<std::string> digest = contentDigest(p, error);
      if (!digest) {
        error = fmt::format("the file '{}' that {}'s {}: names: {}", named, task.name, k.name.str(), error);
        return std::nullopt;
      }
      scripts[named] = *digest;
    }
  explain["scripts"] = std::move(scripts);
  nlohmann::json in = nlohmann::json::object();
  for (const ir::Param &p : task.inputs) {
    if (task.cache && std::count(task.cache->ignore.begin(), task.cache->ignore.end(), p.name))
      continue;
    auto it = inputs.find(p.name);
    ir::Value v = it == inputs.end() ? ir::Value() : it->second;
    bool ok = forEachPath(pkg, p.type, v, [&](std::string &path) {
      std::optional<std::string> digest = contentDigest(path, error);
      if (!digest) {
        error = "input '" + p.name + "': " + error;
        return false;
      }
      path = *digest;
      return true;
    });
    if (!ok)
      return std::nullopt;
    in[p.name] = std::move(v);
  }
  explain["inputs"] = std::move(in);
  // nlohmann's objects are sorted maps, so dump() is canonical.
  ir::Sha256 sha;
  sha.update(explain.dump());
  key.key = "sha256:" + sha.hexFinal();
  key.explain = std::move(explain);
  return key;
}

} // namespace flytec::runtime
