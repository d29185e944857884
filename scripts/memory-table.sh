#!/usr/bin/env bash
# Reproduces the table of docs/memory-series.md: rnn_tanh, LSTM and GRU on `dataset=memory` at a
# short and a long lag, 3 seeds each, plus LSTM with forget_bias 1 at the long lag, all with the
# lesson's settings, trained natively by the CLI. Prints one Markdown row per run, then the means.
#
#   bash scripts/memory-table.sh                 # the documented table
#   LAGS=30 EPOCHS=150 bash scripts/memory-table.sh   # other settings (also SEEDS, HIDDEN, ...)
#
# The seed is both the data seed (the series) and the model seed, as in the playground.
set -euo pipefail
cd "$(dirname "$0")/.."

LAGS=${LAGS:-"5 30"}                 # forget_bias 1 runs at the last (longest) lag
LONG_LAG=${LAGS##* }
EXTRA_WINDOW=${EXTRA_WINDOW:-10}   # window = lag + EXTRA_WINDOW
HIDDEN=${HIDDEN:-32}
EPOCHS=${EPOCHS:-60}
LR=${LR:-0.01}
BATCH=${BATCH:-32}
PATIENCE=${PATIENCE:-$EPOCHS}       # = epochs: never stops early, keeps the best validation weights
SEEDS=${SEEDS:-"1 2 3"}
CELLS=${CELLS:-"rnn_tanh lstm gru"}

cargo build --quiet --release --bin rnn-playground --example memory_gates
bin=target/release/rnn-playground
gates=target/release/examples/memory_gates
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "settings: window = lag + $EXTRA_WINDOW, hidden $HIDDEN, epochs $EPOCHS, lr $LR, batch $BATCH, patience $PATIENCE (Adam, clip 1, minmax scaler, 70/15/15 split)"
echo
echo "| cell | forget_bias | lag | window | seed | test RMSE | persistence RMSE | seasonal naive (period lag) RMSE | skill vs persistence | epochs | LSTM b_f trained | LSTM mean f: init → trained | LSTM f retained over lag−1 steps, mean (best unit): init → trained |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
run() { # cell forget_bias lag seed
  local cell=$1 fb=$2 lag=$3 seed=$4 window=$(($3 + EXTRA_WINDOW))
  local m="$out/$cell-$fb-$lag-$seed.json" model="$out/$cell-$fb-$lag-$seed.model.json"
  "$bin" train --quiet --dataset memory --lag "$lag" --window "$window" --cell "$cell" \
    --forget-bias "$fb" --hidden "$HIDDEN" --epochs "$EPOCHS" --lr "$LR" --batch "$BATCH" \
    --patience "$PATIENCE" --period "$lag" --seed "$seed" --metrics "$m" --out "$model" >/dev/null
  local g="$out/gates.jsonl"
  : >"$g"
  if [ "$cell" = lstm ]; then "$gates" "$model" >"$g"; fi
  python3 - "$m" "$model" "$g" "$cell" "$fb" "$lag" "$window" "$seed" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
model = json.load(open(sys.argv[2]))
gates = {g["state"]: g for g in map(json.loads, open(sys.argv[3]).read().split())}
cell, fb, lag, window, seed = sys.argv[4:]
seasonal = m["baselines"]["test"]["seasonal_naive"]["rmse"]
# The mean over units of b_ih_f + b_hh_f (the forget slice, rows hidden..2·hidden).
forget, mean_f, kept = "–", "–", "–"
if gates:
    i, t = gates["init"], gates["trained"]
    mean_f = f"{i['mean_forget']:.2f} → {t['mean_forget']:.2f}"
    kept = f"{i['retention']:.0e} ({i['best_unit']:.0e}) → {t['retention']:.0e} ({t['best_unit']:.0e})"
if cell == "lstm":
    w = model["weights"]
    h = model["config"]["hidden_size"]
    b = [a + c for a, c in zip(w["lstm.bias_ih_l0"]["data"][h:2 * h], w["lstm.bias_hh_l0"]["data"][h:2 * h])]
    forget = f"{sum(b) / h:.2f}"
print(f"| {cell} | {fb} | {lag} | {window} | {seed} | {m['test_rmse']:.3f} | "
      f"{m['persistence_test_rmse']:.3f} | {seasonal:.3f} | {m['skill']:.3f} | {m['epochs_run']} | {forget} | {mean_f} | {kept} |")
PY
}
rows="$out/rows.md"
for lag in $LAGS; do
  for cell in $CELLS; do
    for seed in $SEEDS; do run "$cell" 0 "$lag" "$seed" | tee -a "$rows"; done
  done
done
for seed in $SEEDS; do run lstm 1 "$LONG_LAG" "$seed" | tee -a "$rows"; done

echo
echo "Means over the seeds (the best possible RMSE is 1, the mean forecast's about 2.29):"
echo
echo "| cell | forget_bias | lag | mean test RMSE | mean skill | runs with skill > 0.6 |"
echo "|---|---|---|---|---|---|"
python3 - "$rows" <<'PY'
import sys
groups = {}
for line in open(sys.argv[1]):
    c = [x.strip() for x in line.strip().strip("|").split("|")]
    groups.setdefault((c[0], c[1], int(c[2])), []).append((float(c[5]), float(c[8])))
for (cell, fb, lag), runs in groups.items():
    rmse = sum(r for r, _ in runs) / len(runs)
    skill = sum(s for _, s in runs) / len(runs)
    good = sum(1 for _, s in runs if s > 0.6)
    print(f"| {cell} | {fb} | {lag} | {rmse:.3f} | {skill:.3f} | {good} of {len(runs)} |")
PY
