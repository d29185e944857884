#!/usr/bin/env bash
# Builds the three WebAssembly variants of the library for the browser:
#   www/pkg/relaxed/ SIMD128 + relaxed-SIMD (fused multiply-add), where the browser has it
#   www/pkg/simd/    SIMD128 kernels (target-feature from .cargo/config.toml)
#   www/pkg/scalar/  no SIMD, for browsers without wasm SIMD
# and, only when asked for, a test build that the site never ships:
#   www/pkg/faults/  SIMD128 with the `fault-injection` feature (Session.injectFault,
#                    src/bindings/faults.rs) for tests/e2e/faults.test.js
# each as wasm-bindgen `--target web` output, then optimised with npm
# binaryen's wasm-opt when present (never Debian's binaryen: it breaks the module).
#   bash scripts/build-wasm.sh            # all three
#   bash scripts/build-wasm.sh scalar     # one variant
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

say() { printf '\033[1m[build-wasm]\033[0m %s\n' "$*"; }
crate=rnn_playground

build_variant() { # name target-dir [rustflags] [features]
  local name=$1 dir=$2 flags=${3-} features=${4-}
  local args=(build --release --target wasm32-unknown-unknown --no-default-features --lib)
  [ -n "$features" ] && args+=(--features "$features")
  say "cargo build ($name)"
  if [ -n "$flags" ]; then
    RUSTFLAGS="$flags" CARGO_TARGET_DIR="$dir" cargo "${args[@]}"
  else
    CARGO_TARGET_DIR="$dir" cargo "${args[@]}"
  fi
  local wasm="$dir/wasm32-unknown-unknown/release/$crate.wasm"
  rm -rf "www/pkg/$name"
  say "wasm-bindgen ($name)"
  wasm-bindgen --target web --out-dir "www/pkg/$name" "$wasm"
  local out="www/pkg/$name/${crate}_bg.wasm"
  if wasm_opt=$(command -v wasm-opt) && [[ "$wasm_opt" == "$PWD/node_modules/"* ]]; then
    local features=(--enable-bulk-memory --enable-reference-types --enable-nontrapping-float-to-int
      --enable-sign-ext --enable-mutable-globals --enable-multivalue)
    [ "$name" = simd ] || [ "$name" = faults ] && features+=(--enable-simd)
    [ "$name" = relaxed ] && features+=(--enable-simd --enable-relaxed-simd)
    say "wasm-opt -O3 ($name)"
    wasm-opt -O3 "${features[@]}" "$out" -o "$out.opt"
    mv "$out.opt" "$out"
  else
    say "npm binaryen's wasm-opt not found (run npm ci): skipping optimisation of $name"
  fi
  say "$name: $(size_line "$out")"
}

size_line() { # file: "N bytes (K KiB), gzip -9 M bytes (L KiB)", as BENCHMARKS.md states them
  local raw gz
  raw=$(wc -c <"$1")
  gz=$(gzip -9c "$1" | wc -c)
  awk -v r="$raw" -v g="$gz" 'BEGIN { printf "%d bytes (%.0f KiB), gzip -9 %d bytes (%.0f KiB)", r, r / 1024, g, g / 1024 }'
}

variants=("$@")
[ ${#variants[@]} -gt 0 ] || variants=(simd relaxed scalar)
for v in "${variants[@]}"; do
  case "$v" in
    simd) build_variant simd "${CARGO_TARGET_DIR:-target}" ;;
    relaxed) build_variant relaxed target/wasm-relaxed "-C target-feature=+simd128,+relaxed-simd" ;;
    scalar) build_variant scalar target/wasm-scalar "-C target-feature=-simd128" ;;
    faults) build_variant faults target/wasm-faults "" fault-injection ;;
    *) echo "build-wasm.sh: unknown variant \"$v\" (simd | relaxed | scalar | faults)" >&2; exit 2 ;;
  esac
done
