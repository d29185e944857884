//! Honest evaluation on the original scale: model metrics on every split beside the naive
//! baselines, the skill score against persistence, one-step predictions for plotting, the
//! recursive forecast past the end and over the test range (how error grows with the horizon),
//! MASE/RMSSE against the training split's naive scale, and split-conformal intervals
//! ([`super::forecast_intervals`]) when a level is asked for.

use super::forecast_intervals;
use super::trainer::{predict_windows, EpochRecord, StopReason};
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
    /// Model MASE on test windows: MAE over the training split's in-sample naive MAE.
    pub test_mase: Option<f64>,
    /// Model RMSSE on test windows.
    pub test_rmsse: Option<f64>,
    /// The lag of the naive forecast that scales MASE and RMSSE (the season, else 1).
    pub mase_period: Option<usize>,
    /// Persistence ("tomorrow = today") RMSE on the same test windows.
    pub persistence_test_rmse: Option<f64>,
    /// `1 - test_rmse / persistence_test_rmse` (> 0: the model beats persistence).
    pub skill: Option<f64>,
    /// Epochs trained.
    pub epochs_run: usize,
    /// Why training ended (`None` if it has not).
    pub stop_reason: Option<StopReason>,
    /// The epoch whose weights these metrics come from: the best validation loss when early
    /// stopping restored it, else the last epoch; `None` while training runs or after a
    /// divergence (the last good step's weights).
    pub best_epoch: Option<usize>,
    /// Recursive forecast of `steps` values past the end of the series.
    pub forecast: Vec<f64>,
    /// Every measure of the model per split (`train`, `val`, `test`).
    pub splits: BTreeMap<String, ErrorMetrics>,
    /// The baselines per split. The metrics file writes them both ways round:
    /// `baselines.<split>.<name>` (the report, with its notes) and `baselines.<name>.<split>`
    /// (the error measures alone).
    #[serde(with = "baseline_views")]
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
    /// The nominal level of the prediction intervals (`None`: no intervals asked for).
    pub interval_level: Option<f64>,
    /// Fraction of test values inside their direct-forecast interval.
    pub test_interval_coverage: Option<f64>,
    /// Mean width of those intervals on the original scale.
    pub test_interval_width: Option<f64>,
    /// Half width of the direct interval per horizon step (from the validation residuals): in
    /// the series' units, or as a fraction of the last known level when `interval_relative`.
    pub interval_half_width: Vec<Option<f64>>,
    /// The intervals scale with the last known level (transform `logret`).
    pub interval_relative: Option<bool>,
    /// Lower bounds of `forecast`, as far as the validation split supports the level.
    pub forecast_lower: Vec<f64>,
    /// Upper bounds of `forecast`, as long as `forecast_lower`.
    pub forecast_upper: Vec<f64>,
    /// The covariate columns the model reads beside the target (`features`), in input order.
    #[serde(default)]
    pub features: Vec<String>,
    /// What the user must know before trusting the numbers.
    pub warnings: Vec<String>,
}

/// How [`metrics_with`] evaluates.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct EvalOptions {
    /// The seasonal-naive baseline's period and the MASE lag (none: lag 1, no seasonal naive).
    pub season: Option<usize>,
    /// Length of the recursive forecast past the end.
    pub steps: usize,
    /// Prediction-interval level in (0, 1); `None` or 0: no intervals.
    pub interval: Option<f64>,
}

/// The epoch whose weights a finished run holds (see [`Metrics::best_epoch`]): with early
/// stopping (`patience > 0`) and validation losses, the first epoch of lowest validation loss,
/// as the trainer restores it; otherwise the last epoch. `None` while running or after a
/// divergence.
pub fn best_epoch(
    history: &[EpochRecord],
    patience: usize,
    stop: Option<StopReason>,
) -> Option<usize> {
    match stop {
        None | Some(StopReason::Diverged) => return None,
        Some(_) => {}
    }
    let tracked = patience > 0 && history.iter().any(|r| r.val_loss.is_some());
    if !tracked {
        return match stop {
            Some(StopReason::Stopped) => None,
            _ => history.last().map(|r| r.epoch),
        };
    }
    let mut best: Option<(f64, usize)> = None;
    for r in history {
        if let Some(v) = r.val_loss {
            if best.map_or(true, |(b, _)| v < b) {
                best = Some((v, r.epoch));
            }
        }
    }
    best.map(|(_, e)| e)
}

/// Writes `baselines` as both `<split>.<name>` and `<name>.<split>`; reads the split keys.
mod baseline_views {
    use super::{BaselineReport, ErrorMetrics};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::collections::BTreeMap;

    #[derive(Serialize)]
    #[serde(untagged)]
    enum View<'a> {
        Split(&'a BaselineReport),
        Name(BTreeMap<&'a str, ErrorMetrics>),
    }

    pub fn serialize<S: Serializer>(
        v: &BTreeMap<String, BaselineReport>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        let mut out: BTreeMap<&str, View> = BTreeMap::new();
        let mut by_name: BTreeMap<&str, BTreeMap<&str, ErrorMetrics>> = BTreeMap::new();
        for (split, report) in v {
            out.insert(split, View::Split(report));
            for (name, m) in report.named() {
                by_name.entry(name).or_default().insert(split, m);
            }
        }
        for (name, m) in by_name {
            out.insert(name, View::Name(m));
        }
        out.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<BTreeMap<String, BaselineReport>, D::Error> {
        let all = BTreeMap::<String, serde_json::Value>::deserialize(d)?;
        all.into_iter()
            .filter(|(k, _)| matches!(k.as_str(), "train" | "val" | "test"))
            .map(|(k, v)| {
                serde_json::from_value(v)
                    .map(|r| (k, r))
                    .map_err(serde::de::Error::custom)
            })
            .collect()
    }
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
pub(crate) fn outputs(net: &mut Network, prep: &Prepared, split: Split) -> Vec<f32> {
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
    let opts = EvalOptions {
        season,
        steps,
        interval: None,
    };
    metrics_with(net, prep, &opts)
}

/// The metrics object with every option (see [`EvalOptions`]).
pub fn metrics_with(
    net: &mut Network,
    prep: &Prepared,
    opts: &EvalOptions,
) -> Result<Metrics, String> {
    let (season, steps) = (opts.season, opts.steps);
    let scale = baselines::naive_scale(prep, season);
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
            ErrorMetrics::scored(&actual, &pred, scale.as_ref()).map_err(err)?,
        );
        let r = baselines::evaluate(prep, split, season, prep.config.window).map_err(err)?;
        warnings.extend(r.notes.iter().cloned());
        reports.insert(split.name().to_string(), r);
        if split == Split::Test && w.horizon > 1 {
            test_per_step =
                ErrorMetrics::per_step_scored(&actual, &pred, w.horizon, scale.as_ref())
                    .map_err(err)?;
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
    let forecast = forecast(net, prep, steps)?;
    if forecast.len() < steps {
        warnings.push(format!(
            "the forecast past the end holds {} of {steps} steps: with features ({}) later steps \
             would need their future values, which are not known (the model's direct outputs, \
             horizon {}, need none)",
            forecast.len(),
            prep.feature_names().join(", "),
            prep.config.horizon
        ));
    }
    let level = opts.interval.filter(|&l| l > 0.0);
    let iv = match level {
        Some(l) => Some(forecast_intervals::intervals(net, prep, l, forecast.len())?),
        None => None,
    };
    let (mut forecast_lower, mut forecast_upper) = (Vec::new(), Vec::new());
    if let Some(iv) = &iv {
        let unit = if iv.relative { prep.last_level() } else { 1.0 };
        for (f, q) in forecast.iter().zip(&iv.recursive) {
            let Some(q) = q else { break };
            forecast_lower.push(f - q * unit);
            forecast_upper.push(f + q * unit);
        }
        if forecast_lower.len() < forecast.len() {
            warnings.push(format!(
                "the {} % interval covers only the first {} of {} forecast steps: the validation \
                 split has too few points to calibrate later steps at this level",
                round_pct(iv.level),
                forecast_lower.len(),
                forecast.len()
            ));
        }
        if iv.direct.iter().any(|q| q.is_none()) {
            warnings.push(format!(
                "no {} % interval for the test windows: {} validation windows are too few for \
                 this level (it needs at least {})",
                round_pct(iv.level),
                prep.val.len,
                crate::metrics::conformal::min_calibration(iv.level)
            ));
        }
    }
    Ok(Metrics {
        train_rmse: splits.get(Split::Train.name()).map(|m| m.rmse),
        val_rmse: splits.get(Split::Val.name()).map(|m| m.rmse),
        test_rmse: test.map(|m| m.rmse),
        test_mae: test.map(|m| m.mae),
        test_mape: test.and_then(|m| m.mape),
        test_smape: test.map(|m| m.smape),
        test_mase: test.and_then(|m| m.mase),
        test_rmsse: test.and_then(|m| m.rmsse),
        mase_period: scale.map(|s| s.period),
        persistence_test_rmse: persistence,
        skill,
        epochs_run: 0,
        stop_reason: None,
        best_epoch: None,
        forecast,
        splits,
        baselines: reports,
        test_per_step,
        test_recursive,
        test_recursive_rmse,
        test_recursive_abs_error,
        horizon: prep.config.horizon,
        season,
        interval_level: level,
        test_interval_coverage: iv.as_ref().and_then(|i| i.test).map(|c| c.coverage),
        test_interval_width: iv.as_ref().and_then(|i| i.test).map(|c| c.width),
        interval_relative: iv.as_ref().map(|i| i.relative),
        interval_half_width: iv.map(|i| i.direct).unwrap_or_default(),
        forecast_lower,
        forecast_upper,
        features: prep.feature_names(),
        warnings,
    })
}

fn round_pct(level: f64) -> f64 {
    (level * 1000.0).round() / 10.0
}

/// One window (`window · input_size` values) to the network's outputs.
fn predictor(net: &mut Network) -> impl FnMut(&[f32]) -> Vec<f32> + '_ {
    move |window: &[f32]| {
        let seq = window.len() / net.config.input_size.max(1);
        net.predict(window, 1, seq)
    }
}

/// Recursive forecast of `steps` values past the end of the series, original scale. With
/// covariates it holds at most `horizon` values ([`Prepared::forecastable_steps`]).
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
    let inputs = prep.input_rows(start - w, start);
    let future = prep.feature_rows(start, end); // the covariates are known inside the data
    let first = start + prep.offset; // original index of the first test target
    let last_level = prep.levels[first - 1];
    let pred = prep
        .recursive_forecast_with(&inputs, &future, last_level, end - start, predictor(net))
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
