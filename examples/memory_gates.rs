//! The LSTM forget gate on the `memory` series' test windows, at initialisation and after
//! training, from a model file the CLI wrote (one layer, one direction):
//!
//! ```text
//! cargo run --release --example memory_gates -- MODEL.json
//! ```
//!
//! Prints one JSON line per state (`init`: the fresh model the recorded config and seed build;
//! `trained`: the file's weights): `mean_forget`, the forget gate `f_t` averaged over windows,
//! steps and units; `retention`, the product of `f` over the `lag − 1` steps after the recalled
//! input (how much of the cell state written when the value `lag` steps back was read survives
//! to the forecast, ignoring the input gate), averaged over windows and units; `best_unit`, the
//! largest per-unit mean of that product. `scripts/memory-table.sh` runs it for the LSTM rows.

use rnn_playground::app::Experiment;
use rnn_playground::cells::CellKind;
use rnn_playground::io::load_model;
use rnn_playground::pipeline::datasets::{self, DatasetOptions};
use rnn_playground::train::Freeze;

fn main() {
    if let Err(e) = real_main() {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}

fn real_main() -> Result<(), String> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: memory_gates MODEL.json")?;
    let saved = load_model(std::path::Path::new(&path))?;
    let arch = &saved.network.config;
    if arch.cell != CellKind::Lstm || arch.num_layers != 1 || arch.bidirectional {
        return Err(format!(
            "{path}: needs a one-layer, one-direction LSTM (got {}, {} layers)",
            arch.cell, arch.num_layers
        ));
    }
    let config = saved.training.config.clone();
    let opts = DatasetOptions {
        lag: config.lag,
        seed: config.seed,
        symbol: config.symbol.clone(),
        column: config.column.clone(),
        length: None,
        features: config.features.clone(),
    };
    let series = datasets::load(&config.dataset, &opts).map_err(|e| e.to_string())?;
    let mut fresh = Experiment::new(series.clone(), config.clone())?;
    let mut trained = Experiment::from_model(series, config.clone(), saved, true, Freeze::None)?;
    for (name, ex) in [("init", &mut fresh), ("trained", &mut trained)] {
        let g = forget_gate(ex, config.lag);
        println!(
            "{{\"state\":\"{name}\",\"lag\":{},\"forget_bias\":{},\"mean_forget\":{:.4},\"retention\":{:.3e},\"best_unit\":{:.3e}}}",
            config.lag, config.forget_bias, g.mean_forget, g.retention, g.best_unit
        );
    }
    Ok(())
}

/// What [`forget_gate`] measures.
struct ForgetGate {
    mean_forget: f64,
    retention: f64,
    best_unit: f64,
}

/// Runs the test windows one step at a time, recomputing the forget gate from the step's input,
/// the previous hidden state and the `f` rows of the weights (gate order i, f, g, o).
fn forget_gate(ex: &mut Experiment, lag: usize) -> ForgetGate {
    let h = ex.network.config.hidden_size;
    let window = ex.config.window;
    let test = &ex.prepared.test;
    let n = test.len;
    let inputs: Vec<Vec<f32>> = (0..n).map(|i| test.inputs(i).to_vec()).collect();
    let p = &ex.network.params;
    let tensor = |name: &str| p.get(&format!("lstm.{name}_l0")).unwrap().to_vec();
    let (w_ih, w_hh) = (tensor("weight_ih"), tensor("weight_hh"));
    let (b_ih, b_hh) = (tensor("bias_ih"), tensor("bias_hh"));
    let first_kept = window - lag + 1;
    let mut log_keep = vec![0.0f64; n * h];
    let (mut f_sum, mut f_count) = (0.0f64, 0usize);
    let mut state = None;
    let mut h_prev = vec![0.0f32; n * h];
    for t in 0..window {
        let x_t: Vec<f32> = inputs.iter().map(|w| w[t]).collect();
        for (i, &x) in x_t.iter().enumerate() {
            let h_row = &h_prev[i * h..(i + 1) * h];
            for u in 0..h {
                let r = h + u;
                let hh: f32 = w_hh[r * h..(r + 1) * h]
                    .iter()
                    .zip(h_row)
                    .map(|(a, b)| a * b)
                    .sum();
                let z = (w_ih[r] * x + b_ih[r] + b_hh[r] + hh) as f64;
                let f = 1.0 / (1.0 + (-z).exp());
                f_sum += f;
                f_count += 1;
                if t >= first_kept {
                    log_keep[i * h + u] += f.ln();
                }
            }
        }
        let (_, s) = ex.network.forward_with_state(&x_t, n, 1, state.as_ref());
        h_prev.copy_from_slice(&s.h);
        state = Some(s);
    }
    let keep: Vec<f64> = log_keep.iter().map(|l| l.exp()).collect();
    let best_unit = (0..h)
        .map(|u| (0..n).map(|i| keep[i * h + u]).sum::<f64>() / n as f64)
        .fold(0.0, f64::max);
    ForgetGate {
        mean_forget: f_sum / f_count as f64,
        retention: keep.iter().sum::<f64>() / keep.len() as f64,
        best_unit,
    }
}
