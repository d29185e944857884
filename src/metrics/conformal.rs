//! Split-conformal prediction intervals (Vovk et al.; Lei et al. 2018) on the original scale.
//!
//! Calibration: the absolute residuals `r_i = |y_i − ŷ_i|` of `n` forecasts the model did not
//! train on (the validation split), separately for each step ahead. At level `1 − α` the half
//! width is the **⌈(n+1)(1−α)⌉-th smallest** residual; the interval is `ŷ ± q`. If the points are
//! exchangeable, a new point falls inside with probability at least `1 − α` (and below
//! `1 − α + 1/(n+1)` without ties). When `⌈(n+1)(1−α)⌉ > n` there are too few residuals for
//! that level and the interval is unbounded (`None`).

use serde::{Deserialize, Serialize};

/// The rank `⌈(n+1)·level⌉` (1-based) of the conformal quantile among `n` residuals.
pub fn quantile_rank(n: usize, level: f64) -> usize {
    // The 1e-9 keeps (9+1)·0.9 = 9.000000000000002 at rank 9.
    ((n as f64 + 1.0) * level - 1e-9).ceil().max(1.0) as usize
}

/// The fewest residuals for which level `level` has a bounded interval: the smallest `n` with
/// `⌈(n+1)·level⌉ ≤ n`.
pub fn min_calibration(level: f64) -> usize {
    (1..10_000_000)
        .find(|&n| quantile_rank(n, level) <= n)
        .unwrap_or(usize::MAX)
}

/// The conformal half width at `level` in (0, 1) from absolute residuals: the
/// ⌈(n+1)·level⌉-th smallest, or `None` when that rank exceeds `n` (too few residuals).
/// Non-finite residuals are refused (`None`).
pub fn conformal_quantile(residuals: &[f64], level: f64) -> Option<f64> {
    if !(level > 0.0 && level < 1.0) || residuals.iter().any(|r| !r.is_finite()) {
        return None;
    }
    let k = quantile_rank(residuals.len(), level);
    if k > residuals.len() {
        return None;
    }
    let mut sorted: Vec<f64> = residuals.iter().map(|r| r.abs()).collect();
    sorted.sort_by(f64::total_cmp);
    Some(sorted[k - 1])
}

/// Half widths per step ahead, calibrated on `[len, horizon]` row-major actuals and
/// predictions: step `k` uses the residuals of column `k`.
pub fn per_step_half_widths(
    actual: &[f64],
    pred: &[f64],
    horizon: usize,
    level: f64,
) -> Vec<Option<f64>> {
    (0..horizon)
        .map(|k| {
            let r: Vec<f64> = actual
                .iter()
                .zip(pred)
                .skip(k)
                .step_by(horizon.max(1))
                .map(|(a, p)| a - p)
                .collect();
            conformal_quantile(&r, level)
        })
        .collect()
}

/// How an interval did on held-out points.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    /// Fraction of points inside `[ŷ − q, ŷ + q]` (ends included).
    pub coverage: f64,
    /// Mean width `2q` over the points.
    pub width: f64,
    /// Number of points.
    pub n: usize,
}

/// Coverage and mean width of `ŷ ± q_k` on `[len, horizon]` row-major actuals and predictions;
/// `None` when there are no points or a step's half width is unbounded.
pub fn coverage(
    actual: &[f64],
    pred: &[f64],
    horizon: usize,
    half_widths: &[Option<f64>],
) -> Option<Coverage> {
    if actual.is_empty() || actual.len() != pred.len() || half_widths.len() != horizon {
        return None;
    }
    let q: Vec<f64> = half_widths.iter().copied().collect::<Option<_>>()?;
    let (mut inside, mut width) = (0usize, 0.0);
    for (i, (a, p)) in actual.iter().zip(pred).enumerate() {
        let h = q[i % horizon];
        if (a - p).abs() <= h {
            inside += 1;
        }
        width += 2.0 * h;
    }
    let n = actual.len();
    Some(Coverage {
        coverage: inside as f64 / n as f64,
        width: width / n as f64,
        n,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_by_hand() {
        // n = 9, level 0.9: rank ⌈10·0.9⌉ = 9, the largest of the nine.
        let r = [0.5, -3.0, 1.0, 2.0, 0.1, -0.2, 4.0, 0.3, 0.4];
        assert_eq!(quantile_rank(9, 0.9), 9);
        assert_eq!(conformal_quantile(&r, 0.9), Some(4.0));
        // level 0.5: rank ⌈5⌉ = 5 → sorted |r| 0.1 0.2 0.3 0.4 0.5 … → 0.5
        assert_eq!(conformal_quantile(&r, 0.5), Some(0.5));
        // level 0.8: rank ⌈8⌉ = 8 → 3.0
        assert_eq!(conformal_quantile(&r, 0.8), Some(3.0));
        // n = 8, level 0.9: rank ⌈8.1⌉ = 9 > 8 → unbounded
        assert_eq!(conformal_quantile(&r[..8], 0.9), None);
        assert_eq!(conformal_quantile(&r, 1.0), None);
        assert_eq!(min_calibration(0.9), 9);
        assert_eq!(min_calibration(0.5), 1);
    }

    #[test]
    fn per_step_and_coverage_by_hand() {
        // two steps: column 0 residuals 1, 2, 3; column 1 residuals 10, 20, 30
        let a = [1.0, 10.0, 2.0, 20.0, 3.0, 30.0];
        let p = [0.0; 6];
        let q = per_step_half_widths(&a, &p, 2, 0.5); // rank ⌈2⌉ = 2
        assert_eq!(q, vec![Some(2.0), Some(20.0)]);
        let c = coverage(&a, &p, 2, &q).unwrap();
        // inside: 1, 2 of column 0 and 10, 20 of column 1 → 4 of 6; width (4+40)/2 = 22
        assert!((c.coverage - 4.0 / 6.0).abs() < 1e-15);
        assert_eq!(c.width, 22.0);
        assert_eq!(coverage(&a, &p, 2, &[Some(1.0), None]), None);
    }
}
