#!/usr/bin/env bash
# Builds the kernel benchmark module twice (wasm SIMD128 and wasm scalar) and times both in Node:
# GEMM GFLOP/s at 64..512 and the LSTM shapes, vs the f64 reference and the build's mul+add peak.
# Usage: bash bench/kernels/run.sh [--quick]
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$HOME/.cargo/bin:$PATH"

build=(cargo build --release --target wasm32-unknown-unknown --no-default-features --example kernels_wasm)
echo "== building wasm simd128 module" >&2
"${build[@]}" >&2
echo "== building wasm scalar module" >&2
RUSTFLAGS="-C target-feature=-simd128" CARGO_TARGET_DIR=target/wasm-scalar "${build[@]}" >&2

simd=target/wasm32-unknown-unknown/release/examples/kernels_wasm.wasm
scalar=target/wasm-scalar/wasm32-unknown-unknown/release/examples/kernels_wasm.wasm
node bench/kernels/run.mjs "wasm-simd=$simd" "wasm-scalar=$scalar" "$@"
