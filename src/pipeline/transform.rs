//! Stationarising transforms applied to the levels before scaling, with their inverses.
//!
//! For `diff` and `logret` the transformed series is one point shorter: transformed value `j`
//! belongs to level `j + 1` (see [`Transform::offset`]). Inverting needs the previous actual
//! level: one-step (`prev ⊕ z`) for evaluation, or chained from the last known level for
//! recursive multi-step forecasts. The round trip is exact up to floating-point rounding
//! (for `diff`, bit-exact whenever consecutive levels are within a factor of two of each other).

use super::{PipelineError, Series};

crate::choice_enum! {
    /// A transform with an exact inverse, applied before scaling (the `transform` key).
    #[derive(Default)]
    pub enum Transform for "transform" {
        /// Model the levels themselves.
        #[default]
        None = "none", "None";
        /// First differences `x[t] - x[t-1]`.
        Diff = "diff", "Differences";
        /// Log returns `ln(x[t] / x[t-1])`; every level must be positive.
        LogRet = "logret", "Log returns";
    }
}

impl Transform {
    /// How many leading levels have no transformed value (0 for `none`, 1 otherwise).
    pub fn offset(self) -> usize {
        match self {
            Transform::None => 0,
            Transform::Diff | Transform::LogRet => 1,
        }
    }

    /// Transforms a whole series' target values. `logret` errors on the first level ≤ 0,
    /// naming its file row.
    pub fn apply(self, series: &Series) -> Result<Vec<f64>, PipelineError> {
        let what = format!("{} column '{}'", series.source, series.column);
        self.apply_column(&series.values, &what, &series.rows)
    }

    /// Transforms one column `x` (the target or a covariate); `what` names it and `rows` holds
    /// the file row of each value, for the `logret` error on a value ≤ 0.
    pub fn apply_column(
        self,
        x: &[f64],
        what: &str,
        rows: &[u64],
    ) -> Result<Vec<f64>, PipelineError> {
        match self {
            Transform::None => Ok(x.to_vec()),
            Transform::Diff => Ok(x.windows(2).map(|w| w[1] - w[0]).collect()),
            Transform::LogRet => {
                if let Some(i) = x.iter().position(|&v| v <= 0.0) {
                    return Err(PipelineError::NonPositive {
                        source: what.to_string(),
                        row: rows.get(i).copied().unwrap_or(i as u64 + 1),
                        value: x[i],
                    });
                }
                Ok(x.windows(2).map(|w| (w[1] / w[0]).ln()).collect())
            }
        }
    }

    /// The transformed value of `level` given the level just before it.
    pub fn forward_step(self, prev_level: f64, level: f64) -> f64 {
        match self {
            Transform::None => level,
            Transform::Diff => level - prev_level,
            Transform::LogRet => (level / prev_level).ln(),
        }
    }

    /// The level reached from `prev_level` by transformed value `z` (one-step inverse).
    pub fn inverse_step(self, prev_level: f64, z: f64) -> f64 {
        match self {
            Transform::None => z,
            Transform::Diff => prev_level + z,
            Transform::LogRet => prev_level * z.exp(),
        }
    }

    /// Chained inverse: the levels reached from `last_level` by applying `zs` in turn
    /// (recursive multi-step forecasts, where each step builds on the previous prediction).
    pub fn inverse_chain(self, last_level: f64, zs: &[f64]) -> Vec<f64> {
        let mut level = last_level;
        zs.iter()
            .map(|&z| {
                level = self.inverse_step(level, z);
                level
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[f64]) -> Series {
        Series::from_values("t", "v", v.to_vec()).unwrap()
    }

    #[test]
    fn diff_and_inverse_by_hand() {
        let z = Transform::Diff
            .apply(&s(&[10.0, 12.0, 11.0, 15.0]))
            .unwrap();
        assert_eq!(z, vec![2.0, -1.0, 4.0]);
        assert_eq!(Transform::Diff.inverse_step(12.0, -1.0), 11.0);
        assert_eq!(
            Transform::Diff.inverse_chain(10.0, &z),
            vec![12.0, 11.0, 15.0]
        );
    }

    #[test]
    fn logret_and_inverse() {
        let x = [100.0, 110.0, 99.0];
        let z = Transform::LogRet.apply(&s(&x)).unwrap();
        assert!((z[0] - (1.1f64).ln()).abs() < 1e-15);
        let back = Transform::LogRet.inverse_chain(100.0, &z);
        for (a, b) in back.iter().zip(&x[1..]) {
            assert!((a - b).abs() <= 1e-12 * b, "{a} vs {b}");
        }
    }

    #[test]
    fn logret_rejects_non_positive_with_row() {
        let mut series = s(&[3.0, 2.0, 0.0, 1.0]);
        series.rows = vec![2, 3, 4, 5];
        let e = Transform::LogRet.apply(&series).unwrap_err();
        assert_eq!(e.row(), Some(4));
        let msg = e.to_string();
        assert!(
            msg.contains("row 4") && msg.contains("not positive"),
            "{msg}"
        );
    }

    #[test]
    fn names_parse_and_serialise() {
        for t in [Transform::None, Transform::Diff, Transform::LogRet] {
            assert_eq!(Transform::parse(t.name()).unwrap(), t);
            assert_eq!(
                serde_json::to_string(&t).unwrap(),
                format!("\"{}\"", t.name())
            );
        }
        assert!(Transform::parse("log")
            .unwrap_err()
            .to_string()
            .contains("transform"));
    }
}
