//! Forecast error measures on the original scale, and the skill score against persistence.
//!
//! All functions take `actual` and `pred` of equal, non-zero length with finite values, and
//! return an error naming the problem otherwise.
//! - RMSE `sqrt(mean((p - a)²))`, MAE `mean(|p - a|)`.
//! - MAPE `100 · mean(|p - a| / |a|)` in percent, **skipping points whose actual is exactly 0**
//!   (the count is reported in [`Mape::skipped`]; `value` is `None` when every actual is 0).
//! - sMAPE `100 · mean(2|p - a| / (|a| + |p|))` in percent (0 to 200), a term being 0 when
//!   both `a` and `p` are 0.
//! - skill `1 - rmse_model / rmse_persistence` (> 0: the model beats persistence).
//! - MASE and RMSSE, scale-free against the in-sample naive forecast ([`scaled`]).
//! - Split-conformal prediction intervals and their coverage ([`conformal`]).
//! - For text: bits per character of the add-one unigram and the interpolated Kneser–Ney
//!   character n-gram, the language model's baselines ([`ngram`]).

pub mod baselines;
pub mod conformal;
pub mod ngram;
pub mod scaled;

pub use scaled::NaiveScale;

use serde::{Deserialize, Serialize};

use crate::pipeline::PipelineError;

fn check(actual: &[f64], pred: &[f64]) -> Result<(), PipelineError> {
    let bad = |m: String| {
        Err(PipelineError::InvalidValues {
            what: "metrics".to_string(),
            message: m,
        })
    };
    if actual.len() != pred.len() {
        return bad(format!(
            "{} actual values but {} predictions",
            actual.len(),
            pred.len()
        ));
    }
    if actual.is_empty() {
        return bad("no values to compare".to_string());
    }
    if let Some(i) = actual.iter().position(|v| !v.is_finite()) {
        return bad(format!(
            "actual value {} at position {i} is not finite",
            actual[i]
        ));
    }
    if let Some(i) = pred.iter().position(|v| !v.is_finite()) {
        return bad(format!(
            "prediction {} at position {i} is not finite",
            pred[i]
        ));
    }
    Ok(())
}

/// Root mean squared error.
pub fn rmse(actual: &[f64], pred: &[f64]) -> Result<f64, PipelineError> {
    check(actual, pred)?;
    let s: f64 = actual
        .iter()
        .zip(pred)
        .map(|(a, p)| (p - a) * (p - a))
        .sum();
    Ok((s / actual.len() as f64).sqrt())
}

/// Mean absolute error.
pub fn mae(actual: &[f64], pred: &[f64]) -> Result<f64, PipelineError> {
    check(actual, pred)?;
    let s: f64 = actual.iter().zip(pred).map(|(a, p)| (p - a).abs()).sum();
    Ok(s / actual.len() as f64)
}

/// MAPE in percent, with the number of zero actuals it had to skip.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mape {
    /// The mean over the non-zero actuals; `None` if there were none.
    pub value: Option<f64>,
    /// Points skipped because their actual value is exactly 0.
    pub skipped: usize,
}

/// Mean absolute percentage error (see the module doc for the zero guard).
pub fn mape(actual: &[f64], pred: &[f64]) -> Result<Mape, PipelineError> {
    check(actual, pred)?;
    let (mut sum, mut n, mut skipped) = (0.0, 0usize, 0usize);
    for (a, p) in actual.iter().zip(pred) {
        if *a == 0.0 {
            skipped += 1;
        } else {
            sum += ((p - a) / a).abs();
            n += 1;
        }
    }
    Ok(Mape {
        value: (n > 0).then(|| 100.0 * sum / n as f64),
        skipped,
    })
}

/// Symmetric MAPE in percent (0 to 200).
pub fn smape(actual: &[f64], pred: &[f64]) -> Result<f64, PipelineError> {
    check(actual, pred)?;
    let s: f64 = actual
        .iter()
        .zip(pred)
        .map(|(a, p)| {
            let d = a.abs() + p.abs();
            if d == 0.0 {
                0.0
            } else {
                2.0 * (p - a).abs() / d
            }
        })
        .sum();
    Ok(100.0 * s / actual.len() as f64)
}

/// `1 - rmse_model / rmse_persistence`; `None` when persistence is perfect (RMSE 0) or either
/// input is not finite, since the ratio is then undefined.
pub fn skill(rmse_model: f64, rmse_persistence: f64) -> Option<f64> {
    if rmse_persistence > 0.0 && rmse_persistence.is_finite() && rmse_model.is_finite() {
        Some(1.0 - rmse_model / rmse_persistence)
    } else {
        None
    }
}

/// All error measures of one forecast against the actual values.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErrorMetrics {
    /// Number of compared points.
    pub n: usize,
    /// Root mean squared error.
    pub rmse: f64,
    /// Mean absolute error.
    pub mae: f64,
    /// MAPE in percent (`None` if every actual is 0).
    pub mape: Option<f64>,
    /// Points left out of MAPE because their actual is 0.
    pub mape_skipped: usize,
    /// sMAPE in percent.
    pub smape: f64,
    /// MAE over the in-sample naive MAE of the training split (see [`scaled`]); `None` without
    /// a scale or when it is 0.
    #[serde(default)]
    pub mase: Option<f64>,
    /// Root mean squared scaled error (see [`scaled`]).
    #[serde(default)]
    pub rmsse: Option<f64>,
}

impl ErrorMetrics {
    /// Computes every measure.
    pub fn compute(actual: &[f64], pred: &[f64]) -> Result<Self, PipelineError> {
        let m = mape(actual, pred)?;
        Ok(ErrorMetrics {
            n: actual.len(),
            rmse: rmse(actual, pred)?,
            mae: mae(actual, pred)?,
            mape: m.value,
            mape_skipped: m.skipped,
            smape: smape(actual, pred)?,
            mase: None,
            rmsse: None,
        })
    }

    /// Every measure, with MASE and RMSSE against `scale` when one is given.
    pub fn scored(
        actual: &[f64],
        pred: &[f64],
        scale: Option<&NaiveScale>,
    ) -> Result<Self, PipelineError> {
        let mut m = Self::compute(actual, pred)?;
        if let Some(s) = scale {
            m.mase = s.mase(m.mae);
            m.rmsse = s.rmsse(m.rmse);
        }
        Ok(m)
    }

    /// The measures separately for each of the `horizon` steps ahead, from `[len, horizon]`
    /// row-major actuals and predictions (how error grows with the horizon).
    pub fn per_step(
        actual: &[f64],
        pred: &[f64],
        horizon: usize,
    ) -> Result<Vec<Self>, PipelineError> {
        Self::per_step_scored(actual, pred, horizon, None)
    }

    /// [`ErrorMetrics::per_step`] with MASE and RMSSE against `scale`.
    pub fn per_step_scored(
        actual: &[f64],
        pred: &[f64],
        horizon: usize,
        scale: Option<&NaiveScale>,
    ) -> Result<Vec<Self>, PipelineError> {
        check(actual, pred)?;
        if horizon == 0 || actual.len() % horizon != 0 {
            return Err(PipelineError::InvalidValues {
                what: "metrics".to_string(),
                message: format!(
                    "{} values do not split into rows of horizon {horizon}",
                    actual.len()
                ),
            });
        }
        (0..horizon)
            .map(|k| {
                let a: Vec<f64> = actual.iter().skip(k).step_by(horizon).copied().collect();
                let p: Vec<f64> = pred.iter().skip(k).step_by(horizon).copied().collect();
                ErrorMetrics::scored(&a, &p, scale)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_hand() {
        let a = [1.0, 2.0, 4.0];
        let p = [2.0, 2.0, 1.0];
        // errors 1, 0, -3: squares 1, 0, 9 → mean 10/3
        assert!((rmse(&a, &p).unwrap() - (10.0f64 / 3.0).sqrt()).abs() < 1e-15);
        assert_eq!(mae(&a, &p).unwrap(), 4.0 / 3.0);
        // |e|/|a| = 1, 0, 0.75 → 100·1.75/3
        let m = mape(&a, &p).unwrap();
        assert!((m.value.unwrap() - 175.0 / 3.0).abs() < 1e-12);
        assert_eq!(m.skipped, 0);
        // 2|e|/(|a|+|p|) = 2/3, 0, 6/5
        let s = smape(&a, &p).unwrap();
        assert!((s - 100.0 * (2.0 / 3.0 + 1.2) / 3.0).abs() < 1e-12);
    }

    #[test]
    fn mape_skips_zero_actuals_and_smape_handles_double_zero() {
        let m = mape(&[0.0, 2.0], &[1.0, 3.0]).unwrap();
        assert_eq!(m.skipped, 1);
        assert_eq!(m.value, Some(50.0));
        assert_eq!(mape(&[0.0], &[1.0]).unwrap().value, None);
        assert_eq!(smape(&[0.0, 1.0], &[0.0, 1.0]).unwrap(), 0.0);
        assert_eq!(smape(&[0.0], &[5.0]).unwrap(), 200.0);
    }

    #[test]
    fn skill_score() {
        assert_eq!(skill(1.0, 2.0), Some(0.5));
        assert_eq!(skill(3.0, 2.0), Some(-0.5));
        assert_eq!(skill(1.0, 0.0), None);
    }

    #[test]
    fn bad_inputs_are_errors() {
        assert!(rmse(&[1.0], &[1.0, 2.0])
            .unwrap_err()
            .to_string()
            .contains("1 actual values but 2"));
        assert!(mae(&[], &[]).unwrap_err().to_string().contains("no values"));
        assert!(smape(&[1.0], &[f64::NAN])
            .unwrap_err()
            .to_string()
            .contains("not finite"));
    }

    #[test]
    fn per_step_splits_columns() {
        let a = [1.0, 10.0, 2.0, 20.0];
        let p = [1.0, 11.0, 2.0, 23.0];
        let s = ErrorMetrics::per_step(&a, &p, 2).unwrap();
        assert_eq!(s[0].rmse, 0.0);
        assert_eq!(s[1].mae, 2.0);
        assert!(ErrorMetrics::per_step(&a, &p, 3).is_err());
    }
}
