// textDocument/hover: what the name under the cursor is (its signature or
// type) and its doc comment; decorators and plugins describe their usage.
#pragma once

#include "ide/Analysis.h"

#include <optional>
#include <string>

namespace flytec::ide {

struct HoverInfo {
  std::string markdown;
  Range range;
};

std::optional<HoverInfo> hover(const Analysis &analysis, Position position);

} // namespace flytec::ide
