#!/usr/bin/env bash
# Fuzzes the parsers with cargo-fuzz (libFuzzer): CSV ingest, the JSON model loader, the model-file
# sniffing + safetensors loader, the configuration parser, and text ingest for the language model. Not part of scripts/test.sh.
#
#   bash scripts/fuzz.sh [seconds-per-target] [target ...]     (default 300 s, every target)
#
# Installs the nightly toolchain and cargo-fuzz when missing (skipped when present), seeds each
# corpus with real files (data/**/*.csv, model files written by the CLI into a temp dir, the
# golden fixtures), builds the targets, then runs each for the given time under `nice -n 19`
# (the machine is shared) and prints per target the runs executed and whether anything was found.
# A crash is saved under fuzz/artifacts/TARGET/; make it a regression test in
# tests/fuzz-regressions/ (see tests/fuzz_regressions.rs) and fix it.
#
# RNN_CLI=path/to/rnn-playground uses an already built CLI for the model seeds (otherwise it is
# built: cargo build --bin rnn-playground).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="$HOME/.cargo/bin:$PATH"
SECONDS_PER_TARGET=${1:-300}
shift || true
ALL_TARGETS=(csv_ingest model_json model_bytes config_json text_ingest)
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=("${ALL_TARGETS[@]}")

# --- installs (idempotent) ---
if ! rustup toolchain list | grep -q '^nightly'; then
  echo "fuzz.sh: installing the nightly toolchain"
  rustup toolchain install nightly --profile minimal
fi
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  echo "fuzz.sh: installing cargo-fuzz"
  nice -n 19 cargo install cargo-fuzz
fi

# --- seed corpora ---
CORPUS=$ROOT/fuzz/corpus
mkdir -p "$CORPUS"/{csv_ingest,model_json,model_bytes,config_json,text_ingest}
SEEDS=$(mktemp -d)
trap 'rm -rf "$SEEDS"' EXIT
# csv_ingest reads two option bytes before the file: 0x00 0x00 = everything detected.
for f in data/*.csv data/*/*.csv; do
  [ -f "$f" ] || continue
  # The first 4 KB of each file: libFuzzer's default max_len; a whole file would be cut anyway.
  { printf '\0\0'; head -c 4000 "$f"; } >"$CORPUS/csv_ingest/seed-$(basename "$f")"
done
printf '\0\0date;close\r\n2020-01-01;1,5\r\n2020-01-02;NA\r\n' >"$CORPUS/csv_ingest/seed-semicolon"
printf '\0\0\xef\xbb\xbf,close\n0,"1,234.5"\n1,"2,000"\n\n2,3\n' >"$CORPUS/csv_ingest/seed-bom-quoted"
printf '\x80\x00symbol,date,price\na,1,2\nb,2,3\na,3,4\n' >"$CORPUS/csv_ingest/seed-filter"

# text_ingest reads two option bytes before the text (0x00 0x00: split 0.8/0.1/0.1, no
# lower-casing, 1 row, order 1); seeds: 4 KB pieces of the corpora with other options too.
for f in data/corpora/*.txt; do
  b=$(basename "$f" .txt)
  { printf '\0\0'; head -c 4000 "$f"; } >"$CORPUS/text_ingest/seed-$b"
  { printf '\x03\x67'; tail -c 4000 "$f"; } >"$CORPUS/text_ingest/seed-$b-end-lower"
  { printf '\x0c\xf3\xef\xbb\xbf'; head -c 2000 "$f" | sed 's/$/\r/'; } >"$CORPUS/text_ingest/seed-$b-bom-crlf"
done
printf '\0\x25caf\xc3\xa9 na\xc3\xafve \xe6\xbc\xa2\xe5\xad\x97 \xf0\x9f\x98\x80 \xce\xa3\xcf\x83 x\ty\rz\n' >"$CORPUS/text_ingest/seed-unicode"

CLI=${RNN_CLI:-}
if [ -z "$CLI" ]; then
  nice -n 19 cargo build --bin rnn-playground
  CLI=$ROOT/target/debug/rnn-playground
fi
for cell in lstm gru rnn; do
  "$CLI" train --dataset co2 --cell "$cell" --hidden 3 --window 4 --epochs 1 --quiet \
    --out "$SEEDS/$cell.json" >/dev/null
  "$CLI" train --dataset co2 --cell "$cell" --hidden 3 --window 4 --epochs 1 --quiet \
    --layers 2 --bidirectional --out "$SEEDS/$cell.safetensors" >/dev/null
done
cp "$SEEDS"/*.json "$CORPUS/model_json/"
cp "$SEEDS"/*.json "$SEEDS"/*.safetensors "$CORPUS/model_bytes/"
for f in tests/golden/*.json; do
  # The golden vectors are large; their first 4 KB still carry the JSON structure.
  head -c 4000 "$f" >"$CORPUS/model_json/golden-$(basename "$f")"
done
# Configurations: the defaults, and every model's training configuration.
echo '{}' >"$CORPUS/config_json/empty.json"
echo '{"dataset":"co2","transform":"diff","cell":"gru","hidden":32,"window":24,"epochs":30}' \
  >"$CORPUS/config_json/readme.json"
for f in "$SEEDS"/*.json; do
  python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["training"]["config"]))' \
    "$f" >"$CORPUS/config_json/model-$(basename "$f")"
done
if [ -d tests/fuzz-regressions ]; then
  for f in tests/fuzz-regressions/*; do
    [ -f "$f" ] || continue
    t=$(basename "$f" | cut -d- -f1)
    case " ${ALL_TARGETS[*]} " in *" $t "*) cp "$f" "$CORPUS/$t/" ;; esac
  done
fi

# --- build once, then run the built binaries (so that editing the sources while the fuzzers run
# does not trigger a rebuild per target) ---
cd fuzz
# -a: debug assertions (integer overflow checks) on, as in the test profile.
nice -n 19 cargo +nightly fuzz build -a
BIN_DIR=$ROOT/fuzz/target/$(rustc -vV | sed -n 's/^host: //p')/release
SUMMARY=()
for t in "${TARGETS[@]}"; do
  LOG=$ROOT/fuzz/artifacts/$t.log
  mkdir -p "$ROOT/fuzz/artifacts/$t"
  echo "fuzz.sh: running $t for ${SECONDS_PER_TARGET}s"
  set +e
  nice -n 19 "$BIN_DIR/$t" "corpus/$t" -artifact_prefix="$ROOT/fuzz/artifacts/$t/" \
    -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=2048 -print_final_stats=1 >"$LOG" 2>&1
  rc=$?
  set -e
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$LOG" | grep -o '[0-9]*$' | tail -n1)
  crashes=$(find "$ROOT/fuzz/artifacts/$t" -type f \( -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' -o -name 'leak-*' \) | wc -l)
  if [ "$rc" -eq 0 ] && [ "$crashes" -eq 0 ]; then found="nothing found"; else found="FOUND $crashes artifact(s) (exit $rc), see $LOG"; fi
  SUMMARY+=("$t: ${SECONDS_PER_TARGET}s, ${runs:-?} runs, corpus $(ls "corpus/$t" | wc -l) files, $found")
done
echo
echo "fuzz.sh summary"
printf '  %s\n' "${SUMMARY[@]}"
