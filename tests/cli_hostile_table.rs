//! The rows of issue 14's hostile-input table that `tests/cli_bad_input.rs`,
//! `tests/fuzz_regressions.rs` and the pipeline tests did not have, through the CLI as a user
//! runs it: a refused file exits non-zero with one stderr line naming the file and the row (or
//! what to change) and leaves no output file; a file that can be read unambiguously trains.
//! The page runs the same table (`tests/e2e/hostile-input.test.js`).

use std::path::{Path, PathBuf};
use std::process::Output;

/// A scratch directory removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Self {
        let p = std::env::temp_dir().join(format!("rnnpg-hostile-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        Scratch(p)
    }
    fn file(&self, name: &str, body: &[u8]) -> PathBuf {
        let p = self.0.join(name);
        std::fs::write(&p, body).unwrap();
        p
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn run(args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_rnn-playground"))
        .args(args)
        .output()
        .unwrap()
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// 60 daily rows of `date<sep>close`.
fn good(sep: char) -> String {
    let mut s = format!("date{sep}close\n");
    for i in 0..60 {
        s.push_str(&format!(
            "2020-01-{:02}{sep}{:.2}\n",
            i % 28 + 1,
            100.0 + 10.0 * (i as f64 / 5.0).sin()
        ));
    }
    s
}

/// `good(',')` with data row `row` (1-based, the header is row 1) replaced by `line`.
fn with_row(row: usize, line: &str) -> String {
    let mut lines: Vec<String> = good(',').lines().map(str::to_string).collect();
    lines[row - 1] = line.to_string();
    lines.join("\n") + "\n"
}

/// `train` on `body` must fail with one short stderr line holding every `needle`,
/// leaving no model file.
fn refused(d: &Scratch, name: &str, body: &[u8], extra: &[&str], needles: &[&str]) {
    let file = d.file(name, body);
    let out = d.0.join(format!("{name}.model.json"));
    let mut args = vec![
        "train",
        "--data",
        p(&file),
        "--epochs",
        "1",
        "--hidden",
        "3",
        "--window",
        "5",
        "--out",
        p(&out),
    ];
    args.extend(extra);
    let r = run(&args);
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        !r.status.success(),
        "{name}: should be refused; stderr: {err}"
    );
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "{name}: one stderr line, got {lines:?}");
    assert!(lines[0].len() <= 300, "{name}: {} bytes", lines[0].len());
    for n in needles {
        assert!(lines[0].contains(n), "{name}: `{}` lacks `{n}`", lines[0]);
    }
    assert!(!out.exists(), "{name}: left a model file");
}

/// `train` on `body` succeeds.
fn trains(d: &Scratch, name: &str, body: &[u8]) {
    let file = d.file(name, body);
    let r = run(&[
        "train",
        "--data",
        p(&file),
        "--epochs",
        "1",
        "--hidden",
        "3",
        "--window",
        "5",
    ]);
    assert!(
        r.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&r.stderr)
    );
}

#[test]
fn hostile_csv_rows_are_refused_naming_the_row() {
    let d = Scratch::new("csv");
    refused(
        &d,
        "bom.csv",
        "\u{feff}".as_bytes(),
        &[],
        &["bom.csv", "empty"],
    );
    refused(
        &d,
        "one.csv",
        b"date,close\n2020-01-01,1\n",
        &[],
        &["too short", "1 points"],
    );
    refused(
        &d,
        "mixed.csv",
        with_row(6, "2020-01-05;104.5").as_bytes(),
        &[],
        &["mixed.csv", "row 6"],
    );
    let mut latin = b"date,close\n2020-01-01,1\n2020-01-02,".to_vec();
    latin.extend([0xff, 0xfe, b'9', b'\n']);
    refused(&d, "latin.csv", &latin, &[], &["latin.csv", "row 3"]);
    refused(
        &d,
        "dash.csv",
        with_row(8, "2020-01-07,-").as_bytes(),
        &[],
        &["dash.csv", "row 8"],
    );
    refused(
        &d,
        "null.csv",
        with_row(8, "2020-01-07,null").as_bytes(),
        &[],
        &["null.csv", "row 8"],
    );
    refused(
        &d,
        "ragged.csv",
        with_row(10, "2020-01-09").as_bytes(),
        &[],
        &["ragged.csv", "row 10"],
    );
    refused(
        &d,
        "total.csv",
        format!("{}Total,,\n", good(',')).as_bytes(),
        &[],
        &["total.csv", "row 62"],
    );
    refused(
        &d,
        "total-number.csv",
        format!("{}Total,6000\n", good(',')).as_bytes(),
        &[],
        &["total-number.csv", "row 62", "'Total'", "summary"],
    );
    refused(
        &d,
        "long-row.csv",
        with_row(10, "2020-01-09,101,77").as_bytes(),
        &[],
        &["long-row.csv", "row 10", "3 fields", "header has 2", "'77'"],
    );
    for (name, v) in [("negative.csv", "-3"), ("zero.csv", "0")] {
        let body = with_row(12, &format!("2020-01-11,{v}"));
        refused(
            &d,
            name,
            body.as_bytes(),
            &["--transform", "logret"],
            &[name, "row 12"],
        );
    }
}

#[test]
fn readable_csv_rows_train() {
    let d = Scratch::new("ok");
    trains(
        &d,
        "decimal-commas.csv",
        good(';').replace('.', ",").as_bytes(),
    );
    trains(
        &d,
        "blank-lines.csv",
        good(',')
            .replace("\n2020-01-10", "\n\n\n2020-01-10")
            .as_bytes(),
    );
    trains(
        &d,
        "dates.csv",
        with_row(4, "04/01/2020,103")
            .replace("2020-01-06", "6 Jan 2020")
            .as_bytes(),
    );
}

#[test]
fn hostile_model_files_are_refused_naming_the_tensor() {
    let d = Scratch::new("model");
    let good_model = d.0.join("good.json");
    let r = run(&[
        "train",
        "--dataset",
        "ramp",
        "--epochs",
        "1",
        "--hidden",
        "3",
        "--out",
        p(&good_model),
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let text = std::fs::read_to_string(&good_model).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let name = json["weights"]
        .as_object()
        .unwrap()
        .keys()
        .next()
        .unwrap()
        .clone();
    json["weights"][&name]["data"][0] = serde_json::Value::Null;
    let null = d.file("null-weight.json", json.to_string().as_bytes());
    let r = run(&["forecast", "--model", p(&null), "--steps", "3"]);
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        !r.status.success(),
        "a null weight should be refused: {err}"
    );
    assert!(
        err.contains("null-weight.json") && err.contains(&name),
        "{err}"
    );
    json["weights"][&name]["data"][0] = serde_json::json!(123456.789);
    let nan = d.file(
        "nan-weight.json",
        json.to_string().replace("123456.789", "NaN").as_bytes(),
    );
    let r = run(&["forecast", "--model", p(&nan), "--steps", "3"]);
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(!r.status.success(), "a NaN weight should be refused: {err}");
    assert!(
        err.contains("nan-weight.json") && err.contains("JSON"),
        "{err}"
    );
}
