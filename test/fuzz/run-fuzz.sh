#!/usr/bin/env bash
# Builds the parser fuzzer (clang-14, libFuzzer + ASan + UBSan) in build-fuzz/
# and runs it for SECONDS (default 60) on a working copy of the seed corpus.
#
#   test/fuzz/run-fuzz.sh 600
#
# First replays corpus/regress_*.flyte (inputs that once failed), then
# fuzzes. Exits non-zero if a regression input fails again or the fuzzer found
# a crash, leak, timeout, out-of-memory or sanitizer report; the reproducer's
# path is printed (build-fuzz/artifacts/).
# Reproduce one with: build-fuzz/bin/flytec_parser_fuzzer FILE
# Minimize one with:  build-fuzz/bin/flytec_parser_fuzzer -minimize_crash=1 -runs=10000 FILE
# Environment: FUZZ_TARGET (parser, the default; lsp, the language server's
# framing and dispatcher; lsp-server, its features over arbitrary documents),
# JOBS (build parallelism, default 2), FUZZ_ARGS (extra libFuzzer flags),
# FLYTEC_SKIP_DEPS=1 to skip the package check.
set -euo pipefail

seconds=${1:-60}
if ! [[ "$seconds" =~ ^[0-9]+$ ]]; then
  echo "usage: $0 [SECONDS]" >&2
  exit 2
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
case "${FUZZ_TARGET:-parser}" in
  parser) target=flytec_parser_fuzzer seeds=corpus dict=flyte.dict ;;
  lsp) target=flytec_lsp_fuzzer seeds=corpus-lsp dict=lsp.dict ;;
  lsp-server) target=flytec_lsp_server_fuzzer seeds=corpus dict=flyte.dict ;;
  *)
    echo "run-fuzz: FUZZ_TARGET is parser, lsp or lsp-server" >&2
    exit 2
    ;;
esac
build=$root/build-fuzz
cd "$root"

if [[ "${FLYTEC_SKIP_DEPS:-0}" != 1 && -x scripts/install-deps.sh ]]; then
  FLYTEC_WITH_FUZZ=1 ./scripts/install-deps.sh
fi

if [[ ! -f $build/build.ninja ]]; then
  CC=clang-14 CXX=clang++-14 cmake -S . -B "$build" -G Ninja \
    -DFLYTEC_FUZZ=ON -DFLYTEC_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$build" -j "${JOBS:-2}" --target "$target"

fuzzer=$build/bin/$target
corpus=$build/corpus-$target
artifacts=$build/artifacts
log=$build/fuzz-$target.log
mkdir -p "$corpus" "$artifacts"
# New inputs go to the working copy; the repository's seeds stay as they are.
cp -n "$root"/test/fuzz/"$seeds"/* "$corpus"/ 2>/dev/null || true

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
command -v llvm-symbolizer >/dev/null || export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer

common=(-max_len=4096 -timeout=10 -rss_limit_mb=2048)

# Regression inputs, one process each.
regress_failed=()
for f in "$root"/test/fuzz/"$seeds"/regress_*; do
  [[ -e $f ]] || continue
  if ! "$fuzzer" "${common[@]}" "$f" >"$build/regress.log" 2>&1; then
    regress_failed+=("$f")
    echo "run-fuzz: regression input fails again: $f" >&2
    grep -E 'ERROR: |runtime error:|SUMMARY:' "$build/regress.log" | head -n 3 >&2 || true
  fi
done

echo "run-fuzz: fuzzing for ${seconds}s, corpus $corpus ($(ls "$corpus" | wc -l) files)"
status=0
# shellcheck disable=SC2086
"$fuzzer" "$corpus" \
  -dict="$root/test/fuzz/$dict" \
  "${common[@]}" \
  -max_total_time="$seconds" \
  -print_final_stats=1 \
  -artifact_prefix="$artifacts/" \
  ${FUZZ_ARGS:-} >"$log" 2>&1 || status=$?

# The last progress line has the executions and their rate.
grep -E '^#[0-9]+' "$log" | tail -n 1 || true
grep -E '^stat::' "$log" || true
echo "run-fuzz: corpus now $(ls "$corpus" | wc -l) files; full log in $log"

if ((status != 0)) || grep -qE '^(==[0-9]+== ?ERROR|SUMMARY:|artifact_prefix=)' "$log"; then
  echo "run-fuzz: FAILURE (fuzzer exit status $status)" >&2
  grep -E 'ERROR: |runtime error:|SUMMARY:|Test unit written to|ALARM|deadly signal' "$log" >&2 || true
  ((status != 0)) || status=1
  exit "$status"
fi
echo "run-fuzz: no new crash found"
if ((${#regress_failed[@]} > 0)); then
  echo "run-fuzz: FAILURE: ${#regress_failed[@]} regression input(s) fail again" >&2
  exit 1
fi
