//! Seeded synthetic series: the same seed gives the same values on every platform.

use super::{PipelineError, Series};
use crate::rng::Rng;

/// Default length of `sine` and `random_walk`.
pub const DEFAULT_LENGTH: usize = 500;

/// Period (in steps) of the `sine` generator, also its natural seasonal-naive period.
pub const SINE_PERIOD: usize = 50;

fn check_length(name: &str, length: usize) -> Result<(), PipelineError> {
    if !(2..=10_000_000).contains(&length) {
        return Err(PipelineError::config(
            "length",
            format!("{length} points for {name}: choose between 2 and 10000000"),
        ));
    }
    Ok(())
}

/// The classic tutorial series: exactly 1.0, 1.1, …, 3.0 (21 points; each value is the f64
/// nearest to its decimal, as if typed in).
pub fn ramp() -> Series {
    let values: Vec<f64> = (10..=30).map(|i| i as f64 / 10.0).collect();
    // Not `expect`: that would pull the error's `Debug` formatting into the wasm module.
    Series::from_values("dataset ramp", "value", values)
        .unwrap_or_else(|e| unreachable!("the ramp is finite by construction: {e}"))
}

/// Sine + linear trend + Gaussian noise:
/// `10 + 0.02·t + 2·sin(2πt/50) + 0.2·ε_t`, with ε from [`Rng::normal`] seeded by `seed`.
pub fn sine(length: usize, seed: u64) -> Result<Series, PipelineError> {
    check_length("sine", length)?;
    let mut rng = Rng::new(seed);
    let w = 2.0 * std::f64::consts::PI / SINE_PERIOD as f64;
    let values = (0..length)
        .map(|t| {
            let t = t as f64;
            10.0 + 0.02 * t + 2.0 * (w * t).sin() + 0.2 * rng.normal()
        })
        .collect();
    let mut s = Series::from_values("dataset sine", "value", values)?;
    s.notes.push(format!(
        "synthetic sine + trend + noise, {length} points, seed {seed}"
    ));
    Ok(s)
}

/// A geometric random walk like a price: starts at 100, each step multiplies by
/// `exp(0.01·ε_t)` with ε from [`Rng::normal`] seeded by `seed`. Always positive (so `logret`
/// works) and, by construction, persistence is the best possible forecast.
pub fn random_walk(length: usize, seed: u64) -> Result<Series, PipelineError> {
    check_length("random_walk", length)?;
    let mut rng = Rng::new(seed);
    let mut level = 100.0f64;
    let mut values = Vec::with_capacity(length);
    values.push(level);
    for _ in 1..length {
        level *= (0.01 * rng.normal()).exp();
        values.push(level);
    }
    let mut s = Series::from_values("dataset random_walk", "value", values)?;
    s.notes.push(format!(
        "synthetic geometric random walk, {length} points, seed {seed}"
    ));
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ramp_is_the_tutorial_series() {
        let r = ramp();
        assert_eq!(r.len(), 21);
        assert_eq!(r.values[0], 1.0);
        assert_eq!(r.values[1], 1.1);
        assert_eq!(r.values[20], 3.0);
        assert_eq!(r.values[13], 2.3);
    }

    #[test]
    fn generators_are_seeded() {
        assert_eq!(sine(100, 1).unwrap().values, sine(100, 1).unwrap().values);
        assert_ne!(sine(100, 1).unwrap().values, sine(100, 2).unwrap().values);
        let w = random_walk(300, 5).unwrap();
        assert_eq!(w.values, random_walk(300, 5).unwrap().values);
        assert!(w.values.iter().all(|&v| v > 0.0));
        assert_eq!(w.values[0], 100.0);
        assert!(sine(1, 0).unwrap_err().to_string().contains("length"));
    }
}
