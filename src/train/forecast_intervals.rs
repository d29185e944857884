//! Prediction intervals for the network's forecasts, calibrated on the validation split
//! (split-conformal, [`crate::metrics::conformal`]), on the original scale.
//!
//! - **Direct forecasts** (each window's `horizon` outputs): step `k`'s half width is the
//!   conformal quantile of the validation windows' absolute step-`k` errors; coverage and width
//!   are then measured on the test windows.
//! - **Recursive forecasts past the end**: from every validation point as origin, the model is run
//!   recursively (fed its own predictions, exactly as past the end) for up to `steps` values; the
//!   half width of step `j` is the conformal quantile of the absolute errors at step `j` over the
//!   origins whose step `j` still lies in the validation split. Later steps have fewer residuals,
//!   so beyond some step the level may be out of reach: those steps get no bound.
//!
//! **Residual scale.** With `transform = logret` the errors grow with the level (a price that
//! doubled moves twice as many units), so the residuals are divided by the last known level
//! before calibration and the half widths multiplied by it again (`relative`); otherwise they
//! are absolute, in the series' units.

use super::evaluate::outputs;
use crate::metrics::conformal::{conformal_quantile, coverage, per_step_half_widths, Coverage};
use crate::model::Network;
use crate::pipeline::{Prepared, Split, Transform};

/// The intervals of one evaluation.
#[derive(Clone, Debug, PartialEq)]
pub struct Intervals {
    /// The nominal level `1 − α`.
    pub level: f64,
    /// Half widths are fractions of the last known level (log returns), not absolute.
    pub relative: bool,
    /// Half width per direct horizon step (`None`: too few validation windows).
    pub direct: Vec<Option<f64>>,
    /// Coverage and mean width on the test windows (`None` without test windows or bounds).
    pub test: Option<Coverage>,
    /// Half width per recursive step past the end, `steps` long.
    pub recursive: Vec<Option<f64>>,
}

/// Calibrates the intervals at `level` on the validation split and scores them on the test
/// split; `steps` is the length of the recursive forecast past the end.
pub fn intervals(
    net: &mut Network,
    prep: &Prepared,
    level: f64,
    steps: usize,
) -> Result<Intervals, String> {
    let h = prep.config.horizon;
    let relative = prep.transform == Transform::LogRet;
    let direct = if prep.val.is_empty() {
        vec![None; h]
    } else {
        let (a, p, _) = normalised(net, prep, Split::Val, relative)?;
        per_step_half_widths(&a, &p, h, level)
    };
    let test = if prep.test.is_empty() {
        None
    } else {
        let (a, p, s) = normalised(net, prep, Split::Test, relative)?;
        coverage(&a, &p, h, &direct).map(|mut c| {
            // the width in level units: 2·q_k·s_i averaged over the points
            let total: f64 = s
                .iter()
                .enumerate()
                .map(|(i, s)| 2.0 * direct[i % h].unwrap_or(0.0) * s)
                .sum();
            c.width = total / s.len() as f64;
            c
        })
    };
    let recursive = recursive_val_residuals(net, prep, steps, relative)?
        .iter()
        .map(|r| conformal_quantile(r, level))
        .chain(std::iter::repeat(None))
        .take(steps)
        .collect();
    Ok(Intervals {
        level,
        relative,
        direct,
        test,
        recursive,
    })
}

/// A split's actual and predicted levels (`[len, horizon]`), each divided by its window's last
/// known level when `relative`, and those divisors (1 otherwise).
type Normalised = (Vec<f64>, Vec<f64>, Vec<f64>);

fn normalised(
    net: &mut Network,
    prep: &Prepared,
    split: Split,
    relative: bool,
) -> Result<Normalised, String> {
    let mut pred = prep
        .predicted_levels(split, &outputs(net, prep, split))
        .map_err(|e| e.to_string())?;
    let mut actual = prep.actual_levels(split);
    let w = prep.windows(split);
    let scale: Vec<f64> = w
        .target_index
        .iter()
        .flat_map(|&t| {
            let s = if relative { prep.levels[t - 1] } else { 1.0 };
            std::iter::repeat(s).take(w.horizon)
        })
        .collect();
    for ((a, p), s) in actual.iter_mut().zip(pred.iter_mut()).zip(&scale) {
        *a /= s;
        *p /= s;
    }
    Ok((actual, pred, scale))
}

/// Absolute errors of recursive forecasts started at every validation point, per step ahead:
/// entry `j` holds the step-`j + 1` errors of the origins whose step stays in the validation
/// split, divided by the origin's last known level when `relative`. All origins advance
/// together, one batched forward pass per model call.
pub fn recursive_val_residuals(
    net: &mut Network,
    prep: &Prepared,
    steps: usize,
    relative: bool,
) -> Result<Vec<Vec<f64>>, String> {
    let w = prep.config.window;
    let h = prep.config.horizon;
    let (start, end) = prep.bounds.range(Split::Val);
    let first = start.max(w);
    if first >= end || steps == 0 {
        return Ok(Vec::new());
    }
    let origins: Vec<usize> = (first..end).collect();
    let n = origins.len();
    let steps = steps.min(end - first);
    let c = prep.channels();
    let xw = w * c; // values per window
    let mut x: Vec<f32> = Vec::with_capacity(n * xw);
    for &t in &origins {
        x.extend(prep.input_rows(t - w, t));
    }
    let mut outs: Vec<Vec<f32>> = vec![Vec::with_capacity(steps); n];
    let mut produced = 0;
    while produced < steps {
        let y = net.predict(&x, n, w);
        let take = h.min(steps - produced);
        for (i, out) in outs.iter_mut().enumerate() {
            let row = &y[i * h..i * h + take];
            if let Some(bad) = row.iter().find(|v| !v.is_finite()) {
                return Err(format!(
                    "recursive validation forecast: the model returned {bad} at step {}",
                    produced + 1
                ));
            }
            let win = &mut x[i * xw..(i + 1) * xw];
            for &p in row {
                // the predicted step enters the window with its covariates, known inside the data
                let t = origins[i] + out.len();
                out.push(p);
                win.rotate_left(c);
                win[xw - c] = p;
                let known = prep.feature_rows(t, t + 1);
                for (k, v) in known.iter().enumerate() {
                    win[xw - c + 1 + k] = *v;
                }
            }
        }
        produced += take;
    }
    let mut residuals = vec![Vec::new(); steps];
    for (i, &t) in origins.iter().enumerate() {
        let o = t + prep.offset; // original index of the first forecast value
        let last = prep.levels[o - 1];
        let levels = prep.levels_from_outputs(last, &outs[i]);
        let s = if relative { last } else { 1.0 };
        for (j, p) in levels.iter().enumerate().take(end - t) {
            residuals[j].push((prep.levels[o + j] - p).abs() / s);
        }
    }
    Ok(residuals)
}
