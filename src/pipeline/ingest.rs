//! CSV ingest with the `csv` crate: detects the delimiter (comma, semicolon, tab) and the header,
//! accepts a UTF-8 BOM, CRLF line ends and quoted fields, picks the value column, keeps a
//! date/time column as strings for plotting, and applies the missing-value policy.
//!
//! Rows in messages are the 1-based line numbers of the file as a text editor shows them (a
//! quoted field spanning lines counts from its record's first line).
//!
//! - **Header**: the first record is a header when none of its cells is a number and either
//!   none is empty or a named column holds numbers below (pandas' `,close` with an unnamed index).
//! - **Delimiter**: the first of tab, semicolon, comma that splits the first 50 records into the
//!   same number (≥ 2) of fields; otherwise the one giving the most fields; otherwise comma.
//! - **Numbers** (`number.rs`): Rust's `f64` syntax (`1.5`, `-2e3`); with a semicolon or tab delimiter a single
//!   decimal comma (`1234,5`) is accepted too. With a comma delimiter a quoted number with
//!   thousands separators (`"1,234.5"`, matching `-?\d{1,3}(,\d{3})+(\.\d+)?`) is read as
//!   1234.5; other thousands separators are refused with a message saying what to change.
//!   `NaN`/`inf` are rejected as non-finite.
//! - **Quoting**: a message quotes at most a short prefix of a cell or name
//!   ([`short_quote`]), however long the cell.
//! - **Missing**: an empty cell, or `NA`, `N/A`, `null`, `None` (any case). The policy applies
//!   to the value column and every feature column alike (`ingest/rows.rs`).
//! - **Feature columns** (`features`, covariates): each named like the value column (header name,
//!   case-insensitive, or 0-based index); one that is not there is an error naming it.
//! - **Value column**: the requested one (header name, case-insensitive, or 0-based index);
//!   otherwise the first of `close`, `adj close`, `adjclose`, `price`, `value`; otherwise the
//!   last numeric column. The choice is reported in [`Series::notes`].
//! - **Date column**: a column named `date`, `datetime`, `time`, `timestamp`, `day`, `month`,
//!   `period` or `year`, else the first non-numeric column whose first cell has a digit and a
//!   date separator (`-`, `/`, `:`, `.`, space).

mod rows;

use super::number::{is_missing, parse_number};
use super::series::Covariate;
use super::{ColumnRef, PipelineError, Series};
use crate::vocab::short_quote;

crate::choice_enum! {
    /// What to do with a missing cell in the value column (the `missing` key).
    #[derive(Default)]
    pub enum MissingPolicy for "missing" {
        /// Stop with an error naming the row (default).
        #[default]
        Error = "error", "Report an error";
        /// Drop the row (its date too).
        Drop = "drop", "Drop the row";
        /// Repeat the previous value; leading missing cells, with nothing before them, are dropped.
        Ffill = "ffill", "Forward fill";
    }
}

/// How to read one CSV text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CsvOptions {
    /// Name used in messages (usually the file name).
    pub source: String,
    /// Value column: header name (case-insensitive) or 0-based index; `None` picks one.
    pub column: Option<String>,
    /// Missing-value policy.
    pub missing: MissingPolicy,
    /// Force the delimiter instead of detecting it.
    pub delimiter: Option<u8>,
    /// Force whether the first record is a header instead of detecting it.
    pub has_header: Option<bool>,
    /// Keep only rows whose column (name or index) equals the value, case-insensitively
    /// (e.g. `("symbol", "AAPL")` for a long-format file of several series).
    pub filter: Option<(String, String)>,
    /// Extra input columns (covariates) to read beside the value column, by header name
    /// (case-insensitive) or 0-based index.
    pub features: Vec<String>,
}

impl CsvOptions {
    /// Options with a source name and everything else detected.
    pub fn new(source: &str) -> Self {
        CsvOptions {
            source: source.to_string(),
            ..CsvOptions::default()
        }
    }
}

/// Header names picked as the value column, in order of preference (any case).
const VALUE_NAMES: [&str; 5] = ["close", "adj close", "adjclose", "price", "value"];
/// Header names taken for the date column (any case).
const DATE_NAMES: [&str; 8] = [
    "date",
    "datetime",
    "time",
    "timestamp",
    "day",
    "month",
    "period",
    "year",
];

/// Reads raw bytes: rejects UTF-16 and invalid UTF-8 with the row of the first bad byte.
pub fn read_csv_bytes(bytes: &[u8], opts: &CsvOptions) -> Result<Series, PipelineError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(PipelineError::Malformed {
            source: opts.source.clone(),
            row: None,
            message: "the file is UTF-16 encoded; save it as UTF-8".to_string(),
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => read_csv(text, opts),
        Err(e) => {
            let at = e.valid_up_to();
            let row = bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
            Err(PipelineError::Malformed {
                source: opts.source.clone(),
                row: Some(row),
                message: format!("invalid UTF-8 at byte {at}; save the file as UTF-8"),
            })
        }
    }
}

/// One parsed record with the file line it starts on.
struct Rec {
    /// 1-based file line of the record's start.
    line: u64,
    /// The record's fields, untrimmed.
    cells: Vec<String>,
}

/// Up to `limit` non-blank records of `text` split by `delimiter`; CSV errors name their row.
fn parse_records(
    text: &str,
    delimiter: u8,
    limit: usize,
    source: &str,
) -> Result<Vec<Rec>, PipelineError> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    // The csv crate's own line count goes wrong after a CRLF followed by a blank line (`a\r\n\nb`
    // puts `b` on line 1), so lines are counted here from the records' byte offsets.
    let (mut counted_to, mut lines) = (0usize, 1u64);
    for r in rdr.records() {
        let r = r.map_err(|e| {
            let row = e.position().map(|p| p.line());
            PipelineError::Malformed {
                source: source.to_string(),
                row,
                message: csv_message(&e),
            }
        })?;
        let start = r
            .position()
            .map_or(0, |p| p.byte() as usize)
            .min(text.len());
        // The offset may point at the end of the previous line: skip to the record's text.
        let start = start
            + text.as_bytes()[start..]
                .iter()
                .take_while(|&&b| b == b'\r' || b == b'\n')
                .count();
        if start > counted_to {
            lines += text.as_bytes()[counted_to..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            counted_to = start;
        }
        let line = lines;
        let cells: Vec<String> = r.iter().map(|c| c.to_string()).collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        out.push(Rec { line, cells });
        if out.len() >= limit {
            break;
        }
    }
    Ok(out)
}

/// A `csv` error as the user should read it.
fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "invalid UTF-8; save the file as UTF-8".to_string(),
        csv::ErrorKind::Io(io) => format!("read error: {io}"),
        _ => crate::vocab::shorten_quotes(&e.to_string()),
    }
}

/// The delimiter rule of the module doc.
fn detect_delimiter(text: &str) -> u8 {
    let mut best = (b',', 1usize);
    for d in [b'\t', b';', b','] {
        let Ok(recs) = parse_records(text, d, 50, "") else {
            continue;
        };
        let counts: Vec<usize> = recs.iter().map(|r| r.cells.len()).collect();
        let Some(&first) = counts.first() else {
            continue;
        };
        if first >= 2 && counts.iter().all(|&c| c == first) {
            return d;
        }
        let min = counts.iter().copied().min().unwrap_or(1);
        if min > best.1 {
            best = (d, min);
        }
    }
    best.0
}

/// A delimiter as messages name it (`comma`, `semicolon`, `tab`, else quoted).
fn delimiter_name(d: u8) -> String {
    match d {
        b',' => "comma".to_string(),
        b';' => "semicolon".to_string(),
        b'\t' => "tab".to_string(),
        other => format!("'{}'", other as char),
    }
}

/// The header rule: no cell of the first record is a number, and either every cell is filled
/// (`date,close`) or some named column holds numbers further down (`,close` as written by pandas
/// with an unnamed index column). A first data row such as `2020-01-01,NA` is therefore not
/// mistaken for a header.
fn detect_header(records: &[Rec], delimiter: u8) -> bool {
    let num = |c: &str| parse_number(c, delimiter);
    let first = &records[0].cells;
    if first.iter().any(|c| num(c).is_some()) {
        return false;
    }
    if first.iter().all(|c| !is_missing(c)) {
        return true;
    }
    first.iter().enumerate().any(|(i, c)| {
        !is_missing(c)
            && records[1..]
                .iter()
                .take(20)
                .any(|r| r.cells.get(i).is_some_and(|v| num(v).is_some()))
    })
}

/// Reads a CSV text into a [`Series`] (see the module doc for every rule).
///
/// The steps, each of which may stop with an error: parse the records, split off the header,
/// filter the rows, pick the columns, read the values under the missing-value policy.
pub fn read_csv(text: &str, opts: &CsvOptions) -> Result<Series, PipelineError> {
    let source = if opts.source.is_empty() {
        "input"
    } else {
        opts.source.as_str()
    };
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let (delimiter, records) = parse_all_records(text, opts.delimiter, source)?;
    let has_header = opts
        .has_header
        .unwrap_or_else(|| detect_header(&records, delimiter));
    let header_note = if has_header {
        "header row found"
    } else {
        "no header row"
    };
    let mut notes = vec![format!(
        "{source}: {} delimiter, {header_note}",
        delimiter_name(delimiter)
    )];
    let mut table = Table::new(source, records, has_header)?;
    let filter_col = match &opts.filter {
        Some((column, value)) => Some(table.keep_matching_rows(column, value, &mut notes)?),
        None => None,
    };
    let numeric = table.numeric_columns(delimiter);
    let value_col = table.value_column(opts.column.as_deref(), &numeric, filter_col, &mut notes)?;
    let feature_cols = table.feature_columns(&opts.features, value_col)?;
    let date_col = table
        .pick_date_column(&numeric, value_col, filter_col)
        .filter(|d| !feature_cols.contains(d));
    if let Some(d) = date_col {
        notes.push(format!("date column '{}' (index {d})", table.names[d]));
    }
    if !feature_cols.is_empty() {
        let names: Vec<&str> = feature_cols
            .iter()
            .map(|&i| table.names[i].as_str())
            .collect();
        notes.push(format!("feature column(s): {}", names.join(", ")));
    }
    let read = table.read_values(value_col, &feature_cols, date_col, opts.missing, delimiter)?;
    if let Some(note) = read.missing_note(opts.missing) {
        notes.push(note);
    }
    Ok(Series {
        source: source.to_string(),
        column: table.names[value_col].clone(),
        values: read.values,
        dates: read.dates,
        rows: read.rows,
        missing: read.missing,
        notes,
        warnings: Vec::new(),
        features: feature_cols
            .iter()
            .zip(read.features)
            .map(|(&i, values)| Covariate {
                name: table.feature_name(i),
                values,
            })
            .collect(),
        numeric_columns: (0..table.width)
            .filter(|&i| numeric[i] && Some(i) != filter_col)
            .map(|i| table.feature_name(i))
            .collect(),
    })
}

/// Every non-blank record of `text` (BOM already stripped) with the delimiter it was split by:
/// `forced`, or the detected one. Errors on an empty text and on malformed CSV.
fn parse_all_records(
    text: &str,
    forced: Option<u8>,
    source: &str,
) -> Result<(u8, Vec<Rec>), PipelineError> {
    let empty = || PipelineError::EmptyInput {
        source: source.to_string(),
    };
    if text.trim().is_empty() {
        return Err(empty());
    }
    let delimiter = match forced {
        Some(d) => d,
        None => detect_delimiter(text),
    };
    let records = parse_records(text, delimiter, usize::MAX, source)?;
    if records.is_empty() {
        return Err(empty());
    }
    Ok((delimiter, records))
}

/// The data records with the header split off, and the column names.
struct Table<'a> {
    /// Name used in messages.
    source: &'a str,
    /// The header's cells, trimmed (none without a header row).
    header: Option<Vec<String>>,
    /// A name per column: the header's, or `column {i}` where it has none.
    names: Vec<String>,
    /// Number of columns: the widest data record or the header, whichever is wider.
    width: usize,
    /// The data records (at least one).
    records: Vec<Rec>,
}

impl<'a> Table<'a> {
    /// Splits the header off `records` (when `has_header`) and names the columns. Errors when
    /// no data record is left.
    fn new(
        source: &'a str,
        mut records: Vec<Rec>,
        has_header: bool,
    ) -> Result<Self, PipelineError> {
        let header: Option<Vec<String>> = has_header.then(|| {
            records
                .remove(0)
                .cells
                .iter()
                .map(|c| c.trim().to_string())
                .collect()
        });
        if records.is_empty() {
            let header = header.unwrap_or_default();
            return Err(PipelineError::HeaderOnly {
                source: source.to_string(),
                header: header.iter().map(|h| short_quote(h)).collect(),
            });
        }
        let width = records.iter().map(|r| r.cells.len()).max().unwrap_or(0);
        let width = width.max(header.as_ref().map_or(0, |h| h.len()));
        let names = (0..width)
            .map(|i| match &header {
                Some(h) if i < h.len() && !h[i].is_empty() => short_quote(&h[i]),
                _ => format!("column {i}"),
            })
            .collect();
        Ok(Table {
            source,
            header,
            names,
            width,
            records,
        })
    }

    /// Column `i` as messages name it: its header name (if any) and index.
    fn column_ref(&self, i: usize) -> ColumnRef {
        ColumnRef {
            name: self
                .header
                .as_ref()
                .and_then(|h| h.get(i))
                .filter(|n| !n.is_empty())
                .map(|n| short_quote(n)),
            index: i,
        }
    }

    /// The column a user names: a header name (case-insensitive) or a 0-based index.
    fn resolve(&self, want: &str) -> Result<usize, PipelineError> {
        let w = want.trim();
        if let Some(h) = &self.header {
            if let Some(i) = h.iter().position(|n| n.eq_ignore_ascii_case(w)) {
                return Ok(i);
            }
        }
        match w.parse::<usize>() {
            Ok(i) if i < self.width => Ok(i),
            _ => Err(PipelineError::UnknownColumn {
                source: self.source.to_string(),
                requested: short_quote(w),
                available: self
                    .names
                    .iter()
                    .enumerate()
                    .map(|(i, n)| match self.header {
                        Some(_) => format!("{n} ({i})"),
                        None => i.to_string(),
                    })
                    .collect(),
            }),
        }
    }

    /// The columns of the `features` key, in order. Errors name a feature that is not there, or
    /// one that is the value column itself.
    fn feature_columns(
        &self,
        features: &[String],
        value_col: usize,
    ) -> Result<Vec<usize>, PipelineError> {
        let mut out = Vec::with_capacity(features.len());
        for f in features {
            let i = self.resolve(f).map_err(|e| match e {
                PipelineError::UnknownColumn {
                    source,
                    requested,
                    available,
                } => PipelineError::MissingFeature {
                    source,
                    feature: requested,
                    available,
                },
                other => other,
            })?;
            if i == value_col {
                return Err(PipelineError::config(
                    "features",
                    format!(
                        "'{}' is the value column (the target); a feature must be another column",
                        short_quote(f.trim())
                    ),
                ));
            }
            if !out.contains(&i) {
                out.push(i);
            }
        }
        Ok(out)
    }

    /// How a model file names feature column `i`: its header name, or its index without a
    /// header (either resolves to the same column again).
    fn feature_name(&self, i: usize) -> String {
        match &self.header {
            Some(h) if h.get(i).is_some_and(|n| !n.is_empty()) => h[i].clone(),
            _ => i.to_string(),
        }
    }

    /// The row filter (long-format files such as stocks.csv): keeps the records whose `column`
    /// equals `value` (trimmed, case-insensitive) and returns the column. Errors when the column
    /// is unknown or no row matches.
    fn keep_matching_rows(
        &mut self,
        column: &str,
        value: &str,
        notes: &mut Vec<String>,
    ) -> Result<usize, PipelineError> {
        let fc = self.resolve(column)?;
        let before = self.records.len();
        // The column's distinct values, kept sorted (for the message when nothing matches).
        let mut available: Vec<String> = Vec::new();
        self.records.retain(|r| {
            let cell = r.cells.get(fc).map(|c| c.trim()).unwrap_or("");
            let cell_quote = short_quote(cell);
            if let Err(at) = available.binary_search_by(|a| a.as_str().cmp(&cell_quote)) {
                available.insert(at, cell_quote);
            }
            cell.eq_ignore_ascii_case(value.trim())
        });
        if self.records.is_empty() {
            available.truncate(30);
            return Err(PipelineError::NoMatchingRows {
                source: self.source.to_string(),
                column: self.names[fc].clone(),
                value: short_quote(value),
                available,
            });
        }
        notes.push(format!(
            "kept {} of {} rows where {} = {}",
            self.records.len(),
            before,
            self.names[fc],
            short_quote(value.trim())
        ));
        Ok(fc)
    }

    /// Which columns hold numbers: at least half of the non-missing cells among the first 200
    /// rows.
    fn numeric_columns(&self, delimiter: u8) -> Vec<bool> {
        let sample = &self.records[..self.records.len().min(200)];
        (0..self.width)
            .map(|i| {
                let cells: Vec<&str> = sample
                    .iter()
                    .filter_map(|r| r.cells.get(i).map(|c| c.as_str()))
                    .filter(|c| !is_missing(c))
                    .collect();
                let good = cells
                    .iter()
                    .filter(|c| parse_number(c, delimiter).is_some())
                    .count();
                !cells.is_empty() && 2 * good >= cells.len()
            })
            .collect()
    }

    /// The value column: the `requested` one; else the first of [`VALUE_NAMES`] in the header,
    /// else the last numeric column other than the filter's.
    fn value_column(
        &self,
        requested: Option<&str>,
        numeric: &[bool],
        filter_col: Option<usize>,
        notes: &mut Vec<String>,
    ) -> Result<usize, PipelineError> {
        if let Some(requested) = requested {
            let i = self.resolve(requested)?;
            let name = &self.names[i];
            notes.push(format!("value column '{name}' (index {i}), as requested"));
            return Ok(i);
        }
        let by_name = self.header.as_ref().and_then(|h| {
            VALUE_NAMES
                .iter()
                .find_map(|want| h.iter().position(|n| n.eq_ignore_ascii_case(want)))
        });
        let picked = by_name.map(|i| (i, "its name")).or_else(|| {
            (0..self.width)
                .rev()
                .find(|&i| numeric[i] && Some(i) != filter_col)
                .map(|i| (i, "last numeric column"))
        });
        let Some((i, why)) = picked else {
            return Err(PipelineError::NoNumericColumn {
                source: self.source.to_string(),
                available: self.names.clone(),
            });
        };
        let name = &self.names[i];
        notes.push(format!("picked value column '{name}' (index {i}): {why}"));
        Ok(i)
    }

    /// The date column, if any, among the columns other than the value and filter ones: the
    /// first named as in [`DATE_NAMES`], else the first non-numeric one whose first cell has a
    /// digit and a date separator.
    fn pick_date_column(
        &self,
        numeric: &[bool],
        value_col: usize,
        filter_col: Option<usize>,
    ) -> Option<usize> {
        let candidates = (0..self.width).filter(|&i| i != value_col && Some(i) != filter_col);
        let by_name = self.header.as_ref().and_then(|h| {
            candidates.clone().find(|&i| {
                h.get(i)
                    .is_some_and(|n| DATE_NAMES.iter().any(|d| n.eq_ignore_ascii_case(d)))
            })
        });
        by_name.or_else(|| {
            candidates.clone().find(|&i| {
                let first = self.records[0].cells.get(i).map(|c| c.trim()).unwrap_or("");
                !numeric[i]
                    && first.chars().any(|c| c.is_ascii_digit())
                    && first.chars().any(|c| "-/:. ".contains(c))
            })
        })
    }
}
