// Source text with marks, as clangd's tests write it: `^` marks a point,
// `[[` and `]]` a range, `$name^` and `$name[[...]]` named ones. The marks
// are removed from the text; points and ranges are editor positions.
#pragma once

#include "ide/SourceText.h"

#include <llvm/ADT/StringMap.h>
#include <llvm/ADT/StringRef.h>

#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace flytec::ide::test {

class Annotated {
public:
  explicit Annotated(llvm::StringRef marked) {
    std::vector<std::pair<std::string, size_t>> open;
    for (size_t i = 0; i < marked.size();) {
      std::string name;
      size_t j = i;
      if (marked[j] == '$') {
        ++j;
        while (j < marked.size() && (isalnum(static_cast<unsigned char>(marked[j])) || marked[j] == '_'))
          ++j;
        name = marked.slice(i + 1, j).str();
      }
      if (marked.substr(j).startswith("^")) {
        points_[name].push_back(text_.size());
        i = j + 1;
      } else if (marked.substr(j).startswith("[[")) {
        open.push_back({name, text_.size()});
        i = j + 2;
      } else if (name.empty() && marked.substr(i).startswith("]]") && !open.empty()) {
        ranges_[open.back().first].push_back({open.back().second, text_.size()});
        open.pop_back();
        i += 2;
      } else {
        text_ += marked[i++];
      }
    }
    if (!open.empty())
      throw std::logic_error("unclosed [[ in annotated text");
  }

  const std::string &text() const { return text_; }
  Position point(llvm::StringRef name = "") const { return lines().positionAt(only(points_, name)); }
  std::vector<Position> points(llvm::StringRef name = "") const {
    std::vector<Position> out;
    for (size_t p : all(points_, name))
      out.push_back(lines().positionAt(p));
    return out;
  }
  Range range(llvm::StringRef name = "") const {
    auto r = only(ranges_, name);
    return lines().rangeOf(r.first, r.second);
  }
  std::vector<Range> ranges(llvm::StringRef name = "") const {
    std::vector<Range> out;
    for (auto r : all(ranges_, name))
      out.push_back(lines().rangeOf(r.first, r.second));
    return out;
  }

private:
  LineTable lines() const { return LineTable(text_); }
  template <typename T> static const T &only(const llvm::StringMap<std::vector<T>> &map, llvm::StringRef name) {
    auto it = map.find(name);
    if (it == map.end() || it->second.size() != 1)
      throw std::logic_error("expected exactly one mark named '" + name.str() + "'");
    return it->second[0];
  }
  template <typename T>
  static std::vector<T> all(const llvm::StringMap<std::vector<T>> &map, llvm::StringRef name) {
    auto it = map.find(name);
    return it == map.end() ? std::vector<T>{} : it->second;
  }

  std::string text_;
  llvm::StringMap<std::vector<size_t>> points_;
  llvm::StringMap<std::vector<std::pair<size_t, size_t>>> ranges_;
};

} // namespace flytec::ide::test

namespace flytec::ide {
/// Prints positions in failure messages (found by argument-dependent lookup).
inline std::ostream &operator<<(std::ostream &os, const Position &p) {
  return os << p.line << ":" << p.character;
}
inline std::ostream &operator<<(std::ostream &os, const Range &r) { return os << r.start << "-" << r.end; }
} // namespace flytec::ide
