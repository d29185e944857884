//! What the CLI prints: a progress bar on a terminal (plain lines otherwise) and the metrics table
//! with the model beside persistence and the other baselines.

use indicatif::{ProgressBar, ProgressStyle};
use rnn_playground::app::BacktestReport;
use rnn_playground::metrics::ErrorMetrics;
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
    type Pick = fn(&ErrorMetrics) -> Option<f64>;
    let measures: [(&str, Pick); 2] = [("RMSE", |e| Some(e.rmse)), ("MASE", |e| e.mase)];
    for (label, pick) in measures {
        s.push_str(&format!(
            "{:<6} {:>12} {:>12} {:>12} {:>12} {:>12}\n",
            label, "model", "persistence", "seasonal", "moving avg", "drift"
        ));
        for split in ["train", "val", "test"] {
            let Some(model) = m.splits.get(split) else {
                continue;
            };
            let b = m.baselines.get(split);
            let of = |e: Option<ErrorMetrics>| e.as_ref().and_then(pick);
            s.push_str(&format!(
                "{:<6} {:>12} {:>12} {:>12} {:>12} {:>12}\n",
                split,
                num(pick(model)),
                num(of(b.map(|b| b.persistence))),
                num(of(b.and_then(|b| b.seasonal_naive))),
                num(of(b.and_then(|b| b.moving_average))),
                num(of(b.and_then(|b| b.drift))),
            ));
        }
    }
    if let Some(p) = m.mase_period {
        s.push_str(&format!(
            "MASE: MAE over the training split's in-sample naive MAE (lag {p})\n"
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
    if let Some(level) = m.interval_level {
        s.push_str(&format!(
            "{} % interval on test: coverage {}  mean width {}\n",
            (level * 1000.0).round() / 10.0,
            num(m.test_interval_coverage),
            num(m.test_interval_width)
        ));
    }
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

/// Which epoch's weights the metrics come from, in the words the page uses too
/// (`www/result-sentence.js` `bestEpochText`): "best validation loss at epoch 3 of 12 (weights
/// restored)" when early stopping tracked the validation loss (`patience > 0` and a validation
/// split), else "weights of the last epoch (12)"; `None` when no epoch's weights are held (a
/// divergence kept the last good step's).
pub fn best_epoch_line(m: &Metrics, patience: usize) -> Option<String> {
    let best = m.best_epoch?;
    let tracked = patience > 0 && m.val_rmse.is_some();
    Some(if !tracked {
        format!("weights of the last epoch ({best})")
    } else if best < m.epochs_run {
        format!(
            "best validation loss at epoch {best} of {} (weights restored)",
            m.epochs_run
        )
    } else {
        format!(
            "best validation loss at epoch {best} of {} (the last epoch)",
            m.epochs_run
        )
    })
}

/// Forecast values on one line.
pub fn forecast_line(values: &[f64]) -> String {
    values
        .iter()
        .map(|v| format!("{v:.4}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The backtest: one line per fold and the mean, model beside every baseline's MASE.
pub fn backtest_table(r: &BacktestReport) -> String {
    let names: Vec<&String> = r.mean.baselines.keys().collect();
    let mut s = format!(
        "backtest: {} of {} folds ({} window)\n{:<6} {:>7} {:>7} {:>10} {:>10} {:>8} {:>8}",
        r.folds.len(),
        r.planned,
        r.window,
        "fold",
        "origin",
        "train",
        "RMSE",
        "MAE",
        "MASE",
        "skill"
    );
    for n in &names {
        s.push_str(&format!(" {:>14}", format!("MASE {n}")));
    }
    s.push('\n');
    let row =
        |s: &mut String, label: String, origin: String, train: String, e: [Option<f64>; 4]| {
            s.push_str(&format!(
                "{label:<6} {origin:>7} {train:>7} {:>10} {:>10} {:>8} {:>8}",
                num(e[0]),
                num(e[1]),
                num(e[2]),
                num(e[3])
            ));
        };
    for f in &r.folds {
        row(
            &mut s,
            f.fold.to_string(),
            f.origin.to_string(),
            f.train_size.to_string(),
            [Some(f.test_rmse), Some(f.test_mae), f.test_mase, f.skill],
        );
        for n in &names {
            s.push_str(&format!(
                " {:>14}",
                num(f.baselines.get(*n).and_then(|b| b.mase))
            ));
        }
        if let Some(c) = f.test_interval_coverage {
            s.push_str(&format!(" coverage {c:.3}"));
        }
        s.push('\n');
    }
    let m = &r.mean;
    row(
        &mut s,
        "mean".into(),
        String::new(),
        String::new(),
        [m.test_rmse, m.test_mae, m.test_mase, m.skill],
    );
    for n in &names {
        s.push_str(&format!(" {:>14}", num(m.baselines[*n].mase)));
    }
    if let Some(c) = m.test_interval_coverage {
        s.push_str(&format!(" coverage {c:.3}"));
    }
    s.push('\n');
    s
}
