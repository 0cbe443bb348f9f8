// textDocument/codeAction: a quick fix for every fix-it the checker attached
// to a diagnostic in the requested range.
#pragma once

#include "ide/Analysis.h"
#include "ide/Rename.h"

#include <string>
#include <vector>

namespace flytec::ide {

struct CodeAction {
  std::string title;
  std::string diagnosticCode; // "E2001": the diagnostic it fixes
  std::string diagnosticMessage;
  Range diagnosticRange;
  FileEdits edits;
  bool preferred = false; // the only fix of its diagnostic
};

std::vector<CodeAction> codeActions(const Analysis &analysis, Range range);

} // namespace flytec::ide
