//! The standard benchmark workload (`bench/README.md`; defined under "The workload" in
//! `BENCHMARKS.md`) run on this crate's engine, with the clock supplied by the caller so the same
//! code times itself natively (`std::time::Instant`) and in WebAssembly (`performance.now()`).
//!
//! Data: the canonical 2000-point series (`bench/series.csv`, checked by FNV-1a-32), min-max
//! scaled in f64 on its first 1600 points, windows stored as f32, chronological, no shuffling.
//! Model: LSTM or GRU stack → linear head on the last step; MSE; Adam (lr 0.01, ε 1e-8);
//! batch 32 in order with the partial last batch. Protocol: epoch 1 is the warm-up, epochs 2–5
//! are timed; inference throughput on the first 256 windows.
//!
//! Besides wall-clock time the clock may report the CPU time of the running thread or process:
//! on a machine shared with other work, CPU time shows what the engine costs when the wall clock
//! also counts time spent waiting for a core.

use serde::Serialize;

use crate::cells::CellKind;
use crate::model::{HeadKind, Loss, Network, NetworkConfig, Optimizer, OptimizerConfig};

/// Number of points in the canonical series.
pub const N_POINTS: usize = 2000;
/// Length of the train split, `floor(0.8 · N_POINTS)`; the scaler sees only these points.
pub const N_TRAIN: usize = 1600;
/// Training mini-batch size.
pub const BATCH: usize = 32;
/// Batch size of the inference measurement.
pub const INFER_BATCH: usize = 256;
/// FNV-1a-32 of the little-endian f64 bytes of the canonical 2000 prices.
pub const SERIES_FNV1A32: u32 = 0xccd2_2cfb;
/// Seed of the model initialisation.
pub const INIT_SEED: u64 = 42;

/// One reading of the caller's clocks, in seconds from any fixed origin.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stamp {
    /// Wall-clock time.
    pub wall_s: f64,
    /// CPU time of the thread (or single-threaded process) running the workload; NaN when the
    /// host cannot tell.
    pub cpu_s: f64,
}

/// One of the workload's model sizes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WorkloadConfig {
    /// Name used in every result line, e.g. `"w10-h50-l1"`.
    pub name: &'static str,
    /// Window length (time steps per sample).
    pub window: usize,
    /// Hidden units per layer.
    pub hidden: usize,
    /// Stacked recurrent layers.
    pub layers: usize,
}

/// The three standard configurations, smallest first.
pub const CONFIGS: [WorkloadConfig; 3] = [
    WorkloadConfig {
        name: "w10-h50-l1",
        window: 10,
        hidden: 50,
        layers: 1,
    },
    WorkloadConfig {
        name: "w50-h128-l1",
        window: 50,
        hidden: 128,
        layers: 1,
    },
    WorkloadConfig {
        name: "w50-h256-l2",
        window: 50,
        hidden: 256,
        layers: 2,
    },
];

/// The configuration called `name`, or a message listing the valid names.
pub fn config_by_name(name: &str) -> Result<WorkloadConfig, String> {
    CONFIGS
        .iter()
        .copied()
        .find(|c| c.name == name)
        .ok_or_else(|| {
            let names: Vec<&str> = CONFIGS.iter().map(|c| c.name).collect();
            format!(
                "unknown workload config {name:?} (expected one of {})",
                names.join(", ")
            )
        })
}

/// FNV-1a-32 over the little-endian bytes of `values`.
pub fn fnv1a32_f64(values: &[f64]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for v in values {
        for b in v.to_le_bytes() {
            h ^= b as u32;
            h = h.wrapping_mul(0x0100_0193);
        }
    }
    h
}

/// Parses `series.csv` (header `t,price`, rows `t,price` with t = 0, 1, …) and checks that it is
/// the canonical series (2000 rows, FNV-1a-32 `ccd22cfb`). Errors name the row.
pub fn parse_series_csv(text: &str) -> Result<Vec<f64>, String> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    match lines.next() {
        Some((_, h)) if h.trim_end_matches('\r') == "t,price" => {}
        Some((_, h)) => {
            return Err(format!(
                "series.csv row 1: expected header \"t,price\", found {h:?}"
            ))
        }
        None => return Err("series.csv is empty".into()),
    }
    let mut prices = Vec::with_capacity(N_POINTS);
    for (i, line) in lines {
        let row = i + 1;
        let line = line.trim_end_matches('\r');
        let mut fields = line.split(',');
        let (t, p) = match (fields.next(), fields.next(), fields.next()) {
            (Some(t), Some(p), None) => (t, p),
            _ => {
                return Err(format!(
                    "series.csv row {row}: expected 2 fields \"t,price\", found {line:?}"
                ))
            }
        };
        if t.parse::<usize>().ok() != Some(prices.len()) {
            return Err(format!(
                "series.csv row {row}, column t: expected {}, found {t:?}",
                prices.len()
            ));
        }
        match p.parse::<f64>() {
            Ok(v) if v.is_finite() => prices.push(v),
            _ => {
                return Err(format!(
                    "series.csv row {row}, column price: not a finite number: {p:?}"
                ))
            }
        }
    }
    if prices.len() != N_POINTS {
        return Err(format!(
            "series.csv: expected {N_POINTS} prices, found {}",
            prices.len()
        ));
    }
    let sum = fnv1a32_f64(&prices);
    if sum != SERIES_FNV1A32 {
        return Err(format!(
            "series.csv: FNV-1a-32 of the prices is {sum:08x}, expected {SERIES_FNV1A32:08x} (not the canonical series)"
        ));
    }
    Ok(prices)
}

/// The chronological train windows of one window length.
#[derive(Clone, Debug)]
pub struct Windows {
    /// Inputs `[n, window, 1]`, row-major.
    pub x: Vec<f32>,
    /// Targets `[n, 1]`.
    pub y: Vec<f32>,
    /// Number of windows, `N_TRAIN - window`.
    pub n: usize,
    /// Window length.
    pub window: usize,
}

/// Min-max scales `prices` in f64 with the min and max of the first `N_TRAIN` points, then cuts
/// the windows whose target lies in the train split (`i = 0 … N_TRAIN − window − 1`).
pub fn train_windows(prices: &[f64], window: usize) -> Result<Windows, String> {
    if prices.len() < N_TRAIN || window == 0 || window >= N_TRAIN {
        return Err(format!(
            "workload windows need at least {N_TRAIN} prices and 0 < window < {N_TRAIN} (got {} prices, window {window})",
            prices.len()
        ));
    }
    let (lo, hi) = prices[..N_TRAIN]
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &p| {
            (lo.min(p), hi.max(p))
        });
    let scaled: Vec<f64> = prices.iter().map(|p| (p - lo) / (hi - lo)).collect();
    let n = N_TRAIN - window;
    let mut x = Vec::with_capacity(n * window);
    let mut y = Vec::with_capacity(n);
    for i in 0..n {
        x.extend(scaled[i..i + window].iter().map(|&v| v as f32));
        y.push(scaled[i + window] as f32);
    }
    Ok(Windows { x, y, n, window })
}

/// How many epochs to train and how long to measure inference. [`Protocol::STANDARD`] is the
/// workload's; shorter ones exist for tests.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Protocol {
    /// Epochs trained in total.
    pub epochs: usize,
    /// Leading epochs that are not timed (the warm-up).
    pub warmup_epochs: usize,
    /// Untimed inference passes before measuring.
    pub infer_warmup_passes: usize,
    /// Minimum timed inference passes.
    pub infer_min_passes: usize,
    /// Minimum seconds of timed inference.
    pub infer_min_seconds: f64,
}

impl Protocol {
    /// The workload's protocol (`BENCHMARKS.md`, "The workload"): 5 epochs, the first untimed;
    /// inference 2 untimed passes, then ≥ 5 passes and ≥ 1 s.
    pub const STANDARD: Protocol = Protocol {
        epochs: 5,
        warmup_epochs: 1,
        infer_warmup_passes: 2,
        infer_min_passes: 5,
        infer_min_seconds: 1.0,
    };
}

/// What one run of the workload measured.
#[derive(Clone, Debug, Serialize)]
pub struct WorkloadReport {
    /// The cell's name as `CellKind` displays it (`"lstm"` or `"gru"` in the standard workload).
    pub cell: String,
    /// Configuration name, e.g. `"w10-h50-l1"`.
    pub config: String,
    /// Train windows × timed epochs / timed seconds.
    pub train_samples_per_s: f64,
    /// Windows per second of inference at batch 256 (outputs read back).
    pub infer_samples_per_s: f64,
    /// Median of the timed epochs, seconds.
    pub epoch_s: f64,
    /// The warm-up epoch, seconds.
    pub warmup_epoch_s: f64,
    /// Every epoch, seconds, in order.
    pub epoch_times_s: Vec<f64>,
    /// Train windows × timed epochs / CPU seconds of the timed epochs (NaN without a CPU clock).
    pub train_samples_per_cpu_s: f64,
    /// Inference windows per CPU second (NaN without a CPU clock).
    pub infer_samples_per_cpu_s: f64,
    /// Mean training loss of each epoch (average over the batches, weighted by batch size).
    pub epoch_losses: Vec<f64>,
    /// MSE (f64 accumulation) over all train windows after the last epoch, inference mode.
    pub mse_after_5_epochs: f64,
    /// Number of trainable parameters.
    pub params: usize,
    /// Kernel instruction set (`crate::kernels::backend_name()`).
    pub kernels: String,
}

/// Runs the workload for one cell and configuration. `clock()` is read only around epochs and
/// inference passes; all throughputs use its wall time, the `*_per_cpu_s` ones its CPU time.
pub fn run(
    prices: &[f64],
    cell: CellKind,
    config: &WorkloadConfig,
    protocol: &Protocol,
    clock: &mut dyn FnMut() -> Stamp,
) -> Result<WorkloadReport, String> {
    if protocol.epochs <= protocol.warmup_epochs {
        return Err(format!(
            "workload protocol: {} epochs leave none timed after {} warm-up epochs",
            protocol.epochs, protocol.warmup_epochs
        ));
    }
    let data = train_windows(prices, config.window)?;
    let (w, n) = (config.window, data.n);
    let net_config = NetworkConfig {
        cell,
        input_size: 1,
        hidden_size: config.hidden,
        num_layers: config.layers,
        bidirectional: false,
        dropout: 0.0,
        bias: true,
        output_size: 1,
        head: HeadKind::LastStep,
        forget_bias: 0.0,
    };
    let mut net = net_config.init(INIT_SEED)?;
    let mut optim = Optimizer::new(
        OptimizerConfig::Adam {
            lr: 0.01,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            weight_decay: 0.0,
        },
        &net.params,
    );

    let mut epoch_times_s = Vec::with_capacity(protocol.epochs);
    let mut epoch_cpu_s = Vec::with_capacity(protocol.epochs);
    let mut epoch_losses = Vec::with_capacity(protocol.epochs);
    for _ in 0..protocol.epochs {
        let t0 = clock();
        let mut loss_sum = 0.0;
        let mut start = 0;
        while start < n {
            let b = BATCH.min(n - start);
            let x = &data.x[start * w..(start + b) * w];
            let y = &data.y[start..start + b];
            loss_sum += net.compute_gradients(x, y, b, w, Loss::Mse) * b as f64;
            optim.step(&mut net.params);
            start += b;
        }
        let t1 = clock();
        epoch_times_s.push(t1.wall_s - t0.wall_s);
        epoch_cpu_s.push(t1.cpu_s - t0.cpu_s);
        epoch_losses.push(loss_sum / n as f64);
    }
    let timed = &epoch_times_s[protocol.warmup_epochs..];
    let timed_windows = (n * timed.len()) as f64;
    let train_samples_per_s = timed_windows / timed.iter().sum::<f64>();
    let train_samples_per_cpu_s =
        timed_windows / epoch_cpu_s[protocol.warmup_epochs..].iter().sum::<f64>();

    let mse_after_5_epochs = train_mse(&mut net, &data);

    let nb = INFER_BATCH.min(n);
    let xi = &data.x[..nb * w];
    let mut sink = 0.0f32;
    for _ in 0..protocol.infer_warmup_passes {
        sink += net.predict(xi, nb, w)[0];
    }
    let t0 = clock();
    let mut passes = 0usize;
    let mut elapsed = 0.0;
    let mut elapsed_cpu = f64::NAN;
    while passes < protocol.infer_min_passes || elapsed < protocol.infer_min_seconds {
        sink += net.predict(xi, nb, w)[nb - 1];
        passes += 1;
        let t = clock();
        elapsed = t.wall_s - t0.wall_s;
        elapsed_cpu = t.cpu_s - t0.cpu_s;
    }
    if !sink.is_finite() {
        return Err(format!(
            "workload {cell} {}: the model's predictions are not finite",
            config.name
        ));
    }
    let infer_samples_per_s = (nb * passes) as f64 / elapsed;
    let infer_samples_per_cpu_s = (nb * passes) as f64 / elapsed_cpu;

    Ok(WorkloadReport {
        cell: cell.to_string(),
        config: config.name.to_string(),
        train_samples_per_s,
        infer_samples_per_s,
        epoch_s: median(timed),
        warmup_epoch_s: epoch_times_s[..protocol.warmup_epochs].iter().sum(),
        epoch_times_s,
        train_samples_per_cpu_s,
        infer_samples_per_cpu_s,
        epoch_losses,
        mse_after_5_epochs,
        params: net.params.count(),
        kernels: crate::kernels::backend_name().to_string(),
    })
}

/// MSE over all windows of `data`, predicted in batches of `INFER_BATCH`, accumulated in f64.
fn train_mse(net: &mut Network, data: &Windows) -> f64 {
    let w = data.window;
    let mut sum = 0.0;
    let mut start = 0;
    while start < data.n {
        let b = INFER_BATCH.min(data.n - start);
        let pred = net.predict(&data.x[start * w..(start + b) * w], b, w);
        for (p, t) in pred.iter().zip(&data.y[start..start + b]) {
            let d = *p as f64 - *t as f64;
            sum += d * d;
        }
        start += b;
    }
    sum / data.n as f64
}

fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    }
}

/// The benchmark's one-line JSON record, keys in the order every harness prints them.
#[derive(Serialize)]
struct ResultLine<'a> {
    engine: &'a str,
    env: &'a str,
    cell: &'a str,
    config: &'a str,
    train_samples_per_s: f64,
    infer_samples_per_s: f64,
    epoch_s: f64,
    warmup_epoch_s: f64,
    mse_after_5_epochs: f64,
    train_samples_per_cpu_s: Option<f64>,
    infer_samples_per_cpu_s: Option<f64>,
    notes: &'a str,
}

impl WorkloadReport {
    /// The result line `{engine, env, cell, config, train_samples_per_s, infer_samples_per_s,
    /// epoch_s, warmup_epoch_s, mse_after_5_epochs, train_samples_per_cpu_s,
    /// infer_samples_per_cpu_s, notes}` for the harness's stdout (CPU rates null when unknown).
    pub fn result_line(&self, engine: &str, env: &str, notes: &str) -> String {
        let round = |v: f64, digits: i32| {
            let f = 10f64.powi(digits);
            (v * f).round() / f
        };
        let line = ResultLine {
            engine,
            env,
            cell: &self.cell,
            config: &self.config,
            train_samples_per_s: round(self.train_samples_per_s, 2),
            infer_samples_per_s: round(self.infer_samples_per_s, 2),
            epoch_s: round(self.epoch_s, 4),
            warmup_epoch_s: round(self.warmup_epoch_s, 4),
            mse_after_5_epochs: format!("{:.6e}", self.mse_after_5_epochs)
                .parse()
                .unwrap_or(f64::NAN),
            train_samples_per_cpu_s: Some(round(self.train_samples_per_cpu_s, 2))
                .filter(|v| v.is_finite()),
            infer_samples_per_cpu_s: Some(round(self.infer_samples_per_cpu_s, 2))
                .filter(|v| v.is_finite()),
            notes,
        };
        serde_json::to_string(&line).expect("a result line always serialises")
    }
}
