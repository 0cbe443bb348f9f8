#include "parse/LexedText.h"

#include "FlyteLexer.h"
#include "diag/SourceLocation.h"
#include "parse/Literals.h"

#include <fmt/format.h>
#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/ConvertUTF.h>

namespace flytec::parse {

using flyteparse::FlyteLexer;

LexedText::LexedText(llvm::StringRef text, const char *base) : text_(text), base_(base) {
  // Tokens must hold valid UTF-8, so every byte that is not part of a valid
  // sequence becomes a space (keeping byte offsets) and is reported in
  // check(). (Compilation drops a byte-order mark before we get here; one
  // left in text given directly is blanked too.)
  llvm::StringRef lexed = text;
  bool ascii = std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (!ascii) {
    sanitized_.assign(text.data(), text.size());
    if (llvm::StringRef(sanitized_).startswith("\xEF\xBB\xBF"))
      sanitized_.replace(0, 3, "   ");
    auto *p = reinterpret_cast<const llvm::UTF8 *>(sanitized_.data());
    size_t offset = 0;
    while (offset < sanitized_.size()) {
      unsigned n = llvm::getNumBytesForUTF8(p[offset]);
      if (offset + n <= sanitized_.size() && llvm::isLegalUTF8Sequence(p + offset, p + offset + n)) {
        offset += n;
        continue;
      }
      invalidUtf8_.push_back(offset);
      sanitized_[offset] = ' ';
      ++offset;
    }
    lexed = sanitized_;
  }
  all_ = Lexer(lexed).lexAll();
}

bool LexedText::hasLexicalErrorIn(size_t begin, size_t end) const {
  auto it = std::lower_bound(lexicalErrors_.begin(), lexicalErrors_.end(), begin);
  return it != lexicalErrors_.end() && *it < end;
}

llvm::SMRange LexedText::rangeOf(const antlr4::Token *token) const {
  size_t start = token->getStartIndex();
  size_t stop = token->getStopIndex();
  if (start == size_t(-1) || start > text_.size())
    start = text_.size();
  if (token->getType() == antlr4::Token::EOF || stop == size_t(-1) || stop + 1 <= start ||
      stop >= text_.size())
    return {locAtByte(start), locAtByte(start)};
  return {locAtByte(start), locAtByte(stop + 1)};
}

llvm::StringRef LexedText::textOf(const antlr4::Token *token) const {
  llvm::SMRange r = rangeOf(token);
  return llvm::StringRef(r.Start.getPointer(), r.End.getPointer() - r.Start.getPointer());
}

const antlr4::dfa::Vocabulary &lexerVocabulary() {
  // The generated lexer keeps its vocabulary private; an instance exposes it.
  static antlr4::ANTLRInputStream empty("");
  static FlyteLexer lexer(&empty);
  return lexer.getVocabulary();
}

std::string LexedText::tokenName(size_t type) {
  if (type == antlr4::Token::EOF)
    return "EOF";
  return lexerVocabulary().getSymbolicName(type);
}

void LexedText::check(DiagnosticEngine &diags) {
  // One error per run of adjacent bad bytes.
  for (size_t i = 0; i < invalidUtf8_.size();) {
    size_t j = i + 1;
    while (j < invalidUtf8_.size() && invalidUtf8_[j] == invalidUtf8_[j - 1] + 1)
      ++j;
    std::string bytes;
    for (size_t k = i; k < j && k < i + 8; ++k)
      bytes += fmt::format("{}0x{:02X}", k == i ? "" : " ", static_cast<unsigned char>(text_[invalidUtf8_[k]]));
    diags.report(DiagCode::E1001, llvm::SMRange(locAtByte(invalidUtf8_[i]), locAtByte(invalidUtf8_[j - 1] + 1)),
                 fmt::format("invalid UTF-8 {} {}{}: Flyte source must be UTF-8 text", j - i == 1 ? "byte" : "bytes",
                             bytes, j - i > 8 ? " ..." : ""));
    i = j;
  }
  visible_.reserve(all_.size());
  for (const LexToken &t : all_) {
    llvm::SMRange r = rangeOf(t);
    llvm::StringRef text = textOf(t);
    bool reachesEnd = r.End.getPointer() == base_ + text_.size();
    switch (t.type) {
    case FlyteLexer::UNTERMINATED_STRING:
      diags.report(DiagCode::E1002, llvm::SMRange(r.Start, locAtByte(t.begin + 1)),
                   "unterminated string: add the closing '\"' before the end of the line (use "
                   "\"\"\"...\"\"\" for text over several lines)");
      swallowedToEnd_ |= reachesEnd;
      lexicalErrors_.push_back(t.begin);
      break;
    case FlyteLexer::UNTERMINATED_TRIPLE_STRING:
      diags.report(DiagCode::E1002, llvm::SMRange(r.Start, locAtByte(t.begin + 3)),
                   "unterminated string: this '\"\"\"' is never closed; add '\"\"\"' where the "
                   "text ends");
      swallowedToEnd_ |= reachesEnd;
      lexicalErrors_.push_back(t.begin);
      break;
    case FlyteLexer::UNTERMINATED_COMMENT:
      diags.report(DiagCode::E1002, llvm::SMRange(r.Start, locAtByte(t.begin + 2)),
                   "unterminated comment: this '/*' is never closed; add '*/' where the comment "
                   "ends");
      swallowedToEnd_ |= reachesEnd;
      lexicalErrors_.push_back(t.begin);
      break;
    case FlyteLexer::INVALID_NUMBER:
      diags.report(DiagCode::E1003, r, explainInvalidNumber(text));
      break;
    case FlyteLexer::UNKNOWN_CHAR: {
      // Adjacent unexpected characters (`&&`, `^~~~`) are one error.
      if (&t != all_.data() && (&t - 1)->type == FlyteLexer::UNKNOWN_CHAR && (&t - 1)->end == t.begin)
        break;
      size_t end = t.end;
      for (const LexToken *n = &t + 1; n < all_.data() + all_.size() && n->type == FlyteLexer::UNKNOWN_CHAR &&
                                       n->begin == end;
           ++n)
        end = n->end;
      llvm::StringRef run = text_.slice(t.begin, end);
      std::string shown = run.str();
      if (run.size() == 1 && !llvm::isPrint(run[0]))
        shown = fmt::format("\\x{:02X}", static_cast<unsigned char>(run[0]));
      std::string what = fmt::format("unexpected character{} '{}'", countCharacters(run) > 1 ? "s" : "", shown);
      std::string hint = run == "!"   ? ": write 'not' for negation (and '!=' for inequality)"
                         : run == "&&" || run == "&" ? ": write 'and'"
                         : run.startswith("#") ? ": comments start with '//'"
                         : run.startswith("'") ? ": strings use double quotes \"...\""
                         : static_cast<unsigned char>(run[0]) >= 0x80
                             ? ": names use ASCII letters, digits and '_'; other text belongs in a string"
                             : "";
      diags.report(DiagCode::E1001, llvm::SMRange(r.Start, locAtByte(end)), what + hint);
      lexicalErrors_.push_back(t.begin);
      break;
    }
    default:
      break;
    }
    if (t.type == FlyteLexer::DOC_COMMENT) {
      llvm::StringRef body = text.drop_front(3);
      if (!body.startswith("/")) { // `////` is an ordinary comment
        if (body.startswith(" "))
          body = body.drop_front();
        size_t begin = r.Start.getPointer() - base_;
        docs_.push_back({begin, size_t(r.End.getPointer() - base_), body.rtrim("\r")});
      }
    }
    if (!t.isComment() && t.type != antlr4::Token::EOF && t.type != FlyteLexer::UNKNOWN_CHAR)
      visible_.push_back(t);
  }
}

} // namespace flytec::parse
