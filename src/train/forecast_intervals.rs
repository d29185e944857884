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

use super::evaluate::outputs;
use crate::metrics::conformal::{conformal_quantile, coverage, per_step_half_widths, Coverage};
use crate::model::Network;
use crate::pipeline::{Prepared, Split};

/// The intervals of one evaluation.
#[derive(Clone, Debug, PartialEq)]
pub struct Intervals {
    /// The nominal level `1 − α`.
    pub level: f64,
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
    let direct = if prep.val.is_empty() {
        vec![None; h]
    } else {
        let pred = prep
            .predicted_levels(Split::Val, &outputs(net, prep, Split::Val))
            .map_err(|e| e.to_string())?;
        per_step_half_widths(&prep.actual_levels(Split::Val), &pred, h, level)
    };
    let test = if prep.test.is_empty() {
        None
    } else {
        let pred = prep
            .predicted_levels(Split::Test, &outputs(net, prep, Split::Test))
            .map_err(|e| e.to_string())?;
        coverage(&prep.actual_levels(Split::Test), &pred, h, &direct)
    };
    let recursive = recursive_val_residuals(net, prep, steps)?
        .iter()
        .map(|r| conformal_quantile(r, level))
        .chain(std::iter::repeat(None))
        .take(steps)
        .collect();
    Ok(Intervals {
        level,
        direct,
        test,
        recursive,
    })
}

/// Absolute errors of recursive forecasts started at every validation point, per step ahead:
/// entry `j` holds the step-`j + 1` errors of the origins whose step stays in the validation
/// split. All origins advance together, one batched forward pass per model call.
pub fn recursive_val_residuals(
    net: &mut Network,
    prep: &Prepared,
    steps: usize,
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
    let mut x: Vec<f32> = Vec::with_capacity(n * w);
    for &t in &origins {
        x.extend(prep.scaled[t - w..t].iter().map(|&v| v as f32));
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
            let win = &mut x[i * w..(i + 1) * w];
            for &p in row {
                out.push(p);
                win.rotate_left(1);
                win[w - 1] = p;
            }
        }
        produced += take;
    }
    let mut residuals = vec![Vec::new(); steps];
    for (i, &t) in origins.iter().enumerate() {
        let o = t + prep.offset; // original index of the first forecast value
        let levels = prep.levels_from_outputs(prep.levels[o - 1], &outs[i]);
        for (j, p) in levels.iter().enumerate().take(end - t) {
            residuals[j].push((prep.levels[o + j] - p).abs());
        }
    }
    Ok(residuals)
}
