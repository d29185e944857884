//! Property tests of CSV ingest: for every generated file (random delimiters, quotes, blank
//! lines, missing cells, BOM, CRLF, headers, long cells) ingest returns a consistent series or an
//! error that names where (a row, a column, or that the file as a whole is empty / has no numeric
//! column), and never echoes a long cell whole; arbitrary bytes never panic.

use proptest::prelude::*;
use rnn_playground::pipeline::{
    read_csv, read_csv_bytes, CsvOptions, MissingPolicy, PipelineError,
};

/// One cell's text before quoting.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => (-1.0e6f64..1.0e6).prop_map(|v| format!("{v}")),
        2 => (0i64..100_000).prop_map(|v| v.to_string()),
        1 => (1u32..999, 0u32..1000).prop_map(|(a, b)| format!("{a},{b:03}.5")),
        1 => (1u32..9999, 1u32..99).prop_map(|(a, b)| format!("{a},{b}")),
        1 => Just(String::new()),
        1 => prop_oneof![Just("NA"), Just("null"), Just("-"), Just("NaN"), Just("inf"), Just("Total")]
            .prop_map(str::to_string),
        1 => (1u32..28).prop_map(|d| format!("2020-01-{d:02}")),
        1 => "[a-z\" ]{0,8}",
    ]
}

/// A CSV text assembled from rows of cells with a delimiter, quoting, blank lines and line ends.
fn csv_text() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec![',', ';', '\t', '|']),
        prop::collection::vec(
            (
                prop::collection::vec((cell(), any::<bool>()), 1..5),
                0u8..10,
                any::<bool>(),
            ),
            0..25,
        ),
        any::<bool>(),
        any::<bool>(),
        prop::option::of(prop::collection::vec("[A-Za-z ]{0,6}", 1..5)),
    )
        .prop_map(|(delim, rows, bom, crlf, header)| {
            let eol = if crlf { "\r\n" } else { "\n" };
            let mut out = String::new();
            if bom {
                out.push('\u{FEFF}');
            }
            if let Some(h) = header {
                out.push_str(&h.join(&delim.to_string()));
                out.push_str(eol);
            }
            for (cells, blank, mixed_eol) in rows {
                if blank == 0 {
                    out.push_str(eol);
                }
                let line: Vec<String> = cells
                    .into_iter()
                    .map(|(c, quote)| {
                        let needs = c.contains(delim) || c.contains('"');
                        if quote || needs {
                            format!("\"{}\"", c.replace('"', "\"\""))
                        } else {
                            c
                        }
                    })
                    .collect();
                out.push_str(&line.join(&delim.to_string()));
                out.push_str(if mixed_eol { "\r\n" } else { eol });
            }
            out
        })
}

/// Options as the CLI and the page can set them.
fn options() -> impl Strategy<Value = CsvOptions> {
    (
        prop::sample::select(vec![
            MissingPolicy::Error,
            MissingPolicy::Drop,
            MissingPolicy::Ffill,
        ]),
        prop::option::of(prop_oneof![
            Just("0".to_string()),
            Just("1".to_string()),
            Just("close".to_string())
        ]),
        prop::option::of(prop::sample::select(vec![b',', b';', b'\t'])),
        prop::option::of(any::<bool>()),
    )
        .prop_map(|(missing, column, delimiter, has_header)| CsvOptions {
            source: "gen.csv".to_string(),
            column,
            missing,
            delimiter,
            has_header,
            filter: None,
            features: Vec::new(),
        })
}

/// Checks one ingest result: a consistent series, or an error saying where.
fn check(
    result: Result<rnn_playground::pipeline::Series, PipelineError>,
) -> Result<(), TestCaseError> {
    match result {
        Ok(s) => {
            prop_assert!(!s.values.is_empty());
            prop_assert_eq!(s.values.len(), s.rows.len());
            prop_assert!(s.values.iter().all(|v| v.is_finite()));
            prop_assert!(
                s.rows.windows(2).all(|w| w[0] < w[1]),
                "rows increase: {:?}",
                s.rows
            );
            if let Some(d) = &s.dates {
                prop_assert_eq!(d.len(), s.values.len());
            }
        }
        Err(e) => {
            let msg = e.to_string();
            let whole_file = matches!(
                e,
                PipelineError::EmptyInput { .. }
                    | PipelineError::HeaderOnly { .. }
                    | PipelineError::NoNumericColumn { .. }
                    | PipelineError::UnknownColumn { .. }
            );
            prop_assert!(
                whole_file || e.row().is_some() || msg.contains("column"),
                "the error names no row or column: {msg}"
            );
            prop_assert!(
                msg.starts_with("gen.csv"),
                "the error names the source: {msg}"
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Generated files with detected or forced options.
    #[test]
    fn generated_csv_gives_a_series_or_an_error_naming_where(text in csv_text(), opts in options()) {
        check(read_csv(&text, &opts))?;
        check(read_csv(&text, &CsvOptions::new("gen.csv")))?;
    }

    /// A long cell anywhere in the file is quoted by its prefix at most: no message holds more
    /// than 40 of its characters.
    #[test]
    fn a_long_cell_is_never_echoed_whole(
        text in csv_text(),
        len in 100usize..2000,
        at in any::<prop::sample::Index>(),
        header in any::<bool>(),
    ) {
        let long = "y".repeat(len);
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        if lines.is_empty() || header {
            lines.insert(0, format!("{long},close"));
        } else {
            let i = at.index(lines.len());
            lines[i] = format!("{long},{}", lines[i]);
        }
        let text = lines.join("\n");
        if let Err(e) = read_csv(&text, &CsvOptions::new("gen.csv")) {
            let msg = e.to_string();
            prop_assert!(!msg.contains(&"y".repeat(41)), "long cell echoed: {} chars: {}", msg.len(),
                msg.chars().take(200).collect::<String>());
        }
    }

    /// Arbitrary bytes: never a panic.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = read_csv_bytes(&bytes, &CsvOptions::new("gen.csv"));
    }
}
