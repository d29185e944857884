//! Reading the chosen columns row by row: the value column, the covariate columns (`features`)
//! and the date labels, under the missing-value policy, which applies to every column read.
//!
//! - `error`: the first missing cell of any of those columns stops with its row and column.
//! - `drop`: a row with a missing cell in any of them is dropped whole (its date too), so the
//!   columns stay aligned.
//! - `ffill`: each column repeats its own previous value; a row where some column has nothing
//!   before it to repeat (a leading gap) is dropped whole.

use super::{Rec, Table};
use crate::pipeline::number::{is_missing, parse_number, thousands_hint};
use crate::pipeline::{MissingPolicy, PipelineError};
use crate::vocab::short_quote;

/// The columns as read: the kept values with their rows and dates, and the missing count.
pub(super) struct ReadValues {
    /// The values of the value column, all finite.
    pub values: Vec<f64>,
    /// The values of each feature column, aligned with `values`.
    pub features: Vec<Vec<f64>>,
    /// The date labels, one per value (when there is a date column).
    pub dates: Option<Vec<String>>,
    /// The file row of each value.
    pub rows: Vec<u64>,
    /// Missing cells met in the value and feature columns (filled or dropped).
    pub missing: usize,
    /// Rows dropped by forward filling because some column had nothing before its gap.
    pub leading_dropped: usize,
}

impl ReadValues {
    /// Keeps one row: the value, the features' values, the row and (with a date column) the date.
    fn push(&mut self, value: f64, features: &[f64], r: &Rec, date_col: Option<usize>) {
        self.values.push(value);
        for (col, &v) in self.features.iter_mut().zip(features) {
            col.push(v);
        }
        self.rows.push(r.line);
        if let (Some(dates), Some(d)) = (self.dates.as_mut(), date_col) {
            let date = r.cells.get(d).map(|c| c.trim().to_string());
            dates.push(date.unwrap_or_default());
        }
    }

    /// The previous kept value of column `k` (0 = the value column, `k` = feature `k − 1`).
    fn previous(&self, k: usize) -> Option<f64> {
        match k {
            0 => self.values.last().copied(),
            k => self.features[k - 1].last().copied(),
        }
    }

    /// The note on what `policy` did with the missing cells (none when there were none).
    pub fn missing_note(&self, policy: MissingPolicy) -> Option<String> {
        let (missing, leading_dropped) = (self.missing, self.leading_dropped);
        if missing == 0 {
            return None;
        }
        Some(match policy {
            MissingPolicy::Drop => format!("{missing} missing value(s) dropped"),
            _ if leading_dropped > 0 => format!(
                "{missing} missing value(s): {} filled forward, {leading_dropped} leading one(s) dropped (nothing before them)",
                missing - leading_dropped
            ),
            _ => format!("{missing} missing value(s) filled forward"),
        })
    }
}

impl Table<'_> {
    /// Reads the value column, the `feature_cols` and the date column's labels row by row,
    /// applying `policy` to missing cells of the value and feature columns. Errors on a row too
    /// short to have a column, a missing cell under [`MissingPolicy::Error`], a cell that is not
    /// a finite number, and no row left at all.
    pub(super) fn read_values(
        &self,
        value_col: usize,
        feature_cols: &[usize],
        date_col: Option<usize>,
        policy: MissingPolicy,
        delimiter: u8,
    ) -> Result<ReadValues, PipelineError> {
        let n = self.records.len();
        let mut read = ReadValues {
            values: Vec::with_capacity(n),
            features: vec![Vec::with_capacity(n); feature_cols.len()],
            dates: date_col.map(|_| Vec::with_capacity(n)),
            rows: Vec::with_capacity(n),
            missing: 0,
            leading_dropped: 0,
        };
        let columns: Vec<usize> = std::iter::once(value_col)
            .chain(feature_cols.iter().copied())
            .collect();
        let mut row_values = vec![0.0; columns.len()];
        let first_date = date_col.map(|d| self.date_label(&self.records[0], d));
        'rows: for r in &self.records {
            self.check_extra_cells(r)?;
            if let (Some(d), Some(first)) = (date_col, first_date) {
                self.check_date_label(r, d, first)?;
            }
            let mut leading = false;
            for (k, &col) in columns.iter().enumerate() {
                let Some(cell) = r.cells.get(col) else {
                    return Err(PipelineError::ShortRow {
                        source: self.source.to_string(),
                        row: r.line,
                        fields: r.cells.len(),
                        column: self.column_ref(col),
                    });
                };
                if is_missing(cell) {
                    read.missing += 1;
                    match self.fill_missing(policy, read.previous(k), r, col)? {
                        Some(v) => row_values[k] = v,
                        None if policy == MissingPolicy::Ffill => leading = true,
                        None => continue 'rows,
                    }
                } else {
                    row_values[k] = self.parse_value(cell, r, col, delimiter)?;
                }
            }
            if leading {
                read.leading_dropped += 1;
                continue;
            }
            read.push(row_values[0], &row_values[1..], r, date_col);
        }
        if read.values.is_empty() {
            let (column, missing) = (self.column_ref(value_col), read.missing);
            let why = match policy {
                MissingPolicy::Drop => "dropped",
                _ => "with nothing to fill from",
            };
            let message = format!("{column} has no values left ({missing} missing cell(s) {why})");
            return Err(PipelineError::Malformed {
                source: self.source.to_string(),
                row: None,
                message,
            });
        }
        Ok(read)
    }

    /// The trimmed date label of record `r` in the date column `d` (empty when the row is short).
    fn date_label<'r>(&self, r: &'r Rec, d: usize) -> &'r str {
        r.cells.get(d).map_or("", |c| c.trim())
    }

    /// Refuses a record with more cells than the header when an extra one holds something: its
    /// values would be silently ignored (empty extra cells, as from a trailing delimiter, pass).
    fn check_extra_cells(&self, r: &Rec) -> Result<(), PipelineError> {
        let Some(header) = &self.header else {
            return Ok(());
        };
        let Some(extra) = r
            .cells
            .iter()
            .skip(header.len())
            .find(|c| !c.trim().is_empty())
        else {
            return Ok(());
        };
        Err(PipelineError::Malformed {
            source: self.source.to_string(),
            row: Some(r.line),
            message: format!(
                "{} fields but the header has {} (extra cell '{}'); remove the extra cells or name their column in the header",
                r.cells.len(),
                header.len(),
                short_quote(extra.trim())
            ),
        })
    }

    /// Refuses a record whose date label has no digit when the first record's has one: a
    /// summary line such as `Total,6000` is not a data point.
    fn check_date_label(&self, r: &Rec, d: usize, first: &str) -> Result<(), PipelineError> {
        let label = self.date_label(r, d);
        let has_digit = |s: &str| s.chars().any(|c| c.is_ascii_digit());
        if label.is_empty() || has_digit(label) || !has_digit(first) {
            return Ok(());
        }
        Err(PipelineError::Malformed {
            source: self.source.to_string(),
            row: Some(r.line),
            message: format!(
                "the date column '{}' holds '{}', not a date like the first row's '{}'; a summary line (a total, a note) is not data: remove it",
                self.names[d],
                short_quote(label),
                short_quote(first)
            ),
        })
    }

    /// The missing-value policy on a missing cell of record `r`: an error, the value to use
    /// (the previous one, filling forward), or `None` to drop the row.
    fn fill_missing(
        &self,
        policy: MissingPolicy,
        previous: Option<f64>,
        r: &Rec,
        col: usize,
    ) -> Result<Option<f64>, PipelineError> {
        match policy {
            MissingPolicy::Error => Err(PipelineError::Missing {
                source: self.source.to_string(),
                row: r.line,
                column: self.column_ref(col),
            }),
            MissingPolicy::Drop => Ok(None),
            MissingPolicy::Ffill => Ok(previous),
        }
    }

    /// A present cell of record `r` in column `col` as a finite number, or the error naming it.
    fn parse_value(
        &self,
        cell: &str,
        r: &Rec,
        col: usize,
        delimiter: u8,
    ) -> Result<f64, PipelineError> {
        match parse_number(cell, delimiter) {
            Some(v) if v.is_finite() => Ok(v),
            Some(_) => Err(PipelineError::NonFinite {
                source: self.source.to_string(),
                row: r.line,
                column: self.column_ref(col),
                value: short_quote(cell.trim()),
            }),
            None => match thousands_hint(cell, delimiter) {
                Some(hint) => Err(PipelineError::Malformed {
                    source: self.source.to_string(),
                    row: Some(r.line),
                    message: format!(
                        "{}: '{}' is not a number{hint}",
                        self.column_ref(col),
                        short_quote(cell.trim())
                    ),
                }),
                None => Err(PipelineError::NonNumeric {
                    source: self.source.to_string(),
                    row: r.line,
                    column: self.column_ref(col),
                    value: short_quote(cell.trim()),
                }),
            },
        }
    }
}
