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
//! - **Numbers**: Rust's `f64` syntax (`1.5`, `-2e3`); with a semicolon or tab delimiter a single
//!   decimal comma (`1234,5`) is accepted too. `NaN`/`inf` are rejected as non-finite.
//! - **Missing**: an empty cell, or `NA`, `N/A`, `null`, `None` (any case).
//! - **Value column**: the requested one (header name, case-insensitive, or 0-based index);
//!   otherwise the first of `close`, `adj close`, `adjclose`, `price`, `value`; otherwise the
//!   last numeric column. The choice is reported in [`Series::notes`].
//! - **Date column**: a column named `date`, `datetime`, `time`, `timestamp`, `day`, `month`,
//!   `period` or `year`, else the first non-numeric column whose first cell has a digit and a
//!   date separator (`-`, `/`, `:`, `.`, space).

use super::{ColumnRef, PipelineError, Series};

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

const MISSING_TOKENS: [&str; 5] = ["", "na", "n/a", "null", "none"];
const VALUE_NAMES: [&str; 5] = ["close", "adj close", "adjclose", "price", "value"];
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

fn is_missing(cell: &str) -> bool {
    let t = cell.trim();
    MISSING_TOKENS.iter().any(|m| t.eq_ignore_ascii_case(m))
}

/// Parses one cell as a number (see the module doc). `Ok` may be non-finite.
fn parse_number(cell: &str, delimiter: u8) -> Option<f64> {
    let t = cell.trim();
    if t.is_empty() {
        return None;
    }
    if let Ok(v) = t.parse::<f64>() {
        return Some(v);
    }
    if delimiter != b',' && t.matches(',').count() == 1 && !t.contains('.') {
        return t.replace(',', ".").parse::<f64>().ok();
    }
    None
}

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
    line: u64,
    cells: Vec<String>,
}

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
    for r in rdr.records() {
        let r = r.map_err(|e| {
            let row = e.position().map(|p| p.line());
            PipelineError::Malformed {
                source: source.to_string(),
                row,
                message: csv_message(&e),
            }
        })?;
        let line = r.position().map(|p| p.line()).unwrap_or(0);
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

fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "invalid UTF-8; save the file as UTF-8".to_string(),
        csv::ErrorKind::Io(io) => format!("read error: {io}"),
        _ => e.to_string(),
    }
}

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
fn detect_header(records: &[Rec], num: &dyn Fn(&str) -> Option<f64>) -> bool {
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
pub fn read_csv(text: &str, opts: &CsvOptions) -> Result<Series, PipelineError> {
    let source = if opts.source.is_empty() {
        "input"
    } else {
        opts.source.as_str()
    };
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(PipelineError::EmptyInput {
            source: source.to_string(),
        });
    }
    let delimiter = match opts.delimiter {
        Some(d) => d,
        None => detect_delimiter(text),
    };
    let mut records = parse_records(text, delimiter, usize::MAX, source)?;
    if records.is_empty() {
        return Err(PipelineError::EmptyInput {
            source: source.to_string(),
        });
    }
    let num = |c: &str| parse_number(c, delimiter);
    let has_header = opts
        .has_header
        .unwrap_or_else(|| detect_header(&records, &num));
    let mut notes = vec![format!(
        "{}: {} delimiter, {}",
        source,
        delimiter_name(delimiter),
        if has_header {
            "header row found"
        } else {
            "no header row"
        }
    )];
    let header: Option<Vec<String>> = has_header.then(|| {
        records
            .remove(0)
            .cells
            .iter()
            .map(|c| c.trim().to_string())
            .collect()
    });
    let width = records.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    if records.is_empty() {
        return Err(PipelineError::HeaderOnly {
            source: source.to_string(),
            header: header.unwrap_or_default(),
        });
    }
    let width = width.max(header.as_ref().map_or(0, |h| h.len()));
    let names: Vec<String> = (0..width)
        .map(|i| match &header {
            Some(h) if i < h.len() && !h[i].is_empty() => h[i].clone(),
            _ => format!("column {i}"),
        })
        .collect();
    let col_ref = |i: usize| ColumnRef {
        name: header
            .as_ref()
            .and_then(|h| h.get(i))
            .filter(|n| !n.is_empty())
            .cloned(),
        index: i,
    };
    let resolve = |want: &str| -> Result<usize, PipelineError> {
        let w = want.trim();
        if let Some(h) = &header {
            if let Some(i) = h.iter().position(|n| n.eq_ignore_ascii_case(w)) {
                return Ok(i);
            }
        }
        match w.parse::<usize>() {
            Ok(i) if i < width => Ok(i),
            _ => Err(PipelineError::UnknownColumn {
                source: source.to_string(),
                requested: w.to_string(),
                available: names
                    .iter()
                    .enumerate()
                    .map(|(i, n)| {
                        if header.is_some() {
                            format!("{n} ({i})")
                        } else {
                            i.to_string()
                        }
                    })
                    .collect(),
            }),
        }
    };

    // Row filter (long-format files such as stocks.csv).
    let mut filter_col = None;
    if let Some((fcol, fval)) = &opts.filter {
        let fc = resolve(fcol)?;
        filter_col = Some(fc);
        let before = records.len();
        // The column's distinct values, kept sorted (for the message when nothing matches).
        let mut available: Vec<String> = Vec::new();
        records.retain(|r| {
            let cell = r.cells.get(fc).map(|c| c.trim()).unwrap_or("");
            if let Err(at) = available.binary_search_by(|a| a.as_str().cmp(cell)) {
                available.insert(at, cell.to_string());
            }
            cell.eq_ignore_ascii_case(fval.trim())
        });
        if records.is_empty() {
            available.truncate(30);
            return Err(PipelineError::NoMatchingRows {
                source: source.to_string(),
                column: names[fc].clone(),
                value: fval.clone(),
                available,
            });
        }
        notes.push(format!(
            "kept {} of {} rows where {} = {}",
            records.len(),
            before,
            names[fc],
            fval.trim()
        ));
    }

    // Which columns hold numbers: at least half of the non-missing cells among the first 200 rows.
    let sample = &records[..records.len().min(200)];
    let numeric: Vec<bool> = (0..width)
        .map(|i| {
            let cells: Vec<&str> = sample
                .iter()
                .filter_map(|r| r.cells.get(i).map(|c| c.as_str()))
                .filter(|c| !is_missing(c))
                .collect();
            let good = cells.iter().filter(|c| num(c).is_some()).count();
            !cells.is_empty() && 2 * good >= cells.len()
        })
        .collect();

    let value_col = match &opts.column {
        Some(c) => {
            let i = resolve(c)?;
            notes.push(format!(
                "value column '{}' (index {i}), as requested",
                names[i]
            ));
            i
        }
        None => {
            let by_name = header.as_ref().and_then(|h| {
                VALUE_NAMES
                    .iter()
                    .find_map(|want| h.iter().position(|n| n.eq_ignore_ascii_case(want)))
            });
            let picked = by_name.map(|i| (i, "its name")).or_else(|| {
                (0..width)
                    .rev()
                    .find(|&i| numeric[i] && Some(i) != filter_col)
                    .map(|i| (i, "last numeric column"))
            });
            match picked {
                Some((i, why)) => {
                    notes.push(format!(
                        "picked value column '{}' (index {i}): {why}",
                        names[i]
                    ));
                    i
                }
                None => {
                    return Err(PipelineError::NoNumericColumn {
                        source: source.to_string(),
                        available: names.clone(),
                    })
                }
            }
        }
    };

    let date_col = {
        let candidates = (0..width).filter(|&i| i != value_col && Some(i) != filter_col);
        let by_name = header.as_ref().and_then(|h| {
            candidates.clone().find(|&i| {
                h.get(i)
                    .is_some_and(|n| DATE_NAMES.iter().any(|d| n.eq_ignore_ascii_case(d)))
            })
        });
        by_name.or_else(|| {
            candidates.clone().find(|&i| {
                let first = records[0].cells.get(i).map(|c| c.trim()).unwrap_or("");
                !numeric[i]
                    && first.chars().any(|c| c.is_ascii_digit())
                    && first.chars().any(|c| "-/:. ".contains(c))
            })
        })
    };
    if let Some(d) = date_col {
        notes.push(format!("date column '{}' (index {d})", names[d]));
    }

    let mut values = Vec::with_capacity(records.len());
    let mut dates = date_col.map(|_| Vec::with_capacity(records.len()));
    let mut rows = Vec::with_capacity(records.len());
    let (mut missing, mut leading_dropped) = (0usize, 0usize);
    for r in &records {
        let Some(cell) = r.cells.get(value_col) else {
            return Err(PipelineError::ShortRow {
                source: source.to_string(),
                row: r.line,
                fields: r.cells.len(),
                column: col_ref(value_col),
            });
        };
        let v = if is_missing(cell) {
            missing += 1;
            match opts.missing {
                MissingPolicy::Error => {
                    return Err(PipelineError::Missing {
                        source: source.to_string(),
                        row: r.line,
                        column: col_ref(value_col),
                    })
                }
                MissingPolicy::Drop => continue,
                MissingPolicy::Ffill => match values.last() {
                    Some(&prev) => prev,
                    None => {
                        leading_dropped += 1;
                        continue;
                    }
                },
            }
        } else {
            match num(cell) {
                Some(v) if v.is_finite() => v,
                Some(_) => {
                    return Err(PipelineError::NonFinite {
                        source: source.to_string(),
                        row: r.line,
                        column: col_ref(value_col),
                        value: cell.trim().to_string(),
                    })
                }
                None => {
                    return Err(PipelineError::NonNumeric {
                        source: source.to_string(),
                        row: r.line,
                        column: col_ref(value_col),
                        value: cell.trim().to_string(),
                    })
                }
            }
        };
        values.push(v);
        rows.push(r.line);
        if let (Some(ds), Some(d)) = (dates.as_mut(), date_col) {
            ds.push(
                r.cells
                    .get(d)
                    .map(|c| c.trim().to_string())
                    .unwrap_or_default(),
            );
        }
    }
    if missing > 0 {
        notes.push(match opts.missing {
            MissingPolicy::Drop => format!("{missing} missing value(s) dropped"),
            _ if leading_dropped > 0 => format!(
                "{missing} missing value(s): {} filled forward, {leading_dropped} leading one(s) dropped (nothing before them)",
                missing - leading_dropped
            ),
            _ => format!("{missing} missing value(s) filled forward"),
        });
    }
    if values.is_empty() {
        return Err(PipelineError::Malformed {
            source: source.to_string(),
            row: None,
            message: format!(
                "{} has no values left ({missing} missing cell(s) {})",
                col_ref(value_col),
                if opts.missing == MissingPolicy::Drop {
                    "dropped"
                } else {
                    "with nothing to fill from"
                }
            ),
        });
    }
    Ok(Series {
        source: source.to_string(),
        column: names[value_col].clone(),
        values,
        dates,
        rows,
        missing,
        notes,
        warnings: Vec::new(),
    })
}
