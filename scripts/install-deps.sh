#!/usr/bin/env bash
# Installs every Debian package the build and the tests need.
# Idempotent: when everything is present it only asks dpkg and returns.
set -euo pipefail

packages=(
  cmake ninja-build g++ python3
  antlr4 libantlr4-runtime-dev      # the 4.7.2 tool and the 4.9 C++ runtime
  llvm-14-dev llvm-14-tools         # LLVM Support, FileCheck and lit
  libfmt-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev
  libsqlite3-dev
  libssl-dev                        # SHA-256 (libcrypto)
  libmimalloc-dev                   # the tools' allocator (see CMakeLists.txt)
  protobuf-compiler python3-protobuf # check --emit=flyteidl against Flyte's .proto files
  libprotobuf-dev                   # google/protobuf/*.proto, which Flyte's .proto files import
  python3-jsonschema                # check compiled IR against docs/ir.schema.json
  neovim                            # a real LSP client drives flyte-lsp (test/lit/editors/nvim_client.test)
)
# Flyte's .proto files for that check; optional, skipped without npm or a network.
"$(dirname "$0")/fetch-flyteidl-protos.sh"
# Only for the optional fuzz target (-DFLYTEC_FUZZ=ON).
if [[ "${FLYTEC_WITH_FUZZ:-0}" == 1 ]]; then
  packages+=(clang-14 libclang-rt-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: run as root (or with sudo) to install: ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
