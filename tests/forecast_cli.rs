//! The CLI's forecasting flags: `--interval` and `--backtest` write their keys to the metrics
//! file, and a backtest that cannot be planned is bad input naming the flag.

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rnn-playground"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn interval_and_backtest_land_in_the_metrics_file() {
    let dir = std::env::temp_dir().join(format!("rnnpg-forecast-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("m.json");
    let out = run(&[
        "train",
        "--dataset",
        "sine",
        "--hidden",
        "4",
        "--epochs",
        "2",
        "--interval",
        "0.9",
        "--backtest",
        "3",
        "--backtest-window",
        "sliding",
        "-q",
        "--metrics",
        path.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("backtest: 3 of 3 folds (sliding window)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("90 % interval on test: coverage"),
        "{stdout}"
    );
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    for key in [
        "test_mase",
        "test_rmsse",
        "best_epoch",
        "test_interval_coverage",
        "test_interval_width",
    ] {
        assert!(m[key].is_number(), "{key}: {}", m[key]);
    }
    assert_eq!(m["interval_level"], 0.9);
    assert!(m["forecast_lower"].as_array().unwrap().len() == 10);
    assert!(m["baselines"]["drift"]["test"]["mase"].is_number());
    let folds = m["backtest"]["folds"].as_array().unwrap();
    assert_eq!(folds.len(), 3);
    for key in [
        "origin",
        "train_size",
        "test_rmse",
        "test_mae",
        "test_mase",
        "skill",
    ] {
        assert!(folds[2][key].is_number(), "{key}");
    }
    assert!(m["backtest"]["mean"]["test_mase"].is_number());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn an_impossible_backtest_is_bad_input_naming_the_flag() {
    let out = run(&[
        "train",
        "--dataset",
        "sine",
        "--epochs",
        "1",
        "--backtest",
        "500",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("--backtest") && err.contains("500 folds"),
        "{err}"
    );
    let out = run(&["train", "--dataset", "sine", "--interval", "1.5"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("--interval"));
}
