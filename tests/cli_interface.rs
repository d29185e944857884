//! The CLI's interface other tools rely on: flag names, deterministic output for a seed, and a
//! diverging run that reports an error yet keeps (and writes) the last good weights.

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rnn-playground"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn train_help_lists_the_interface_flags() {
    let help = String::from_utf8(run(&["train", "--help"]).stdout).unwrap();
    for flag in [
        "--data",
        "--dataset",
        "--column",
        "--cell",
        "--hidden",
        "--layers",
        "--window",
        "--epochs",
        "--batch",
        "--lr",
        "--seed",
        "--missing",
        "--transform",
        "--out",
        "--metrics",
        "--horizon",
        "--optimizer",
        "--schedule",
        "--clip",
        "--patience",
        "--loss",
        "--train-frac",
        "--val-frac",
    ] {
        assert!(
            help.contains(&format!("{flag} ")),
            "train --help lacks {flag}"
        );
    }
    let help = String::from_utf8(run(&["forecast", "--help"]).stdout).unwrap();
    assert!(help.contains("--model") && help.contains("--steps"));
    let list = String::from_utf8(run(&["datasets"]).stdout).unwrap();
    for name in [
        "sp500",
        "co2",
        "seattle",
        "stocks",
        "sine",
        "random_walk",
        "ramp",
    ] {
        assert!(list.contains(name), "{list}");
    }
}

#[test]
fn same_seed_same_metrics_file() {
    let dir = std::env::temp_dir().join(format!("rnnpg-seed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let read = |name: &str| {
        let p = dir.join(name);
        let r = run(&[
            "train",
            "--dataset",
            "sine",
            "--hidden",
            "5",
            "--epochs",
            "2",
            "--shuffle",
            "--seed",
            "11",
            "--metrics",
            p.to_str().unwrap(),
            "--quiet",
        ]);
        assert!(r.status.success());
        std::fs::read_to_string(p).unwrap()
    };
    assert_eq!(read("a.json"), read("b.json"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn divergence_exits_with_an_error_and_keeps_good_weights() {
    let dir = std::env::temp_dir().join(format!("rnnpg-div-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let model = dir.join("m.json");
    let r = run(&[
        "train",
        "--dataset",
        "sine",
        "--hidden",
        "4",
        "--epochs",
        "5",
        "--optimizer",
        "sgd",
        "--lr",
        "1e30",
        "--clip",
        "0",
        "--out",
        model.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(r.status.code(), Some(1));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.lines().last().unwrap().contains("training diverged"),
        "{err}"
    );
    let saved = rnn_playground::io::load_model(&model).unwrap();
    assert!(saved.network.params.values.iter().all(|v| v.is_finite()));
    assert_eq!(
        saved.training.stop_reason,
        Some(rnn_playground::train::StopReason::Diverged)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn every_configuration_key_has_a_train_flag() {
    let help = String::from_utf8(run(&["train", "--help"]).stdout).unwrap();
    let missing: Vec<String> = rnn_playground::config::keys()
        .into_iter()
        .map(|key| format!("--{}", key.replace('_', "-")))
        .filter(|flag| !help.contains(&format!("{flag} ")) && !help.contains(&format!("{flag}\n")))
        .collect();
    assert!(missing.is_empty(), "train has no flag for {missing:?}");
}

#[test]
fn choice_flags_list_the_vocabulary_and_take_aliases() {
    let help = String::from_utf8(run(&["train", "--help"]).stdout).unwrap();
    assert!(
        help.contains("rnn_relu") && help.contains("logret"),
        "{help}"
    );
    let r = run(&["train", "--dataset", "ramp", "--cell", "transformer"]);
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.contains("expected one of lstm | gru | rnn_tanh | rnn_relu"),
        "{err}"
    );
}
