//! The `memory` dataset: a seeded series whose next value depends on the value `lag` steps back,
//! so only a model that carries information across `lag` steps can forecast it.
//!
//! Generator (the "negative echo"): with `e_t` the t-th draw of [`Rng::normal`] seeded by the
//! data seed,
//!
//! ```text
//! s_t = e_t / √(1 − 0.81)      for t < lag   (the stationary distribution, no burn-in)
//! s_t = e_t − 0.9 · s_{t−lag}  for t ≥ lag
//! ```
//!
//! What each forecaster can reach (in expectation, any `lag` ≥ 2): the series has variance
//! `1/(1 − 0.81) ≈ 5.26`; the best forecast `−0.9·s_{t−lag}` leaves the unit noise, RMSE 1;
//! forecasting the mean leaves RMSE ≈ 2.29; persistence (`s_{t−1}`, uncorrelated with `s_t`)
//! RMSE ≈ 3.24; seasonal naive with period `lag` (`s_{t−lag}`, of the wrong sign) RMSE ≈ 4.47.
//! So persistence's skill score is 0.69 for a model that remembers and 0.29 for one that only
//! learned the mean. The echo is negative on purpose: with `+0.9`, seasonal naive at period
//! `lag` would already be nearly optimal.

use super::{PipelineError, Series};
use crate::rng::Rng;

/// Points of the `memory` series.
pub const LENGTH: usize = 2000;
/// The default `lag`.
pub const DEFAULT_LAG: usize = 5;
/// The largest `lag` (the `lag` field's upper bound).
pub const MAX_LAG: usize = 200;
/// The echo coefficient: `s_t = e_t + ECHO · s_{t−lag}`.
pub const ECHO: f64 = -0.9;

/// The `memory` series of `length` points with echo delay `lag` (1..=[`MAX_LAG`]), from `seed`.
pub fn memory(length: usize, lag: usize, seed: u64) -> Result<Series, PipelineError> {
    if !(1..=MAX_LAG).contains(&lag) {
        return Err(PipelineError::config(
            "lag",
            format!("{lag} steps for the memory dataset: choose between 1 and {MAX_LAG}"),
        ));
    }
    if length <= lag {
        return Err(PipelineError::config(
            "length",
            format!("{length} points for the memory dataset with lag {lag}: need more than {lag}"),
        ));
    }
    let mut rng = Rng::new(seed);
    let stationary_sd = 1.0 / (1.0 - ECHO * ECHO).sqrt();
    let mut values: Vec<f64> = Vec::with_capacity(length);
    for t in 0..length {
        let e = rng.normal();
        let v = if t < lag {
            e * stationary_sd
        } else {
            e + ECHO * values[t - lag]
        };
        values.push(v);
    }
    let mut s = Series::from_values("dataset memory", "value", values)?;
    s.notes.push(format!(
        "synthetic echo s_t = e_t - 0.9·s_(t-{lag}), {length} points, lag {lag}, seed {seed}"
    ));
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_value_is_the_rule_applied_lag_steps_back() {
        let lag = 7;
        let s = memory(300, lag, 11).unwrap();
        let mut rng = Rng::new(11);
        let noise: Vec<f64> = (0..300).map(|_| rng.normal()).collect();
        for (t, drawn) in noise.iter().enumerate().skip(lag) {
            let e = s.values[t] - ECHO * s.values[t - lag];
            assert!((e - drawn).abs() < 1e-12, "t {t}: {e} vs {drawn}");
        }
        assert!((s.values[0] - noise[0] / 0.19f64.sqrt()).abs() < 1e-12);
    }

    #[test]
    fn bad_lag_and_length_name_the_key() {
        let e = memory(100, 0, 1).unwrap_err();
        assert_eq!(e.field(), Some("lag"));
        let e = memory(100, MAX_LAG + 1, 1).unwrap_err();
        assert!(e.to_string().contains("between 1 and 200"), "{e}");
        assert_eq!(memory(5, 5, 1).unwrap_err().field(), Some("length"));
    }
}
