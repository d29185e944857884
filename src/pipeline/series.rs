//! A time series as it comes out of ingest: the target values, the extra input columns
//! (covariates, the `features` key) aligned with them, optional date labels for plotting, where
//! each value came from (for error messages) and what ingest had to say.

use serde::{Deserialize, Serialize};

use super::PipelineError;
use crate::vocab::short_quote;

/// One extra input column (a covariate): its name and values, one per target value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Covariate {
    /// The column's name as the `features` key gives it (header name or index).
    pub name: String,
    /// The values, all finite, aligned with [`Series::values`].
    pub values: Vec<f64>,
}

/// The target column of a file or built-in dataset in time order, with its covariates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Series {
    /// Where the data came from: a file name or `dataset sp500`, used in messages.
    pub source: String,
    /// Name of the value column (header name, `column N` without a header, or the generator).
    pub column: String,
    /// The values, all finite.
    pub values: Vec<f64>,
    /// Date/time labels as written in the file, one per value, when a date column was found.
    pub dates: Option<Vec<String>>,
    /// The 1-based file row of each value (for a generated series: its 1-based position).
    pub rows: Vec<u64>,
    /// Number of missing cells met in the value column (dropped or filled, by policy).
    pub missing: usize,
    /// What ingest decided on the user's behalf (delimiter, header, picked column, filled gaps).
    pub notes: Vec<String>,
    /// Things the user should know before trusting a forecast.
    pub warnings: Vec<String>,
    /// Extra input columns (the `features` key), in the order asked for; empty: univariate.
    #[serde(default)]
    pub features: Vec<Covariate>,
    /// The source's numeric columns, by the names `column` and `features` accept (a file's
    /// header names, else indices): what a feature picker offers.
    #[serde(default)]
    pub numeric_columns: Vec<String>,
}

impl Series {
    /// A series from plain values (rows are 1-based positions, no dates); values must be finite.
    pub fn from_values(
        source: &str,
        column: &str,
        values: Vec<f64>,
    ) -> Result<Series, PipelineError> {
        if let Some(i) = values.iter().position(|v| !v.is_finite()) {
            return Err(PipelineError::InvalidValues {
                what: source.to_string(),
                message: format!("value {} at position {} is not finite", values[i], i + 1),
            });
        }
        let rows = (1..=values.len() as u64).collect();
        Ok(Series {
            source: source.to_string(),
            column: column.to_string(),
            values,
            dates: None,
            rows,
            missing: 0,
            notes: Vec::new(),
            warnings: Vec::new(),
            features: Vec::new(),
            numeric_columns: vec![column.to_string()],
        })
    }

    /// Adds a covariate column; it must have one finite value per target value.
    pub fn with_feature(mut self, name: &str, values: Vec<f64>) -> Result<Series, PipelineError> {
        let what = format!("{} feature '{}'", self.source, short_quote(name));
        if values.len() != self.values.len() {
            return Err(PipelineError::InvalidValues {
                what,
                message: format!(
                    "{} values for {} target values",
                    values.len(),
                    self.values.len()
                ),
            });
        }
        if let Some(i) = values.iter().position(|v| !v.is_finite()) {
            return Err(PipelineError::InvalidValues {
                what,
                message: format!("value {} at position {} is not finite", values[i], i + 1),
            });
        }
        self.features.push(Covariate {
            name: name.to_string(),
            values,
        });
        Ok(self)
    }

    /// The names of the covariate columns, in order.
    pub fn feature_names(&self) -> Vec<String> {
        self.features.iter().map(|f| f.name.clone()).collect()
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// True when the series holds no points.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The 1-based file row of point `i` (falls back to `i + 1`).
    pub fn row_of(&self, i: usize) -> u64 {
        self.rows.get(i).copied().unwrap_or(i as u64 + 1)
    }
}
