#!/usr/bin/env bash
# Fetches Flyte's IDL — the flyteidl/core/*.proto files — from the npm
# registry (@flyteorg/flyteidl ships them), so the tests can check
# `flytec compile --emit=flyteidl` against Flyte's own definitions
# (test/flyteidl/validate.py, test/lit/emit/flyteidl/validate.test).
#
# Optional: without npm or a network it says so and succeeds, and the test
# that needs the files is skipped. Idempotent: a present copy is kept.
# The files go to $FLYTEIDL_PROTOS, default ~/.cache/flytec/flyteidl (where
# test/lit/lit.cfg.py looks), with the version in VERSION.
set -uo pipefail

version=1.16.5
dest="${FLYTEIDL_PROTOS:-${XDG_CACHE_HOME:-$HOME/.cache}/flytec/flyteidl}"

if [[ -f "$dest/flyteidl/core/compiler.proto" && "$(cat "$dest/VERSION" 2>/dev/null)" == "$version" ]]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "fetch-flyteidl-protos: npm not found; skipped (the Flyte IDL validation test will be skipped)" >&2
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# npm checks the tarball against the registry's integrity hash.
if ! (cd "$tmp" && npm pack --silent "@flyteorg/flyteidl@$version" >/dev/null 2>&1); then
  echo "fetch-flyteidl-protos: could not download @flyteorg/flyteidl@$version; skipped" >&2
  exit 0
fi
if ! tar -xzf "$tmp"/flyteorg-flyteidl-"$version".tgz -C "$tmp" package/protos/flyteidl/core; then
  echo "fetch-flyteidl-protos: the package has no protos/flyteidl/core; skipped" >&2
  exit 0
fi
rm -rf "$dest"
mkdir -p "$dest"
cp -r "$tmp/package/protos/flyteidl" "$dest/"
echo "$version" > "$dest/VERSION"
echo "fetch-flyteidl-protos: Flyte IDL $version in $dest" >&2
