//! The CLI end to end: a real built-in dataset where a recurrent net can beat persistence (CO2),
//! the classic tutorial ramp, forecast/evaluate from a saved model, and fine-tuning with frozen
//! recurrent layers.

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_rnn-playground"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn scratch(tag: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("rnnpg-e2e-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&p);
    std::fs::create_dir_all(&p).unwrap();
    p
}

fn read_json(p: &PathBuf) -> Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn f(v: &Value, key: &str) -> f64 {
    v[key]
        .as_f64()
        .unwrap_or_else(|| panic!("metrics `{key}` is not a number: {}", v[key]))
}

#[test]
fn co2_beats_persistence_and_the_saved_model_forecasts() {
    let dir = scratch("co2");
    let (model, metrics) = (dir.join("co2.json"), dir.join("metrics.json"));
    let (m, mt) = (model.to_str().unwrap(), metrics.to_str().unwrap());
    let out = run(&[
        "train",
        "--dataset",
        "co2",
        "--transform",
        "diff",
        "--window",
        "24",
        "--hidden",
        "16",
        "--epochs",
        "15",
        "--seed",
        "7",
        "--out",
        m,
        "--metrics",
        mt,
        "--quiet",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("beats persistence"), "{text}");
    let v = read_json(&metrics);
    for key in [
        "train_rmse",
        "val_rmse",
        "test_rmse",
        "test_mae",
        "test_mape",
        "persistence_test_rmse",
        "skill",
        "epochs_run",
    ] {
        assert!(f(&v, key).is_finite(), "{key}");
    }
    assert!(f(&v, "test_rmse") < f(&v, "persistence_test_rmse"), "{v}");
    assert!(f(&v, "skill") > 0.2, "skill {}", f(&v, "skill"));
    let forecast: Vec<f64> = v["forecast"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    assert_eq!(forecast.len(), 10);

    // The saved model forecasts the same values from its own data, and evaluates the same.
    let out = run(&["forecast", "--model", m, "--steps", "3"]);
    let values: Vec<f64> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.parse().unwrap())
        .collect();
    assert_eq!(values.len(), 3);
    for (a, b) in values.iter().zip(&forecast) {
        assert!((a - b).abs() < 1e-9, "{a} vs {b}");
    }
    let m2 = dir.join("eval.json");
    run(&["evaluate", "--model", m, "--metrics", m2.to_str().unwrap()]);
    assert_eq!(f(&read_json(&m2), "test_rmse"), f(&v, "test_rmse"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn ramp_with_differences_forecasts_3_1_and_warns_without() {
    let dir = scratch("ramp");
    let metrics = dir.join("m.json");
    let mt = metrics.to_str().unwrap();
    run(&[
        "train",
        "--dataset",
        "ramp",
        "--window",
        "10",
        "--transform",
        "diff",
        "--hidden",
        "16",
        "--epochs",
        "100",
        "--batch",
        "8",
        "--metrics",
        mt,
        "--quiet",
    ]);
    let next = read_json(&metrics)["forecast"][0].as_f64().unwrap();
    assert!((next - 3.1).abs() < 0.02, "next ramp value {next}");

    let out = run(&[
        "train",
        "--dataset",
        "ramp",
        "--window",
        "10",
        "--transform",
        "none",
        "--epochs",
        "3",
        "--metrics",
        mt,
        "--quiet",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("test targets leave the training range"),
        "{text}"
    );
    let warnings = read_json(&metrics)["warnings"].to_string();
    assert!(warnings.contains("leave the training range"), "{warnings}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn fine_tune_with_frozen_recurrent_layers_changes_only_the_head() {
    let dir = scratch("ft");
    let (base, tuned) = (dir.join("base.json"), dir.join("tuned.json"));
    run(&[
        "train",
        "--dataset",
        "sine",
        "--hidden",
        "8",
        "--layers",
        "2",
        "--window",
        "12",
        "--epochs",
        "3",
        "--out",
        base.to_str().unwrap(),
        "--quiet",
    ]);
    let out = run(&[
        "fine-tune",
        "--model",
        base.to_str().unwrap(),
        "--dataset",
        "random_walk",
        "--freeze",
        "recurrent",
        "--epochs",
        "3",
        "--out",
        tuned.to_str().unwrap(),
        "--quiet",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("before fine-tuning") && text.contains("after fine-tuning"),
        "{text}"
    );
    assert!(text.contains("test RMSE"), "{text}");
    let (a, b) = (read_json(&base), read_json(&tuned));
    for (name, t) in a["weights"].as_object().unwrap() {
        let same = t["data"] == b["weights"][name]["data"];
        assert_eq!(same, !name.starts_with("fc."), "{name}");
    }
    assert_eq!(b["training"]["source"], "dataset random_walk");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_gated_cell_remembers_a_short_lag_on_memory() {
    let dir = scratch("memory");
    let (model, metrics) = (dir.join("gru.json"), dir.join("m.json"));
    let (m, mt) = (model.to_str().unwrap(), metrics.to_str().unwrap());
    run(&[
        "train",
        "--dataset",
        "memory",
        "--lag",
        "5",
        "--window",
        "8",
        "--cell",
        "gru",
        "--hidden",
        "16",
        "--epochs",
        "20",
        "--seed",
        "7",
        "--out",
        m,
        "--metrics",
        mt,
        "--quiet",
    ]);
    let v = read_json(&metrics);
    // Forecasting the mean alone gives skill ≈ 0.29 on this series; remembering the value
    // 5 steps back is what lifts it past 0.55 (the best possible is ≈ 0.69).
    assert!(f(&v, "skill") > 0.55, "skill {}", f(&v, "skill"));
    assert!(f(&v, "test_rmse") < 1.3, "test RMSE {}", f(&v, "test_rmse"));
    // The model file records the lag, so evaluate rebuilds the same series.
    assert_eq!(read_json(&model)["training"]["config"]["lag"], 5);
    let m2 = dir.join("eval.json");
    run(&["evaluate", "--model", m, "--metrics", m2.to_str().unwrap()]);
    assert_eq!(f(&read_json(&m2), "test_rmse"), f(&v, "test_rmse"));

    // --forget-bias reaches the LSTM's architecture and the training record.
    let lstm = dir.join("lstm.json");
    run(&[
        "train",
        "--dataset",
        "memory",
        "--lag",
        "20",
        "--window",
        "20",
        "--cell",
        "lstm",
        "--hidden",
        "4",
        "--epochs",
        "1",
        "--forget-bias",
        "1",
        "--out",
        lstm.to_str().unwrap(),
        "--quiet",
    ]);
    let saved = read_json(&lstm);
    assert_eq!(saved["config"]["forget_bias"], 1.0);
    assert_eq!(saved["training"]["config"]["forget_bias"], 1.0);
    assert_eq!(saved["training"]["config"]["lag"], 20);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The default run (`transform = diff` since it is the default) does not lose to persistence,
/// and the CLI says which epoch's weights the metrics come from, as `best_epoch` in the file.
#[test]
fn the_default_run_names_its_best_epoch() {
    let dir = scratch("best");
    let metrics = dir.join("m.json");
    let out = run(&["train", "--metrics", metrics.to_str().unwrap(), "--quiet"]);
    let text = String::from_utf8_lossy(&out.stdout);
    let m = read_json(&metrics);
    let best = m["best_epoch"]
        .as_u64()
        .expect("best_epoch in the metrics file");
    let runs = m["epochs_run"].as_u64().unwrap();
    let line = if best < runs {
        format!("best validation loss at epoch {best} of {runs} (weights restored)")
    } else {
        format!("best validation loss at epoch {best} of {runs} (the last epoch)")
    };
    assert!(
        text.lines().any(|l| l == line),
        "no line {line:?} in\n{text}"
    );
    let skill = m["skill"].as_f64().unwrap();
    assert!(skill >= -0.05, "default run: skill {skill}");
    std::fs::remove_dir_all(&dir).unwrap();
}
