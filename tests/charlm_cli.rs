//! The text commands of the CLI: `train --corpus` beats the unigram baseline and writes the
//! metrics keys other tools rely on, `generate` is reproducible per seed from JSON and
//! safetensors alike, `evaluate` and `fine-tune --text` work on a model file, and every bad
//! input exits 2 with one line naming the problem and leaves no output file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Self {
        let p = std::env::temp_dir().join(format!("rnnpg-text-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        Scratch(p)
    }
    fn path(&self, name: &str) -> String {
        self.0.join(name).to_str().unwrap().to_string()
    }
    fn file(&self, name: &str, body: &[u8]) -> String {
        std::fs::write(self.0.join(name), body).unwrap();
        self.path(name)
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

fn ok(args: &[&str]) -> String {
    let r = run(args);
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(r.status.success(), "{args:?} failed: {err}");
    String::from_utf8(r.stdout).unwrap()
}

const SMALL: [&str; 12] = [
    "--hidden", "32", "--embed", "16", "--chunk", "32", "--epochs", "2", "--lr", "0.01", "--quiet",
    "--seed=3",
];

fn sonnets_head(dir: &Scratch, chars: usize) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read(root.join("data/corpora/shakespeare-sonnets.txt")).unwrap();
    dir.file("head.txt", &text[..chars])
}

#[test]
fn train_on_a_shipped_corpus_beats_the_unigram_and_generates_reproducibly() {
    let dir = Scratch::new("train");
    let (model, metrics) = (dir.path("m.json"), dir.path("metrics.json"));
    let mut args = vec![
        "train",
        "--corpus",
        "sonnets",
        "--out",
        &model,
        "--metrics",
        &metrics,
    ];
    args.extend(SMALL);
    let out = ok(&args);
    assert!(out.contains("bits per character"), "{out}");
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&metrics).unwrap()).unwrap();
    for key in [
        "train_bpc",
        "val_bpc",
        "test_bpc",
        "unigram_test_bpc",
        "ngram_test_bpc",
        "ngram_order",
        "epochs_run",
        "best_epoch",
        "sample",
        "test_perplexity",
    ] {
        assert!(!m[key].is_null(), "metrics lack {key}: {m}");
    }
    let (test, unigram) = (
        m["test_bpc"].as_f64().unwrap(),
        m["unigram_test_bpc"].as_f64().unwrap(),
    );
    assert!(
        test < unigram - 0.3,
        "test bpc {test} does not beat the unigram {unigram}"
    );
    assert_eq!(m["epochs_run"], 2);
    let generate = |seed: &str| {
        ok(&[
            "generate", "--model", &model, "--prime", "Thy ", "--length", "80", "--seed", seed,
        ])
    };
    let a = generate("7");
    assert!(a.starts_with("Thy ") && a.chars().count() >= 84, "{a}");
    assert_eq!(a, generate("7"));
    assert_ne!(a, generate("8"));
    let eval = ok(&["evaluate", "--model", &model, "--corpus", "sonnets"]);
    assert!(
        eval.contains(&format!("{test:.4}")),
        "evaluate disagrees with train: {eval}"
    );
}

#[test]
fn safetensors_and_json_files_of_one_run_generate_the_same_text() {
    let dir = Scratch::new("formats");
    let text = sonnets_head(&dir, 12_000);
    let mut outs = Vec::new();
    for name in ["m.json", "m.safetensors"] {
        let model = dir.path(name);
        let mut args = vec!["train", "--text", &text, "--out", &model];
        args.extend(SMALL);
        ok(&args);
        let g = ok(&[
            "generate", "--model", &model, "--length", "100", "--top-k", "5", "--seed", "1",
        ]);
        outs.push(g);
    }
    assert_eq!(outs[0], outs[1]);
    let st = std::fs::read(dir.path("m.safetensors")).unwrap();
    let header = String::from_utf8_lossy(&st[8..st.len().min(4000)]).to_string();
    assert!(
        header.contains("embed.weight") && header.contains("fc.bias"),
        "{header}"
    );
}

#[test]
fn fine_tune_reports_unknown_characters_and_bpc_before_and_after() {
    let dir = Scratch::new("tune");
    let text = sonnets_head(&dir, 10_000);
    let model = dir.path("pre.json");
    let mut args = vec!["train", "--text", &text, "--out", &model];
    args.extend(SMALL);
    ok(&args);
    let mut other = std::fs::read(&text).unwrap()[..6_000].to_vec();
    other.extend("µ§".repeat(40).as_bytes());
    let other = dir.file("other.txt", &other);
    let (tuned, metrics) = (dir.path("tuned.json"), dir.path("tm.json"));
    let r = run(&[
        "fine-tune",
        "--model",
        &model,
        "--text",
        &other,
        "--epochs",
        "1",
        "--freeze",
        "first:1",
        "--out",
        &tuned,
        "--metrics",
        &metrics,
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let out = String::from_utf8(r.stdout).unwrap();
    let err = String::from_utf8(r.stderr).unwrap();
    assert!(
        out.contains("test bits per character") && out.contains('→'),
        "{out}"
    );
    assert!(
        err.contains("80 characters of this text are not in it"),
        "{err}"
    );
    assert!(Path::new(&tuned).exists() && Path::new(&metrics).exists());
}

/// Expects exit status 2, one stderr line holding every needle, and no output files.
fn fails(dir: &Scratch, args: &[&str], needles: &[&str]) {
    let (out, metrics) = (dir.path("bad.json"), dir.path("bad-metrics.json"));
    let mut all = args.to_vec();
    if args[0] != "generate" && args[0] != "evaluate" {
        all.extend([
            "--out",
            &out,
            "--metrics",
            &metrics,
            "--epochs",
            "1",
            "--quiet",
        ]);
    }
    let r = run(&all);
    let err = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(2), "{args:?}: {err}");
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "{args:?}: {lines:?}");
    for n in needles {
        assert!(lines[0].contains(n), "{args:?}: {:?} lacks {n:?}", lines[0]);
    }
    assert!(
        !Path::new(&out).exists() && !Path::new(&metrics).exists(),
        "{args:?} left output"
    );
}

#[test]
fn bad_text_input_is_named_and_writes_nothing() {
    let dir = Scratch::new("bad");
    let empty = dir.file("empty.txt", b"");
    let binary = dir.file("bin.dat", &[0x50, 0x4b, 0x03, 0x04, 0, 0, 1, 2, 3]);
    let latin1 = dir.file("latin1.txt", b"caf\xe9 au lait, encore du caf\xe9");
    let short = dir.file("short.txt", b"To be, or not to be.");
    let missing = dir.path("nope.txt");
    fails(&dir, &["train", "--text", &empty], &["empty.txt"]);
    fails(&dir, &["train", "--text", &binary], &["bin.dat", "binary"]);
    fails(
        &dir,
        &["train", "--text", &latin1],
        &["latin1.txt", "UTF-8"],
    );
    fails(&dir, &["train", "--text", &short], &["short.txt"]);
    fails(
        &dir,
        &["train", "--text", &missing],
        &["--text", "nope.txt"],
    );
    fails(&dir, &["train", "--corpus", "odyssey"], &["odyssey"]);
    let head = sonnets_head(&dir, 5_000);
    fails(
        &dir,
        &["train", "--text", &head, "--bidirectional"],
        &["--bidirectional"],
    );
    fails(
        &dir,
        &["train", "--text", &head, "--shuffle"],
        &["--shuffle"],
    );
    fails(
        &dir,
        &["train", "--text", &head, "--chunk", "0"],
        &["chunk"],
    );
    fails(
        &dir,
        &["train", "--text", &head, "--batch", "4000"],
        &["batch"],
    );
    let series = dir.path("series.json");
    ok(&[
        "train",
        "--dataset",
        "sine",
        "--hidden",
        "3",
        "--epochs",
        "1",
        "--quiet",
        "--out",
        &series,
    ]);
    fails(
        &dir,
        &["generate", "--model", &series],
        &["series.json", "series model"],
    );
    fails(
        &dir,
        &["evaluate", "--model", &series, "--text", &head],
        &["series model"],
    );
    let model = dir.path("m.json");
    let mut args = vec!["train", "--text", &head, "--out", &model];
    args.extend(SMALL);
    ok(&args);
    fails(
        &dir,
        &["generate", "--model", &model, "--temperature", "-1"],
        &["temperature"],
    );
    fails(
        &dir,
        &["generate", "--model", &model, "--length", "99999999"],
        &["length"],
    );
}
