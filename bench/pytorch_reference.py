#!/usr/bin/env python3
"""PyTorch reference run of the standard benchmark workload (bench/README.md, and "The workload"
in BENCHMARKS.md), CPU, one thread.

    python3 -m venv /tmp/torch-venv && /tmp/torch-venv/bin/pip install torch numpy
    /tmp/torch-venv/bin/python bench/pytorch_reference.py [--cell lstm,gru] [--config w10-h50-l1,...]

Prints one JSON line per (cell, config) with engine "pytorch-cpu-1thread" on stdout, progress on
stderr. Model: nn.LSTM / nn.GRU (batch_first, h0 = c0 = 0) -> nn.Linear(H, 1) on the last step,
PyTorch's default initialisation under torch.manual_seed(42); Adam(lr=0.01, eps=1e-8); MSE (mean);
batch 32 in chronological order with the partial last batch; float32.
"""

import argparse
import json
import math
import os
import platform
import statistics
import struct
import sys
import time

import numpy as np
import torch
from torch import nn

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
N_POINTS = 2000
N_TRAIN = 1600
BATCH = 32
INFER_BATCH = 256
EPOCHS = 5
SERIES_FNV = "ccd22cfb"
CONFIGS = {
    "w10-h50-l1": (10, 50, 1),
    "w50-h128-l1": (50, 128, 1),
    "w50-h256-l2": (50, 256, 2),
}
CELLS = ("lstm", "gru")


def log(msg):
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def fnv1a32_f64(values):
    """FNV-1a-32 (hex) over the little-endian f64 bytes of the values."""
    h = 0x811C9DC5
    for b in struct.pack(f"<{len(values)}d", *values):
        h ^= b
        h = (h * 0x01000193) & 0xFFFFFFFF
    return f"{h:08x}"


def load_series(path):
    """The 2000 prices of series.csv, checked row by row and by checksum."""
    with open(path, encoding="utf-8") as f:
        lines = [l.rstrip("\r\n") for l in f if l.strip()]
    if lines[0] != "t,price":
        raise SystemExit(f"{path}: row 1: expected header 't,price', found {lines[0]!r}")
    prices = []
    for r, line in enumerate(lines[1:], start=2):
        fields = line.split(",")
        try:
            if len(fields) != 2 or int(fields[0]) != r - 2:
                raise ValueError
            price = float(fields[1])
            if not math.isfinite(price):
                raise ValueError
        except ValueError:
            raise SystemExit(f"{path}: row {r}: expected '{r - 2},<price>', found {line!r}")
        prices.append(price)
    if len(prices) != N_POINTS:
        raise SystemExit(f"{path}: expected {N_POINTS} prices, found {len(prices)}")
    got = fnv1a32_f64(prices)
    if got != SERIES_FNV:
        raise SystemExit(f"{path}: FNV-1a-32 of the prices is {got}, expected {SERIES_FNV}")
    return np.array(prices, dtype=np.float64)


def train_windows(prices, window):
    """Min-max scaled on the train split in f64; windows and targets as f32, chronological."""
    lo, hi = prices[:N_TRAIN].min(), prices[:N_TRAIN].max()
    s = (prices - lo) / (hi - lo)
    n = N_TRAIN - window
    x = np.stack([s[i : i + window] for i in range(n)]).astype(np.float32)[:, :, None]
    y = s[window : window + n].astype(np.float32)[:, None]
    return torch.from_numpy(x), torch.from_numpy(y)


class Forecaster(nn.Module):
    """Recurrent stack -> Linear(1) on the last step of the last layer."""

    def __init__(self, cell, hidden, layers):
        super().__init__()
        rnn = nn.LSTM if cell == "lstm" else nn.GRU
        self.rnn = rnn(input_size=1, hidden_size=hidden, num_layers=layers, batch_first=True)
        self.fc = nn.Linear(hidden, 1)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.fc(out[:, -1, :])


def run_one(cell, config, prices):
    window, hidden, layers = CONFIGS[config]
    x, y = train_windows(prices, window)
    n = x.shape[0]
    torch.manual_seed(42)
    model = Forecaster(cell, hidden, layers)
    opt = torch.optim.Adam(model.parameters(), lr=0.01, eps=1e-8)
    loss_fn = nn.MSELoss()

    epoch_times, epoch_cpu = [], []
    for epoch in range(EPOCHS):
        model.train()
        t0, c0 = time.perf_counter(), time.process_time()
        total = 0.0
        for start in range(0, n, BATCH):
            xb, yb = x[start : start + BATCH], y[start : start + BATCH]
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            total += loss.item() * xb.shape[0]
        s = time.perf_counter() - t0
        epoch_times.append(s)
        epoch_cpu.append(time.process_time() - c0)
        log(f"pytorch {cell} {config}: epoch {epoch + 1} {s:.3f} s, loss {total / n:.4e}")

    model.eval()
    with torch.no_grad():
        pred = model(x).double().numpy()
    mse_all = float(np.mean((pred - y.double().numpy()) ** 2))

    xi = x[:INFER_BATCH].contiguous()
    with torch.no_grad():
        for _ in range(2):
            model(xi).numpy()
        passes, t0, c0 = 0, time.perf_counter(), time.process_time()
        while True:
            model(xi).numpy()
            passes += 1
            elapsed = time.perf_counter() - t0
            elapsed_cpu = time.process_time() - c0
            if passes >= 5 and elapsed >= 1.0:
                break

    timed = epoch_times[1:]
    return {
        "engine": "pytorch-cpu-1thread",
        "env": f"python {platform.python_version()}, torch {torch.__version__}, "
        f"{torch.get_num_threads()} thread",
        "cell": cell,
        "config": config,
        "train_samples_per_s": round(n * len(timed) / sum(timed), 2),
        "infer_samples_per_s": round(INFER_BATCH * passes / elapsed, 2),
        "epoch_s": round(statistics.median(timed), 4),
        "warmup_epoch_s": round(epoch_times[0], 4),
        "mse_after_5_epochs": float(f"{mse_all:.6g}"),
        "train_samples_per_cpu_s": round(n * len(timed) / sum(epoch_cpu[1:]), 2),
        "infer_samples_per_cpu_s": round(INFER_BATCH * passes / elapsed_cpu, 2),
        "notes": "",
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cell", default=",".join(CELLS))
    ap.add_argument("--config", default=",".join(CONFIGS))
    ap.add_argument("--series", default=os.path.join(BENCH_DIR, "series.csv"))
    a = ap.parse_args()
    cells = [c for c in a.cell.split(",") if c]
    configs = [c for c in a.config.split(",") if c]
    for c in cells:
        if c not in CELLS:
            ap.error(f"--cell: unknown value {c!r} (expected one of {', '.join(CELLS)})")
    for c in configs:
        if c not in CONFIGS:
            ap.error(f"--config: unknown value {c!r} (expected one of {', '.join(CONFIGS)})")
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    prices = load_series(a.series)
    for config in configs:
        for cell in cells:
            print(json.dumps(run_one(cell, config, prices)), flush=True)


if __name__ == "__main__":
    main()
