//! CSV ingest: formats that must be accepted, and every bad input with the message it must give.

use rnn_playground::pipeline::{
    read_csv, read_csv_bytes, CsvOptions, MissingPolicy, PipelineError,
};

fn opts() -> CsvOptions {
    CsvOptions::new("prices.csv")
}

fn read(text: &str) -> Result<rnn_playground::pipeline::Series, PipelineError> {
    read_csv(text, &opts())
}

fn err(text: &str, o: &CsvOptions) -> String {
    read_csv(text, o).unwrap_err().to_string()
}

#[test]
fn a_plain_file_with_header_and_dates() {
    let s = read("date,open,close,volume\n2020-01-01,1,10.5,100\n2020-01-02,2,11,200\n").unwrap();
    assert_eq!(s.values, vec![10.5, 11.0]);
    assert_eq!(s.column, "close");
    assert_eq!(s.dates.unwrap(), vec!["2020-01-01", "2020-01-02"]);
    assert_eq!(s.rows, vec![2, 3]);
    assert!(
        s.notes
            .iter()
            .any(|n| n.contains("picked value column 'close' (index 2): its name")),
        "{:?}",
        s.notes
    );
    assert!(s
        .notes
        .iter()
        .any(|n| n.contains("comma delimiter, header row found")));
}

#[test]
fn bom_crlf_semicolon_tab_and_quotes() {
    let base = read("Date,Price\n2020-01-01,1.5\n2020-01-02,2.5\n").unwrap();
    for text in [
        "\u{FEFF}Date,Price\r\n2020-01-01,1.5\r\n2020-01-02,2.5\r\n",
        "Date;Price\n2020-01-01;1,5\n2020-01-02;2,5\n",
        "Date\tPrice\n2020-01-01\t1.5\n2020-01-02\t2.5",
        "\"Date\",\"Price\"\n\"2020-01-01\",\"1.5\"\n\"2020-01-02\",\" 2.5 \"\n",
        "\u{FEFF}\"Date\";\"Price\"\r\n\"2020-01-01\";\"1,5\"\r\n\"2020-01-02\";\"2,5\"\r\n",
    ] {
        let s = read(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(s.values, base.values, "{text:?}");
        assert_eq!(s.dates, base.dates, "{text:?}");
        assert_eq!(s.column, "Price", "{text:?}");
    }
    // a quoted field holding the delimiter and a line break, then an error on the next record:
    // the row is the line the record starts on
    let text = "note,value\n\"a, b\nc\",1\nx,oops\n";
    let e = read(text).unwrap_err();
    assert_eq!(e.row(), Some(4), "{e}");
    let s = read("note,value\n\"a, b\nc\",1\nx,2\n").unwrap();
    assert_eq!(s.values, vec![1.0, 2.0]);
    assert!(read("a;b\n1;2\n3;4\n").unwrap().notes[0].contains("semicolon"));
    assert!(read("a\tb\n1\t2\n").unwrap().notes[0].contains("tab"));
}

#[test]
fn no_header_single_column_and_index_selection() {
    let s = read("1.0\n1.1\n1.2\n").unwrap();
    assert_eq!(s.values, vec![1.0, 1.1, 1.2]);
    assert_eq!(s.column, "column 0");
    assert!(s.notes[0].contains("no header row"));
    let o = CsvOptions {
        column: Some("0".into()),
        ..opts()
    };
    assert_eq!(read_csv("5,6\n7,8\n", &o).unwrap().values, vec![5.0, 7.0]);
    // last numeric column by default
    assert_eq!(read("5,6\n7,8\n").unwrap().values, vec![6.0, 8.0]);
    // case-insensitive header name
    let o = CsvOptions {
        column: Some("OPEN".into()),
        ..opts()
    };
    assert_eq!(
        read_csv("date,open,close\nd,1,2\n", &o).unwrap().values,
        vec![1.0]
    );
    // forced header on a numeric first row
    let o = CsvOptions {
        has_header: Some(true),
        ..opts()
    };
    let s = read_csv("2019,2020\n1,2\n", &o).unwrap();
    assert_eq!((s.column.as_str(), s.values.clone()), ("2020", vec![2.0]));
}

#[test]
fn default_pick_prefers_close_then_falls_back_to_last_numeric() {
    assert_eq!(read("Adj Close,open\n1,2\n").unwrap().column, "Adj Close");
    assert_eq!(read("a,value,b\n1,2,3\n").unwrap().column, "value");
    let s = read("day,x,y,label\nmon,1,2,up\ntue,3,4,down\n").unwrap();
    assert_eq!(s.column, "y");
    assert!(s.notes.iter().any(|n| n.contains("last numeric column")));
    assert_eq!(s.dates.unwrap(), vec!["mon", "tue"]);
}

#[test]
fn missing_values_by_policy() {
    let text = "date,close\nd1,1\nd2,\nd3,NA\nd4,4\n";
    let e = read_csv(text, &opts()).unwrap_err();
    assert_eq!(e.row(), Some(3));
    let m = e.to_string();
    assert!(
        m.contains("prices.csv: row 3, column 'close' (index 1): missing value"),
        "{m}"
    );
    let drop = read_csv(
        text,
        &CsvOptions {
            missing: MissingPolicy::Drop,
            ..opts()
        },
    )
    .unwrap();
    assert_eq!(drop.values, vec![1.0, 4.0]);
    assert_eq!(drop.dates.as_ref().unwrap(), &vec!["d1", "d4"]);
    assert_eq!(drop.missing, 2);
    assert!(drop.notes.iter().any(|n| n == "2 missing value(s) dropped"));
    let ff = read_csv(
        text,
        &CsvOptions {
            missing: MissingPolicy::Ffill,
            ..opts()
        },
    )
    .unwrap();
    assert_eq!(ff.values, vec![1.0, 1.0, 1.0, 4.0]);
    assert_eq!(ff.dates.as_ref().unwrap().len(), 4);
    assert!(ff
        .notes
        .iter()
        .any(|n| n == "2 missing value(s) filled forward"));
    // leading gaps have nothing to fill from
    let lead = read_csv(
        "v\n\n1\n",
        &CsvOptions {
            missing: MissingPolicy::Ffill,
            has_header: Some(true),
            ..opts()
        },
    );
    assert_eq!(lead.unwrap().values, vec![1.0]);
    let lead = read_csv(
        "d,v\nx,\ny,2\n",
        &CsvOptions {
            missing: MissingPolicy::Ffill,
            ..opts()
        },
    )
    .unwrap();
    assert_eq!(lead.values, vec![2.0]);
    assert!(
        lead.notes
            .iter()
            .any(|n| n.contains("1 leading one(s) dropped")),
        "{:?}",
        lead.notes
    );
    let none = read_csv(
        "d,value\nx,\ny,\n",
        &CsvOptions {
            missing: MissingPolicy::Drop,
            ..opts()
        },
    );
    assert!(none.unwrap_err().to_string().contains("no values left"));
    assert_eq!(MissingPolicy::parse("FFILL").unwrap(), MissingPolicy::Ffill);
    assert!(MissingPolicy::parse("zero")
        .unwrap_err()
        .to_string()
        .contains("invalid missing"));
}

#[test]
fn empty_file_and_header_only() {
    for text in ["", "   \n\n", "\u{FEFF}"] {
        let e = read(text).unwrap_err();
        assert!(matches!(e, PipelineError::EmptyInput { .. }), "{text:?}");
        assert_eq!(
            e.to_string(),
            "prices.csv: the file is empty (no rows at all)"
        );
    }
    let e = read("date,close\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        "prices.csv: the file has a header row (date, close) but no data rows"
    );
    assert!(matches!(
        read("date;close\r\n").unwrap_err(),
        PipelineError::HeaderOnly { .. }
    ));
}

#[test]
fn non_numeric_cell_names_row_and_column() {
    let e = read("date,close\n2020-01-01,1\n2020-01-02,1.2.3\n").unwrap_err();
    assert_eq!(e.row(), Some(3));
    assert_eq!(
        e.to_string(),
        "prices.csv: row 3, column 'close' (index 1): '1.2.3' is not a number"
    );
    let e = read("1\n2\nabc\n").unwrap_err().to_string();
    assert_eq!(e, "prices.csv: row 3, column 0: 'abc' is not a number");
}

#[test]
fn nan_and_infinity_are_rejected() {
    for (cell, shown) in [
        ("NaN", "NaN"),
        ("inf", "inf"),
        ("-Infinity", "-Infinity"),
        ("1e999", "1e999"),
    ] {
        let e = read(&format!("date,close\nd1,1\nd2,{cell}\n")).unwrap_err();
        assert!(matches!(e, PipelineError::NonFinite { .. }), "{cell}");
        let m = e.to_string();
        assert!(
            m.starts_with(&format!(
                "prices.csv: row 3, column 'close' (index 1): '{shown}' is not a finite number"
            )),
            "{m}"
        );
    }
}

#[test]
fn unknown_column_lists_the_available_ones() {
    let o = CsvOptions {
        column: Some("Volume".into()),
        ..opts()
    };
    let e = read_csv("date,close\nd,1\n", &o).unwrap_err();
    assert_eq!(e.field(), Some("column"));
    assert_eq!(
        e.to_string(),
        "prices.csv: no column 'Volume'; available columns: date (0), close (1)"
    );
    let o = CsvOptions {
        column: Some("5".into()),
        ..opts()
    };
    assert!(err("1,2\n3,4\n", &o).contains("no column '5'; available columns: 0, 1"));
}

#[test]
fn no_numeric_column_and_short_rows() {
    let e = read("name,colour\nann,red\nbob,blue\n")
        .unwrap_err()
        .to_string();
    assert_eq!(e, "prices.csv: no numeric column found among: name, colour");
    let e = read("a,b,c\n1,2,3\n4,5\n").unwrap_err();
    assert_eq!(e.row(), Some(3));
    assert!(
        e.to_string()
            .contains("row 3 has only 2 field(s), so column 'c' (index 2) is absent"),
        "{e}"
    );
}

#[test]
fn encodings() {
    let e = read_csv_bytes(b"close\n1\n\xff\xfe\n", &opts()).unwrap_err();
    assert_eq!(e.row(), Some(3));
    assert!(e.to_string().contains("invalid UTF-8"), "{e}");
    let e = read_csv_bytes(b"\xff\xfec\x00", &opts())
        .unwrap_err()
        .to_string();
    assert!(e.contains("UTF-16"), "{e}");
    let s = read_csv_bytes("\u{FEFF}close\r\n1\r\n2\r\n".as_bytes(), &opts()).unwrap();
    assert_eq!(s.values, vec![1.0, 2.0]);
}

#[test]
fn row_filter_for_long_format_files() {
    let text = "symbol,date,price\nA,d1,1\nB,d1,10\nA,d2,2\n";
    let o = CsvOptions {
        filter: Some(("symbol".into(), "a".into())),
        ..opts()
    };
    let s = read_csv(text, &o).unwrap();
    assert_eq!(s.values, vec![1.0, 2.0]);
    assert_eq!(s.rows, vec![2, 4]);
    let o = CsvOptions {
        filter: Some(("symbol".into(), "C".into())),
        ..opts()
    };
    assert_eq!(
        err(text, &o),
        "prices.csv: no row has symbol = 'C'; available: A, B"
    );
}

#[test]
fn header_detection_edge_cases() {
    // pandas' to_csv: an unnamed index column
    let s = read(",close\n0,1.5\n1,2.5\n").unwrap();
    assert_eq!(
        (s.column.as_str(), s.values.clone()),
        ("close", vec![1.5, 2.5])
    );
    // a first data row with a missing value is data, not a header
    let o = CsvOptions {
        missing: MissingPolicy::Drop,
        ..opts()
    };
    let s = read_csv("2020-01-01,NA\n2020-01-02,5\n2020-01-03,6\n", &o).unwrap();
    assert_eq!((s.values.clone(), s.missing), (vec![5.0, 6.0], 1));
    assert!(s.notes[0].contains("no header row"));
    assert_eq!(s.dates.unwrap(), vec!["2020-01-02", "2020-01-03"]);
}
