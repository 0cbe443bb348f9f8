#!/usr/bin/env python3
"""Static check of the VS Code extension in editors/vscode.

Runs without network and without node_modules (Python 3 standard library
only), so CI can run it (test/lit/editors/vscode_extension.test):

- package.json parses and has what VS Code and vsce need (name, publisher,
  version, engines, activation, the flyte language and grammar, the
  flyte.server.* settings, the flyte.showGraph command, vscode-languageclient
  ^9, repository, license), and the files it names exist;
- package-lock.json agrees with it; .gitignore keeps node_modules and .vsix out;
- the grammar parses as JSON, every `include` resolves, every repository
  entry is used, and every regular expression compiles with Python's `re`
  after the usual Oniguruma -> Python rewrites (what cannot be rewritten is
  skipped, counted, and at least checked for balanced groups);
- language-configuration.json parses and its regular expressions compile;
- the highlighting cannot drift from the language: the grammar's keywords are
  exactly the keyword lexer rules of grammar/Flyte.g4 (`NAME : 'word';`), its
  builtin types those of compiler/sema/Types.cpp, its plugins those of
  compiler/plugins/PluginRegistry.cpp, its std functions those of
  compiler/sema/StdFunctions.cpp; and its number rules classify literals as
  the lexer does.

Prints one line per group of checks; exits 1 with the failures on stderr.
"""

import argparse
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

REGEX_KEYS = ("match", "begin", "end", "while")


class Checker:
    def __init__(self):
        self.failures = []
        self.passed = 0

    def expect(self, ok, message):
        if ok:
            self.passed += 1
        else:
            self.failures.append(message)
        return ok

    def fail(self, message):
        self.failures.append(message)


def load_json(checker, path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        checker.fail(f"{path}: missing")
    except json.JSONDecodeError as e:
        checker.fail(f"{path}: not valid JSON: {e}")
    return None


# ---------------------------------------------------------------- regexes

def balanced(pattern):
    """Whether the parentheses of a regex balance (escapes and classes skipped)."""
    depth = 0
    in_class = False
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
        elif c == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "^":
                i += 1
            if pattern[i + 1:i + 2] == "]":
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth < 0:
                return False
        i += 1
    return depth == 0 and not in_class


UNTRANSLATABLE = [
    (re.compile(r"\\G"), r"\G (anchor at the end of the previous match)"),
    (re.compile(r"\\[pP]\{"), r"\p{...} (Unicode property)"),
    (re.compile(r"\[\[:\w+:\]\]|\[:\w+:\]"), "[:class:] (POSIX bracket)"),
    (re.compile(r"(?<!^)\(\?[imx]+\)"), "inline flags not at the start"),
]


def translate(pattern, where):
    """Oniguruma -> Python `re`: (translated, None) or (None, why not)."""
    for rx, why in UNTRANSLATABLE:
        if rx.search(pattern):
            return None, why
    p = pattern
    p = re.sub(r"\(\?<([A-Za-z_]\w*)>", r"(?P<\1>", p)          # named groups
    p = re.sub(r"\\k<([A-Za-z_]\w*)>", r"(?P=\1)", p)           # named backrefs
    p = re.sub(r"(?<!\\)\\h", "[0-9A-Fa-f]", p)                 # hex digit
    p = re.sub(r"(?<!\\)\\H", "[^0-9A-Fa-f]", p)
    p = re.sub(r"\\x\{([0-9A-Fa-f]+)\}", lambda m: "\\U%08x" % int(m.group(1), 16), p)
    p = p.replace(r"\z", r"\Z")
    if where in ("end", "while"):
        # Back-references in end/while name the begin pattern's captures.
        p = re.sub(r"\\[1-9]", "(?:.*?)", p)
    if sys.version_info < (3, 11):
        # Atomic groups and possessive quantifiers came in Python 3.11.
        p = p.replace("(?>", "(?:")
        p = re.sub(r"(?<!\\)([*+?}])\+", r"\1", p)
    return p, None


def walk_rules(node, path="$"):
    """Every rule object of a grammar with its JSON path."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            if key in ("patterns",):
                for i, child in enumerate(value):
                    yield from walk_rules(child, f"{path}.{key}[{i}]")
            elif key == "repository":
                for name, child in value.items():
                    yield from walk_rules(child, f"{path}.repository.{name}")
            elif key in ("captures", "beginCaptures", "endCaptures", "whileCaptures"):
                for group, child in value.items():
                    yield from walk_rules(child, f"{path}.{key}.{group}")


def compile_all(checker, rules, label):
    counts = {"regexes": 0, "compiled": 0, "rewritten": 0, "skipped": 0}
    skipped = []
    compiled = {}
    for path, rule in rules:
        for key in REGEX_KEYS:
            if key not in rule:
                continue
            pattern = rule[key]
            counts["regexes"] += 1
            if not checker.expect(isinstance(pattern, str), f"{label} {path}.{key}: not a string"):
                continue
            translated, why = translate(pattern, key)
            if translated is None:
                counts["skipped"] += 1
                skipped.append(f"{path}.{key}: {why}")
                checker.expect(balanced(pattern), f"{label} {path}.{key}: unbalanced groups: {pattern}")
                continue
            if translated != pattern:
                counts["rewritten"] += 1
            try:
                compiled[(path, key)] = re.compile(translated)
                counts["compiled"] += 1
                checker.passed += 1
            except re.error as e:
                checker.fail(f"{label} {path}.{key}: does not compile ({e}): {pattern}")
    return counts, skipped, compiled


# ---------------------------------------------------------------- sources of truth

def g4_keywords(path):
    text = path.read_text(encoding="utf-8")
    return {word for _, word in re.findall(r"^\s*([A-Z][A-Z_0-9]*)\s*:\s*'([A-Za-z]+)'\s*;", text, re.M)}


def cpp_table(path, array_name):
    """The first string of each `{"name", ...}` entry of `array_name[] = { ... };`."""
    text = path.read_text(encoding="utf-8")
    m = re.search(re.escape(array_name) + r"\s*\[\]\s*=\s*\{(.*?)\n\};", text, re.S)
    if not m:
        return set()
    return set(re.findall(r"\{\s*\"([A-Za-z_][\w.]*)\"", m.group(1)))


def cpp_type_names(path):
    text = path.read_text(encoding="utf-8")
    m = re.search(r"builtinTypeNames\(\)\s*\{.*?\{(.*?)\};", text, re.S)
    return set(re.findall(r"\"(\w+)\"", m.group(1))) if m else set()


WORD_GROUP = re.compile(r"\((?:\?:)?((?:[a-z_]+\|)*[a-z_]+)\)")


def words_in(pattern):
    words = set()
    for group in WORD_GROUP.findall(pattern):
        words.update(group.split("|"))
    return words


def rules_in(node):
    return [rule for _, rule in walk_rules(node)]


# ---------------------------------------------------------------- checks

def check_package(checker, root):
    pkg = load_json(checker, HERE / "package.json")
    if pkg is None:
        return None
    e = checker.expect
    e(pkg.get("name") == "flyte-lang", "package.json: name must be flyte-lang")
    e(pkg.get("publisher") == "flytec", "package.json: publisher must be flytec")
    e(re.fullmatch(r"\d+\.\d+\.\d+(-[\w.]+)?", str(pkg.get("version", ""))) is not None,
      "package.json: version must be semver (x.y.z)")
    e(isinstance(pkg.get("engines"), dict) and str(pkg["engines"].get("vscode", "")).startswith("^1."),
      "package.json: engines.vscode must be ^1.x")
    e("onLanguage:flyte" in pkg.get("activationEvents", []), "package.json: activationEvents needs onLanguage:flyte")
    e(pkg.get("main") == "./extension.js" and (HERE / "extension.js").is_file(),
      "package.json: main must be ./extension.js, and the file must exist")
    e(bool(pkg.get("repository")), "package.json: repository is missing (vsce asks for it)")
    e(bool(pkg.get("license")), "package.json: license is missing (vsce asks for it)")
    e((HERE / "LICENSE").is_file() or (HERE / "LICENSE.md").is_file(), "LICENSE file missing")
    e((HERE / "README.md").is_file(), "README.md missing")
    e((HERE / ".vscodeignore").is_file(), ".vscodeignore missing")
    dep = pkg.get("dependencies", {}).get("vscode-languageclient", "")
    e(dep.startswith("^9"), f"package.json: dependency vscode-languageclient must be ^9, is {dep!r}")

    contributes = pkg.get("contributes", {})
    languages = [lang for lang in contributes.get("languages", []) if lang.get("id") == "flyte"]
    if e(len(languages) == 1, "package.json: contributes.languages needs the language id flyte"):
        lang = languages[0]
        e(".flyte" in lang.get("extensions", []), "package.json: the flyte language needs the extension .flyte")
        conf = lang.get("configuration", "")
        e(bool(conf) and (HERE / conf).is_file(), f"package.json: language configuration {conf!r} missing")
    grammars = [g for g in contributes.get("grammars", []) if g.get("scopeName") == "source.flyte"]
    grammar_path = None
    if e(len(grammars) == 1, "package.json: contributes.grammars needs scopeName source.flyte"):
        e(grammars[0].get("language") == "flyte", "package.json: the grammar's language must be flyte")
        grammar_path = HERE / grammars[0].get("path", "")
        e(grammar_path.is_file(), f"package.json: grammar {grammar_path} missing")

    props = contributes.get("configuration", {}).get("properties", {})
    path_setting = props.get("flyte.server.path", {})
    e(path_setting.get("type") == "string" and path_setting.get("default") == "flyte-lsp",
      "package.json: setting flyte.server.path (string, default flyte-lsp) missing")
    e(props.get("flyte.server.args", {}).get("type") == "array",
      "package.json: setting flyte.server.args (array) missing")
    commands = {c.get("command"): c for c in contributes.get("commands", [])}
    show = commands.get("flyte.showGraph")
    e(show is not None and "show workflow graph" in
      (str(show.get("category", "")) + ": " + str(show.get("title", ""))).lower(),
      "package.json: command flyte.showGraph ('Flyte: Show workflow graph') missing")

    # extension.js registers every contributed command and reads only declared settings.
    source = (HERE / "extension.js").read_text(encoding="utf-8") if (HERE / "extension.js").is_file() else ""
    for command in commands:
        e(f"'{command}'" in source or f'"{command}"' in source,
          f"extension.js never registers the contributed command {command}")
    for key in re.findall(r"\.get\('([\w.]+)'\)", source):
        e(f"flyte.{key}" in props, f"extension.js reads the setting flyte.{key}, which package.json does not declare")
    for local in re.findall(r"require\('(\./[\w./-]+)'\)", source):
        target = HERE / local
        e(target.is_file() or target.with_suffix(".js").is_file(), f"extension.js requires {local}, which is missing")

    lock = load_json(checker, HERE / "package-lock.json")
    if lock is not None:
        e(lock.get("version") == pkg.get("version") and lock.get("name") == pkg.get("name"),
          "package-lock.json: name/version differ from package.json (run npm install)")
        client = lock.get("packages", {}).get("node_modules/vscode-languageclient", {})
        e(str(client.get("version", "")).startswith("9."),
          "package-lock.json: vscode-languageclient 9.x is not locked (run npm install)")
    ignore = (HERE / ".gitignore").read_text(encoding="utf-8").split() if (HERE / ".gitignore").is_file() else []
    e(any(x.strip("/") == "node_modules" for x in ignore) and "*.vsix" in ignore,
      ".gitignore must list node_modules and *.vsix")

    node = shutil.which("node")
    if node:
        for js in sorted(HERE.glob("*.js")):
            r = subprocess.run([node, "--check", str(js)], capture_output=True, text=True)
            e(r.returncode == 0, f"{js.name}: node --check failed: {r.stderr.strip()}")
    print(f"package.json: ok ({pkg.get('name')} {pkg.get('version')}, "
          f"{len(commands)} commands, {len(props)} settings{', node --check' if node else ''})")
    return grammar_path


def check_language_configuration(checker):
    conf = load_json(checker, HERE / "language-configuration.json")
    if conf is None:
        return
    e = checker.expect
    e(conf.get("comments", {}).get("lineComment") == "//", "language-configuration.json: lineComment must be //")
    e(conf.get("comments", {}).get("blockComment") == ["/*", "*/"], "language-configuration.json: blockComment must be /* */")
    opens = {p.get("open") if isinstance(p, dict) else p[0] for p in conf.get("autoClosingPairs", [])}
    for pair in ("{", "[", "(", '"', '"""'):
        e(pair in opens, f"language-configuration.json: autoClosingPairs lacks {pair}")
    patterns = []
    for key in ("increaseIndentPattern", "decreaseIndentPattern"):
        patterns.append((f"indentationRules.{key}", conf.get("indentationRules", {}).get(key)))
    for i, rule in enumerate(conf.get("onEnterRules", [])):
        for key in ("beforeText", "afterText", "previousLineText"):
            if key in rule:
                patterns.append((f"onEnterRules[{i}].{key}", rule[key]))
    for key in ("start", "end"):
        if key in conf.get("folding", {}).get("markers", {}):
            patterns.append((f"folding.markers.{key}", conf["folding"]["markers"][key]))
    patterns.append(("wordPattern", conf.get("wordPattern")))
    for where, pattern in patterns:
        if pattern is None:
            checker.fail(f"language-configuration.json: {where} missing")
            continue
        try:
            re.compile(pattern)
            checker.passed += 1
        except re.error as err:
            checker.fail(f"language-configuration.json: {where} does not compile ({err}): {pattern}")
    word = re.compile(conf.get("wordPattern") or "(?!)")
    for sample in ("region_total", "_x1", "512Mi", "30s", "3.14"):
        m = word.match(sample)
        e(m is not None and m.group(0) == sample, f"language-configuration.json: wordPattern does not take {sample!r} whole")
    print(f"language-configuration.json: ok ({len(patterns)} regexes)")


NUMBER_SAMPLES = [
    # text, the scope it gets (the token kind of grammar/Flyte.g4)
    ("42", "constant.numeric.integer"), ("1_000_000", "constant.numeric.integer"),
    ("3.14", "constant.numeric.float"), ("1e-3", "constant.numeric.float"), ("2.5E+3", "constant.numeric.float"),
    ("1e5", "constant.numeric.float"),
    ("250ms", "constant.numeric.duration"), ("30s", "constant.numeric.duration"), ("5m", "constant.numeric.duration"),
    ("2h", "constant.numeric.duration"), ("1d", "constant.numeric.duration"), ("1_000ms", "constant.numeric.duration"),
    ("512Mi", "constant.numeric.size"), ("4Gi", "constant.numeric.size"), ("10K", "constant.numeric.size"),
    ("2T", "constant.numeric.size"),
    ("5x", "invalid.illegal.number"), ("1.5s", "invalid.illegal.number"), ("1e", "invalid.illegal.number"),
    ("4Gib", "invalid.illegal.number"), ("30sec", "invalid.illegal.number"),
    ("1__2", "invalid.illegal.number"), ("1_000_000x", "invalid.illegal.number"),
]


def check_grammar(checker, root, grammar_path):
    grammar = load_json(checker, grammar_path)
    if grammar is None:
        return
    e = checker.expect
    e(grammar.get("scopeName") == "source.flyte", "grammar: scopeName must be source.flyte")
    repo = grammar.get("repository", {})

    # includes resolve; every repository entry is used
    used = set()
    for path, rule in walk_rules(grammar):
        inc = rule.get("include")
        if inc is None:
            continue
        if inc.startswith("#"):
            used.add(inc[1:])
            e(inc[1:] in repo, f"grammar {path}: include {inc} names no repository entry")
        else:
            e(inc in ("$self", "$base") or re.fullmatch(r"[\w.-]+(#[\w-]+)?", inc) is not None,
              f"grammar {path}: bad include {inc!r}")
    for name in repo:
        e(name in used, f"grammar: repository entry {name!r} is never included")

    counts, skipped, compiled = compile_all(checker, list(walk_rules(grammar)), "grammar")
    print("grammar: {regexes} regexes, {compiled} compile with Python re ({rewritten} rewritten), "
          "{skipped} skipped".format(**counts))
    for line in skipped:
        print(f"  skipped {line}")

    # keywords == the keyword lexer rules of Flyte.g4
    g4 = root / "grammar" / "Flyte.g4"
    if e(g4.is_file(), f"{g4} missing"):
        expected = g4_keywords(g4)
        e(len(expected) > 0, f"{g4}: no keyword rules `NAME : 'word';` found")
        kw_rules = rules_in(repo.get("keywords", {}))
        have = set()
        for rule in kw_rules:
            for key in REGEX_KEYS:
                if key in rule:
                    have |= words_in(rule[key])
        missing = sorted(expected - have)
        extra = sorted(have - expected)
        e(not missing, f"grammar: keywords of Flyte.g4 not highlighted: {' '.join(missing)}")
        e(not extra, f"grammar: highlighted as keywords but not keywords of Flyte.g4: {' '.join(extra)}")
        # and each keyword is actually matched somewhere it can stand
        kw_regexes = [re.compile(translate(r[k], k)[0]) for r in kw_rules for k in ("match",) if k in r]
        for word in sorted(expected & have):
            contexts = [word, f"{word} x", f'{word} "t"', f"  {word} a: 1", f"{word} x(a: 1) -> (b: 2)"]
            hit = any(m and word in m.group(0) for rx in kw_regexes for s in contexts for m in [rx.search(s)])
            e(hit, f"grammar: keyword {word!r} is listed but no keyword rule matches it")
        if not missing and not extra:
            print(f"keywords: {len(expected)}, same as grammar/Flyte.g4")

    # builtin types, plugins, std functions == the compiler's tables
    def compare(what, grammar_words, source, table):
        if not e(source.is_file(), f"{source} missing"):
            return
        if not e(bool(table), f"{source}: could not read the {what} (update editors/vscode/check.py)"):
            return
        rel = source.relative_to(root).as_posix()
        missing, extra = sorted(table - grammar_words), sorted(grammar_words - table)
        e(not missing, f"grammar: {what} of {rel} not highlighted: {' '.join(missing)}")
        e(not extra, f"grammar: highlighted {what} unknown to {rel}: {' '.join(extra)}")
        if not missing and not extra:
            print(f"{what}: {len(table)}, same as {rel}")

    def words_of(entry, scope):
        out = set()
        for rule in rules_in(repo.get(entry, {})):
            names = [rule.get("name", "")] + [c.get("name", "") for c in rule.get("captures", {}).values()]
            if any(n.startswith(scope) for n in names) and "match" in rule:
                out |= {w for w in words_in(rule["match"]) if w != "std"}
        return out

    compare("types", words_of("types", "support.type"), root / "compiler" / "sema" / "Types.cpp",
            cpp_type_names(root / "compiler" / "sema" / "Types.cpp") if (root / "compiler/sema/Types.cpp").is_file() else set())
    compare("plugins", words_of("declarations", "support.function.plugin"),
            root / "compiler" / "plugins" / "PluginRegistry.cpp",
            cpp_table(root / "compiler/plugins/PluginRegistry.cpp", "kPlugins") if (root / "compiler/plugins/PluginRegistry.cpp").is_file() else set())
    compare("std functions", words_of("std", "support.function.builtin"),
            root / "compiler" / "sema" / "StdFunctions.cpp",
            cpp_table(root / "compiler/sema/StdFunctions.cpp", "kFunctions") if (root / "compiler/sema/StdFunctions.cpp").is_file() else set())

    # number literals get the lexer's token kinds (first rule that matches wins, as in TextMate)
    number_rules = [(r.get("name", ""), compiled.get((p, "match")))
                    for p, r in walk_rules(repo.get("numbers", {}), "$.repository.numbers") if "match" in r]
    number_rules = [(name, rx) for name, rx in number_rules if rx is not None and name]
    bad = []
    for text, scope in NUMBER_SAMPLES:
        got = next(((name, m.group(0)) for name, rx in number_rules for m in [rx.match(text)] if m), None)
        if got is None or got[1] != text or not got[0].startswith(scope):
            bad.append(f"{text!r} -> {got} (want {scope})")
    e(not bad, "grammar: number rules disagree with the lexer: " + "; ".join(bad))
    if not bad:
        print(f"numbers: {len(NUMBER_SAMPLES)} literals scoped like the lexer's tokens")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=HERE.parent.parent,
                        help="the flytec repository (default: two folders up)")
    args = parser.parse_args()
    checker = Checker()
    grammar_path = check_package(checker, args.root)
    check_language_configuration(checker)
    check_grammar(checker, args.root, grammar_path or HERE / "syntaxes" / "flyte.tmLanguage.json")
    if checker.failures:
        for failure in checker.failures:
            print(f"error: {failure}", file=sys.stderr)
        print(f"vscode extension: FAILED, {len(checker.failures)} problems")
        return 1
    print(f"vscode extension: all {checker.passed} checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
