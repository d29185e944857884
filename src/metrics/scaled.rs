//! Scale-free errors against the in-sample naive forecast (Hyndman & Koehler 2006).
//!
//! The scale is measured once, on the **training split's levels** `y_1 … y_T` (original scale),
//! with the naive forecast one period back, `m = 1` (one step) or the season when one is set:
//! - `scale_mae = 1/(T−m) · Σ_{t=m+1..T} |y_t − y_{t−m}|`
//! - `scale_mse = 1/(T−m) · Σ_{t=m+1..T} (y_t − y_{t−m})²`
//!
//! Then for any forecast on any split, `MASE = MAE / scale_mae` and
//! `RMSSE = sqrt(MSE / scale_mse)`. Below 1: better than the in-sample naive forecast was on the
//! training data. Both are undefined (`None`) when the training split is constant (scale 0).

use serde::{Deserialize, Serialize};

use crate::pipeline::PipelineError;

/// The in-sample naive errors that MASE and RMSSE divide by.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct NaiveScale {
    /// The naive forecast's lag `m` (1, or the season).
    pub period: usize,
    /// Mean absolute in-sample naive error.
    pub mae: f64,
    /// Mean squared in-sample naive error.
    pub mse: f64,
}

impl NaiveScale {
    /// Measures the scale on `train_levels` with lag `period` ≥ 1; needs more than `period`
    /// finite values.
    pub fn fit(train_levels: &[f64], period: usize) -> Result<Self, PipelineError> {
        let bad = |message: String| PipelineError::InvalidValues {
            what: "MASE scale".to_string(),
            message,
        };
        if period == 0 {
            return Err(bad("lag 0: use at least 1".into()));
        }
        if train_levels.len() <= period {
            return Err(bad(format!(
                "the training split has {} levels, the naive forecast with lag {period} needs at \
                 least {}",
                train_levels.len(),
                period + 1
            )));
        }
        if let Some(i) = train_levels.iter().position(|v| !v.is_finite()) {
            return Err(bad(format!("training level {i} is not finite")));
        }
        let diffs: Vec<f64> = train_levels
            .windows(period + 1)
            .map(|w| w[period] - w[0])
            .collect();
        let n = diffs.len() as f64;
        Ok(NaiveScale {
            period,
            mae: diffs.iter().map(|d| d.abs()).sum::<f64>() / n,
            mse: diffs.iter().map(|d| d * d).sum::<f64>() / n,
        })
    }

    /// `mae / scale_mae`; `None` when the scale is 0.
    pub fn mase(&self, mae: f64) -> Option<f64> {
        (self.mae > 0.0 && mae.is_finite()).then(|| mae / self.mae)
    }

    /// `sqrt(rmse² / scale_mse)`; `None` when the scale is 0.
    pub fn rmsse(&self, rmse: f64) -> Option<f64> {
        (self.mse > 0.0 && rmse.is_finite()).then(|| (rmse * rmse / self.mse).sqrt())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_step_scale_by_hand() {
        // naive errors 2-1, 4-2, 7-4 = 1, 2, 3: mean |e| 2, mean e² 14/3
        let s = NaiveScale::fit(&[1.0, 2.0, 4.0, 7.0], 1).unwrap();
        assert_eq!(s.mae, 2.0);
        assert!((s.mse - 14.0 / 3.0).abs() < 1e-15);
        assert_eq!(s.mase(3.0), Some(1.5));
        // RMSE 2 → sqrt(4 / (14/3)) = sqrt(6/7)
        assert!((s.rmsse(2.0).unwrap() - (6.0f64 / 7.0).sqrt()).abs() < 1e-15);
    }

    #[test]
    fn seasonal_scale_by_hand() {
        // lag 2: 4-1, 7-2 = 3, 5 → mean |e| 4, mean e² 17
        let s = NaiveScale::fit(&[1.0, 2.0, 4.0, 7.0], 2).unwrap();
        assert_eq!((s.period, s.mae, s.mse), (2, 4.0, 17.0));
        assert_eq!(s.mase(2.0), Some(0.5));
    }

    #[test]
    fn constant_or_short_training_splits() {
        let flat = NaiveScale::fit(&[3.0, 3.0, 3.0], 1).unwrap();
        assert_eq!(flat.mase(1.0), None);
        assert_eq!(flat.rmsse(1.0), None);
        let e = NaiveScale::fit(&[1.0, 2.0], 2).unwrap_err().to_string();
        assert!(e.contains("needs at least 3"), "{e}");
        assert!(NaiveScale::fit(&[1.0, 2.0], 0).is_err());
    }
}
