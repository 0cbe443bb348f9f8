#!/usr/bin/env python3
"""Generate large, realistic, syntactically valid .flyte modules for benchmarks.

The output is deterministic for a given seed and size. A module is a series
of "sections", one per data domain, each written the way a user would write
a real pipeline: doc-commented records with defaults, enums, an alias, tasks
with decorators and shell / python / sql bodies (triple-quoted scripts with
{{placeholders}}), a long workflow (let-calls with named arguments, nested
calls, mapped `for` nodes with @concurrency, if / else if / else branches,
list / map / record literals, string interpolation, `??`, arithmetic), a
dynamic workflow, a launch plan and a test block with mock / assert.

Besides being syntactically valid, the code is written to be semantically
valid too (names resolve, arguments are named and typed as declared, every
`let` is used, placeholders name inputs or outputs), so the same modules stay
usable once `flytec check` does type checking.

    gen_module.py --lines 50000 -o big.flyte
    gen_module.py --tasks 400 -o many_tasks.flyte
    gen_module.py --workflow-calls 10000 -o long_workflow.flyte

Python 3 standard library only.
"""

import argparse
import random
import sys

DOMAINS = [
    "sales", "orders", "clicks", "users", "events", "inventory", "payments",
    "sessions", "reviews", "shipments", "invoices", "sensors", "ads",
    "tickets", "returns", "trips",
]
REGION_SETS = [
    ["US", "EU", "APAC"],
    ["US", "EU", "APAC", "LATAM"],
    ["NORTH", "SOUTH", "EAST", "WEST"],
    ["AMER", "EMEA", "APJ"],
]
STAGES = ["RAW", "CLEAN", "ENRICHED", "SCORED", "PUBLISHED", "ARCHIVED"]
CRONS = ["0 2 * * *", "30 4 * * 1-5", "15 */6 * * *", "0 0 1 * *", "45 23 * * 0"]
TAGS = ["daily", "backfill", "prod", "canary", "eu-only", "nightly", "adhoc"]


class Writer:
    """Collects lines with indentation."""

    def __init__(self):
        self.lines = []

    def __call__(self, text="", indent=0):
        if text:
            self.lines.append("  " * indent + text)
        else:
            self.lines.append("")

    def block(self, text, indent=0):
        for line in text.split("\n"):
            self(line, indent)

    def count(self):
        return len(self.lines)


class FloatPool:
    """Float-valued workflow variables; tracks which are still unused so that
    every `let` ends up used (no W0001 once sema exists)."""

    def __init__(self, rng):
        self.rng = rng
        self.all = []
        self.unused = []

    def add(self, name):
        self.all.append(name)
        self.unused.append(name)

    def take(self, avoid=None):
        """A value to read; prefers unused ones, never returns `avoid`
        (so that `a + b` has two different operands)."""
        unused = [n for n in self.unused if n != avoid]
        if unused and (self.rng.random() < 0.8 or len(self.all) < 3):
            name = self.rng.choice(unused)
        else:
            name = self.rng.choice([n for n in self.all if n != avoid])
        if name in self.unused:
            self.unused.remove(name)
        return name

    def drain(self):
        rest, self.unused = self.unused, []
        return rest


def fnum(rng, lo=0.0, hi=10.0):
    value = rng.uniform(lo, hi)
    return "%.2f" % value


class Section:
    """One domain's worth of declarations (about 300-420 lines)."""

    def __init__(self, gen, k, steps):
        self.gen = gen
        self.rng = gen.rng
        self.k = k
        self.steps = steps
        self.domain = self.rng.choice(DOMAINS)
        self.regions = self.rng.choice(REGION_SETS)
        self.stages = STAGES[: self.rng.randint(3, len(STAGES))]
        k = self.k
        self.Region = "Region%d" % k
        self.Stage = "Stage%d" % k
        self.Stats = "Stats%d" % k
        self.Config = "Config%d" % k
        self.Table = "Table%d" % k
        self.scalar_tasks = []  # (name, value parameter, second parameter)
        self.extra_models = []  # model files of train steps in the workflow

    # -- declarations ---------------------------------------------------

    def write(self, w):
        k, d = self.k, self.domain
        w("// " + "-" * 74)
        w("// Section %d: the %s pipeline" % (k, d))
        w("// " + "-" * 74)
        w()
        self.types(w)
        self.tasks(w)
        self.dynamic(w)
        self.workflow(w)
        self.launch_plan(w)
        self.test(w)

    def types(self, w):
        rng, k, d = self.rng, self.k, self.domain
        w("/// Regions served by the %s pipeline." % d)
        if rng.random() < 0.5:
            w("enum %s { %s }" % (self.Region, ", ".join(self.regions)))
        else:
            w("enum %s {" % self.Region)
            for r in self.regions:
                w(r + ",", 1)
            w("}")
        w()
        w("/// Lifecycle of a %s batch." % d)
        w("enum %s {" % self.Stage)
        for s in self.stages:
            w("/// The batch is %s." % s.lower(), 1)
            w(s + ",", 1)
        w("}")
        w()
        w("/// Summary statistics of one %s table." % d)
        w("record %s {" % self.Stats)
        w("/// Number of rows read.", 1)
        w("rows: int", 1)
        w("/// Mean of the amount column.", 1)
        w("mean: float = 0.0", 1)
        w("/// Optional human-readable label.", 1)
        w("label: string? = none", 1)
        w("tags: list[string] = []", 1)
        w("stage: %s = %s.%s" % (self.Stage, self.Stage, self.stages[0]), 1)
        if rng.random() < 0.5:
            w("/// Per-region totals.", 1)
            w("totals: map[string, float] = {}", 1)
        w("}")
        w()
        w("/// Settings of one %s run." % d)
        w("record %s {" % self.Config)
        w('name: string = "%s"' % d, 1)
        w("threshold: float = %s" % fnum(rng, 0.1, 0.9), 1)
        w("limit: int = %s" % rng.choice(["1_000", "10_000", "250", "100_000", "5000"]), 1)
        w("window: duration = %s" % rng.choice(["30m", "1h", "15m", "2h", "1d"]), 1)
        w("weights: map[string, float] = {%s}" % ", ".join(
            '"%s": %s' % (r, fnum(rng, 0.5, 1.5)) for r in self.regions), 1)
        w("dry_run: bool = %s" % rng.choice(["false", "true"]), 1)
        w("}")
        w()
        w("type %s = dataframe[id: int, region: string, amount: float]" % self.Table)
        w()

    def decorators(self, w, cache_ok=True):
        rng = self.rng
        if cache_ok and rng.random() < 0.5:
            if rng.random() < 0.3:
                w('@cache(version: "%d", serialize: true)' % rng.randint(1, 9))
            else:
                w('@cache(version: "%d")' % rng.randint(1, 9))
        if rng.random() < 0.6:
            w("@retries(%d)" % rng.randint(1, 5))
        if rng.random() < 0.5:
            w("@timeout(%s)" % rng.choice(["10m", "30m", "1h", "90s", "2h"]))
        if rng.random() < 0.4:
            w("@resources(cpu: %d, memory: %s)" % (
                rng.choice([1, 2, 4, 8]), rng.choice(["512Mi", "1Gi", "4Gi", "16Gi"])))
        if rng.random() < 0.15:
            w("@interruptible")

    def tasks(self, w):
        rng, k, d = self.rng, self.k, self.domain
        gen = self.gen
        region0 = self.regions[0]

        # extract: shell, one region to CSV
        w("/// Extracts one region's %s rows to CSV." % d)
        self.decorators(w, cache_ok=False)
        w("task extract_%d(db: file, region: %s, limit: int = %d) -> (rows: file[csv]) {"
          % (k, self.Region, rng.choice([100, 1000, 5000])))
        w('shell """', 1)
        w("set -eu", 2)
        w("region={{region}}", 2)
        w('echo "extracting $region from {{db}}" >&2', 2)
        w("sqlite3 -header -csv {{db}} \\", 2)
        w("\"SELECT id, region, amount FROM %s WHERE region = '$region' LIMIT {{limit}}\" \\" % d, 3)
        w("> {{outputs.rows}}", 3)
        w('"""', 1)
        w("}")
        w()
        gen.tasks += 1

        # totals: sql
        w("/// Totals %s per region above a floor." % d)
        w('@cache(version: "%d")' % rng.randint(1, 5))
        w("@resources(cpu: %d, memory: %s)" % (rng.choice([1, 2, 4]), rng.choice(["256Mi", "2Gi", "4Gi"])))
        w('task totals_%d(db: file, min_amount: float = 0.0, since: string = "2024-01-01") -> (table: %s) {'
          % (k, self.Table))
        w('sql(database: db) """', 1)
        w("SELECT MIN(id) AS id, region, SUM(amount) AS amount", 2)
        w("FROM %s" % d, 2)
        w("WHERE amount >= {{min_amount}}", 2)
        w("AND day >= {{ since }}", 3)
        w("GROUP BY region", 2)
        w("ORDER BY amount DESC", 2)
        w('"""', 1)
        w("}")
        w()
        gen.tasks += 1

        # summarize: python
        w("/// Computes summary statistics of a %s table." % d)
        self.decorators(w)
        w("task summarize_%d(table: %s, label: string? = none) -> (stats: %s) {" % (k, self.Table, self.Stats))
        w('python """', 1)
        w("import csv", 2)
        w("import statistics", 2)
        w("", 0)
        w("with open(table) as fh:", 2)
        w("rows = list(csv.DictReader(fh))", 3)
        w('amounts = [float(r["amount"]) for r in rows]', 2)
        w("totals = {}", 2)
        w("for r in rows:", 2)
        w('totals[r["region"]] = totals.get(r["region"], 0.0) + float(r["amount"])', 3)
        w("outputs.stats = dict(", 2)
        w("rows=len(rows),", 3)
        w("mean=statistics.fmean(amounts) if amounts else 0.0,", 3)
        w("label=label,", 3)
        w('tags=["%s"],' % d, 3)
        w('stage="%s",' % self.stages[1], 3)
        w("totals=totals,", 3)
        w(")", 2)
        w('"""', 1)
        w("}")
        w()
        gen.tasks += 1

        # merge: python over a list
        w("/// Concatenates CSV parts, keeping the first header.")
        w("task merge_%d(parts: list[file[csv]]) -> (merged: file) {" % k)
        w('python """', 1)
        w('path = outputs.path("merged")', 2)
        w('with open(path, "w") as out:', 2)
        w("for i, part in enumerate(parts):", 3)
        w("with open(part) as fh:", 4)
        w("lines = fh.readlines()", 5)
        w("out.writelines(lines if i == 0 else lines[1:])", 4)
        w("outputs.merged = path", 2)
        w('"""', 1)
        w("}")
        w()
        gen.tasks += 1

        # count: one-line shell
        w("task count_%d(f: file) -> (n: int) {" % k)
        w("shell \"tail -n +2 {{f}} | wc -l | tr -d ' ' > {{outputs.n}}\"", 1)
        w("}")
        w()
        gen.tasks += 1

        # score: scalar, used many times by the workflow
        w("/// Weighted score of one value.")
        self.decorators(w)
        w("task score_%d(x: float, weight: float = 1.0) -> (s: float) {" % k)
        w('shell "echo \\"{{x}} * {{weight}}\\" | bc -l > {{outputs.s}}"', 1)
        w("}")
        w()
        gen.tasks += 1
        self.scalar_tasks.append(("score_%d" % k, "x", "weight"))

        # a few extra scalar features
        for j in range(rng.randint(1, 4)):
            name = "feature_%d_%d" % (k, j)
            w("/// Feature %d of the %s model." % (j, d))
            self.decorators(w)
            w("task %s(value: float, scale: float = %s, bias: float = %s) -> (y: float) {"
              % (name, fnum(rng, 0.5, 2.0), fnum(rng, -1.0, 1.0)))
            if rng.random() < 0.5:
                w('shell """', 1)
                w("awk -v v={{value}} -v s={{scale}} -v b={{bias}} \\", 2)
                w("'BEGIN { printf \"%.6f\\n\", v * s + b }' > {{outputs.y}}", 3)
                w('"""', 1)
            else:
                w('python """', 1)
                w("import math", 2)
                w("outputs.y = math.tanh(value * scale) + bias", 2)
                w('"""', 1)
            w("}")
            w()
            gen.tasks += 1
            self.scalar_tasks.append((name, "value", "scale"))

        # train: several outputs
        w("/// Trains a model on merged %s data." % d)
        w("@interruptible")
        w("@retries(%d)" % rng.randint(2, 4))
        w("@resources(cpu: %d, memory: %s, gpu: 1)" % (rng.choice([4, 8]), rng.choice(["16Gi", "32Gi"])))
        w("task train_%d(data: file, epochs: int = 10, lr: float = 1e-3) -> (model: file, accuracy: float) {" % k)
        w('python """', 1)
        w("import json, random", 2)
        w("random.seed(epochs)", 2)
        w("acc = 0.5", 2)
        w("for epoch in range(epochs):", 2)
        w("acc = min(0.99, acc + lr * random.random() * 10)", 3)
        w('path = outputs.path("model")', 2)
        w('with open(path, "w") as fh:', 2)
        w('json.dump({"epochs": epochs, "lr": lr, "accuracy": acc}, fh)', 3)
        w("outputs.model = path", 2)
        w("outputs.accuracy = acc", 2)
        w('"""', 1)
        w("}")
        w()
        gen.tasks += 1

        # render: shell heredoc with record placeholders
        w("/// Renders the %s report as Markdown." % d)
        w("task render_%d(stats: %s, title: string, best: string) -> (report: file) {" % (k, self.Stats))
        w('shell """', 1)
        w("{", 2)
        w("printf '# %s\\n\\n' {{title}}", 3)
        w("printf -- '- rows: %s\\n' {{stats.rows}}", 3)
        w("printf -- '- mean: %s\\n' {{stats.mean}}", 3)
        w("printf -- '- best: %s\\n' {{best}}", 3)
        w("} > {{outputs.report}}", 2)
        w("cp {{outputs.report}} {{deck}}/report.md", 2)
        w('"""', 1)
        w("}")
        w()
        gen.tasks += 1

        # publish
        w("/// Publishes a report and returns its URL.")
        w('@pool("warehouse")')
        w("@timeout(%s)" % rng.choice(["5m", "10m"]))
        w('task publish_%d(report: file, model: file, channel: string = "#%s") -> (url: string) {' % (k, d))
        w('shell """', 1)
        w("dest=s3://reports/%s/$(date +%%Y%%m%%d)" % d, 2)
        w('aws s3 cp {{report}} "$dest/report.md"', 2)
        w('aws s3 cp {{model}} "$dest/model.json"', 2)
        w('echo "$dest/report.md" > {{outputs.url}}', 2)
        w("notify --channel {{channel}} --file {{report}}", 2)
        w('"""', 1)
        w("}")
        w()
        gen.tasks += 1

    def dynamic(self, w):
        rng, k = self.rng, self.k
        score, param = self.scalar_tasks[-1][:2]
        w("/// One scoring node per element, expanded at run time.")
        w("dynamic fanout_%d(n: int, base: float = 1.0) -> (scores: list[float], total: float) {" % k)
        w("let scores = for i in range(n) {", 1)
        w("if i %% %d == 0 {" % rng.randint(2, 4), 2)
        w("score_%d(x: base * float(i), weight: %s)" % (k, fnum(rng, 1, 3)), 3)
        w("} else {", 2)
        w("%s(%s: base + float(i))" % (score, param), 3)
        w("}", 2)
        w("}", 1)
        w("return (scores: scores, total: sum(scores))", 1)
        w("}")
        w()
        self.gen.workflows += 1

    # -- the workflow -----------------------------------------------------

    def fexpr(self, pool, line_start=False, whole=False):
        """A float expression over earlier values. At the start of a line it
        must not begin with `(` (that would continue the line before). With
        `whole`, never a bare name (so a `let` does not merely alias)."""
        rng = self.rng
        r = rng.random()
        a = pool.take()
        if r < 0.35 and not whole:
            return a
        if r < 0.35:
            return "%s * %s + %s" % (a, fnum(rng, 0.1, 2.0), fnum(rng, 0.0, 1.0))
        if r < 0.5:
            return "%s * %s" % (a, fnum(rng, 0.1, 2.0))
        if r < 0.65:
            return "%s + %s" % (a, pool.take(a))
        if r < 0.75:
            if line_start:
                return "%s / 2.0 + %s / 2.0" % (a, pool.take(a))
            return "(%s + %s) / 2.0" % (a, pool.take(a))
        if r < 0.85:
            return "%s - %s * 0.5" % (a, pool.take(a))
        if r < 0.93:
            return "abs(%s - %s)" % (a, fnum(rng, 0, 5))
        return "max(%s, %s)" % (a, pool.take(a))

    def call(self, pool, nest=0):
        rng = self.rng
        name, p1, p2 = rng.choice(self.scalar_tasks)
        if nest < 1 and rng.random() < 0.2:
            arg = self.call(pool, nest + 1)
        else:
            arg = self.fexpr(pool)
        if rng.random() < 0.5:
            return "%s(%s: %s, %s: %s)" % (name, p1, arg, p2, fnum(rng, 0.5, 2.0))
        return "%s(%s: %s)" % (name, p1, arg)

    def workflow(self, w):
        rng, k, d = self.rng, self.k, self.domain
        pool = FloatPool(rng)
        strings = []  # string-valued lets not yet used
        R = self.Region
        default_regions = ", ".join("%s.%s" % (R, r) for r in self.regions[:2])
        w("/// End-to-end %s pipeline: extract per region, total, score, report." % d)
        if rng.random() < 0.3:
            w("@failure_policy(continue)")
        w("workflow pipeline_%d(" % k)
        w("db: file,", 1)
        w("regions: list[%s] = [%s]," % (R, default_regions), 1)
        w('config: %s = %s { name: "%s-%d" },' % (self.Config, self.Config, d, k), 1)
        w('since: string = "2024-%02d-01",' % rng.randint(1, 12), 1)
        w("epochs: int = %d," % rng.randint(3, 30), 1)
        w(") -> (report: file, best: string, total: float, verdict: string, url: string) {")
        w("// Extract every region in parallel, at most a few at a time.", 1)
        w("@concurrency(%d)" % rng.choice([2, 4, 8, 16]), 1)
        if rng.random() < 0.5:
            w("@min_success_ratio(0.%d)" % rng.randint(5, 9), 1)
        w("let parts = for r in regions {", 1)
        w("extract_%d(db: db, region: r, limit: config.limit)" % k, 2)
        w("}", 1)
        w("let merged = merge_%d(parts: parts)" % k, 1)
        w("let table = totals_%d(db: db, min_amount: config.threshold * 100.0, since: since)" % k, 1)
        w("let stats = summarize_%d(table: table, label: config.name)" % k, 1)
        w("@concurrency(%d)" % rng.choice([4, 8, 32]), 1)
        w("let counts = for p in parts { count_%d(f: p) }" % k, 1)
        w("let rows = sum(counts)", 1)
        w("let mean = stats.mean", 1)
        pool.add("mean")
        w('let weight = config.weights["%s"] ?? 1.0' % self.regions[0], 1)
        pool.add("weight")
        w("let base = float(rows) / %s + config.threshold" % fnum(rng, 10, 1000), 1)
        pool.add("base")
        if self.gen.sections_done > 0 and rng.random() < 0.3:
            prev = rng.randrange(self.gen.sections_done)
            w("// Reuse an upstream pipeline as a subworkflow.", 1)
            w('let upstream = pipeline_%d(db: db, since: since)' % prev, 1)
            w("let upstream_total = upstream.total", 1)
            pool.add("upstream_total")
            strings.append("upstream.verdict")
        w("let fan = fanout_%d(n: len(regions) * %d, base: %s)" % (k, rng.randint(2, 5), pool.take()), 1)
        w("let fan_total = fan.total", 1)
        pool.add("fan_total")
        w()

        for i in range(self.steps):
            v = "v%d" % i
            r = rng.random()
            if r < 0.40:
                if rng.random() < 0.25:
                    w("@retries(%d)" % rng.randint(1, 4), 1)
                    if rng.random() < 0.5:
                        w("@timeout(%s)" % rng.choice(["1m", "5m", "90s"]), 1)
                w("let %s = %s" % (v, self.call(pool)), 1)
            elif r < 0.50:
                w("let %s = %s" % (v, self.fexpr(pool, whole=True)), 1)
            elif r < 0.60:
                c = pool.take()
                w("let %s = if %s > %s {" % (v, c, fnum(rng, 0, 5)), 1)
                w(self.call(pool), 2)
                w("} else if %s < %s and not config.dry_run {" % (c, fnum(rng, -5, 0)), 1)
                w(self.fexpr(pool, line_start=True), 2)
                w("} else {", 1)
                w(fnum(rng), 2)
                w("}", 1)
            elif r < 0.68:
                name, p1, p2 = rng.choice(self.scalar_tasks)
                w("@concurrency(%d)" % rng.choice([2, 4, 8]), 1)
                w("let %s_each = for r in regions {" % v, 1)
                w('%s(%s: (config.weights[str(r)] ?? 1.0) * %s)' % (name, p1, pool.take()), 2)
                w("}", 1)
                w("let %s = sum(%s_each) / float(len(regions))" % (v, v), 1)
            elif r < 0.75:
                a = pool.take()
                b, c = pool.take(a), fnum(rng)
                w("let %s_xs = [%s, %s, %s]" % (v, a, b, c), 1)
                w("let %s = %s_xs[%d] + sum(%s_xs) / 3.0" % (v, v, rng.randint(0, 2), v), 1)
            elif r < 0.81:
                w("let %s_m = {" % v, 1)
                for reg in self.regions:
                    w('"%s": %s,' % (reg, self.fexpr(pool)), 2)
                w("}", 1)
                w('let %s = %s_m["%s"] ?? 0.0' % (v, v, rng.choice(self.regions)), 1)
            elif r < 0.89:
                w("let %s_cfg = %s {" % (v, self.Config), 1)
                w('name: "{{config.name}}-%d",' % i, 2)
                w("threshold: %s," % self.fexpr(pool), 2)
                w("limit: config.limit / %d," % rng.randint(2, 10), 2)
                w("}", 1)
                w("let %s = %s_cfg.threshold * %s" % (v, v, fnum(rng, 0.5, 1.5)), 1)
            elif r < 0.96:
                s = "%s_note" % v
                w('let %s = "step %d of {{config.name}}: {{%s}} ({{len(regions)}} regions)"'
                  % (s, i, pool.take()), 1)
                strings.append(s)
                w("let %s = %s" % (v, self.fexpr(pool, whole=True)), 1)
            else:
                w("let (%s_model, %s_acc) = train_%d(data: merged, epochs: epochs + %d, lr: %s)"
                  % (v, v, k, i % 5, rng.choice(["1e-3", "0.01", "5e-4", "0.1"])), 1)
                w("let %s = %s_acc * 100.0" % (v, v), 1)
                # The model file is used by the publish branch below.
                self.extra_models.append("%s_model" % v)
            pool.add(v)
            # comment now and then, like real code
            if rng.random() < 0.05:
                w("// %s" % rng.choice([
                    "TODO: move this weight into the config.",
                    "Keep in sync with the dashboard definition.",
                    "Cheap step: cached upstream.",
                    "The scale factor was tuned on Q3 data.",
                ]), 1)
            if rng.random() < 0.03:
                w("/* disabled: let %s_old = %s(%s: 0.0) */" % (v, self.scalar_tasks[0][0], self.scalar_tasks[0][1]), 1)

        w()
        w("let label = stats.label ?? config.name", 1)
        w("let verdict = if rows > config.limit {", 1)
        w('"large"', 2)
        w("} else if rows > config.limit / 10 {", 1)
        w('"medium"', 2)
        w("} else {", 1)
        w('"small"', 2)
        w("}", 1)
        w('let title = "%s report {{config.name}}: {{rows}} rows, verdict {{verdict}}"' % d.capitalize(), 1)
        notes = strings + ["title"]
        if len(notes) > 4:
            w("let notes = join([", 1)
            for s in notes:
                w("%s," % s, 2)
            w('], "; ")', 1)
        else:
            w('let notes = join([%s], "; ")' % ", ".join(notes), 1)
        w("let summary = %s {" % self.Stats, 1)
        w("rows: rows,", 2)
        w("mean: %s," % pool.take(), 2)
        w("label: label,", 2)
        w('tags: [verdict, since, "%s"],' % rng.choice(TAGS), 2)
        w("stage: %s.%s," % (self.Stage, self.stages[-1]), 2)
        w("}", 1)
        w("@timeout(%s)" % rng.choice(["10m", "30m"]), 1)
        w("let report = render_%d(stats: summary, title: notes, best: label)" % k, 1)
        w("let (model, accuracy) = train_%d(data: merged, epochs: epochs, lr: 0.01)" % k, 1)
        models = ["model"] + self.extra_models
        if rng.random() < 0.5:
            w('let approved = std.approve(value: report, prompt: "Publish the %s report?")' % d, 1)
            rep = "approved"
        else:
            rep = "report"
        w("let url = if accuracy >= config.threshold and not config.dry_run {", 1)
        w("publish_%d(report: %s, model: %s)" % (k, rep, models[0]), 2)
        for m in models[1:]:
            w("} else if %s_acc > accuracy {" % m[: -len("_model")], 1)
            w("publish_%d(report: %s, model: %s)" % (k, rep, m), 2)
        w("} else {", 1)
        w('"skipped: accuracy {{accuracy}}"', 2)
        w("}", 1)
        rest = pool.drain() or [pool.all[-1]]
        if len(rest) > 6:
            w("let total = sum([", 1)
            for i in range(0, len(rest), 8):
                w(", ".join(rest[i:i + 8]) + ",", 2)
            w("])", 1)
        else:
            w("let total = %s" % " + ".join(rest), 1)
        w("return (", 1)
        w("report: report,", 2)
        w("best: upper(label),", 2)
        w("total: total,", 2)
        w("verdict: verdict,", 2)
        w("url: url,", 2)
        w(")", 1)
        w("}")
        w()
        self.gen.workflows += 1

    def launch_plan(self, w):
        rng, k, d = self.rng, self.k, self.domain
        if rng.random() < 0.7:
            w('@schedule(cron: "%s")' % rng.choice(CRONS))
        else:
            w("@schedule(every: %s)" % rng.choice(["1h", "6h", "30m", "1d"]))
        if rng.random() < 0.5:
            w('@notify(on: [failed], email: ["%s-oncall@example.com"])' % d)
        w("launchplan pipeline_%d_nightly for pipeline_%d {" % (k, k))
        w("fixed regions: [%s]" % ", ".join("%s.%s" % (self.Region, r) for r in self.regions), 1)
        w('default db: "/data/%s.db"' % d, 1)
        w('default since: "2024-06-01"', 1)
        w("}")
        w()

    def test(self, w):
        rng, k, d = self.rng, self.k, self.domain
        w('test "%s pipeline %d gives a verdict on a tiny database" {' % (d, k))
        w('mock extract_%d(db: "testdata/%s.db", region: %s.%s, limit: 250) -> (rows: "testdata/%s.csv")'
          % (k, d, self.Region, self.regions[0], d), 1)
        w('mock train_%d -> (model: "testdata/model.json", accuracy: 0.%d)' % (k, rng.randint(50, 99)), 1)
        w('mock publish_%d -> (url: "s3://test/report.md")' % k, 1)
        w('let r = pipeline_%d(db: "testdata/%s.db", config: %s { limit: 250 })' % (k, d, self.Config), 1)
        w('assert r.verdict == "small" or r.verdict == "medium", "unexpected verdict {{r.verdict}}"', 1)
        w("assert r.total >= 0.0", 1)
        w('assert len(r.best) > 0; assert r.url != ""', 1)
        w("}")
        w()


class Generator:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.tasks = 0
        self.workflows = 0
        self.sections_done = 0

    def header(self, w, what):
        w("// Generated by bench/gen_module.py (%s). Do not edit." % what)
        w("// Realistic, syntactically valid Flyte code for parser benchmarks.")
        w("module bench.generated")
        w()

    def module(self, lines=None, tasks=None):
        w = Writer()
        self.header(w, "--lines %d" % lines if lines is not None else "--tasks %d" % tasks)
        while True:
            if lines is not None and w.count() >= lines:
                break
            if tasks is not None and self.tasks >= tasks:
                break
            steps = self.rng.randint(8, 40)
            if lines is not None:
                # A section is about 285 lines plus ~3.2 per workflow step:
                # shrink the last one so the total lands near the target, and
                # fill a remainder too small for a section with small tasks.
                left = lines - w.count()
                if left < 300:
                    self.filler(w, lines)
                    break
                steps = max(2, min(steps, int((left - 285) / 3.2)))
            Section(self, self.sections_done, steps).write(w)
            self.sections_done += 1
        return w.lines

    def filler(self, w, lines):
        """Standalone small tasks (about 8 lines each) up to `lines`."""
        rng = self.rng
        w("// Helpers.")
        w()
        j = 0
        while w.count() < lines - 4:
            name = "helper_%d" % j
            w("/// Helper %d: a scaled, shifted value." % j)
            if rng.random() < 0.5:
                w("@retries(%d)" % rng.randint(1, 3))
            w("task %s(value: float, scale: float = %s) -> (y: float) {" % (name, fnum(rng, 0.5, 2.0)))
            w('shell "echo \\"{{value}} * {{scale}} + %d\\" | bc -l > {{outputs.y}}"' % j, 1)
            w("}")
            w()
            self.tasks += 1
            j += 1

    def long_workflow(self, calls):
        """One workflow with `calls` sequential let-calls (plus small tasks)."""
        rng = self.rng
        w = Writer()
        self.header(w, "--workflow-calls %d" % calls)
        w("/// Adds a step's contribution.")
        w("@retries(2)")
        w("task step_add(x: float, k: int = 1) -> (y: float) {")
        w('shell "echo \\"{{x}} + {{k}}\\" | bc -l > {{outputs.y}}"', 1)
        w("}")
        w()
        w("/// Blends two values.")
        w('@cache(version: "1")')
        w("task step_mix(a: float, b: float, alpha: float = 0.5) -> (y: float) {")
        w('python """', 1)
        w("outputs.y = alpha * a + (1.0 - alpha) * b", 2)
        w('"""', 1)
        w("}")
        w()
        w("/// Scales a value, optionally clipping it.")
        w("task step_scale(x: float, factor: float, clip: float? = none) -> (y: float) {")
        w('python """', 1)
        w("y = x * factor", 2)
        w("outputs.y = y if clip is None else min(y, clip)", 2)
        w('"""', 1)
        w("}")
        w()
        self.tasks += 3
        w("/// A long sequential chain: one node per step.")
        w("workflow long_chain(seed: float = 1.0, factor: float = 1.01, name: string = \"chain\") -> (result: float, label: string) {")
        prev = "seed"
        prev2 = "seed"
        for i in range(1, calls + 1):
            v = "c%d" % i
            r = rng.random()
            if r < 0.1:
                w("@retries(%d)" % rng.randint(1, 3), 1)
            if r < 0.45:
                w("let %s = step_add(x: %s, k: %d)" % (v, prev, i % 97), 1)
            elif r < 0.75:
                w("let %s = step_mix(a: %s, b: %s, alpha: %s)" % (v, prev, prev2, fnum(rng, 0, 1)), 1)
            elif r < 0.9:
                w("let %s = step_scale(x: %s, factor: factor)" % (v, prev), 1)
            else:
                w("let %s = step_scale(x: %s * 0.5 + 1.0, factor: factor, clip: %s)"
                  % (v, prev, fnum(rng, 100, 1000)), 1)
            prev2, prev = prev, v
        w('return (result: %s + %s, label: "{{name}}: %d steps")' % (prev, prev2, calls), 1)
        w("}")
        self.workflows += 1
        return w.lines


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    size = ap.add_mutually_exclusive_group(required=True)
    size.add_argument("--lines", type=int, help="approximate number of lines")
    size.add_argument("--tasks", type=int, help="at least this many tasks")
    size.add_argument("--workflow-calls", type=int,
                      help="one workflow with this many sequential calls")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("-o", "--output", default="-", help="output path (default stdout)")
    ap.add_argument("--stats", action="store_true", help="print counts on stderr")
    args = ap.parse_args(argv)

    gen = Generator(args.seed)
    if args.workflow_calls is not None:
        lines = gen.long_workflow(args.workflow_calls)
    else:
        lines = gen.module(lines=args.lines, tasks=args.tasks)
    text = "\n".join(lines) + "\n"
    if args.output == "-":
        sys.stdout.write(text)
    else:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(text)
    if args.stats:
        print("%s: %d lines, %d bytes, %d sections, %d tasks, %d workflows"
              % (args.output, len(lines), len(text.encode()), gen.sections_done,
                 gen.tasks, gen.workflows), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
