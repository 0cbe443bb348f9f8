"""The table every benchmark prints: a header, a rule, right-aligned cells."""


def print_table(header, rows):
    cells = [[str(c) for c in r] for r in [header] + rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    line = lambda r: "  ".join(c.rjust(widths[i]) for i, c in enumerate(r))
    print(line(cells[0]))
    print(line(["-" * w for w in widths]))
    for r in cells[1:]:
        print(line(r))
