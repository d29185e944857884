#!/usr/bin/env bash
# Runs every test, fastest and strictest first: rustfmt, clippy (native and wasm32) and the www/ type
# check; then native Rust (nextest), wasm in Node and headless Chromium, front-end unit tests and the
# browser end-to-end suite (twice: as configured and with training several times faster).
# Installs whatever the machine lacks first (scripts/setup.sh, idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

# --- stage 1: fast and strict (formatting, lints, the www/ type check) ----------------------------
echo "== rustfmt"
cargo fmt --check
echo "== clippy, native (every target, with the bench feature)"
cargo clippy --all-targets --features bench -- -D warnings
echo "== clippy, wasm32 (the app's library)"
cargo clippy --target wasm32-unknown-unknown --no-default-features --lib -- -D warnings
echo "== typecheck (TypeScript over the JSDoc types of www/)"
npm run --silent typecheck

# --- stage 2: native Rust --------------------------------------------------------------------------
echo "== native tests (cargo nextest)"
cargo nextest run --workspace --all-targets --features bench --no-fail-fast

# --- stage 3: wasm ---------------------------------------------------------------------------------
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
# The wasm façade (Session) inside a dedicated worker, where the playground trains.
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

# --- stage 4: the front end ------------------------------------------------------------------------
echo "== front-end unit tests (node --test)"
node --test tests/unit/

echo "== browser end-to-end tests (build the three wasm variants and the site; Playwright + Debian Chromium via node --test)"
bash scripts/build-wasm.sh
# The test-only build with real faults (src/bindings/faults.rs) for tests/e2e/faults.test.js;
# www/pkg/faults/ is not imported by the site, so dist/ never has it.
bash scripts/build-wasm.sh faults
npm run build
mkdir -p test-results
# run_e2e LABEL TAP [ENV=VALUE ...]: the Playwright suite; fails when a test fails or none ran.
run_e2e() {
  local label=$1 tap=$2
  shift 2
  echo "== browser end-to-end tests: $label"
  env "$@" node --test --test-concurrency=1 tests/e2e/ | tee "$tap"
  local passed
  passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tap" | tail -n1)
  if [ "${passed:-0}" -eq 0 ]; then
    echo "no end-to-end test ran ($label)" >&2
    exit 1
  fi
}
run_e2e "as configured" test-results/e2e.tap
# Again with every model shrunk so that training runs several times faster: a test that races
# training speed (acts while it assumes training still runs) fails here.
run_e2e "with training about 8x faster (E2E_FAST_TRAINING=1)" test-results/e2e-fast.tap \
  E2E_FAST_TRAINING=1
