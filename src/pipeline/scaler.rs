//! Scalers, fitted on the training split only and stored inside model files.
//!
//! Both follow scikit-learn's definitions exactly. A zero range (constant training data) is
//! handled as scikit-learn does: a range or standard deviation below `10·f64::EPSILON` is
//! replaced by 1 when dividing, so a constant training split maps to `feature_range.0`
//! (min-max) or to 0 (z-score) and every inverse stays finite. [`prepare()`](super::prepare())
//! adds a warning when that happens, because such a split gives the network nothing to learn.

use serde::{Deserialize, Serialize};

use super::PipelineError;

/// scikit-learn's threshold below which a range or standard deviation counts as zero.
const ZERO_SCALE: f64 = 10.0 * f64::EPSILON;

fn check_fit_data(what: &str, data: &[f64]) -> Result<(), PipelineError> {
    if data.is_empty() {
        return Err(PipelineError::InvalidValues {
            what: what.to_string(),
            message: "cannot fit on zero values".to_string(),
        });
    }
    if let Some(i) = data.iter().position(|v| !v.is_finite()) {
        return Err(PipelineError::InvalidValues {
            what: what.to_string(),
            message: format!("value {} at position {} is not finite", data[i], i),
        });
    }
    Ok(())
}

/// Min-max scaling to `feature_range`, scikit-learn's `MinMaxScaler` for one feature.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MinMaxScaler {
    /// Smallest training value.
    pub data_min: f64,
    /// Largest training value.
    pub data_max: f64,
    /// `data_max - data_min` as measured (0 for constant data).
    pub data_range: f64,
    /// `(hi - lo) / data_range`, with a zero range replaced by 1.
    pub scale_: f64,
    /// `lo - data_min · scale_`.
    pub min_: f64,
    /// The target interval `(lo, hi)`.
    pub feature_range: (f64, f64),
}

impl MinMaxScaler {
    /// Fits on `data` (the training split). Errors on empty or non-finite data and on a
    /// `feature_range` that is not finite with `lo < hi`.
    pub fn fit(data: &[f64], feature_range: (f64, f64)) -> Result<Self, PipelineError> {
        let (lo, hi) = feature_range;
        if !(lo.is_finite() && hi.is_finite() && lo < hi) {
            return Err(PipelineError::config(
                "feature_range",
                format!("({lo}, {hi}) must be finite with low < high"),
            ));
        }
        check_fit_data("min-max scaler", data)?;
        let data_min = data.iter().copied().fold(f64::INFINITY, f64::min);
        let data_max = data.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let data_range = data_max - data_min;
        if !data_range.is_finite() {
            return Err(PipelineError::InvalidValues {
                what: "min-max scaler".to_string(),
                message: format!("the range {data_min} to {data_max} overflows f64"),
            });
        }
        let divisor = if data_range < ZERO_SCALE {
            1.0
        } else {
            data_range
        };
        let scale_ = (hi - lo) / divisor;
        let min_ = lo - data_min * scale_;
        Ok(MinMaxScaler {
            data_min,
            data_max,
            data_range,
            scale_,
            min_,
            feature_range,
        })
    }

    /// `x · scale_ + min_` (scikit-learn's exact expression).
    pub fn transform(&self, x: f64) -> f64 {
        x * self.scale_ + self.min_
    }

    /// `(s - min_) / scale_`.
    pub fn inverse(&self, s: f64) -> f64 {
        (s - self.min_) / self.scale_
    }

    /// True when the training data had (numerically) zero range.
    pub fn is_constant(&self) -> bool {
        self.data_range < ZERO_SCALE
    }
}

/// Z-score scaling, scikit-learn's `StandardScaler` for one feature (population variance).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StandardScaler {
    /// Mean of the training values.
    pub mean_: f64,
    /// Population variance (divisor n) of the training values.
    pub var_: f64,
    /// `sqrt(var_)`, replaced by 1 when below `10·f64::EPSILON`.
    pub scale_: f64,
}

impl StandardScaler {
    /// Fits on `data` (the training split). Errors on empty or non-finite data.
    pub fn fit(data: &[f64]) -> Result<Self, PipelineError> {
        check_fit_data("z-score scaler", data)?;
        let n = data.len() as f64;
        let mean_ = data.iter().sum::<f64>() / n;
        let var_ = data.iter().map(|v| (v - mean_) * (v - mean_)).sum::<f64>() / n;
        if !var_.is_finite() {
            return Err(PipelineError::InvalidValues {
                what: "z-score scaler".to_string(),
                message: "the variance overflows f64 (values too large)".to_string(),
            });
        }
        let sd = var_.sqrt();
        let scale_ = if sd < ZERO_SCALE { 1.0 } else { sd };
        Ok(StandardScaler {
            mean_,
            var_,
            scale_,
        })
    }

    /// `(x - mean_) / scale_`.
    pub fn transform(&self, x: f64) -> f64 {
        (x - self.mean_) / self.scale_
    }

    /// `s · scale_ + mean_`.
    pub fn inverse(&self, s: f64) -> f64 {
        s * self.scale_ + self.mean_
    }

    /// True when the training data had (numerically) zero spread.
    pub fn is_constant(&self) -> bool {
        self.var_.sqrt() < ZERO_SCALE
    }
}

crate::choice_enum! {
    /// Which scaler to fit, on the training split only (the `scaler` key).
    #[derive(Default)]
    pub enum ScalerKind for "scaler" {
        /// Min-max to `feature_range` (default `(0, 1)`).
        #[default]
        MinMax = "minmax", "Min-max", alias "min-max", alias "min_max";
        /// Z-score: zero mean, unit variance.
        ZScore = "zscore", "Z-score", alias "z-score", alias "standard";
    }
}

/// A fitted scaler, as stored in model files: `{"kind": "minmax", "data_min": ..}` or
/// `{"kind": "zscore", "mean_": ..}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind")]
pub enum Scaler {
    /// Fitted min-max scaler.
    #[serde(rename = "minmax")]
    MinMax(MinMaxScaler),
    /// Fitted z-score scaler.
    #[serde(rename = "zscore")]
    ZScore(StandardScaler),
}

impl Scaler {
    /// Fits the chosen kind on `data` (`feature_range` is used by min-max only).
    pub fn fit(
        kind: ScalerKind,
        data: &[f64],
        feature_range: (f64, f64),
    ) -> Result<Self, PipelineError> {
        Ok(match kind {
            ScalerKind::MinMax => Scaler::MinMax(MinMaxScaler::fit(data, feature_range)?),
            ScalerKind::ZScore => Scaler::ZScore(StandardScaler::fit(data)?),
        })
    }

    /// Which kind this is.
    pub fn kind(&self) -> ScalerKind {
        match self {
            Scaler::MinMax(_) => ScalerKind::MinMax,
            Scaler::ZScore(_) => ScalerKind::ZScore,
        }
    }

    /// Scales one value.
    pub fn transform(&self, x: f64) -> f64 {
        match self {
            Scaler::MinMax(s) => s.transform(x),
            Scaler::ZScore(s) => s.transform(x),
        }
    }

    /// Unscales one value.
    pub fn inverse(&self, s: f64) -> f64 {
        match self {
            Scaler::MinMax(m) => m.inverse(s),
            Scaler::ZScore(z) => z.inverse(s),
        }
    }

    /// Scales a slice.
    pub fn transform_all(&self, xs: &[f64]) -> Vec<f64> {
        xs.iter().map(|&x| self.transform(x)).collect()
    }

    /// Unscales a slice.
    pub fn inverse_all(&self, ss: &[f64]) -> Vec<f64> {
        ss.iter().map(|&s| self.inverse(s)).collect()
    }

    /// True when the training data was constant (see the module doc for what that means).
    pub fn is_constant(&self) -> bool {
        match self {
            Scaler::MinMax(s) => s.is_constant(),
            Scaler::ZScore(s) => s.is_constant(),
        }
    }

    /// Checks a scaler read from a file: every number finite and the scale non-zero.
    pub fn validate(&self) -> Result<(), PipelineError> {
        let (what, nums): (&str, Vec<(&str, f64)>) = match self {
            Scaler::MinMax(s) => (
                "minmax scaler",
                vec![
                    ("data_min", s.data_min),
                    ("data_max", s.data_max),
                    ("data_range", s.data_range),
                    ("scale_", s.scale_),
                    ("min_", s.min_),
                ],
            ),
            Scaler::ZScore(s) => (
                "zscore scaler",
                vec![("mean_", s.mean_), ("var_", s.var_), ("scale_", s.scale_)],
            ),
        };
        for (name, v) in nums {
            if !v.is_finite() {
                return Err(PipelineError::InvalidValues {
                    what: format!("{what} field {name}"),
                    message: format!("{v} is not finite"),
                });
            }
        }
        let scale = match self {
            Scaler::MinMax(s) => s.scale_,
            Scaler::ZScore(s) => s.scale_,
        };
        if scale == 0.0 {
            return Err(PipelineError::InvalidValues {
                what: format!("{what} field scale_"),
                message: "is zero, so the inverse would divide by zero".to_string(),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minmax_by_hand() {
        let s = MinMaxScaler::fit(&[2.0, 4.0, 6.0], (0.0, 1.0)).unwrap();
        assert_eq!((s.data_min, s.data_max, s.data_range), (2.0, 6.0, 4.0));
        assert_eq!(s.scale_, 0.25);
        assert_eq!(s.min_, -0.5);
        assert_eq!(s.transform(4.0), 0.5);
        assert_eq!(s.transform(10.0), 2.0);
        assert_eq!(s.inverse(0.75), 5.0);
        let r = MinMaxScaler::fit(&[2.0, 4.0, 6.0], (-1.0, 1.0)).unwrap();
        assert_eq!(r.transform(2.0), -1.0);
        assert_eq!(r.transform(6.0), 1.0);
    }

    #[test]
    fn constant_training_data_is_defined_not_a_division_by_zero() {
        let s = MinMaxScaler::fit(&[5.0; 4], (0.0, 1.0)).unwrap();
        assert!(s.is_constant());
        assert_eq!(s.data_range, 0.0);
        assert_eq!(s.transform(5.0), 0.0);
        assert_eq!(s.inverse(0.0), 5.0);
        assert_eq!(s.inverse(0.5), 5.5);
        let z = StandardScaler::fit(&[5.0; 4]).unwrap();
        assert!(z.is_constant());
        assert_eq!(z.transform(5.0), 0.0);
        assert_eq!(z.inverse(1.0), 6.0);
    }

    #[test]
    fn zscore_by_hand() {
        let z = StandardScaler::fit(&[1.0, 3.0]).unwrap();
        assert_eq!((z.mean_, z.var_, z.scale_), (2.0, 1.0, 1.0));
        assert_eq!(z.transform(5.0), 3.0);
        assert_eq!(z.inverse(-1.0), 1.0);
    }

    #[test]
    fn bad_fits_are_errors() {
        let e = MinMaxScaler::fit(&[], (0.0, 1.0)).unwrap_err().to_string();
        assert!(e.contains("zero values"), "{e}");
        let e = MinMaxScaler::fit(&[1.0, f64::NAN], (0.0, 1.0))
            .unwrap_err()
            .to_string();
        assert!(e.contains("position 1") && e.contains("not finite"), "{e}");
        let e = MinMaxScaler::fit(&[1.0, 2.0], (1.0, 1.0))
            .unwrap_err()
            .to_string();
        assert!(e.contains("feature_range"), "{e}");
        let e = StandardScaler::fit(&[f64::INFINITY])
            .unwrap_err()
            .to_string();
        assert!(e.contains("not finite"), "{e}");
    }

    #[test]
    fn scaler_enum_serde_round_trip() {
        let s = Scaler::fit(ScalerKind::MinMax, &[1.0, 3.0], (0.0, 1.0)).unwrap();
        let j = serde_json::to_string(&s).unwrap();
        assert!(j.contains("\"kind\":\"minmax\""), "{j}");
        let back: Scaler = serde_json::from_str(&j).unwrap();
        assert_eq!(back, s);
        let z = Scaler::fit(ScalerKind::ZScore, &[1.0, 3.0], (0.0, 1.0)).unwrap();
        let j = serde_json::to_string(&z).unwrap();
        assert!(j.contains("\"kind\":\"zscore\""), "{j}");
        assert_eq!(serde_json::from_str::<Scaler>(&j).unwrap(), z);
        assert_eq!(
            serde_json::to_string(&ScalerKind::ZScore).unwrap(),
            "\"zscore\""
        );
        let mut broken = s.clone();
        if let Scaler::MinMax(m) = &mut broken {
            m.scale_ = 0.0;
        }
        assert!(broken
            .validate()
            .unwrap_err()
            .to_string()
            .contains("scale_"));
        assert!(s.validate().is_ok());
    }
}
