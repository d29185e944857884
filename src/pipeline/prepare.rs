//! The single entry point from a [`Series`] to everything the training loop needs:
//! transform → split → fit the scaler on the training split → scale → window, plus the way back
//! from a scaled network output to the original scale.

use serde::{Deserialize, Serialize};

use super::covariates::{prepare_features, FeatureScaling};
use super::window::{check_fractions, min_points, Split, SplitBounds, Windows, MAX_POINTS};
use super::{PipelineError, Scaler, ScalerKind, Series, Transform};
use crate::rng::Rng;

/// Preparation settings; the keys are the shared configuration vocabulary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DataConfig {
    /// `none` | `diff` | `logret`, applied before scaling.
    pub transform: Transform,
    /// `minmax` | `zscore`, fitted on the training split only.
    pub scaler: ScalerKind,
    /// Target interval of the min-max scaler, default `[0, 1]`.
    pub feature_range: (f64, f64),
    /// Fraction of the modelled series used for training (default 0.7).
    pub train_frac: f64,
    /// Fraction used for validation (default 0.15); the test split gets the rest.
    pub val_frac: f64,
    /// Input length W (default 10).
    pub window: usize,
    /// Targets per window h ≥ 1 (default 1).
    pub horizon: usize,
    /// Step between consecutive windows' first targets (default 1).
    pub stride: usize,
    /// Shuffle the training windows once, seeded by `seed` (default false).
    pub shuffle: bool,
    /// Seed for every random choice here (default 42).
    pub seed: u64,
}

impl Default for DataConfig {
    fn default() -> Self {
        DataConfig {
            transform: Transform::None,
            scaler: ScalerKind::MinMax,
            feature_range: (0.0, 1.0),
            train_frac: 0.7,
            val_frac: 0.15,
            window: 10,
            horizon: 1,
            stride: 1,
            shuffle: false,
            seed: 42,
        }
    }
}

impl DataConfig {
    /// Checks every field, naming the first bad one.
    pub fn validate(&self) -> Result<(), PipelineError> {
        if self.window == 0 {
            return Err(PipelineError::config(
                "window",
                "0: a window needs at least one input step",
            ));
        }
        if self.horizon == 0 {
            return Err(PipelineError::config(
                "horizon",
                "0: forecast at least one step ahead",
            ));
        }
        if self.stride == 0 {
            return Err(PipelineError::config(
                "stride",
                "0: windows must advance by at least one step",
            ));
        }
        for (field, v) in [
            ("window", self.window),
            ("horizon", self.horizon),
            ("stride", self.stride),
        ] {
            if v > MAX_POINTS {
                return Err(PipelineError::config(
                    field,
                    format!("{v} exceeds the limit of {MAX_POINTS}"),
                ));
            }
        }
        check_fractions(self.train_frac, self.val_frac)?;
        let (lo, hi) = self.feature_range;
        if !(lo.is_finite() && hi.is_finite() && lo < hi) {
            return Err(PipelineError::config(
                "feature_range",
                format!("({lo}, {hi}) must be finite with low < high"),
            ));
        }
        Ok(())
    }
}

/// Everything the training loop, evaluation and forecasting need, in one place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Prepared {
    /// The configuration this was prepared with.
    pub config: DataConfig,
    /// The transform applied before scaling.
    pub transform: Transform,
    /// The scaler, fitted on the training split of the transformed series (or supplied).
    pub scaler: Scaler,
    /// Split points in modelled-series indices.
    pub bounds: SplitBounds,
    /// Original index of modelled point 0 (= `transform.offset()`).
    pub offset: usize,
    /// The original series values (levels).
    pub levels: Vec<f64>,
    /// Date labels of the original series, if any.
    pub dates: Option<Vec<String>>,
    /// The transformed, scaled series the windows are cut from.
    pub scaled: Vec<f64>,
    /// The covariates (`features`): name, transform and scaler of each, in channel order.
    #[serde(default)]
    pub features: Vec<FeatureScaling>,
    /// Each covariate transformed and scaled, as long as `scaled` (input channels `1..`).
    #[serde(default)]
    pub feature_scaled: Vec<Vec<f64>>,
    /// Training windows (shuffled when `shuffle` is on).
    pub train: Windows,
    /// Validation windows (chronological).
    pub val: Windows,
    /// Test windows (chronological).
    pub test: Windows,
    /// What preparation decided (shown as notes).
    pub notes: Vec<String>,
    /// What the user must know before trusting the numbers (shown as warnings).
    pub warnings: Vec<String>,
}

/// Prepares `series` with a scaler fitted on its training split.
pub fn prepare(series: &Series, cfg: &DataConfig) -> Result<Prepared, PipelineError> {
    prepare_with_scaler(series, cfg, None)
}

/// Prepares `series`; with `scaler = Some(..)` that (e.g. pretrained) scaler is kept instead of
/// fitting a new one (fine-tuning, or evaluating a saved model on new data).
pub fn prepare_with_scaler(
    series: &Series,
    cfg: &DataConfig,
    scaler: Option<Scaler>,
) -> Result<Prepared, PipelineError> {
    prepare_inner(series, cfg, scaler, None, None)
}

/// As [`prepare_with_scaler`], also keeping the covariates' supplied scalers (a saved model's):
/// the series must then hold exactly those features, and a missing one is an error naming it.
pub fn prepare_with_scalers(
    series: &Series,
    cfg: &DataConfig,
    scaler: Option<Scaler>,
    features: Option<&[FeatureScaling]>,
) -> Result<Prepared, PipelineError> {
    prepare_inner(series, cfg, scaler, features, None)
}

/// Prepares `series` with split points given in modelled-series indices instead of the
/// fractions (a backtest fold: [`super::backtest`]); the scaler is fitted on `[0, train_end)`.
/// `bounds.n` must equal the modelled length, and the training split must hold a window.
pub fn prepare_with_bounds(
    series: &Series,
    cfg: &DataConfig,
    bounds: SplitBounds,
) -> Result<Prepared, PipelineError> {
    prepare_inner(series, cfg, None, None, Some(bounds))
}

fn prepare_inner(
    series: &Series,
    cfg: &DataConfig,
    scaler: Option<Scaler>,
    supplied_features: Option<&[FeatureScaling]>,
    fixed: Option<SplitBounds>,
) -> Result<Prepared, PipelineError> {
    cfg.validate()?;
    let transform = cfg.transform;
    let offset = transform.offset();
    let need =
        min_points(cfg.window, cfg.horizon, cfg.train_frac, cfg.val_frac).map(|n| n + offset);
    let detail = || {
        let mut d = format!(
            "window {} + horizon {} with train/val/test fractions {}/{}/{}",
            cfg.window,
            cfg.horizon,
            cfg.train_frac,
            cfg.val_frac,
            round6(1.0 - cfg.train_frac - cfg.val_frac)
        );
        if offset > 0 {
            d.push_str(&format!(
                " (plus 1 point for transform {})",
                transform.name()
            ));
        }
        d
    };
    match need {
        _ if fixed.is_some() => {}
        Some(need) if series.len() >= need => {}
        Some(need) => {
            return Err(PipelineError::TooShort {
                have: series.len(),
                need,
                detail: detail(),
            })
        }
        None => {
            return Err(PipelineError::TooShort {
                have: series.len(),
                need: MAX_POINTS,
                detail: detail(),
            })
        }
    }

    let z = transform.apply(series)?;
    let bounds = match fixed {
        None => SplitBounds::new(z.len(), cfg.train_frac, cfg.val_frac),
        Some(b) => {
            let ok = b.n == z.len()
                && b.train_end <= b.val_end
                && b.val_end <= b.n
                && b.window_count(Split::Train, cfg.window, cfg.horizon, cfg.stride) > 0;
            if !ok {
                return Err(PipelineError::TooShort {
                    have: series.len(),
                    need: cfg.window + cfg.horizon + offset,
                    detail: format!(
                        "split points train {} / val {} / end {} of {} modelled points leave no \
                         training window of window {} + horizon {}",
                        b.train_end,
                        b.val_end,
                        b.n,
                        z.len(),
                        cfg.window,
                        cfg.horizon
                    ),
                });
            }
            b
        }
    };
    let train_part = &z[..bounds.train_end];
    let mut notes = Vec::new();
    let mut warnings = series.warnings.clone();
    let scaler = match scaler {
        Some(s) => {
            s.validate()?;
            notes.push(format!(
                "kept the supplied {} scaler (not refitted)",
                s.kind().name()
            ));
            s
        }
        None => Scaler::fit(cfg.scaler, train_part, cfg.feature_range)?,
    };
    if scaler.is_constant() {
        let after = if offset > 0 {
            format!(" after transform {}", transform.name())
        } else {
            String::new()
        };
        warnings.push(format!(
            "the training split is constant (every value = {}{after}): the {} scaler maps it to a \
             single value (a zero range is treated as 1, as scikit-learn does), so the network can \
             only learn to repeat it",
            fmt_num(train_part[0]),
            scaler.kind().name()
        ));
    }
    for split in [Split::Val, Split::Test] {
        if let Some(w) = range_warning(&z, &bounds, split, cfg, transform) {
            warnings.push(w);
        }
    }
    let scaled = scaler.transform_all(&z);
    let (features, feature_scaled) = prepare_features(
        series,
        transform,
        bounds.train_end,
        cfg.scaler,
        cfg.feature_range,
        supplied_features,
    )?;
    let channels: Vec<&[f64]> = std::iter::once(scaled.as_slice())
        .chain(feature_scaled.iter().map(|f| f.as_slice()))
        .collect();
    let build = |split| {
        let t = bounds.window_targets(split, cfg.window, cfg.horizon, cfg.stride);
        Windows::build_channels(&channels, &t, cfg.window, cfg.horizon, offset)
    };
    let mut train = build(Split::Train);
    let val = build(Split::Val);
    let test = build(Split::Test);
    if cfg.shuffle {
        let mut perm: Vec<usize> = (0..train.len).collect();
        Rng::new(cfg.seed).shuffle(&mut perm);
        train.permute(&perm);
        notes.push(format!("training windows shuffled with seed {}", cfg.seed));
    }
    notes.push(format!(
        "{} points → train {} / val {} / test {} windows (window {}, horizon {}, stride {})",
        series.len(),
        train.len,
        val.len,
        test.len,
        cfg.window,
        cfg.horizon,
        cfg.stride
    ));
    Ok(Prepared {
        config: cfg.clone(),
        transform,
        scaler,
        bounds,
        offset,
        levels: series.values.clone(),
        dates: series.dates.clone(),
        scaled,
        features,
        feature_scaled,
        train,
        val,
        test,
        notes,
        warnings,
    })
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// A warning when a split's targets leave the training range by more than 5 % of that range and
/// at least 1 % of them lie outside it: a network whose scaled output saturates (sigmoid/tanh) or
/// was never trained there cannot extrapolate. Smaller or rarer excursions are normal noise and
/// are not reported.
fn range_warning(
    z: &[f64],
    b: &SplitBounds,
    split: Split,
    cfg: &DataConfig,
    transform: Transform,
) -> Option<String> {
    let (start, end) = b.range(split);
    let first = start.max(cfg.window);
    if first >= end || b.train_end == 0 {
        return None;
    }
    let train = &z[..b.train_end];
    let lo = train.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = train.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let targets = &z[first..end];
    let outside = targets.iter().filter(|&&v| v < lo || v > hi).count();
    let tmax = targets.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let tmin = targets.iter().copied().fold(f64::INFINITY, f64::min);
    let excess = (tmax - hi).max(lo - tmin);
    if excess <= 0.05 * (hi - lo) || outside == 0 || 100 * outside < targets.len() {
        return None;
    }
    let what = if transform == Transform::None {
        "values"
    } else {
        "transformed values"
    };
    let hint = if transform == Transform::None {
        "; try transform diff or logret"
    } else {
        ""
    };
    Some(format!(
        "{} targets leave the training range: {outside} of {} {what} lie outside [{}, {}] \
         (from {} to {}); a network trained on scaled data cannot extrapolate there{hint}",
        split.name(),
        targets.len(),
        fmt_num(lo),
        fmt_num(hi),
        fmt_num(tmin),
        fmt_num(tmax),
    ))
}

fn fmt_num(v: f64) -> String {
    let s = format!("{:.6}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

impl Prepared {
    /// The windows of one split.
    pub fn windows(&self, split: Split) -> &Windows {
        match split {
            Split::Train => &self.train,
            Split::Val => &self.val,
            Split::Test => &self.test,
        }
    }

    /// `[start, end)` of a split in **original-series** indices (targets only; for plot shading).
    pub fn split_range(&self, split: Split) -> (usize, usize) {
        let (s, e) = self.bounds.range(split);
        (s + self.offset, e + self.offset)
    }

    /// The scaled model value of `level`, given the level just before it.
    pub fn to_model(&self, prev_level: f64, level: f64) -> f32 {
        self.scaler
            .transform(self.transform.forward_step(prev_level, level)) as f32
    }

    /// One-step inverse: the level predicted by scaled output `s`, given the actual previous level.
    pub fn from_model(&self, prev_level: f64, s: f32) -> f64 {
        self.transform
            .inverse_step(prev_level, self.scaler.inverse(s as f64))
    }

    /// Chained inverse: levels reached from `last_level` by the scaled outputs in turn.
    pub fn levels_from_outputs(&self, last_level: f64, outputs: &[f32]) -> Vec<f64> {
        let z: Vec<f64> = outputs
            .iter()
            .map(|&s| self.scaler.inverse(s as f64))
            .collect();
        self.transform.inverse_chain(last_level, &z)
    }

    /// The predicted levels of every window of `split` (`[len, horizon]`, row-major) from the
    /// network's scaled outputs for those windows (same shape). Each window's `horizon` steps are
    /// chained from the last **actual** level before its first target, which is what is known at
    /// forecast time.
    pub fn predicted_levels(
        &self,
        split: Split,
        outputs: &[f32],
    ) -> Result<Vec<f64>, PipelineError> {
        let w = self.windows(split);
        if outputs.len() != w.len * w.horizon {
            return Err(PipelineError::InvalidValues {
                what: format!("{} predictions", split.name()),
                message: format!(
                    "got {} values, expected {} windows × horizon {} = {}",
                    outputs.len(),
                    w.len,
                    w.horizon,
                    w.len * w.horizon
                ),
            });
        }
        let mut out = Vec::with_capacity(outputs.len());
        for i in 0..w.len {
            let prev = self.levels[w.target_index[i] - 1];
            out.extend(
                self.levels_from_outputs(prev, &outputs[i * w.horizon..(i + 1) * w.horizon]),
            );
        }
        Ok(out)
    }

    /// The actual levels every window of `split` predicts (`[len, horizon]`, row-major).
    pub fn actual_levels(&self, split: Split) -> Vec<f64> {
        let w = self.windows(split);
        let mut out = Vec::with_capacity(w.len * w.horizon);
        for &t in &w.target_index {
            out.extend_from_slice(&self.levels[t..t + w.horizon]);
        }
        out
    }

    /// The last `window` scaled steps of the series (`window · channels` values, each step's
    /// target then its covariates): the input for forecasting past its end.
    pub fn last_window(&self) -> Vec<f32> {
        let n = self.scaled.len();
        self.input_rows(n - self.config.window, n)
    }

    /// The last level of the series (the forecast origin).
    pub fn last_level(&self) -> f64 {
        *self
            .levels
            .last()
            .expect("prepare guarantees a non-empty series")
    }

    /// Recursive multi-step forecast of `steps` levels: starting from scaled `inputs` (`window`
    /// steps of `channels` values) and the level `last_level` just before the first forecast,
    /// `predict` maps a window to scaled outputs (its first `horizon` or fewer are used); each
    /// prediction is appended to the window, the oldest step dropped, and the levels are chained
    /// from `last_level`. With covariates no future values are given here, so it stops after the
    /// first `horizon` outputs (see [`Prepared::recursive_forecast_with`]).
    /// A non-finite prediction stops with an error naming the step.
    pub fn recursive_forecast<F>(
        &self,
        inputs: &[f32],
        last_level: f64,
        steps: usize,
        predict: F,
    ) -> Result<Vec<f64>, PipelineError>
    where
        F: FnMut(&[f32]) -> Vec<f32>,
    {
        self.recursive_forecast_with(inputs, &[], last_level, steps, predict)
    }

    /// As [`Prepared::recursive_forecast`], with `future` the scaled covariates of the forecast
    /// steps (`channels − 1` values per step, in time order): a predicted step enters the window
    /// with its covariates from there. The forecast ends early, with fewer than `steps` levels,
    /// when a step would need covariates that `future` does not hold.
    pub fn recursive_forecast_with<F>(
        &self,
        inputs: &[f32],
        future: &[f32],
        last_level: f64,
        steps: usize,
        mut predict: F,
    ) -> Result<Vec<f64>, PipelineError>
    where
        F: FnMut(&[f32]) -> Vec<f32>,
    {
        let c = self.channels();
        let w = self.config.window;
        if inputs.len() != w * c {
            return Err(PipelineError::InvalidValues {
                what: "forecast inputs".to_string(),
                message: format!(
                    "got {} values, expected window {w} × {c} channel(s)",
                    inputs.len()
                ),
            });
        }
        let mut window = inputs.to_vec();
        let mut outputs: Vec<f32> = Vec::with_capacity(steps);
        'calls: while outputs.len() < steps {
            let pred = predict(&window);
            if pred.is_empty() {
                return Err(PipelineError::InvalidValues {
                    what: "forecast".to_string(),
                    message: format!("the model returned no value at step {}", outputs.len() + 1),
                });
            }
            let take = pred
                .len()
                .min(self.config.horizon)
                .min(steps - outputs.len());
            for &p in &pred[..take] {
                if !p.is_finite() {
                    return Err(PipelineError::InvalidValues {
                        what: "forecast".to_string(),
                        message: format!("the model returned {} at step {}", p, outputs.len() + 1),
                    });
                }
                let k = outputs.len();
                outputs.push(p);
                if outputs.len() == steps {
                    break;
                }
                let Some(known) = future.get(k * (c - 1)..(k + 1) * (c - 1)) else {
                    break 'calls;
                };
                window.drain(..c);
                window.push(p);
                window.extend_from_slice(known);
            }
        }
        Ok(self.levels_from_outputs(last_level, &outputs))
    }

    /// Forecast `steps` levels past the end of the series (see [`Prepared::recursive_forecast`]).
    pub fn forecast_future<F>(&self, steps: usize, predict: F) -> Result<Vec<f64>, PipelineError>
    where
        F: FnMut(&[f32]) -> Vec<f32>,
    {
        let steps = self.forecastable_steps(steps);
        self.recursive_forecast(&self.last_window(), self.last_level(), steps, predict)
    }
}
