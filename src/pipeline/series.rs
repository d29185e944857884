//! A univariate time series as it comes out of ingest: the values, optional date labels for
//! plotting, where each value came from (for error messages) and what ingest had to say.

use serde::{Deserialize, Serialize};

use super::PipelineError;

/// One numeric column of a file or built-in dataset, in time order.
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
        })
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
