//! Honest evaluation on the original scale: model metrics on every split beside the naive
//! baselines, the skill score against persistence, one-step predictions for plotting, the
//! recursive forecast past the end and over the test range (how error grows with the horizon).

use super::trainer::{predict_windows, StopReason};
use crate::metrics::baselines::{self, BaselineReport};
use crate::metrics::ErrorMetrics;
use crate::model::Network;
use crate::pipeline::{Prepared, Split};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The metrics object (CLI metrics file, the browser's `train()` result).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// Model RMSE on training windows (all horizon steps, original scale).
    pub train_rmse: Option<f64>,
    /// Model RMSE on validation windows.
    pub val_rmse: Option<f64>,
    /// Model RMSE on test windows.
    pub test_rmse: Option<f64>,
    /// Model MAE on test windows.
    pub test_mae: Option<f64>,
    /// Model MAPE (percent) on test windows; `None` when every actual is zero.
    pub test_mape: Option<f64>,
    /// Model sMAPE (percent) on test windows.
    pub test_smape: Option<f64>,
    /// Persistence ("tomorrow = today") RMSE on the same test windows.
    pub persistence_test_rmse: Option<f64>,
    /// `1 - test_rmse / persistence_test_rmse` (> 0: the model beats persistence).
    pub skill: Option<f64>,
    /// Epochs trained.
    pub epochs_run: usize,
    /// Why training ended (`None` if it has not).
    pub stop_reason: Option<StopReason>,
    /// Recursive forecast of `steps` values past the end of the series.
    pub forecast: Vec<f64>,
    /// Every measure of the model per split (`train`, `val`, `test`).
    pub splits: BTreeMap<String, ErrorMetrics>,
    /// The baselines per split.
    pub baselines: BTreeMap<String, BaselineReport>,
    /// Test error per step ahead of the direct multi-output forecast (horizon > 1).
    pub test_per_step: Vec<ErrorMetrics>,
    /// Recursive forecast over the test range, fed its own predictions, started at the test start.
    pub test_recursive: Vec<f64>,
    /// RMSE of that recursive forecast against the actual test values.
    pub test_recursive_rmse: Option<f64>,
    /// Absolute error of the recursive test forecast per step ahead (how error grows).
    pub test_recursive_abs_error: Vec<f64>,
    /// The forecast horizon (outputs per window).
    pub horizon: usize,
    /// Season length of the seasonal-naive baseline, if used.
    pub season: Option<usize>,
    /// What the user must know before trusting the numbers.
    pub warnings: Vec<String>,
}

/// One-step predictions for plotting (the browser's `predictions()` object).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Predictions {
    /// Original-series index each prediction is for.
    pub target_index: Vec<i32>,
    /// The predicted values, original scale (first step of each window).
    pub predicted: Vec<f64>,
    /// 0 train, 1 val, 2 test.
    pub split: Vec<u8>,
    /// Forecast past the end of the series.
    pub forecast: Vec<f64>,
    /// Original index of the first forecast value (= series length).
    pub forecast_start: usize,
}

const SPLITS: [Split; 3] = [Split::Train, Split::Val, Split::Test];

/// Network outputs for every window of a split (scaled), `[len, horizon]`, in window order.
fn outputs(net: &mut Network, prep: &Prepared, split: Split) -> Vec<f32> {
    predict_windows(net, prep.windows(split))
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Computes the metrics object for the current weights: `season` is the seasonal-naive
/// baseline's period (none: that baseline is left out), `steps` the length of the forecast past
/// the end of the series.
pub fn metrics(
    net: &mut Network,
    prep: &Prepared,
    season: Option<usize>,
    steps: usize,
) -> Result<Metrics, String> {
    let mut splits = BTreeMap::new();
    let mut reports = BTreeMap::new();
    let mut warnings = Vec::new();
    let mut test_per_step = Vec::new();
    for split in SPLITS {
        let w = prep.windows(split);
        if w.len == 0 {
            continue;
        }
        let out = outputs(net, prep, split);
        let pred = prep.predicted_levels(split, &out).map_err(err)?;
        if let Some(i) = pred.iter().position(|v| !v.is_finite()) {
            return Err(format!(
                "{} prediction {} is not finite: the model is unusable",
                split.name(),
                i
            ));
        }
        let actual = prep.actual_levels(split);
        splits.insert(
            split.name().to_string(),
            ErrorMetrics::compute(&actual, &pred).map_err(err)?,
        );
        let r = baselines::evaluate(prep, split, season, prep.config.window).map_err(err)?;
        warnings.extend(r.notes.iter().cloned());
        reports.insert(split.name().to_string(), r);
        if split == Split::Test && w.horizon > 1 {
            test_per_step = ErrorMetrics::per_step(&actual, &pred, w.horizon).map_err(err)?;
        }
    }
    let test = splits.get(Split::Test.name()).copied();
    let persistence = reports.get(Split::Test.name()).map(|r| r.persistence.rmse);
    let skill = match (test, persistence) {
        (Some(t), Some(p)) => crate::metrics::skill(t.rmse, p),
        _ => None,
    };
    match skill {
        Some(s) if s <= 0.0 => warnings.push(format!(
            "the model does not beat persistence on the test split (skill {s:.3}): predicting \"tomorrow = today\" is at least as good"
        )),
        None if test.is_some() => warnings.push("skill is undefined: persistence has zero error on the test split".into()),
        _ => {}
    }
    let (test_recursive, test_recursive_rmse, test_recursive_abs_error) =
        recursive_over_test(net, prep)?;
    Ok(Metrics {
        train_rmse: splits.get(Split::Train.name()).map(|m| m.rmse),
        val_rmse: splits.get(Split::Val.name()).map(|m| m.rmse),
        test_rmse: test.map(|m| m.rmse),
        test_mae: test.map(|m| m.mae),
        test_mape: test.and_then(|m| m.mape),
        test_smape: test.map(|m| m.smape),
        persistence_test_rmse: persistence,
        skill,
        epochs_run: 0,
        stop_reason: None,
        forecast: forecast(net, prep, steps)?,
        splits,
        baselines: reports,
        test_per_step,
        test_recursive,
        test_recursive_rmse,
        test_recursive_abs_error,
        horizon: prep.config.horizon,
        season,
        warnings,
    })
}

fn predictor(net: &mut Network) -> impl FnMut(&[f32]) -> Vec<f32> + '_ {
    move |window: &[f32]| net.predict(window, 1, window.len())
}

/// Recursive forecast of `steps` values past the end of the series, original scale.
pub fn forecast(net: &mut Network, prep: &Prepared, steps: usize) -> Result<Vec<f64>, String> {
    if steps == 0 {
        return Ok(Vec::new());
    }
    prep.forecast_future(steps, predictor(net)).map_err(err)
}

/// A recursive forecast over the test range: the values, their RMSE, the absolute error per step.
type RecursiveTest = (Vec<f64>, Option<f64>, Vec<f64>);

/// Recursive forecast across the whole test range from the last window before it: the values,
/// their RMSE and the absolute error per step ahead.
fn recursive_over_test(net: &mut Network, prep: &Prepared) -> Result<RecursiveTest, String> {
    let (start, end) = prep.bounds.range(Split::Test); // modelled-series indices
    let w = prep.config.window;
    if end <= start || start < w {
        return Ok((Vec::new(), None, Vec::new()));
    }
    let inputs: Vec<f32> = prep.scaled[start - w..start]
        .iter()
        .map(|&v| v as f32)
        .collect();
    let first = start + prep.offset; // original index of the first test target
    let last_level = prep.levels[first - 1];
    let pred = prep
        .recursive_forecast(&inputs, last_level, end - start, predictor(net))
        .map_err(err)?;
    let actual = &prep.levels[first..first + pred.len()];
    let abs: Vec<f64> = actual
        .iter()
        .zip(&pred)
        .map(|(a, p)| (a - p).abs())
        .collect();
    let rmse = crate::metrics::rmse(actual, &pred).map_err(err)?;
    Ok((pred, Some(rmse), abs))
}

/// One-step predictions over every split (the first step of each window) and the forecast.
pub fn predictions(
    net: &mut Network,
    prep: &Prepared,
    steps: usize,
) -> Result<Predictions, String> {
    let mut p = Predictions {
        target_index: Vec::new(),
        predicted: Vec::new(),
        split: Vec::new(),
        forecast: forecast(net, prep, steps)?,
        forecast_start: prep.levels.len(),
    };
    for (code, split) in SPLITS.into_iter().enumerate() {
        let w = prep.windows(split);
        if w.len == 0 {
            continue;
        }
        let out = outputs(net, prep, split);
        let levels = prep.predicted_levels(split, &out).map_err(err)?;
        for i in 0..w.len {
            p.target_index.push(w.target_index[i] as i32);
            p.predicted.push(levels[i * w.horizon]);
            p.split.push(code as u8);
        }
    }
    Ok(p)
}
