#!/usr/bin/env bash
# Runs every test: native Rust (nextest), wasm in Node, wasm in headless Chromium, browser end-to-end.
# Installs whatever the machine lacks first (scripts/setup.sh, idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

echo "== native tests (cargo nextest)"
cargo nextest run --workspace --all-targets --no-fail-fast

# --- wasm tests (kernels engineer) -------------------------------------------------------------
# Every integration test file that declares wasm_bindgen_test runs in wasm too; native-only test
# files (reading files, spawning the CLI) are left out. Each run must report at least one passing
# test per test binary, or the script fails (wasm-bindgen-test-runner can exit 0 having run none).
wasm_tests=()
for f in tests/*.rs; do
  if grep -q 'wasm_bindgen_test' "$f"; then
    wasm_tests+=(--test "$(basename "$f" .rs)")
  fi
done
if [ "${#wasm_tests[@]}" -eq 0 ]; then
  echo "no wasm test files found in tests/" >&2
  exit 1
fi

# run_wasm_tests LABEL [ENV=VALUE ...]: cargo test for wasm32 under the given environment, then
# checks that every test binary printed "test result: ok. N passed" with N > 0.
# The tests compile the real datasets in (feature builtin-datasets), except where noted.
wasm_features=builtin-datasets
run_wasm_tests() {
  local label=$1
  shift
  local log
  log=$(mktemp)
  echo "== wasm tests: $label"
  env "$@" cargo test --target wasm32-unknown-unknown --no-default-features \
    ${wasm_features:+--features "$wasm_features"} "${wasm_tests[@]}" 2>&1 | tee "$log"
  local binaries=$(( ${#wasm_tests[@]} / 2 ))
  local passing
  passing=$(grep -cE 'test result: ok\. [1-9][0-9]* passed' "$log" || true)
  rm -f "$log"
  if [ "$passing" -ne "$binaries" ]; then
    echo "wasm tests ($label): $passing of $binaries test binaries reported passing tests" >&2
    exit 1
  fi
}

run_wasm_tests "simd128 in Node"
run_wasm_tests "simd128 in headless Chromium" \
  WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=/usr/bin/chromedriver
# The scalar (no-SIMD) wasm build; RUSTFLAGS replaces the +simd128 of .cargo/config.toml.
run_wasm_tests "scalar in Node" \
  RUSTFLAGS="-C target-feature=-simd128" CARGO_TARGET_DIR=target/wasm-scalar
# The wasm façade (Session) inside a dedicated worker, where the playground trains (training engineer).
all_wasm_tests=("${wasm_tests[@]}")
# Built with the app's features: no compiled-in datasets (the page fetches their files).
wasm_tests=(--test wasm_bindings)
wasm_features=
run_wasm_tests "bindings in a headless Chromium dedicated worker, app features" \
  WASM_BINDGEN_USE_DEDICATED_WORKER=1 CHROMEDRIVER=/usr/bin/chromedriver
wasm_features=builtin-datasets
# The relaxed-SIMD build (f32x4.relaxed_madd): kernels and PyTorch parity, in headless Chromium
# (relaxed SIMD on by default) and in Node, whose V8 before 12.x needs a flag for it; the
# wasm-bindgen test runner passes NODE_ARGS (comma-separated) to node.
wasm_tests=(--test kernels --test golden_wasm)
relaxed=(RUSTFLAGS="-C target-feature=+simd128,+relaxed-simd" CARGO_TARGET_DIR=target/wasm-relaxed)
run_wasm_tests "relaxed-SIMD in headless Chromium" "${relaxed[@]}" \
  WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=/usr/bin/chromedriver
probe='process.exit(WebAssembly.validate(new Uint8Array([0,97,115,109,1,0,0,0,1,5,1,96,0,1,123,3,2,1,0,10,15,1,13,0,65,1,253,15,65,2,253,15,253,128,2,11])) ? 0 : 1)'
if node -e "$probe" 2>/dev/null; then
  run_wasm_tests "relaxed-SIMD in Node" "${relaxed[@]}"
elif node --experimental-wasm-relaxed-simd -e "$probe" 2>/dev/null; then
  run_wasm_tests "relaxed-SIMD in Node (--experimental-wasm-relaxed-simd)" "${relaxed[@]}" \
    NODE_ARGS=--experimental-wasm-relaxed-simd
else
  echo "== wasm tests: relaxed-SIMD in Node skipped: node $(node --version) has no relaxed SIMD"
fi
wasm_tests=("${all_wasm_tests[@]}")

echo "== front-end unit tests (node --test)"
node --test tests/unit/

echo "== browser end-to-end tests (build both wasm variants and the site; Playwright + Debian Chromium via node --test)"
bash scripts/build-wasm.sh
npm run build
mkdir -p test-results
node --test --test-concurrency=1 tests/e2e/ | tee test-results/e2e.tap
e2e_passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' test-results/e2e.tap | tail -n1)
if [ "${e2e_passed:-0}" -eq 0 ]; then
  echo "no end-to-end test ran" >&2
  exit 1
fi
