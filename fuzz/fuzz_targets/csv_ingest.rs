//! CSV ingest (`pipeline::read_csv_bytes`) over arbitrary bytes with the options the CLI and the
//! page can pass: the first two bytes choose the delimiter, header, missing policy, value column
//! and row filter; the rest is the file. Ingest must return a series or an error, never panic,
//! and a series must be consistent (one row and one date per finite value).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rnn_playground::pipeline::read_csv_bytes;

#[path = "../../tests/common/fuzz_inputs.rs"]
mod fuzz_inputs;
use fuzz_inputs::{csv_options, split_option_bytes};

fuzz_target!(|data: &[u8]| {
    let (a, b, text) = split_option_bytes(data);
    let opts = csv_options(a, b);
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
