//! Hostile inputs for the parsers: every file in `tests/fuzz-regressions/` goes through the same
//! call and checks as its fuzz target (`fuzz/fuzz_targets/`, chosen by the file name's prefix:
//! `csv_ingest-`, `model_json-`, `model_bytes-`, `config_json-`, `text_ingest-`), and its error message must not
//! quote more than a short prefix of anything. Inputs the fuzzers find go there (scripts/fuzz.sh).
//! Also: a 10,000,000-character cell through the library and the CLI, and thousands separators.

use rnn_playground::config::PlaygroundConfig;
use rnn_playground::io::model_file::{from_bytes, from_json, from_safetensors};
use rnn_playground::pipeline::{read_csv, read_csv_bytes, CsvOptions};
use rnn_playground::vocab::QUOTE_CHARS;
use std::path::Path;

#[path = "common/fuzz_inputs.rs"]
mod fuzz_inputs;
use fuzz_inputs::{csv_options, split_option_bytes, text_ingest};
use std::process::Command;

/// The longest run of one repeated character in `text` (a long cell echoed shows as one).
fn longest_run(text: &str) -> usize {
    let (mut best, mut run, mut prev) = (0, 0, None);
    for c in text.chars() {
        run = if Some(c) == prev { run + 1 } else { 1 };
        prev = Some(c);
        best = best.max(run);
    }
    best
}

/// Checks an error message: short quoting (no run longer than the quoted prefix) and bounded.
fn check_message(file: &str, msg: &str) {
    assert!(!msg.is_empty(), "{file}: empty message");
    assert!(
        longest_run(msg) <= QUOTE_CHARS,
        "{file}: a value is quoted whole: {}",
        msg.chars().take(300).collect::<String>()
    );
    assert!(msg.len() < 2_000, "{file}: message of {} bytes", msg.len());
}

#[test]
fn every_regression_input_gives_a_short_error_or_a_result() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let data = std::fs::read(&path).unwrap();
        let target = name.split('-').next().unwrap();
        let err = match target {
            "csv_ingest" => {
                let (a, b, text) = split_option_bytes(&data);
                match read_csv_bytes(text, &csv_options(a, b)) {
                    Ok(s) => {
                        assert!(s.values.iter().all(|v| v.is_finite()), "{name}");
                        None
                    }
                    Err(e) => Some(e.to_string()),
                }
            }
            "model_json" => {
                let text = String::from_utf8_lossy(&data);
                from_json(&text).err()
            }
            "model_bytes" => {
                let a = from_bytes(&data).err();
                let b = from_safetensors(&data).err();
                if let Some(b) = &b {
                    check_message(&name, b);
                }
                a
            }
            "text_ingest" => {
                let (a, b, text) = split_option_bytes(&data);
                text_ingest(a, b, text).err()
            }
            "config_json" => match serde_json::from_slice::<serde_json::Value>(&data) {
                Ok(v) => PlaygroundConfig::from_json_value(&v).err(),
                Err(_) => None,
            },
            other => panic!("{name}: unknown target prefix `{other}`"),
        };
        if let Some(msg) = err {
            check_message(&name, &msg);
        }
        seen += 1;
    }
    assert!(
        seen >= 7,
        "only {seen} regression inputs in {}",
        dir.display()
    );
}

#[test]
fn a_safetensors_header_claiming_500_mb_is_refused_without_allocating_it() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-regressions/model_bytes-claims-500mb-tensor.safetensors");
    let e = from_safetensors(&std::fs::read(path).unwrap()).unwrap_err();
    assert!(e.contains("not a valid safetensors file"), "{e}");
}

/// A CSV whose value cell in row 3 is `len` characters long.
fn long_cell_csv(len: usize) -> String {
    format!(
        "date,close\n2020-01-01,1.5\n2020-01-02,{}\n",
        "9x".repeat(len / 2)
    )
}

#[test]
fn a_ten_million_character_cell_is_quoted_by_its_prefix_in_the_library() {
    let text = long_cell_csv(10_000_000);
    let e = read_csv(&text, &CsvOptions::new("big.csv")).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.len() < 200,
        "{} bytes: {}",
        msg.len(),
        &msg[..200.min(msg.len())]
    );
    assert!(msg.contains("row 3"), "{msg}");
    assert!(msg.contains(&format!("'{}…'", "9x".repeat(20))), "{msg}");
    // A ten-million-character header name and a missing column named like it.
    let header = format!("{},close\n", "h".repeat(10_000_000));
    let e = read_csv(&header, &CsvOptions::new("big.csv"))
        .unwrap_err()
        .to_string();
    assert!(
        e.len() < 200 && e.contains("no data rows"),
        "{}",
        &e[..200.min(e.len())]
    );
    let mut opts = CsvOptions::new("big.csv");
    opts.column = Some("c".repeat(10_000_000));
    let e = read_csv(&format!("{header}1,2\n"), &opts)
        .unwrap_err()
        .to_string();
    assert!(
        e.len() < 300 && e.contains("no column"),
        "{}",
        &e[..300.min(e.len())]
    );
}

#[test]
fn a_ten_million_character_cell_is_quoted_by_its_prefix_by_the_cli() {
    let dir = std::env::temp_dir().join(format!("rnn-fuzz-reg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join("big.csv");
    std::fs::write(&csv, long_cell_csv(10_000_000)).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_rnn-playground"))
        .args([
            "train",
            "--data",
            csv.to_str().unwrap(),
            "--epochs",
            "1",
            "--quiet",
        ])
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        &stderr[..300.min(stderr.len())]
    );
    assert!(stderr.len() < 300, "stderr of {} bytes", stderr.len());
    assert!(stderr.contains("row 3") && stderr.contains('…'), "{stderr}");
    // A 100,000-character flag value (near the OS limit for one argument) through clap.
    let out = Command::new(env!("CARGO_BIN_EXE_rnn-playground"))
        .args(["train", "--hidden", &"7x".repeat(50_000)])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.len() < 300, "stderr of {} bytes", stderr.len());
    assert!(stderr.contains("--hidden"), "{stderr}");
}

#[test]
fn quoted_thousands_separators_are_read_with_a_comma_delimiter() {
    let text = "date,close\n2020-01-01,\"1,234.5\"\n2020-01-02,\"-12,345,678\"\n2020-01-03,7\n";
    let s = read_csv(text, &CsvOptions::new("t.csv")).unwrap();
    assert_eq!(s.values, vec![1234.5, -12_345_678.0, 7.0]);
    // Not thousands-grouped: refused, naming the row and column.
    for bad in ["\"1,23.5\"", "\"1234,567\"", "\"1,234,56\"", "\",123\""] {
        let text = format!("date,close\n2020-01-01,{bad}\n2020-01-02,2\n");
        let e = read_csv(&text, &CsvOptions::new("t.csv"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("row 2") && e.contains("'close'"), "{bad}: {e}");
    }
}

#[test]
fn other_thousands_separators_are_refused_saying_what_to_change() {
    for (delim, cell) in [
        (';', "1.234,5"),
        (';', "1,234.5"),
        ('\t', "1 234.5"),
        (',', "\"1 234.5\""),
    ] {
        let text = format!("date{delim}close\n2020-01-01{delim}{cell}\n2020-01-02{delim}2\n");
        let e = read_csv(&text, &CsvOptions::new("t.csv"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("row 2") && e.contains("'close'"), "{cell}: {e}");
        assert!(
            e.contains("thousands separators: remove them"),
            "{cell}: {e}"
        );
    }
}
