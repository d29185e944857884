//! Naive forecasts on the original scale, aligned with [`Prepared::actual_levels`]: for every
//! window (first target at original index `t`) they predict its `horizon` targets using only
//! levels before `t`, exactly what the network knows.
//!
//! - persistence: every step = the last known level `x[t-1]` ("tomorrow = today").
//! - seasonal naive (period m): step k = the level one or more whole seasons earlier,
//!   `x[t + k - m·(⌊k/m⌋ + 1)]`, the latest known value of the same season.
//! - moving average (k points): every step = mean of `x[t-k..t]`.

use serde::{Deserialize, Serialize};

use super::{skill, ErrorMetrics};
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
    /// Why a baseline is absent, if one is.
    pub notes: Vec<String>,
}

impl BaselineReport {
    /// Skill of a model with RMSE `rmse_model` against this persistence baseline.
    pub fn skill(&self, rmse_model: f64) -> Option<f64> {
        skill(rmse_model, self.persistence.rmse)
    }
}

/// Runs every baseline over the windows of `split` and scores them against the actual levels.
/// A baseline that lacks history for some window (seasonal period or moving-average length
/// longer than the data before it) is left out with a note instead of failing the report.
pub fn evaluate(
    prep: &Prepared,
    split: Split,
    season: Option<usize>,
    ma_window: usize,
) -> Result<BaselineReport, PipelineError> {
    let w = prep.windows(split);
    let actual = prep.actual_levels(split);
    let p = persistence(&prep.levels, &w.target_index, w.horizon)?;
    let mut notes = Vec::new();
    let mut score = |name: &str, r: Result<Vec<f64>, PipelineError>| match r {
        Ok(pred) => ErrorMetrics::compute(&actual, &pred).map(Some),
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
    Ok(BaselineReport {
        persistence: ErrorMetrics::compute(&actual, &p)?,
        seasonal_naive,
        season,
        moving_average,
        ma_window,
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
    fn moving_average_by_hand() {
        assert_eq!(moving_average(&X, &[4], 2, 3).unwrap(), vec![3.0, 3.0]);
        assert!(moving_average(&X, &[2], 1, 3)
            .unwrap_err()
            .to_string()
            .contains("needs 3"));
    }
}
