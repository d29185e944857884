//! Parity with PyTorch: checks every `*.json` in `tests/golden/` (and in `$RNN_GOLDEN_DIR` when set)
//! element by element, `|ours − golden| ≤ 1e-5 + 1e-4·|golden|`. A file whose format this harness does
//! not know fails the test rather than being skipped.

#[path = "common/golden_check.rs"]
mod golden_check;

use std::path::{Path, PathBuf};

fn check_file(path: &Path) -> usize {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{name}: {e}"));
    golden_check::check_golden_text(&name, &text)
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read golden dir {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_golden_file_matches_pytorch() {
    let mut dirs = vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")];
    if let Ok(extra) = std::env::var("RNN_GOLDEN_DIR") {
        dirs.push(PathBuf::from(extra));
    }
    for dir in dirs {
        let files = json_files(&dir);
        assert!(!files.is_empty(), "no golden files in {}", dir.display());
        for f in files {
            let n = check_file(&f);
            assert!(n > 0, "{}: nothing checked", f.display());
            eprintln!("{}: {n} values match", f.display());
        }
    }
}
