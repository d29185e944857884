//! Naive forecasts on the original scale, aligned with [`Prepared::actual_levels`]: for every
//! window (first target at original index `t`) they predict its `horizon` targets using only
//! levels before `t`, exactly what the network knows.
//!
//! - persistence: every step = the last known level `x[t-1]` ("tomorrow = today").
//! - seasonal naive (period m): step k = the level one or more whole seasons earlier,
//!   `x[t + k - m·(⌊k/m⌋ + 1)]`, the latest known value of the same season.
//! - moving average (k points): every step = mean of `x[t-k..t]`.
//! - drift (random walk with drift): step k (0-based) = `x[t-1] + (k+1)·c`, with the slope
//!   `c = (y_T − y_1)/(T − 1)` fitted once on the training split's levels `y_1 … y_T`.
//!
//! Each is scored with every [`ErrorMetrics`] measure, MASE and RMSSE against the training
//! split's in-sample naive scale ([`naive_scale`]).

use serde::{Deserialize, Serialize};

use super::{skill, ErrorMetrics, NaiveScale};
use crate::pipeline::{PipelineError, Prepared, Split};

fn too_early(name: &str, need: usize, t: usize) -> PipelineError {
    PipelineError::InvalidValues {
        what: name.to_string(),
        message: format!(
            "needs {need} known points before a forecast but the window with first target at \
             index {t} has only {t}"
        ),
    }
}

/// Persistence forecast for windows with first targets `target_index` (`[len, horizon]`).
pub fn persistence(
    levels: &[f64],
    target_index: &[usize],
    horizon: usize,
) -> Result<Vec<f64>, PipelineError> {
    let mut out = Vec::with_capacity(target_index.len() * horizon);
    for &t in target_index {
        if t == 0 || t > levels.len() {
            return Err(too_early("persistence", 1, t));
        }
        out.extend(std::iter::repeat(levels[t - 1]).take(horizon));
    }
    Ok(out)
}

/// Seasonal naive forecast with period `period` ≥ 1 (`[len, horizon]`).
pub fn seasonal_naive(
    levels: &[f64],
    target_index: &[usize],
    horizon: usize,
    period: usize,
) -> Result<Vec<f64>, PipelineError> {
    if period == 0 {
        return Err(PipelineError::config("season", "period 0: use at least 1"));
    }
    let mut out = Vec::with_capacity(target_index.len() * horizon);
    for &t in target_index {
        for k in 0..horizon {
            let back = period * (k / period + 1);
            if t + k < back || t > levels.len() {
                return Err(too_early("seasonal naive", back - k, t));
            }
            out.push(levels[t + k - back]);
        }
    }
    Ok(out)
}

/// Moving-average forecast over the last `k` ≥ 1 known levels (`[len, horizon]`).
pub fn moving_average(
    levels: &[f64],
    target_index: &[usize],
    horizon: usize,
    k: usize,
) -> Result<Vec<f64>, PipelineError> {
    if k == 0 {
        return Err(PipelineError::config(
            "ma_window",
            "0: average at least 1 point",
        ));
    }
    let mut out = Vec::with_capacity(target_index.len() * horizon);
    for &t in target_index {
        if t < k || t > levels.len() {
            return Err(too_early("moving average", k, t));
        }
        let mean = levels[t - k..t].iter().sum::<f64>() / k as f64;
        out.extend(std::iter::repeat(mean).take(horizon));
    }
    Ok(out)
}

/// The drift slope `(y_T − y_1)/(T − 1)` of the training levels `y_1 … y_T` (T ≥ 2).
pub fn drift_slope(train_levels: &[f64]) -> Result<f64, PipelineError> {
    match train_levels {
        [first, .., last] => Ok((last - first) / (train_levels.len() - 1) as f64),
        _ => Err(PipelineError::InvalidValues {
            what: "drift".to_string(),
            message: format!(
                "needs at least 2 training levels to fit a slope, got {}",
                train_levels.len()
            ),
        }),
    }
}

/// Random walk with drift `slope` (`[len, horizon]`): step k = last known level + (k+1)·slope.
pub fn drift(
    levels: &[f64],
    target_index: &[usize],
    horizon: usize,
    slope: f64,
) -> Result<Vec<f64>, PipelineError> {
    let mut out = Vec::with_capacity(target_index.len() * horizon);
    for &t in target_index {
        if t == 0 || t > levels.len() {
            return Err(too_early("drift", 1, t));
        }
        out.extend((1..=horizon).map(|k| levels[t - 1] + k as f64 * slope));
    }
    Ok(out)
}

/// The levels known when training: everything before the validation split (original indices).
pub fn train_levels(prep: &Prepared) -> &[f64] {
    &prep.levels[..prep.split_range(Split::Train).1]
}

/// The in-sample naive scale of MASE/RMSSE on the training levels: lag `season` when one is
/// set and the training split is longer than it, else lag 1. `None` if even lag 1 cannot be
/// measured.
pub fn naive_scale(prep: &Prepared, season: Option<usize>) -> Option<NaiveScale> {
    let train = train_levels(prep);
    season
        .and_then(|m| NaiveScale::fit(train, m).ok())
        .or_else(|| NaiveScale::fit(train, 1).ok())
}

/// Error measures of the naive baselines on one split.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BaselineReport {
    /// Persistence ("last value").
    pub persistence: ErrorMetrics,
    /// Seasonal naive, when a period was given and enough history exists.
    pub seasonal_naive: Option<ErrorMetrics>,
    /// The period used by seasonal naive.
    pub season: Option<usize>,
    /// Moving average, when enough history exists.
    pub moving_average: Option<ErrorMetrics>,
    /// Points averaged by the moving average.
    pub ma_window: usize,
    /// Random walk with drift fitted on the training split.
    #[serde(default)]
    pub drift: Option<ErrorMetrics>,
    /// Its slope per step.
    #[serde(default)]
    pub drift_slope: Option<f64>,
    /// Why a baseline is absent, if one is.
    pub notes: Vec<String>,
}

impl BaselineReport {
    /// Skill of a model with RMSE `rmse_model` against this persistence baseline.
    pub fn skill(&self, rmse_model: f64) -> Option<f64> {
        skill(rmse_model, self.persistence.rmse)
    }

    /// The baselines present, by their metrics-file name (`persistence`, `seasonal_naive`,
    /// `moving_average`, `drift`).
    pub fn named(&self) -> Vec<(&'static str, ErrorMetrics)> {
        let mut v = vec![("persistence", self.persistence)];
        for (name, m) in [
            ("seasonal_naive", self.seasonal_naive),
            ("moving_average", self.moving_average),
            ("drift", self.drift),
        ] {
            if let Some(m) = m {
                v.push((name, m));
            }
        }
        v
    }
}

/// Runs every baseline over the windows of `split` and scores them against the actual levels.
/// A baseline that lacks history for some window (seasonal period or moving-average length
/// longer than the data before it) is left out with a note instead of failing the report.
/// MASE and RMSSE use [`naive_scale`] with the same season.
pub fn evaluate(
    prep: &Prepared,
    split: Split,
    season: Option<usize>,
    ma_window: usize,
) -> Result<BaselineReport, PipelineError> {
    let w = prep.windows(split);
    let actual = prep.actual_levels(split);
    let scale = naive_scale(prep, season);
    let p = persistence(&prep.levels, &w.target_index, w.horizon)?;
    let mut notes = Vec::new();
    let mut score = |name: &str, r: Result<Vec<f64>, PipelineError>| match r {
        Ok(pred) => ErrorMetrics::scored(&actual, &pred, scale.as_ref()).map(Some),
        Err(e) => {
            notes.push(format!("{name} left out on {}: {e}", split.name()));
            Ok(None)
        }
    };
    let seasonal_naive = match season {
        Some(m) => score(
            "seasonal naive",
            seasonal_naive(&prep.levels, &w.target_index, w.horizon, m),
        )?,
        None => None,
    };
    let moving_average = score(
        "moving average",
        moving_average(&prep.levels, &w.target_index, w.horizon, ma_window),
    )?;
    let slope = drift_slope(train_levels(prep));
    let drift = score(
        "drift",
        slope
            .clone()
            .and_then(|c| drift(&prep.levels, &w.target_index, w.horizon, c)),
    )?;
    Ok(BaselineReport {
        persistence: ErrorMetrics::scored(&actual, &p, scale.as_ref())?,
        seasonal_naive,
        season,
        moving_average,
        ma_window,
        drift,
        drift_slope: slope.ok(),
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const X: [f64; 8] = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0];

    #[test]
    fn persistence_by_hand() {
        assert_eq!(
            persistence(&X, &[3, 5], 2).unwrap(),
            vec![3.0, 3.0, 5.0, 5.0]
        );
        assert!(persistence(&X, &[0], 1).is_err());
    }

    #[test]
    fn seasonal_naive_by_hand() {
        // period 2, first target 4: step 0 ← x[2], step 1 ← x[3], step 2 ← x[2], step 3 ← x[3]
        assert_eq!(
            seasonal_naive(&X, &[4], 4, 2).unwrap(),
            vec![3.0, 4.0, 3.0, 4.0]
        );
        assert_eq!(seasonal_naive(&X, &[6], 1, 3).unwrap(), vec![4.0]);
        let e = seasonal_naive(&X, &[2], 1, 4).unwrap_err().to_string();
        assert!(e.contains("index 2"), "{e}");
    }

    #[test]
    fn drift_by_hand() {
        // training levels 1, 2, 4, 7: slope (7 - 1)/3 = 2
        assert_eq!(drift_slope(&[1.0, 2.0, 4.0, 7.0]).unwrap(), 2.0);
        assert!(drift_slope(&[1.0]).is_err());
        // first target 3 (last known 3.0), two steps: 3 + 2, 3 + 4
        assert_eq!(drift(&X, &[3], 2, 2.0).unwrap(), vec![5.0, 7.0]);
        assert!(drift(&X, &[0], 1, 2.0).is_err());
    }

    #[test]
    fn moving_average_by_hand() {
        assert_eq!(moving_average(&X, &[4], 2, 3).unwrap(), vec![3.0, 3.0]);
        assert!(moving_average(&X, &[2], 1, 3)
            .unwrap_err()
            .to_string()
            .contains("needs 3"));
    }
}
