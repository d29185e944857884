//! CSV ingest (`pipeline::read_csv_bytes`) over arbitrary bytes with the options the CLI and the
//! page can pass: the first two bytes choose the delimiter, header, missing policy, value column
//! and row filter; the rest is the file. Ingest must return a series or an error, never panic,
//! and a series must be consistent (one row and one date per finite value).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rnn_playground::pipeline::{read_csv_bytes, CsvOptions, MissingPolicy};

fuzz_target!(|data: &[u8]| {
    let (a, b, text) = match data {
        [a, b, rest @ ..] => (*a, *b, rest),
        _ => (0, 0, data),
    };
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
    match read_csv_bytes(text, &opts) {
        Ok(s) => {
            assert!(!s.values.is_empty());
            assert_eq!(s.values.len(), s.rows.len());
            assert!(s.values.iter().all(|v| v.is_finite()));
            if let Some(d) = &s.dates {
                assert_eq!(d.len(), s.values.len());
            }
        }
        Err(e) => {
            assert!(!e.to_string().is_empty());
        }
    }
});
