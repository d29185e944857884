//! Covariates (the `features` key): extra input columns beside the target. Each is transformed
//! like the target (the same `transform`) and scaled by its own scaler of the same kind, fitted on
//! the training split only; the windows then carry `1 + features` channels per time step,
//! channel 0 the target.
//!
//! **Forecasting past the end.** A recursive forecast feeds each prediction back as the next
//! input step, and that step also needs the covariates' values at the predicted time. Inside the
//! data (the recursive test forecast, the recursive validation forecasts that calibrate the
//! intervals) they are known and used. Past the end of the series they are not, and this
//! pipeline does not invent them: with covariates a forecast past the end stops after the
//! model's `horizon` direct outputs, which need no future value
//! ([`Prepared::forecastable_steps`]); the evaluation says so in a warning.

use serde::{Deserialize, Serialize};

use super::{PipelineError, Prepared, Scaler, ScalerKind, Series, Transform};
use crate::vocab::short_quote;

/// How one covariate is prepared: its column name, transform and fitted scaler (stored in model
/// files so the same scaling applies to new data).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeatureScaling {
    /// The column name (as the `features` key names it).
    pub name: String,
    /// The transform applied before scaling (the target's).
    pub transform: Transform,
    /// The scaler, fitted on the training split of the transformed column.
    pub scaler: Scaler,
}

/// The covariates of `series` prepared for `transform`: each column transformed, its scaler
/// fitted on `[0, train_end)` of the transformed values (or taken from `supplied`, matched by
/// name, case-insensitively), and the scaled columns. With `supplied`, the series must hold
/// exactly those features; a missing one is an error naming it.
pub fn prepare_features(
    series: &Series,
    transform: Transform,
    train_end: usize,
    kind: ScalerKind,
    feature_range: (f64, f64),
    supplied: Option<&[FeatureScaling]>,
) -> Result<(Vec<FeatureScaling>, Vec<Vec<f64>>), PipelineError> {
    if let Some(want) = supplied {
        let names: Vec<String> = want.iter().map(|w| w.name.clone()).collect();
        check_feature_names(series, &names)?;
    }
    let mut scalings = Vec::with_capacity(series.features.len());
    let mut scaled = Vec::with_capacity(series.features.len());
    for (k, f) in series.features.iter().enumerate() {
        let what = format!("{} feature '{}'", series.source, short_quote(&f.name));
        let z = transform.apply_column(&f.values, &what, &series.rows)?;
        let scaler = match supplied {
            Some(want) => want[k].scaler.clone(),
            None => Scaler::fit(kind, &z[..train_end.min(z.len())], feature_range).map_err(
                |e| match e {
                    PipelineError::InvalidValues { message, .. } => {
                        PipelineError::InvalidValues { what, message }
                    }
                    other => other,
                },
            )?,
        };
        scaled.push(scaler.transform_all(&z));
        scalings.push(FeatureScaling {
            name: f.name.clone(),
            transform,
            scaler,
        });
    }
    Ok((scalings, scaled))
}

/// The series must hold the features `want` (a saved model's), in that order and no others; a
/// missing one is an error naming it.
pub fn check_feature_names(series: &Series, want: &[String]) -> Result<(), PipelineError> {
    let have = series.feature_names();
    for w in want {
        if !have.iter().any(|h| h.eq_ignore_ascii_case(w)) {
            return Err(PipelineError::MissingFeature {
                source: series.source.clone(),
                feature: short_quote(w),
                available: have.iter().map(|h| short_quote(h)).collect(),
            });
        }
    }
    let same_order = have.len() == want.len()
        && have
            .iter()
            .zip(want)
            .all(|(h, w)| h.eq_ignore_ascii_case(w));
    if !same_order {
        let names: Vec<String> = want.iter().map(|w| short_quote(w)).collect();
        return Err(PipelineError::config(
            "features",
            format!(
                "the model was trained on features [{}] but the data has [{}]",
                names.join(", "),
                have.iter()
                    .map(|h| short_quote(h))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    Ok(())
}

impl Prepared {
    /// Input values per time step: 1 (the target) + the number of covariates.
    pub fn channels(&self) -> usize {
        1 + self.feature_scaled.len()
    }

    /// The names of the covariates, in channel order.
    pub fn feature_names(&self) -> Vec<String> {
        self.features.iter().map(|f| f.name.clone()).collect()
    }

    /// The network's inputs for the modelled steps `[start, end)`: per step the scaled target,
    /// then each scaled covariate (`(end − start) · channels` values).
    pub fn input_rows(&self, start: usize, end: usize) -> Vec<f32> {
        let mut out = Vec::with_capacity((end - start) * self.channels());
        for t in start..end {
            out.push(self.scaled[t] as f32);
            out.extend(self.feature_scaled.iter().map(|f| f[t] as f32));
        }
        out
    }

    /// The scaled covariates of the modelled steps `[start, end)` (clamped to the data),
    /// `channels − 1` values per step: the known future inputs of a recursive forecast.
    pub fn feature_rows(&self, start: usize, end: usize) -> Vec<f32> {
        let end = end.min(self.scaled.len());
        let mut out = Vec::new();
        for t in start.min(end)..end {
            out.extend(self.feature_scaled.iter().map(|f| f[t] as f32));
        }
        out
    }

    /// How many of `steps` values a forecast past the end can give: all of them without
    /// covariates; with covariates only the `horizon` direct outputs, since later steps would
    /// need covariate values that are not known (see the module doc).
    pub fn forecastable_steps(&self, steps: usize) -> usize {
        if self.feature_scaled.is_empty() {
            steps
        } else {
            steps.min(self.config.horizon)
        }
    }
}
