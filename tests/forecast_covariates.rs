//! Covariates (issue 15's `features`): a target that is a lagged copy of a feature is learned
//! with the feature and not without it; every feature's scaler is fitted on the training split
//! only; the missing-value policy applies to every column; model files carry the features and
//! their scalers (both formats), refuse data that lacks one, and older files still load; the CLI's
//! `--features` works end to end.

use rnn_playground::app::Experiment;
use rnn_playground::config::PlaygroundConfig;
use rnn_playground::io::model_file;
use rnn_playground::pipeline::{
    prepare, read_csv, CsvOptions, DataConfig, MissingPolicy, Scaler, ScalerKind, Series, Split,
    Transform,
};
use rnn_playground::rng::Rng;
use rnn_playground::train::Freeze;
use std::process::Command;

/// Lag of the target behind the feature.
const LAG: usize = 2;

/// `x` a Gaussian random walk, the target `y_t = x_{t−LAG}`: from its own past the target is a
/// random walk (persistence is the best forecast), while the feature tells its next step exactly.
fn lagged_copy(n: usize, seed: u64) -> Series {
    let mut rng = Rng::new(seed);
    let mut x = Vec::with_capacity(n + LAG);
    let mut level = 50.0;
    for _ in 0..n + LAG {
        level += rng.normal();
        x.push(level);
    }
    let y = x[..n].to_vec();
    let feature = x[LAG..].to_vec();
    Series::from_values("lagged", "y", y)
        .unwrap()
        .with_feature("x", feature)
        .unwrap()
}

fn config(features: &[&str]) -> PlaygroundConfig {
    PlaygroundConfig {
        features: features.iter().map(|s| s.to_string()).collect(),
        transform: Transform::Diff,
        cell: rnn_playground::cells::CellKind::Gru,
        hidden: 16,
        window: 6,
        epochs: 40,
        batch: 32,
        lr: 0.01,
        patience: 0,
        steps: 5,
        ..PlaygroundConfig::default()
    }
}

fn without_features(s: &Series) -> Series {
    Series {
        features: Vec::new(),
        ..s.clone()
    }
}

#[test]
fn a_lagged_copy_of_a_feature_is_learned_with_the_feature_and_not_without() {
    let series = lagged_copy(600, 7);
    let mut with = Experiment::new(series.clone(), config(&["x"])).unwrap();
    assert_eq!(with.network.config.input_size, 2);
    with.train_to_end(64, None, |_| {});
    let m_with = with.evaluate().unwrap();
    let mut without = Experiment::new(without_features(&series), config(&[])).unwrap();
    assert_eq!(without.network.config.input_size, 1);
    without.train_to_end(64, None, |_| {});
    let m_without = without.evaluate().unwrap();
    let (sw, so) = (m_with.skill.unwrap(), m_without.skill.unwrap());
    println!("skill against persistence: with feature {sw:.3}, without {so:.3}");
    assert!(
        sw > 0.6,
        "with the feature the model should learn the lag: skill {sw}"
    );
    assert!(
        so < 0.1,
        "without it the target is a random walk: skill {so}"
    );
    // with covariates the forecast past the end holds the direct outputs only, with a warning
    assert_eq!(m_with.forecast.len(), 1);
    assert!(
        m_with
            .warnings
            .iter()
            .any(|w| w.contains("1 of 5 steps") && w.contains("features (x)")),
        "{:?}",
        m_with.warnings
    );
    assert_eq!(m_without.forecast.len(), 5);
    // the recursive test forecast uses the known covariates and covers the whole test range
    assert_eq!(
        m_with.test_recursive.len(),
        with.prepared.test.len + with.prepared.config.horizon - 1
    );
}

#[test]
fn every_features_scaler_is_fitted_on_the_training_split_only() {
    let series = lagged_copy(200, 3);
    let cfg = DataConfig {
        transform: Transform::Diff,
        scaler: ScalerKind::ZScore,
        window: 5,
        ..DataConfig::default()
    };
    let p = prepare(&series, &cfg).unwrap();
    assert_eq!(p.channels(), 2);
    assert_eq!(p.feature_names(), vec!["x"]);
    let dx: Vec<f64> = series.features[0]
        .values
        .windows(2)
        .map(|w| w[1] - w[0])
        .collect();
    let want = Scaler::fit(ScalerKind::ZScore, &dx[..p.bounds.train_end], (0.0, 1.0)).unwrap();
    assert_eq!(p.features[0].scaler, want);
    assert_eq!(p.features[0].transform, Transform::Diff);
    // wild values after the training split leave the scaler alone; one inside it does not
    let mut after = series.clone();
    let n = after.len();
    for v in &mut after.features[0].values[p.bounds.train_end + 2..n] {
        *v *= 1000.0;
    }
    assert_eq!(prepare(&after, &cfg).unwrap().features[0].scaler, want);
    let mut inside = series.clone();
    inside.features[0].values[3] += 100.0;
    assert_ne!(prepare(&inside, &cfg).unwrap().features[0].scaler, want);
    // each window step holds the target then the feature, both scaled
    let w = &p.train;
    assert_eq!(w.channels, 2);
    let t = w.target_index[4] - p.offset; // modelled index of its first target
    for s in 0..cfg.window {
        let step = &w.inputs(4)[2 * s..2 * s + 2];
        assert_eq!(step[0], p.scaled[t - cfg.window + s] as f32);
        assert_eq!(step[1], p.feature_scaled[0][t - cfg.window + s] as f32);
    }
    assert_eq!(w.targets(4)[0], p.scaled[t] as f32);
}

#[test]
fn ingest_reads_feature_columns_under_every_missing_policy() {
    let text = "date,y,x,z\n2020-01,1,10,\n2020-02,2,,200\n2020-03,3,30,300\n2020-04,,40,400\n";
    let opts = |missing| CsvOptions {
        column: Some("y".into()),
        features: vec!["X".into(), "z".into()],
        missing,
        ..CsvOptions::new("f.csv")
    };
    let e = read_csv(text, &opts(MissingPolicy::Error)).unwrap_err();
    assert_eq!(e.row(), Some(2));
    assert!(e.to_string().contains("'z'"), "{e}");
    let d = read_csv(text, &opts(MissingPolicy::Drop)).unwrap();
    assert_eq!(d.values, vec![3.0]);
    assert_eq!(d.features[0].values, vec![30.0]);
    assert_eq!(d.features[1].values, vec![300.0]);
    assert_eq!(d.dates.as_deref().unwrap(), ["2020-03"]);
    let f = read_csv(text, &opts(MissingPolicy::Ffill)).unwrap();
    // the first data row is dropped (z has nothing before its gap), so is the second (nor has x,
    // the first row being gone); then each column fills from its own kept past (y in the last)
    assert_eq!(f.values, vec![3.0, 3.0]);
    assert_eq!(f.features[0].name, "x", "the header's own spelling");
    assert_eq!(f.features[0].values, vec![30.0, 40.0]);
    assert_eq!(f.features[1].values, vec![300.0, 400.0]);
    assert_eq!(f.missing, 3);
    assert!(
        f.notes
            .iter()
            .any(|n| n.contains("2 leading one(s) dropped")),
        "{:?}",
        f.notes
    );
    assert_eq!(f.numeric_columns, vec!["y", "x", "z"]);
    // a feature that is not there names itself and what there is
    let e = read_csv(
        text,
        &CsvOptions {
            features: vec!["volume".into()],
            ..opts(MissingPolicy::Drop)
        },
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("features"));
    let m = e.to_string();
    assert!(m.contains("feature 'volume'") && m.contains("z (3)"), "{m}");
    let long = "v".repeat(5000);
    let e = read_csv(
        text,
        &CsvOptions {
            features: vec![long],
            ..opts(MissingPolicy::Drop)
        },
    )
    .unwrap_err();
    assert!(e.to_string().len() < 300, "quotes a short prefix only");
    let e = read_csv(
        text,
        &CsvOptions {
            features: vec!["y".into()],
            ..opts(MissingPolicy::Drop)
        },
    )
    .unwrap_err();
    assert!(e.to_string().contains("is the value column"), "{e}");
}

#[test]
fn config_checks_the_feature_list() {
    let c =
        PlaygroundConfig::from_json_value(&serde_json::json!({"features": "open, high"})).unwrap();
    assert_eq!(c.features, vec!["open", "high"]);
    assert_eq!(c.network_config().input_size, 3);
    let c =
        PlaygroundConfig::from_json_value(&serde_json::json!({"features": ["open", 3]})).unwrap();
    assert_eq!(c.features, vec!["open", "3"]);
    let e = PlaygroundConfig::from_json_value(&serde_json::json!({"features": ["a", "A"]}))
        .unwrap_err();
    assert!(e.contains("`features`") && e.contains("twice"), "{e}");
    let e = PlaygroundConfig::from_json_value(
        &serde_json::json!({"features": ["close"], "column": "Close"}),
    )
    .unwrap_err();
    assert!(
        e.contains("`features`") && e.contains("value column"),
        "{e}"
    );
    let e =
        PlaygroundConfig::from_json_value(&serde_json::json!({"features": {"a": 1}})).unwrap_err();
    assert!(e.contains("`features`"), "{e}");
}

#[test]
fn built_in_datasets_offer_their_columns_as_features() {
    use rnn_playground::pipeline::datasets::{self, DatasetOptions};
    for d in datasets::list().into_iter().filter(|d| d.file.is_some()) {
        let s = datasets::load(d.key, &DatasetOptions::default()).unwrap();
        let listed: Vec<String> = d.columns.iter().map(|c| c.to_string()).collect();
        assert_eq!(s.numeric_columns, listed, "{}", d.key);
    }
    let opts = DatasetOptions {
        features: vec!["volume".into(), "open".into()],
        ..DatasetOptions::default()
    };
    let sp = datasets::load("sp500", &opts).unwrap();
    assert_eq!(sp.feature_names(), vec!["volume", "open"]);
    assert_eq!(sp.features[0].values[0], 931800000.0);
    let e = datasets::load(
        "sine",
        &DatasetOptions {
            features: vec!["x".into()],
            ..DatasetOptions::default()
        },
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("feature 'x'") && e.contains("value"), "{e}");
}

fn trained(series: &Series) -> Experiment {
    let cfg = PlaygroundConfig {
        epochs: 2,
        hidden: 4,
        ..config(&["x"])
    };
    let mut ex = Experiment::new(series.clone(), cfg).unwrap();
    ex.train_to_end(64, None, |_| {});
    ex
}

#[test]
fn model_files_round_trip_the_features_in_both_formats() {
    let series = lagged_copy(160, 11);
    let mut ex = trained(&series);
    let m = ex.evaluate().unwrap();
    let want = ex.predictions().unwrap();
    let json = ex.export_json(Some(&m)).into_bytes();
    let st = ex.export_safetensors(Some(&m)).unwrap();
    for bytes in [json.clone(), st] {
        let saved = model_file::from_bytes(&bytes).unwrap();
        assert_eq!(saved.features, ex.prepared.features);
        assert_eq!(saved.network.config.input_size, 2);
        assert_eq!(saved.training.config.features, vec!["x"]);
        let mut back = Experiment::from_model(
            series.clone(),
            PlaygroundConfig::default(),
            saved,
            true,
            Freeze::None,
        )
        .unwrap();
        assert_eq!(back.prepared.features, ex.prepared.features);
        assert_eq!(back.predictions().unwrap(), want);
    }
    // data without the feature: a clear error naming it
    let saved = model_file::from_bytes(&json).unwrap();
    let e = Experiment::from_model(
        without_features(&series),
        PlaygroundConfig::default(),
        saved,
        true,
        Freeze::None,
    )
    .unwrap_err();
    assert!(
        e.contains("feature 'x'") && e.contains("trained with features [x]"),
        "{e}"
    );
    // a file whose input size disagrees with its feature list is refused
    let mut v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    v["features"] = serde_json::json!([]);
    let e = model_file::from_json(&v.to_string()).unwrap_err();
    assert!(
        e.contains("config.input_size") && e.contains("0 feature"),
        "{e}"
    );
}

#[test]
fn files_without_features_still_load() {
    let series = without_features(&lagged_copy(160, 11));
    let cfg = PlaygroundConfig {
        epochs: 1,
        hidden: 4,
        ..config(&[])
    };
    let mut ex = Experiment::new(series.clone(), cfg).unwrap();
    ex.train_to_end(64, None, |_| {});
    let mut v: serde_json::Value = serde_json::from_str(&ex.export_json(None)).unwrap();
    // as written before covariates existed: no `features`, anywhere
    v.as_object_mut().unwrap().remove("features");
    v["training"]["config"]
        .as_object_mut()
        .unwrap()
        .remove("features");
    let saved = model_file::from_json(&v.to_string()).unwrap();
    assert!(saved.features.is_empty());
    let back = Experiment::from_model(
        series,
        PlaygroundConfig::default(),
        saved,
        true,
        Freeze::None,
    )
    .unwrap();
    assert_eq!(back.network.config.input_size, 1);
    assert_eq!(back.prepared.channels(), 1);
    assert!(back.prepared.windows(Split::Test).len > 0);
}

#[test]
fn cli_features_end_to_end() {
    let dir = std::env::temp_dir().join(format!("rnnpg-covariates-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let s = lagged_copy(200, 5);
    let mut csv = String::from("t,y,x\n");
    for i in 0..s.len() {
        csv.push_str(&format!(
            "{i},{},{}\n",
            s.values[i], s.features[0].values[i]
        ));
    }
    let data = dir.join("lagged.csv");
    std::fs::write(&data, csv).unwrap();
    let model = dir.join("m.json");
    let metrics = dir.join("metrics.json");
    let bin = env!("CARGO_BIN_EXE_rnn-playground");
    let out = Command::new(bin)
        .args(["train", "--data", data.to_str().unwrap(), "--column", "y"])
        .args(["--features", "x", "--epochs", "2", "--hidden", "4", "-q"])
        .args(["--out", model.to_str().unwrap()])
        .args(["--metrics", metrics.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&metrics).unwrap()).unwrap();
    assert!(m["test_rmse"].is_number());
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&model).unwrap()).unwrap();
    assert_eq!(file["features"][0]["name"], "x");
    assert_eq!(file["config"]["input_size"], 2);
    // the saved model forecasts from the file it was trained on
    let out = Command::new(bin)
        .args([
            "forecast",
            "--model",
            model.to_str().unwrap(),
            "--steps",
            "1",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // and on data without the feature it says which one is missing
    let other = dir.join("y-only.csv");
    std::fs::write(&other, "t,y\n0,1\n1,2\n2,3\n").unwrap();
    let out = Command::new(bin)
        .args(["evaluate", "--model", model.to_str().unwrap()])
        .args(["--data", other.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("feature 'x'"), "{err}");
    // a feature the file does not have
    let out = Command::new(bin)
        .args(["train", "--data", data.to_str().unwrap(), "--column", "y"])
        .args(["--features", "x,volume", "--epochs", "1", "-q"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("feature 'volume'") && err.contains("--features"),
        "{err}"
    );
}
