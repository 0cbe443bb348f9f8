#include "values/Dataframes.h"

#include <fmt/format.h>
#include <llvm/ADT/StringExtras.h>

#include <fstream>

namespace flytec::runtime {

std::optional<std::vector<std::string>> csvHeader(llvm::StringRef path, std::string &error) {
  std::ifstream in(path.str(), std::ios::binary);
  if (!in) {
    error = fmt::format("cannot read {}", path.str());
    return std::nullopt;
  }
  // The header ends at the first newline outside quotes.
  std::vector<std::string> names;
  std::string field;
  bool quoted = false, any = false;
  char c;
  while (in.get(c)) {
    any = true;
    if (quoted) {
      if (c == '"') {
        if (in.peek() == '"') {
          in.get(c);
          field += '"';
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      names.push_back(field);
      field.clear();
    } else if (c == '\n') {
      break;
    } else if (c != '\r') {
      field += c;
    }
  }
  if (!any) {
    error = fmt::format("{} is empty: a dataframe needs a header row", path.str());
    return std::nullopt;
  }
  names.push_back(field);
  return names;
}

bool checkDataframeColumns(const ir::Package &pkg, ir::TypeId type, llvm::StringRef path, std::string &error) {
  const ir::TypeData &t = pkg.types[type];
  if (t.kind != ir::TypeKind::Dataframe || !t.hasSchema || t.columns.empty())
    return true;
  std::optional<std::vector<std::string>> header = csvHeader(path, error);
  if (!header)
    return false;
  std::vector<std::string> missing;
  for (const ir::Column &col : t.columns)
    if (std::find(header->begin(), header->end(), col.name) == header->end())
      missing.push_back(col.name);
  if (missing.empty())
    return true;
  error = fmt::format("is missing column{} {} of {} (its header has: {})", missing.size() == 1 ? "" : "s",
                      llvm::join(missing, ", "), pkg.types.str(type), llvm::join(*header, ", "));
  return false;
}

} // namespace flytec::runtime
