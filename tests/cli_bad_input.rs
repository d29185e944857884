//! Every bad-input class of the CLI: non-zero exit, one line on stderr naming the problem and
//! where (file, row, column, flag), and no output file left behind.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A scratch directory removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Self {
        let p = std::env::temp_dir().join(format!("rnnpg-cli-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        Scratch(p)
    }
    fn file(&self, name: &str, body: &[u8]) -> PathBuf {
        let p = self.0.join(name);
        std::fs::write(&p, body).unwrap();
        p
    }
    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rnn-playground"))
        .args(args)
        .output()
        .unwrap()
}

/// Runs `train` with `--out`/`--metrics` into `dir`, expects failure with `needles` in the one
/// stderr line, and checks that no output (or temporary) file was left.
fn fails(dir: &Scratch, args: &[&str], needles: &[&str]) {
    let out = dir.path("model.json");
    let metrics = dir.path("metrics.json");
    let mut all: Vec<&str> = args.to_vec();
    let (o, m) = (
        out.to_str().unwrap().to_string(),
        metrics.to_str().unwrap().to_string(),
    );
    if args.first() == Some(&"train") || args.first() == Some(&"fine-tune") {
        all.extend(["--out", &o, "--metrics", &m, "--epochs", "1"]);
    }
    let r = run(&all);
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(!r.status.success(), "{args:?} should fail; stderr: {err}");
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(
        lines.len(),
        1,
        "{args:?}: expected one stderr line, got {lines:?}"
    );
    for n in needles {
        assert!(lines[0].contains(n), "{args:?}: `{}` lacks `{n}`", lines[0]);
    }
    assert!(
        !out.exists() && !metrics.exists(),
        "{args:?} left an output file"
    );
    let leftovers: Vec<_> = std::fs::read_dir(&dir.0)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

fn csv_of(values: &[f64]) -> Vec<u8> {
    let mut s = String::from("date,value\n");
    for (i, v) in values.iter().enumerate() {
        s.push_str(&format!("2020-01-{:02},{v}\n", i % 28 + 1));
    }
    s.into_bytes()
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn bad_csv_files_name_file_row_and_column() {
    let d = Scratch::new("csv");
    let empty = d.file("empty.csv", b"");
    fails(&d, &["train", "--data", p(&empty)], &["empty.csv", "empty"]);
    let header = d.file("header.csv", b"date,close\n");
    fails(
        &d,
        &["train", "--data", p(&header)],
        &["header.csv", "no data rows"],
    );
    let text = d.file(
        "text.csv",
        b"date,close\n2020-01-01,1.5\n2020-01-02,abc\n2020-01-03,2\n",
    );
    fails(
        &d,
        &["train", "--data", p(&text)],
        &["text.csv", "row 3", "close", "abc"],
    );
    let nan = d.file("nan.csv", b"date,close\n2020-01-01,1.5\n2020-01-02,NaN\n");
    fails(
        &d,
        &["train", "--data", p(&nan)],
        &["nan.csv", "row 3", "not a finite"],
    );
    let inf = d.file(
        "inf.csv",
        b"date,close\n2020-01-01,1.5\n2020-01-02,2\n2020-01-03,inf\n",
    );
    fails(
        &d,
        &["train", "--data", p(&inf)],
        &["inf.csv", "row 4", "not a finite"],
    );
    let short = d.file(
        "short.csv",
        &csv_of(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]),
    );
    fails(
        &d,
        &["train", "--data", p(&short)],
        &["too short", "8 points"],
    );
    let ok = d.file(
        "ok.csv",
        &csv_of(&(0..80).map(|i| (i as f64 * 0.3).sin()).collect::<Vec<_>>()),
    );
    fails(
        &d,
        &["train", "--data", p(&ok), "--column", "price"],
        &["ok.csv", "no column 'price'"],
    );
    fails(
        &d,
        &["train", "--data", p(&d.path("missing.csv"))],
        &["missing.csv"],
    );
}

#[test]
fn bad_flags_name_the_flag() {
    let d = Scratch::new("flags");
    fails(
        &d,
        &["train", "--dataset", "ramp", "--window", "0"],
        &["--window"],
    );
    fails(
        &d,
        &["train", "--dataset", "ramp", "--hidden", "0"],
        &["--hidden"],
    );
    fails(&d, &["train", "--dataset", "ramp", "--lr", "0"], &["--lr"]);
    fails(
        &d,
        &["train", "--dataset", "ramp", "--lr", "-0.5"],
        &["--lr", "-0.5"],
    );
    fails(
        &d,
        &["train", "--dataset", "nasdaq"],
        &["--dataset", "nasdaq"],
    );
    fails(
        &d,
        &["train", "--dataset", "ramp", "--cell", "transformer"],
        &["--cell", "transformer"],
    );
    let r = run(&[
        "train",
        "--dataset",
        "ramp",
        "--epochs",
        "1",
        "--out",
        "/no/such/dir/m.json",
    ]);
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(!r.status.success());
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("--out") && err.contains("/no/such/dir"),
        "{err}"
    );
}

#[test]
fn batch_larger_than_training_set_is_clamped_with_a_note() {
    let d = Scratch::new("batch");
    let out = d.path("m.json");
    let r = run(&[
        "train",
        "--dataset",
        "ramp",
        "--transform",
        "diff",
        "--batch",
        "500",
        "--epochs",
        "1",
        "--out",
        p(&out),
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("batch 500 is larger than the"), "{err}");
    assert!(out.exists());
}

#[test]
fn constant_series_trains_with_a_warning_and_undefined_skill() {
    let d = Scratch::new("const");
    let flat = d.file("flat.csv", &csv_of(&[5.0; 60]));
    let r = run(&[
        "train",
        "--data",
        p(&flat),
        "--epochs",
        "1",
        "--hidden",
        "4",
    ]);
    let out = String::from_utf8_lossy(&r.stdout);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert!(out.contains("constant"), "{out}");
    assert!(out.contains("skill is undefined"), "{out}");
}

#[test]
fn bad_model_files_are_refused() {
    let d = Scratch::new("model");
    let good = d.path("good.json");
    let st = d.path("good.safetensors");
    for path in [&good, &st] {
        let r = run(&[
            "train",
            "--dataset",
            "ramp",
            "--transform",
            "diff",
            "--epochs",
            "1",
            "--hidden",
            "3",
            "--out",
            p(path),
        ]);
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    }
    let text = std::fs::read_to_string(&good).unwrap();
    let corrupt = d.file("corrupt.json", b"this is not a model");
    fails(
        &d,
        &["forecast", "--model", p(&corrupt), "--steps", "3"],
        &["corrupt.json", "not valid JSON"],
    );
    let truncated = d.file("truncated.json", &text.as_bytes()[..text.len() / 2]);
    fails(
        &d,
        &["evaluate", "--model", p(&truncated)],
        &["truncated.json", "not valid JSON"],
    );
    let v2 = d.file(
        "v2.json",
        text.replacen("\"version\":1", "\"version\":2", 1)
            .as_bytes(),
    );
    fails(
        &d,
        &["forecast", "--model", p(&v2), "--steps", "3"],
        &["v2.json", "`version`", "2"],
    );
    let bytes = std::fs::read(&st).unwrap();
    let (mut tensors, meta) = rnn_playground::io::safetensors_file::decode(&bytes).unwrap();
    let t = tensors
        .iter_mut()
        .find(|t| t.name == "rnn.weight_hh_l0" || t.name == "lstm.weight_hh_l0")
        .unwrap();
    t.shape = vec![t.shape[1], t.shape[0]];
    let name = t.name.clone();
    let wrong = d.file(
        "wrong.safetensors",
        &rnn_playground::io::safetensors_file::encode(&tensors, Some(meta)).unwrap(),
    );
    fails(
        &d,
        &["forecast", "--model", p(&wrong), "--steps", "3"],
        &["wrong.safetensors", &name, "shape"],
    );
    fails(
        &d,
        &[
            "fine-tune",
            "--model",
            p(&d.path("absent.json")),
            "--dataset",
            "ramp",
        ],
        &["absent.json"],
    );
    let r = run(&["forecast", "--model", p(&st), "--steps", "3"]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert_eq!(String::from_utf8_lossy(&r.stdout).lines().count(), 3);
}
