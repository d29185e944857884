//! How the `csv_ingest` fuzz target reads its input, shared by the target
//! (`fuzz/fuzz_targets/csv_ingest.rs`) and the replay of saved inputs (`tests/fuzz_regressions.rs`)
//! so that a saved input means the same options in both.

use rnn_playground::pipeline::{CsvOptions, MissingPolicy};

/// Splits a fuzz input into its two option bytes and the file (inputs shorter than two bytes
/// are a file with option bytes 0).
pub fn split_option_bytes(data: &[u8]) -> (u8, u8, &[u8]) {
    match data {
        [a, b, rest @ ..] => (*a, *b, rest),
        _ => (0, 0, data),
    }
}

/// The CSV options the two bytes choose: delimiter, header and missing policy from `a`; value
/// column and row filter from `b`.
pub fn csv_options(a: u8, b: u8) -> CsvOptions {
    let mut opts = CsvOptions::new("fuzz.csv");
    opts.delimiter = [None, Some(b','), Some(b';'), Some(b'\t')][(a & 3) as usize];
    opts.has_header = [None, Some(true), Some(false), None][((a >> 2) & 3) as usize];
    opts.missing = [
        MissingPolicy::Error,
        MissingPolicy::Drop,
        MissingPolicy::Ffill,
        MissingPolicy::Error,
    ][((a >> 4) & 3) as usize];
    opts.column = match b & 0x0F {
        0 => None,
        9 => Some("close".to_string()),
        10 => Some("Value".to_string()),
        n => Some((n - 1).to_string()),
    };
    if b & 0x80 != 0 {
        opts.filter = Some((((b >> 4) & 3).to_string(), "a".to_string()));
    }
    opts
}
