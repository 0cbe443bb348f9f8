// Decoding literal tokens into values: integers (64-bit, with `_`
// separators), floats, durations, sizes, and strings (escapes,
// interpolations, triple-quote dedent). Pure functions over token text, so
// they are unit-tested without a parser.
#pragma once

#include "diag/Diagnostic.h"

#include <llvm/ADT/StringRef.h>

#include <cstdint>
#include <string>
#include <vector>

namespace flytec::parse {

/// A problem inside a literal, at [offset, offset+length) of the token text.
struct LiteralError {
  DiagCode code;
  size_t offset;
  size_t length;
  std::string message;
};

/// Decimal digits with optional `_` separators. `negative` allows the one
/// extra value of a negative 64-bit integer; the result includes the sign.
bool parseInteger(llvm::StringRef text, bool negative, int64_t &value, std::string &error);
bool parseFloat(llvm::StringRef text, double &value, std::string &error);
/// `250ms`, `30s`, `5m`, `2h`, `1d` in milliseconds.
bool parseDuration(llvm::StringRef text, int64_t &millis, std::string &error);
/// `512Mi`, `4G` in bytes (K M G T decimal, Ki Mi Gi Ti binary).
bool parseSize(llvm::StringRef text, int64_t &bytes, std::string &error);
/// Why a number glued to letters (`5x`, `1.5h`, `0x1F`) is not a literal,
/// with the fix when one is obvious.
std::string explainInvalidNumber(llvm::StringRef text);

struct DecodedPart {
  bool interpolation = false;
  std::string text;         // decoded text (text parts only)
  size_t offset = 0;        // source span in the token text: the text, or
  size_t length = 0;        //   the whole `{{ ... }}`
  size_t innerOffset = 0;   // interpolations: the expression between the
  size_t innerLength = 0;   //   braces
};

struct DecodedString {
  bool triple = false;
  std::vector<DecodedPart> parts;
  std::vector<LiteralError> errors;
};

/// Decodes a terminated STRING or TRIPLE_STRING token.
///
/// `"..."`: escapes \n \t \r \\ \" \{ and \u{HEX}; anything else after a
/// backslash is E1003.
/// `"""..."""`: raw text (a backslash is a backslash, so scripts keep their
/// own escapes), except `\{{` for a literal `{{`. A first line that is blank
/// and a last line that is blank are dropped, then the indentation common to
/// the non-blank lines is removed.
/// In both, `{{ expr }}` is an interpolation; `\{{` is a literal `{{`.
DecodedString decodeString(llvm::StringRef token);

} // namespace flytec::parse
