// Internal to compiler/parse: turns ANTLR's recognition errors into E1001
// messages in a user's words ("expected ')' or ',', found 'let'") instead of
// token dumps, and collects them for the parser driver to filter and report.
#pragma once

#include <antlr4-runtime.h>

#include <string>
#include <vector>

namespace flytec::parse {

struct SyntaxError {
  antlr4::Token *token; // where the problem was found
  std::string message;
  size_t rule;          // the rule being parsed (FlyteParser::Rule...)
};

/// The messages of ANTLR's default strategy, reworded; recovery unchanged.
class FlyteErrorStrategy : public antlr4::DefaultErrorStrategy {
public:
  explicit FlyteErrorStrategy(std::vector<SyntaxError> &errors) : errors_(errors) {}

protected:
  void reportNoViableAlternative(antlr4::Parser *parser, const antlr4::NoViableAltException &e) override;
  void reportInputMismatch(antlr4::Parser *parser, const antlr4::InputMismatchException &e) override;
  void reportFailedPredicate(antlr4::Parser *parser, const antlr4::FailedPredicateException &e) override;
  void reportUnwantedToken(antlr4::Parser *parser) override;
  void reportMissingToken(antlr4::Parser *parser) override;

private:
  void add(antlr4::Parser *parser, antlr4::Token *found, const antlr4::misc::IntervalSet &expected);
  std::vector<SyntaxError> &errors_;
};

} // namespace flytec::parse
