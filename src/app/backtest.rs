//! The rolling-origin backtest: `backtest = N` folds ([`crate::pipeline::backtest`] plans them),
//! each with its own preparation (transform and scaler refitted on the fold's training part),
//! a model trained from the configuration's seed (or, with `backtest_fine_tune`, from the
//! previous fold's weights), and errors on the fold's test block: RMSE,
//! MAE, MASE, RMSSE, skill against persistence, error by horizon step, and the same for every
//! baseline, and with `interval` the coverage of the fold's own conformal interval. Resumable like training: [`Backtest::advance`] runs a bounded number of batches
//! (progress and cancellation work across folds), so the CLI and the browser session share it.

use super::experiment::season_for;
use crate::config::PlaygroundConfig;
use crate::metrics::baselines::{self, naive_scale};
use crate::metrics::ErrorMetrics;
use crate::model::Network;
use crate::pipeline::backtest::{plan, prepare_fold};
use crate::pipeline::{BacktestWindow, Fold, Prepared, Series, Split};
use crate::train::evaluate::best_epoch;
use crate::train::forecast_intervals::intervals;
use crate::train::{predict_windows, Progress, StopReason, Trainer};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::atomic::AtomicBool;

/// Errors of one forecaster on one fold's test block.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct FoldErrors {
    /// Root mean squared error.
    pub rmse: f64,
    /// Mean absolute error.
    pub mae: f64,
    /// MAE over the fold's in-sample naive MAE.
    pub mase: Option<f64>,
    /// Root mean squared scaled error.
    pub rmsse: Option<f64>,
}

impl From<ErrorMetrics> for FoldErrors {
    fn from(m: ErrorMetrics) -> Self {
        FoldErrors {
            rmse: m.rmse,
            mae: m.mae,
            mase: m.mase,
            rmsse: m.rmsse,
        }
    }
}

/// One finished fold.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FoldResult {
    /// 1-based fold number.
    pub fold: usize,
    /// Original index of the first test level (everything before it was known).
    pub origin: usize,
    /// Original index of the fold's first level (0 for an expanding window).
    pub start: usize,
    /// Levels of the fold's training part (the transform and scaler were fitted on them).
    pub train_size: usize,
    /// Levels of its validation part.
    pub val_size: usize,
    /// Levels in the test block.
    pub test_size: usize,
    /// Model RMSE on the block.
    pub test_rmse: f64,
    /// Model MAE on the block.
    pub test_mae: f64,
    /// Model MASE on the block (against this fold's training split).
    pub test_mase: Option<f64>,
    /// Model RMSSE on the block.
    pub test_rmsse: Option<f64>,
    /// `1 − test_rmse / persistence RMSE` on the block.
    pub skill: Option<f64>,
    /// Model RMSE per step ahead (horizon > 1).
    pub test_per_step_rmse: Vec<f64>,
    /// With `interval`: the fraction of the block inside the fold's conformal interval
    /// (calibrated on the fold's validation part).
    pub test_interval_coverage: Option<f64>,
    /// With `interval`: the mean width of those intervals.
    pub test_interval_width: Option<f64>,
    /// Epochs trained.
    pub epochs_run: usize,
    /// The epoch whose weights were scored.
    pub best_epoch: Option<usize>,
    /// Every baseline on the same block, by name.
    pub baselines: BTreeMap<String, FoldErrors>,
}

/// Means over the folds (each fold weighs the same).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FoldMean {
    /// Mean model RMSE.
    pub test_rmse: Option<f64>,
    /// Mean model MAE.
    pub test_mae: Option<f64>,
    /// Mean model MASE (over the folds where it is defined).
    pub test_mase: Option<f64>,
    /// Mean model RMSSE.
    pub test_rmsse: Option<f64>,
    /// Mean skill against persistence.
    pub skill: Option<f64>,
    /// Mean RMSE per step ahead.
    pub test_per_step_rmse: Vec<f64>,
    /// Mean interval coverage.
    pub test_interval_coverage: Option<f64>,
    /// Mean interval width.
    pub test_interval_width: Option<f64>,
    /// Mean errors of every baseline present in every fold.
    pub baselines: BTreeMap<String, FoldErrors>,
}

/// The backtest's result so far.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BacktestReport {
    /// Folds planned.
    pub planned: usize,
    /// How the training data grows.
    pub window: BacktestWindow,
    /// False when the backtest was stopped before its last fold.
    pub complete: bool,
    /// The finished folds.
    pub folds: Vec<FoldResult>,
    /// Means over the finished folds.
    pub mean: FoldMean,
}

/// Progress of a backtest: the fold and its training progress.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BacktestProgress {
    /// 1-based fold in training (the last one when done).
    pub fold: usize,
    /// Folds planned.
    pub folds: usize,
    /// The fold's training progress.
    pub progress: Progress,
    /// Whether every fold is finished (or the backtest was stopped).
    pub done: bool,
}

#[derive(Debug)]
struct Running {
    prep: Prepared,
    network: Network,
    trainer: Trainer,
}

/// A rolling-origin backtest in progress.
#[derive(Debug)]
pub struct Backtest {
    config: PlaygroundConfig,
    series: Series,
    folds: Vec<Fold>,
    season: Option<usize>,
    running: Option<Running>,
    results: Vec<FoldResult>,
    stopped: bool,
    /// The last finished fold's weights (the next fold starts from them with fine-tuning).
    previous: Option<Vec<f32>>,
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

impl Backtest {
    /// Plans `config.backtest` folds on `series` and checks that every fold can be prepared.
    pub fn new(series: Series, config: PlaygroundConfig) -> Result<Self, String> {
        config.validate()?;
        let data = config.data_config();
        let folds =
            plan(series.len(), config.backtest, &data, config.backtest_window).map_err(err)?;
        for f in &folds {
            prepare_fold(&series, &data, f).map_err(err)?;
        }
        let season = season_for(&config, &series.source);
        Ok(Backtest {
            config,
            series,
            folds,
            season,
            running: None,
            results: Vec::new(),
            stopped: false,
            previous: None,
        })
    }

    /// The planned folds.
    pub fn folds(&self) -> &[Fold] {
        &self.folds
    }

    fn start_fold(&self, fold: &Fold) -> Result<Running, String> {
        let prep = prepare_fold(&self.series, &self.config.data_config(), fold).map_err(err)?;
        let mut network = self.config.network_config().init(self.config.seed)?;
        if let (true, Some(w)) = (self.config.backtest_fine_tune, &self.previous) {
            network.params.values.copy_from_slice(w);
        }
        let trainer = Trainer::new(
            &network,
            self.config.optimizer_config()?,
            self.config.train_options(),
            &prep.train,
        )?;
        Ok(Running {
            prep,
            network,
            trainer,
        })
    }

    /// Whether every fold is done or the backtest was stopped.
    pub fn is_done(&self) -> bool {
        self.stopped || self.results.len() == self.folds.len()
    }

    /// Trains the current fold for up to `max_batches` batches; a fold that finishes is scored
    /// and the next one starts on the following call. With `cancel` set, the current fold stops
    /// (its best weights are scored) and the backtest ends there.
    pub fn advance(
        &mut self,
        max_batches: usize,
        cancel: Option<&AtomicBool>,
    ) -> Result<BacktestProgress, String> {
        let n = self.folds.len();
        if self.is_done() {
            return Err("the backtest is finished".into());
        }
        let index = self.results.len();
        if self.running.is_none() {
            self.running = Some(self.start_fold(&self.folds[index])?);
        }
        let run = self.running.as_mut().expect("started above");
        let progress = run.trainer.advance(
            &mut run.network,
            &run.prep.train,
            &run.prep.val,
            max_batches.max(1),
            cancel,
        );
        if progress.done {
            let mut run = self.running.take().expect("running");
            if progress.stop_reason == Some(StopReason::Stopped) {
                self.stopped = true;
            }
            if progress.stop_reason == Some(StopReason::Diverged) {
                self.stopped = true;
                return Err(format!(
                    "backtest fold {}: {}",
                    index + 1,
                    progress.message.clone().unwrap_or_default()
                ));
            }
            let r = self.score(&self.folds[index], &mut run)?;
            self.results.push(r);
            self.previous = Some(run.network.params.values);
        }
        Ok(BacktestProgress {
            fold: index + 1,
            folds: n,
            progress,
            done: self.is_done(),
        })
    }

    /// Runs every remaining fold, calling `on_progress` after each chunk of `chunk` batches.
    pub fn run_to_end(
        &mut self,
        chunk: usize,
        cancel: Option<&AtomicBool>,
        mut on_progress: impl FnMut(&BacktestProgress),
    ) -> Result<BacktestReport, String> {
        while !self.is_done() {
            let p = self.advance(chunk, cancel)?;
            on_progress(&p);
        }
        Ok(self.report())
    }

    /// Ends the backtest now; the folds finished so far stay in the report.
    pub fn stop(&mut self) {
        self.running = None;
        self.stopped = true;
    }

    fn score(&self, fold: &Fold, run: &mut Running) -> Result<FoldResult, String> {
        let prep = &run.prep;
        let out = predict_windows(&mut run.network, &prep.test);
        let pred = prep.predicted_levels(Split::Test, &out).map_err(err)?;
        if pred.iter().any(|v| !v.is_finite()) {
            return Err(format!(
                "backtest fold {}: a test prediction is not finite",
                fold.index + 1
            ));
        }
        let actual = prep.actual_levels(Split::Test);
        let scale = naive_scale(prep, self.season);
        let m = ErrorMetrics::scored(&actual, &pred, scale.as_ref()).map_err(err)?;
        let h = prep.config.horizon;
        let per_step = if h > 1 {
            ErrorMetrics::per_step(&actual, &pred, h)
                .map_err(err)?
                .iter()
                .map(|s| s.rmse)
                .collect()
        } else {
            Vec::new()
        };
        let b =
            baselines::evaluate(prep, Split::Test, self.season, self.config.window).map_err(err)?;
        let offset = prep.offset;
        let interval = match self.config.interval {
            l if l > 0.0 => intervals(&mut run.network, prep, l, 0)?.test,
            _ => None,
        };
        Ok(FoldResult {
            fold: fold.index + 1,
            origin: fold.origin,
            start: fold.start,
            train_size: prep.bounds.train_end + offset,
            val_size: prep.bounds.val_end - prep.bounds.train_end,
            test_size: fold.end - fold.origin,
            test_rmse: m.rmse,
            test_mae: m.mae,
            test_mase: m.mase,
            test_rmsse: m.rmsse,
            skill: b.skill(m.rmse),
            test_per_step_rmse: per_step,
            test_interval_coverage: interval.map(|c| c.coverage),
            test_interval_width: interval.map(|c| c.width),
            epochs_run: run.trainer.epochs_run(),
            best_epoch: best_epoch(
                run.trainer.history(),
                self.config.patience,
                run.trainer.stop_reason(),
            ),
            baselines: b
                .named()
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.into()))
                .collect(),
        })
    }

    /// The folds finished so far and their means.
    pub fn report(&self) -> BacktestReport {
        BacktestReport {
            planned: self.folds.len(),
            window: self.config.backtest_window,
            complete: self.results.len() == self.folds.len(),
            folds: self.results.clone(),
            mean: mean(&self.results),
        }
    }
}

fn avg(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    let v: Vec<f64> = values.flatten().collect();
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

/// Means over `folds`: each measure over the folds where it is defined; a baseline only when
/// every fold has it.
pub fn mean(folds: &[FoldResult]) -> FoldMean {
    if folds.is_empty() {
        return FoldMean::default();
    }
    let steps = folds[0].test_per_step_rmse.len();
    let mut baselines = BTreeMap::new();
    for name in folds[0].baselines.keys() {
        let all: Option<Vec<FoldErrors>> = folds
            .iter()
            .map(|f| f.baselines.get(name).copied())
            .collect();
        if let Some(all) = all {
            baselines.insert(
                name.clone(),
                FoldErrors {
                    rmse: avg(all.iter().map(|e| Some(e.rmse))).unwrap_or(f64::NAN),
                    mae: avg(all.iter().map(|e| Some(e.mae))).unwrap_or(f64::NAN),
                    mase: avg(all.iter().map(|e| e.mase)),
                    rmsse: avg(all.iter().map(|e| e.rmsse)),
                },
            );
        }
    }
    FoldMean {
        test_rmse: avg(folds.iter().map(|f| Some(f.test_rmse))),
        test_mae: avg(folds.iter().map(|f| Some(f.test_mae))),
        test_mase: avg(folds.iter().map(|f| f.test_mase)),
        test_rmsse: avg(folds.iter().map(|f| f.test_rmsse)),
        skill: avg(folds.iter().map(|f| f.skill)),
        test_per_step_rmse: (0..steps)
            .map(|k| {
                avg(folds.iter().map(|f| f.test_per_step_rmse.get(k).copied())).unwrap_or(f64::NAN)
            })
            .collect(),
        test_interval_coverage: avg(folds.iter().map(|f| f.test_interval_coverage)),
        test_interval_width: avg(folds.iter().map(|f| f.test_interval_width)),
        baselines,
    }
}
