//! What the CLI prints: a progress bar on a terminal (plain lines otherwise) and the metrics table
//! with the model beside persistence and the other baselines.

use indicatif::{ProgressBar, ProgressStyle};
use rnn_playground::train::{Metrics, Progress, StopReason};
use std::io::IsTerminal;

/// Reports training progress on stderr.
pub struct ProgressReport {
    bar: Option<ProgressBar>,
    plain: bool,
    last_epoch: usize,
}

impl ProgressReport {
    /// A bar when stderr is a terminal, plain per-epoch lines otherwise, nothing when `quiet`.
    pub fn new(epochs: usize, quiet: bool) -> Self {
        if quiet {
            return ProgressReport {
                bar: None,
                plain: false,
                last_epoch: 0,
            };
        }
        if std::io::stderr().is_terminal() {
            let bar = ProgressBar::new(epochs as u64);
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} epoch {pos}/{len} [{bar:30}] {msg} ({elapsed})",
                )
                .expect("valid template")
                .progress_chars("=> "),
            );
            ProgressReport {
                bar: Some(bar),
                plain: false,
                last_epoch: 0,
            }
        } else {
            ProgressReport {
                bar: None,
                plain: true,
                last_epoch: 0,
            }
        }
    }

    /// Called after every chunk of batches.
    pub fn update(&mut self, p: &Progress) {
        let epoch_end = p.batch == p.batches_per_epoch && p.epoch != self.last_epoch;
        let msg = format!(
            "train_loss {:.6}{} lr {:.3e} {:.0} samples/s",
            p.train_loss,
            p.val_loss
                .map(|v| format!(" val_loss {v:.6}"))
                .unwrap_or_default(),
            p.lr,
            p.samples_per_s
        );
        if let Some(bar) = &self.bar {
            bar.set_position(p.epoch.saturating_sub(usize::from(!epoch_end)) as u64);
            bar.set_message(msg);
        } else if self.plain && epoch_end {
            eprintln!(
                "epoch {} {msg} elapsed {:.1}s",
                p.epoch,
                p.elapsed_ms / 1000.0
            );
        }
        if epoch_end {
            self.last_epoch = p.epoch;
        }
        if p.done {
            if let Some(bar) = self.bar.take() {
                bar.finish_and_clear();
            }
        }
    }
}

fn num(v: Option<f64>) -> String {
    match v {
        Some(x) if x.abs() >= 1e5 || (x != 0.0 && x.abs() < 1e-3) => format!("{x:.4e}"),
        Some(x) => format!("{x:.4}"),
        None => "-".into(),
    }
}

/// The metrics table: model vs persistence, seasonal naive and moving average per split.
pub fn metrics_table(m: &Metrics) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "{:<6} {:>12} {:>12} {:>12} {:>12}\n",
        "RMSE", "model", "persistence", "seasonal", "moving avg"
    ));
    for split in ["train", "val", "test"] {
        let Some(model) = m.splits.get(split) else {
            continue;
        };
        let b = m.baselines.get(split);
        s.push_str(&format!(
            "{:<6} {:>12} {:>12} {:>12} {:>12}\n",
            split,
            num(Some(model.rmse)),
            num(b.map(|b| b.persistence.rmse)),
            num(b.and_then(|b| b.seasonal_naive.map(|x| x.rmse))),
            num(b.and_then(|b| b.moving_average.map(|x| x.rmse))),
        ));
    }
    s.push_str(&format!(
        "test MAE {}  MAPE {}%  sMAPE {}%\n",
        num(m.test_mae),
        num(m.test_mape),
        num(m.test_smape)
    ));
    let verdict = match m.skill {
        Some(k) if k > 0.0 => "beats persistence",
        Some(_) => "does NOT beat persistence",
        None => "undefined",
    };
    s.push_str(&format!(
        "skill vs persistence {} ({verdict})\n",
        num(m.skill)
    ));
    if let Some(r) = m.test_recursive_rmse {
        s.push_str(&format!(
            "recursive forecast over the test range: RMSE {} ({} steps)\n",
            num(Some(r)),
            m.test_recursive.len()
        ));
    }
    s
}

/// `epochs_run` with the stop reason in words.
pub fn stopped(m: &Metrics) -> String {
    let why = match m.stop_reason {
        Some(StopReason::Epochs) => "all epochs",
        Some(StopReason::EarlyStopping) => "early stopping, best weights restored",
        Some(StopReason::Diverged) => "diverged, last good weights kept",
        Some(StopReason::Stopped) => "stopped",
        None => "not trained",
    };
    format!("{} epochs ({why})", m.epochs_run)
}

/// Forecast values on one line.
pub fn forecast_line(values: &[f64]) -> String {
    values
        .iter()
        .map(|v| format!("{v:.4}"))
        .collect::<Vec<_>>()
        .join(" ")
}
