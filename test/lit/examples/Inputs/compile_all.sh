#!/usr/bin/env bash
# compile_all.sh FLYTEC OUTDIR FILE...: compiles each file at -O0, -O1 and -O2
# to the four outputs and prints one line per file and level with each
# output's first bytes, or "FAILED: file level emit" with flytec's errors.
set -u
flytec=$1 out=$2
shift 2
for f in "$@"; do
  for o in -O0 -O1 -O2; do
    line="$(basename "$f") $o:"
    for e in ir flyteidl dot mermaid; do
      if ! "$flytec" compile "$f" "$o" --emit=$e -o "$out/out.$e" 2>"$out/err"; then
        echo "FAILED: $f $o $e"; cat "$out/err"; continue 2
      fi
      line+=" $(head -c 14 "$out/out.$e" | tr '\n' ' ')|"
    done
    echo "$line"
  done
done
