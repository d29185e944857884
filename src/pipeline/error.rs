//! The one error type of the data pipeline. Every variant says what went wrong and where
//! (source, row as the 1-based line the user sees in the file, column name and index, config field),
//! so the CLI can print it on one line and the browser can show it beside the offending input.

use std::fmt;

/// A column as the user knows it: its header name (if the file has one) and its 0-based index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnRef {
    /// Header name, or `None` for a file without a header.
    pub name: Option<String>,
    /// 0-based position in the row.
    pub index: usize,
}

impl fmt::Display for ColumnRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.name {
            Some(n) => write!(f, "column '{}' (index {})", n, self.index),
            None => write!(f, "column {}", self.index),
        }
    }
}

/// Everything that can go wrong between a CSV file and training windows.
#[derive(Clone, Debug, PartialEq)]
pub enum PipelineError {
    /// The input holds no bytes (or only whitespace).
    EmptyInput {
        /// Where the data came from (file name or dataset).
        source: String,
    },
    /// The input has a header row and nothing else.
    HeaderOnly {
        /// Where the data came from (file name or dataset).
        source: String,
        /// The header row.
        header: Vec<String>,
    },
    /// The bytes are not valid UTF-8 or the CSV structure is broken.
    Malformed {
        /// Where the data came from (file name or dataset).
        source: String,
        /// The 1-based file line.
        row: Option<u64>,
        /// What the parser or check said.
        message: String,
    },
    /// A row has fewer fields than the selected column needs.
    ShortRow {
        /// Where the data came from (file name or dataset).
        source: String,
        /// The 1-based file line.
        row: u64,
        /// How many fields the row has.
        fields: usize,
        /// The column in question.
        column: ColumnRef,
    },
    /// A cell of the selected column is not a number.
    NonNumeric {
        /// Where the data came from (file name or dataset).
        source: String,
        /// The 1-based file line.
        row: u64,
        /// The column in question.
        column: ColumnRef,
        /// The offending cell, as read.
        value: String,
    },
    /// A cell of the selected column is NaN or infinite.
    NonFinite {
        /// Where the data came from (file name or dataset).
        source: String,
        /// The 1-based file line.
        row: u64,
        /// The column in question.
        column: ColumnRef,
        /// The offending cell, as read.
        value: String,
    },
    /// A cell is missing and the missing-value policy is `error`.
    Missing {
        /// Where the data came from (file name or dataset).
        source: String,
        /// The 1-based file line.
        row: u64,
        /// The column in question.
        column: ColumnRef,
    },
    /// The requested column does not exist.
    UnknownColumn {
        /// Where the data came from (file name or dataset).
        source: String,
        /// The column asked for.
        requested: String,
        /// What there is to choose from.
        available: Vec<String>,
    },
    /// A covariate asked for by the `features` key (or a model file) is not in the data.
    MissingFeature {
        /// Where the data came from (file name or dataset).
        source: String,
        /// The feature asked for (short-quoted).
        feature: String,
        /// What there is to choose from.
        available: Vec<String>,
    },
    /// No column holds numbers, so there is nothing to forecast.
    NoNumericColumn {
        /// Where the data came from (file name or dataset).
        source: String,
        /// What there is to choose from.
        available: Vec<String>,
    },
    /// The built-in dataset name is not known.
    UnknownDataset {
        /// The name given.
        name: String,
        /// The known names.
        known: Vec<String>,
    },
    /// A row filter (e.g. the stock `symbol`) matched no row.
    NoMatchingRows {
        /// Where the data came from (file name or dataset).
        source: String,
        /// The column in question.
        column: String,
        /// The offending cell, as read.
        value: String,
        /// What there is to choose from.
        available: Vec<String>,
    },
    /// A configuration value is out of range (`field` is the shared vocabulary key).
    InvalidConfig {
        /// The configuration key.
        field: String,
        /// What the parser or check said.
        message: String,
    },
    /// The series is too short for the window, horizon and splits.
    TooShort {
        /// Points available.
        have: usize,
        /// Points needed.
        need: usize,
        /// How `need` was counted.
        detail: String,
    },
    /// Log returns need strictly positive values.
    NonPositive {
        /// Where the data came from (file name or dataset).
        source: String,
        /// The 1-based file line.
        row: u64,
        /// The non-positive value.
        value: f64,
    },
    /// Values given to a scaler or metric are unusable (empty, non-finite, mismatched lengths).
    InvalidValues {
        /// What the values are (for messages).
        what: String,
        /// What the parser or check said.
        message: String,
    },
}

impl fmt::Display for PipelineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use PipelineError::*;
        match self {
            EmptyInput { source } => write!(f, "{source}: the file is empty (no rows at all)"),
            HeaderOnly { source, header } => write!(
                f,
                "{source}: the file has a header row ({}) but no data rows",
                header.join(", ")
            ),
            Malformed { source, row: Some(r), message } => write!(f, "{source}: row {r}: {message}"),
            Malformed { source, row: None, message } => write!(f, "{source}: {message}"),
            ShortRow { source, row, fields, column } => write!(
                f,
                "{source}: row {row} has only {fields} field(s), so {column} is absent"
            ),
            NonNumeric { source, row, column, value } => write!(
                f,
                "{source}: row {row}, {column}: '{value}' is not a number"
            ),
            NonFinite { source, row, column, value } => write!(
                f,
                "{source}: row {row}, {column}: '{value}' is not a finite number \
                 (leave the cell empty to mark a missing value)"
            ),
            Missing { source, row, column } => write!(
                f,
                "{source}: row {row}, {column}: missing value (set missing to drop or ffill to accept gaps)"
            ),
            UnknownColumn { source, requested, available } => write!(
                f,
                "{source}: no column '{requested}'; available columns: {}",
                available.join(", ")
            ),
            MissingFeature { source, feature, available } => write!(
                f,
                "{source}: no column '{feature}' for feature '{feature}' (config field `features`); \
                 available columns: {}",
                available.join(", ")
            ),
            NoNumericColumn { source, available } => write!(
                f,
                "{source}: no numeric column found among: {}",
                available.join(", ")
            ),
            UnknownDataset { name, known } => write!(
                f,
                "unknown dataset '{name}'; built-in datasets: {}",
                known.join(", ")
            ),
            NoMatchingRows { source, column, value, available } => write!(
                f,
                "{source}: no row has {column} = '{value}'; available: {}",
                available.join(", ")
            ),
            InvalidConfig { field, message } => write!(f, "invalid {field}: {message}"),
            TooShort { have, need, detail } => write!(
                f,
                "series too short: it has {have} points but {detail} needs at least {need}"
            ),
            NonPositive { source, row, value } => write!(
                f,
                "{source}: row {row}: value {value} is not positive, so log returns are undefined \
                 (use transform diff or none)"
            ),
            InvalidValues { what, message } => write!(f, "{what}: {message}"),
        }
    }
}

impl std::error::Error for PipelineError {}

impl PipelineError {
    /// Shorthand for [`PipelineError::InvalidConfig`].
    pub fn config(field: &str, message: impl Into<String>) -> Self {
        PipelineError::InvalidConfig {
            field: field.to_string(),
            message: message.into(),
        }
    }

    /// The 1-based file row the error points at, if any (for highlighting in a UI).
    pub fn row(&self) -> Option<u64> {
        use PipelineError::*;
        match self {
            Malformed { row, .. } => *row,
            ShortRow { row, .. } | NonNumeric { row, .. } | NonFinite { row, .. } => Some(*row),
            Missing { row, .. } | NonPositive { row, .. } => Some(*row),
            _ => None,
        }
    }

    /// The column the error is about, if any (for highlighting in a UI).
    pub fn column(&self) -> Option<&ColumnRef> {
        use PipelineError::*;
        match self {
            ShortRow { column, .. } | NonNumeric { column, .. } => Some(column),
            NonFinite { column, .. } | Missing { column, .. } => Some(column),
            _ => None,
        }
    }

    /// The configuration key (shared vocabulary) the error is about, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            PipelineError::InvalidConfig { field, .. } => Some(field),
            PipelineError::UnknownColumn { .. } => Some("column"),
            PipelineError::MissingFeature { .. } => Some("features"),
            PipelineError::UnknownDataset { .. } => Some("dataset"),
            PipelineError::NoMatchingRows { .. } => Some("symbol"),
            PipelineError::TooShort { .. } => Some("window"),
            PipelineError::NonPositive { .. } => Some("transform"),
            PipelineError::Missing { .. } => Some("missing"),
            _ => None,
        }
    }
}
