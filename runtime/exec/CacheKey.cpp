#include "exec/CacheKey.h"

#include "exec/PathValues.h"
#include "ir/Sha256.h"
#include "store/BlobStore.h"

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
  // Script files named by the config (`python(file: "train.py")`).
  nlohmann::json scripts = nlohmann::json::object();
  if (task.config.is_object())
    for (auto &item : task.config.items())
      if (item.key() == "file" && item.value().is_string()) {
        llvm::SmallString<256> p(moduleDir);
        llvm::sys::path::append(p, item.value().get<std::string>());
        std::optional<std::string> digest = contentDigest(p, error);
        if (!digest) {
          error = "script file '" + item.value().get<std::string>() + "' of task " + task.name + ": " + error;
          return std::nullopt;
        }
        scripts[item.value().get<std::string>()] = *digest;
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
