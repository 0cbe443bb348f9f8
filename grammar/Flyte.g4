// The single source of Flyte's syntax (LANGUAGE.md).
//
// The parser only recognises structure. Meaning lives elsewhere:
// literal values are decoded and checked in compiler/parse/Literals.cpp,
// string interpolations `{{ expr }}` are parsed by a second pass over the
// string's text, and names, types and decorators are checked by sema.
// Tokens that carry a lexical error (UNTERMINATED_*, INVALID_NUMBER) are
// accepted where their valid form is, so one bad literal gives one E1002 or
// E1003 and no syntax error after it.
grammar Flyte;

// ---------------------------------------------------------------- module

file
    : moduleDecl? item* EOF
    ;

moduleDecl
    : MODULE qualifiedName SEMI?
    ;

item
    : importDecl
    | fromImportDecl
    | declaration
    ;

importDecl
    : IMPORT stringLit (AS ident)? SEMI?
    ;

fromImportDecl
    : FROM stringLit IMPORT importedName (COMMA importedName)* COMMA? SEMI?
    ;

importedName
    : ident
    ;

declaration
    : decorator*
      ( recordDecl
      | enumDecl
      | aliasDecl
      | taskDecl
      | workflowDecl
      | launchPlanDecl
      | testDecl
      )
    ;

decorator
    : AT qualifiedName (LPAREN arguments? RPAREN)?
    ;

recordDecl
    : RECORD ident LBRACE (fieldDecl (COMMA | SEMI)?)* RBRACE
    ;

fieldDecl
    : label COLON typeExpr (ASSIGN expression)?
    ;

enumDecl
    : ENUM ident LBRACE (enumMember (COMMA enumMember)* COMMA?)? RBRACE
    ;

enumMember
    : ident
    ;

aliasDecl
    : TYPE ident ASSIGN typeExpr SEMI?
    ;

taskDecl
    : TASK ident paramList outputList? (taskBody | SEMI)?
    ;

paramList
    : LPAREN (param (COMMA param)* COMMA?)? RPAREN
    ;

param
    : label COLON typeExpr (ASSIGN expression)?
    ;

outputList
    : ARROW LPAREN (outputParam (COMMA outputParam)* COMMA?)? RPAREN
    ;

outputParam
    : label COLON typeExpr
    ;

taskBody
    : LBRACE pluginCall? RBRACE
    ;

pluginCall
    : ident (LPAREN arguments? RPAREN)? stringLit? SEMI?
    ;

workflowDecl
    : (WORKFLOW | DYNAMIC) ident paramList outputList? block
    ;

launchPlanDecl
    : LAUNCHPLAN ident FOR qualifiedName LBRACE launchPlanEntry* RBRACE
    ;

launchPlanEntry
    : (FIXED | DEFAULT) label COLON expression (COMMA | SEMI)?
    ;

testDecl
    : TEST stringLit block
    ;

// ---------------------------------------------------------------- statements

block
    : LBRACE statement* RBRACE
    ;

statement
    : letStmt
    | returnStmt
    | assertStmt
    | mockStmt
    | exprStmt
    ;

letStmt
    : decorator* LET letTarget ASSIGN expression SEMI?
    ;

letTarget
    : ident
    | LPAREN ident (COMMA ident)* COMMA? RPAREN
    ;

returnStmt
    : RETURN (LPAREN arguments? RPAREN)? SEMI?
    ;

assertStmt
    : ASSERT expression (COMMA expression)? SEMI?
    ;

mockStmt
    : MOCK qualifiedName (LPAREN arguments? RPAREN)? ARROW LPAREN arguments? RPAREN SEMI?
    ;

exprStmt
    : expression SEMI?
    ;

// ---------------------------------------------------------------- types

typeExpr
    : optionalType (PIPE optionalType)*
    ;

optionalType
    : primaryType QUESTION*
    ;

primaryType
    : qualifiedName (LBRACK typeArg (COMMA typeArg)* COMMA? RBRACK)?   # namedType
    | NONE                                                             # noneType
    | LPAREN typeExpr RPAREN                                           # parenType
    ;

// `list[T]`, `map[string, T]`, `file[csv]`, or a dataframe column `id: int`.
typeArg
    : label COLON typeExpr
    | typeExpr
    ;

// ---------------------------------------------------------------- expressions

// Alternatives listed first bind tightest.
expression
    : expression DOT label                                   # fieldExpr
    | expression LPAREN arguments? RPAREN                    # callExpr
    | expression LBRACK expression RBRACK                    # indexExpr
    | MINUS expression                                       # negateExpr
    | expression op=(STAR | SLASH | PERCENT) expression      # binaryExpr
    | expression op=(PLUS | MINUS) expression                # binaryExpr
    | <assoc=right> expression op=COALESCE expression        # binaryExpr
    | expression op=(EQ | NE | LT | LE | GT | GE) expression # binaryExpr
    | NOT expression                                         # notExpr
    | expression op=AND expression                           # binaryExpr
    | expression op=OR expression                            # binaryExpr
    | primary                                                # primaryExpr
    ;

// The only way to parse a `{{ expr }}` interpolation on its own.
standaloneExpression
    : expression EOF
    ;

// A long workflow body is parsed in pieces so that its parse tree never has
// to be whole (compiler/parse/Parser.cpp): the header up to the body's `{`,
// then runs of statements, the last one with the closing `}`.
workflowHeader
    : decorator* (WORKFLOW | DYNAMIC) ident paramList outputList? LBRACE EOF
    ;

statementRun
    : statement* RBRACE? EOF
    ;

primary
    : recordLiteral
    | ident
    | literal
    | LPAREN expression RPAREN
    | LBRACK (expression (COMMA expression)* COMMA?)? RBRACK
    | LBRACE (mapEntry (COMMA mapEntry)* COMMA?)? RBRACE
    | ifExpr
    | forExpr
    ;

// `Name { ... }` is a record literal only when the brace opens field
// initialisers, so `for r in regions { ... }` and `if ok { ... }` keep their
// blocks.
recordLiteral
    : qualifiedName LBRACE RBRACE
    | qualifiedName LBRACE fieldInit (COMMA? fieldInit)* COMMA? RBRACE
    ;

fieldInit
    : label COLON expression
    ;

mapEntry
    : expression COLON expression
    ;

ifExpr
    : IF expression block (ELSE (ifExpr | block))?
    ;

forExpr
    : FOR ident IN expression block
    ;

arguments
    : argument (COMMA argument)* COMMA?
    ;

argument
    : label COLON expression
    | expression
    ;

literal
    : INT
    | FLOAT
    | DURATION
    | SIZE
    | INVALID_NUMBER
    | TRUE
    | FALSE
    | NONE
    | stringLit
    ;

stringLit
    : STRING
    | TRIPLE_STRING
    | UNTERMINATED_STRING
    | UNTERMINATED_TRIPLE_STRING
    ;

qualifiedName
    : ident (DOT label)*
    ;

// Contextual keywords are names wherever they do not begin their construct.
ident
    : IDENT
    | FIXED
    | DEFAULT
    | TEST
    | ASSERT
    | MOCK
    ;

// After `.`, before `:` in an argument, field or parameter, any word is a
// name: `std.sleep(for: 10m)`, `std.signal(type: float)`.
label
    : ident
    | MODULE | IMPORT | FROM | AS | TYPE | RECORD | ENUM | TASK | WORKFLOW
    | DYNAMIC | LAUNCHPLAN | LET | RETURN | IF | ELSE | FOR | IN | TRUE
    | FALSE | NONE | AND | OR | NOT
    ;

// ---------------------------------------------------------------- lexer

MODULE     : 'module';
IMPORT     : 'import';
FROM       : 'from';
AS         : 'as';
TYPE       : 'type';
RECORD     : 'record';
ENUM       : 'enum';
TASK       : 'task';
WORKFLOW   : 'workflow';
DYNAMIC    : 'dynamic';
LAUNCHPLAN : 'launchplan';
LET        : 'let';
RETURN     : 'return';
IF         : 'if';
ELSE       : 'else';
FOR        : 'for';
IN         : 'in';
TRUE       : 'true';
FALSE      : 'false';
NONE       : 'none';
AND        : 'and';
OR         : 'or';
NOT        : 'not';
FIXED      : 'fixed';
DEFAULT    : 'default';
TEST       : 'test';
ASSERT     : 'assert';
MOCK       : 'mock';

ARROW    : '->';
COALESCE : '??';
EQ       : '==';
NE       : '!=';
LE       : '<=';
GE       : '>=';
LT       : '<';
GT       : '>';
ASSIGN   : '=';
PLUS     : '+';
MINUS    : '-';
STAR     : '*';
SLASH    : '/';
PERCENT  : '%';
QUESTION : '?';
PIPE     : '|';
DOT      : '.';
COMMA    : ',';
COLON    : ':';
SEMI     : ';';
AT       : '@';
LPAREN   : '(';
RPAREN   : ')';
LBRACK   : '[';
RBRACK   : ']';
LBRACE   : '{';
RBRACE   : '}';

// A number glued to letters is one token: `30s` and `4Gi` are literals with a
// unit; `5x` is one invalid literal (E1003), not `5` followed by a name.
DURATION       : DIGITS ('ms' | 's' | 'm' | 'h' | 'd');
SIZE           : DIGITS [KMGT] 'i'?;
FLOAT          : DIGITS '.' DIGITS EXPONENT? | DIGITS EXPONENT;
INT            : DIGITS;
INVALID_NUMBER : DIGITS ('.' DIGITS)? EXPONENT? [A-Za-z_] [A-Za-z0-9_]*;

fragment DIGITS   : [0-9] ('_'? [0-9])*;
fragment EXPONENT : [eE] [+-]? DIGITS;

IDENT : [A-Za-z_] [A-Za-z0-9_]*;

// Strings. `{{ expr }}` interpolations are found and parsed when the
// string is decoded (compiler/parse/Literals.cpp); a `"` always ends a
// one-line string, so an interpolation that needs a string literal of its
// own goes in a triple-quoted string.
TRIPLE_STRING : '"""' .*? '"""';
STRING        : '"' STRING_CHAR* '"';
// Longest match prefers the terminated forms, so these only win when the
// closing quote is missing.
UNTERMINATED_TRIPLE_STRING : '"""' (~'"' | '"' ~'"' | '""' ~'"')* '"'? '"'?;
UNTERMINATED_STRING        : '"' STRING_CHAR* '\\'?;

fragment STRING_CHAR : '\\' ~[\r\n] | ~["\\\r\n];

// Comments stay in the token stream on the hidden channel for doc comments
// and the formatter.
DOC_COMMENT          : '///' ~[\r\n]* -> channel(HIDDEN);
LINE_COMMENT         : '//' ~[\r\n]* -> channel(HIDDEN);
BLOCK_COMMENT        : '/*' .*? '*/' -> channel(HIDDEN);
UNTERMINATED_COMMENT : '/*' (~'*' | '*'+ ~[*/])* '*'* -> channel(HIDDEN);

WS : [ \t\r\n\f]+ -> skip;

// Anything else is reported as an unexpected character and dropped.
UNKNOWN_CHAR : .;
