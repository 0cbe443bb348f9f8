#include "parse/SyntaxErrors.h"

#include "FlyteLexer.h"
#include "FlyteParser.h"
#include "parse/LexedText.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace flytec::parse {

using L = flyteparse::FlyteLexer;
using P = flyteparse::FlyteParser;

namespace {

const std::set<size_t> kNameTokens = {L::IDENT, L::FIXED, L::DEFAULT, L::TEST, L::ASSERT, L::MOCK};

const std::set<size_t> kKeywordTokens = {
    L::MODULE, L::IMPORT, L::FROM, L::AS, L::TYPE, L::RECORD, L::ENUM, L::TASK, L::WORKFLOW,
    L::DYNAMIC, L::LAUNCHPLAN, L::LET, L::RETURN, L::IF, L::ELSE, L::FOR, L::IN, L::TRUE, L::FALSE,
    L::NONE, L::AND, L::OR, L::NOT};

const std::set<size_t> kExpressionStart = {
    L::IDENT, L::FIXED, L::DEFAULT, L::TEST, L::ASSERT, L::MOCK, L::INT, L::FLOAT, L::DURATION,
    L::SIZE, L::INVALID_NUMBER, L::TRUE, L::FALSE, L::NONE, L::STRING, L::TRIPLE_STRING,
    L::UNTERMINATED_STRING, L::UNTERMINATED_TRIPLE_STRING, L::LPAREN, L::LBRACK, L::LBRACE,
    L::MINUS, L::NOT, L::IF, L::FOR};

const std::set<size_t> kDeclarationStart = {L::MODULE, L::AT, L::RECORD, L::ENUM, L::TYPE,
                                            L::TASK, L::WORKFLOW, L::DYNAMIC, L::LAUNCHPLAN,
                                            L::TEST, L::IMPORT,   L::FROM};

const std::set<size_t> kStatementStart = {L::LET, L::RETURN, L::ASSERT, L::MOCK, L::AT};

const std::set<size_t> kStringTokens = {L::STRING, L::TRIPLE_STRING, L::UNTERMINATED_STRING,
                                        L::UNTERMINATED_TRIPLE_STRING};

bool isTypeRule(size_t rule) {
  return rule == P::RuleTypeExpr || rule == P::RuleOptionalType || rule == P::RulePrimaryType ||
         rule == P::RuleTypeArg;
}

std::string joinAlternatives(const std::vector<std::string> &items) {
  if (items.empty())
    return "something else";
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0)
      out += i + 1 == items.size() ? " or " : ", ";
    out += items[i];
  }
  return out;
}

/// "a name", "'{'", "end of file", ... for one token type.
std::string describeTokenType(size_t type) {
  switch (type) {
  case antlr4::Token::EOF:
    return "end of file";
  case L::IDENT:
    return "a name";
  case L::INT:
    return "an integer";
  case L::FLOAT:
    return "a number";
  case L::DURATION:
    return "a duration";
  case L::SIZE:
    return "a size";
  case L::STRING:
  case L::TRIPLE_STRING:
  case L::UNTERMINATED_STRING:
  case L::UNTERMINATED_TRIPLE_STRING:
    return "a string";
  default:
    break;
  }
  std::string literal = lexerVocabulary().getLiteralName(type);
  return literal.empty() ? lexerVocabulary().getSymbolicName(type) : literal;
}

/// What was found, for messages: "'let'", "a string", "end of file".
std::string describeFound(const antlr4::Token *token) {
  if (!token)
    return "end of file";
  std::string text = token->getText();
  if (token->getType() == antlr4::Token::EOF)
    return text.empty() || text == "<EOF>" ? "end of file" : fmt::format("'{}'", text);
  if (kStringTokens.count(token->getType()))
    return "a string";
  if (text.size() > 24)
    text = text.substr(0, 21) + "...";
  return fmt::format("'{}'", text);
}

/// "an expression or ')'" for a set of expected token types; in a type,
/// "a type" instead of "a name".
std::string describeExpected(const antlr4::misc::IntervalSet &expected, bool inType) {
  std::set<size_t> rest;
  for (ssize_t t : expected.toList())
    if (t >= 0 || static_cast<size_t>(t) == antlr4::Token::EOF)
      rest.insert(static_cast<size_t>(t));
  // Tokens that only stand for a broken version of a valid token.
  for (size_t t : {L::INVALID_NUMBER, L::UNTERMINATED_STRING, L::UNTERMINATED_TRIPLE_STRING})
    rest.erase(t);

  std::vector<std::string> words;
  auto takeGroup = [&](const std::set<size_t> &group) {
    for (size_t t : group)
      rest.erase(t);
  };
  // A position where any word is a name (after '.', before ':') expects
  // every keyword too; say "a name" rather than listing them.
  bool anyWord = std::all_of(kKeywordTokens.begin(), kKeywordTokens.end(),
                             [&](size_t t) { return rest.count(t); });
  if (anyWord && rest.count(L::IDENT)) {
    bool expression = rest.count(L::INT) && rest.count(L::LPAREN);
    words.push_back(inType ? "a type" : expression ? "a name or an expression" : "a name");
    takeGroup(kKeywordTokens);
    takeGroup(kNameTokens);
    if (expression)
      takeGroup(kExpressionStart);
    if (inType) {
      rest.erase(L::LPAREN);
      rest.erase(L::NONE);
    }
  }
  if (rest.count(L::TASK) && rest.count(L::WORKFLOW)) {
    words.push_back("a declaration");
    takeGroup(kDeclarationStart);
  }
  if (rest.count(L::LET) && rest.count(L::RETURN)) {
    words.push_back("a statement");
    takeGroup(kStatementStart);
    takeGroup(kExpressionStart);
  }
  if (rest.count(L::INT) && rest.count(L::LPAREN) && rest.count(L::IDENT)) {
    words.push_back("an expression");
    takeGroup(kExpressionStart);
  }
  if (rest.count(L::IDENT)) {
    words.push_back(inType ? "a type" : "a name");
    takeGroup(kNameTokens);
    if (inType) {
      rest.erase(L::NONE);
      rest.erase(L::LPAREN);
    }
  }
  if (rest.count(L::STRING) || rest.count(L::TRIPLE_STRING)) {
    words.push_back("a string");
    takeGroup(kStringTokens);
  }
  for (size_t t : rest)
    words.push_back(describeTokenType(t));
  if (words.size() > 6) {
    words.resize(5);
    words.push_back("...");
  }
  return joinAlternatives(words);
}

} // namespace

void FlyteErrorStrategy::add(antlr4::Parser *parser, antlr4::Token *found,
                             const antlr4::misc::IntervalSet &expected) {
  bool inType = parser->getContext() && isTypeRule(parser->getContext()->getRuleIndex());
  std::string message =
      fmt::format("expected {}, found {}", describeExpected(expected, inType), describeFound(found));
  // Hints for mistakes people make coming from other languages.
  if (found && found->getType() == L::ASSIGN &&
      (expected.contains(size_t(L::COLON)) || expected.contains(size_t(L::RPAREN))))
    message += "; named arguments and fields are written 'name: value'";
  else if (found && found->getType() == L::ARROW && expected.contains(size_t(L::LBRACE)))
    message += "; outputs are written '-> (name: type, ...)'";
  else if (found && found->getType() == L::PIPE && !inType)
    message += "; '|' only joins union types: write 'or' for a logical or";
  else if (found && found->getType() == L::ELSE)
    message += "; 'else' goes right after the '}' of an 'if' and is followed by '{' or 'if'";
  else if (found && kExpressionStart.count(found->getType()) &&
           (expected.contains(size_t(L::RPAREN)) || expected.contains(size_t(L::RBRACK))) &&
           !expected.contains(size_t(L::INT)))
    message += "; is a ',' missing before it?";
  errors_.push_back({found, std::move(message), parser->getContext() ? parser->getContext()->getRuleIndex() : 0});
}

void FlyteErrorStrategy::reportNoViableAlternative(antlr4::Parser *parser,
                                                   const antlr4::NoViableAltException &e) {
  add(parser, e.getOffendingToken(), e.getExpectedTokens());
}

void FlyteErrorStrategy::reportInputMismatch(antlr4::Parser *parser,
                                             const antlr4::InputMismatchException &e) {
  add(parser, e.getOffendingToken(), e.getExpectedTokens());
}

void FlyteErrorStrategy::reportFailedPredicate(antlr4::Parser *parser,
                                               const antlr4::FailedPredicateException &e) {
  add(parser, e.getOffendingToken(), e.getExpectedTokens());
}

void FlyteErrorStrategy::reportUnwantedToken(antlr4::Parser *parser) {
  if (inErrorRecoveryMode(parser))
    return;
  beginErrorCondition(parser);
  add(parser, parser->getCurrentToken(), getExpectedTokens(parser));
}

void FlyteErrorStrategy::reportMissingToken(antlr4::Parser *parser) {
  if (inErrorRecoveryMode(parser))
    return;
  beginErrorCondition(parser);
  add(parser, parser->getCurrentToken(), getExpectedTokens(parser));
}

} // namespace flytec::parse
