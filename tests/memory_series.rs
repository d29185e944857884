//! The long-dependency series `dataset=memory` (key `lag`) and the LSTM `forget_bias` setting:
//! the generator's rule and seeding, what the baselines can reach on it, the keys' bounds and
//! messages, the shifted forget-gate bias, and the model files that record both keys.

use rnn_playground::app::Experiment;
use rnn_playground::cells::CellKind;
use rnn_playground::config::PlaygroundConfig;
use rnn_playground::io::model_file::from_bytes;
use rnn_playground::model::NetworkConfig;
use rnn_playground::pipeline::datasets::{self, DatasetOptions};
use rnn_playground::pipeline::memory::{self, ECHO, LENGTH};
use rnn_playground::rng::Rng;
use serde_json::{json, Value};

fn load(lag: usize, seed: u64) -> Vec<f64> {
    let opts = DatasetOptions {
        lag,
        seed,
        ..Default::default()
    };
    datasets::load("memory", &opts).unwrap().values
}

fn rmse(pairs: impl Iterator<Item = (f64, f64)>) -> f64 {
    let (mut sum, mut n) = (0.0, 0usize);
    for (a, p) in pairs {
        sum += (a - p) * (a - p);
        n += 1;
    }
    (sum / n as f64).sqrt()
}

#[test]
fn the_series_follows_its_rule_and_its_seed() {
    let info = datasets::info("memory").unwrap();
    assert_eq!((info.length, info.season, info.file), (LENGTH, None, None));
    for lag in [1, 5, 30, 200] {
        let s = load(lag, 3);
        assert_eq!(s.len(), LENGTH);
        // The t-th normal draw of the data seed's generator is exactly what the rule leaves.
        let mut rng = Rng::new(3);
        let e: Vec<f64> = (0..LENGTH).map(|_| rng.normal()).collect();
        for (t, drawn) in e.iter().enumerate() {
            let left = if t >= lag {
                s[t] - ECHO * s[t - lag]
            } else {
                s[t] * (1.0 - ECHO * ECHO).sqrt()
            };
            assert!((left - drawn).abs() < 1e-12, "lag {lag}, t {t}");
        }
    }
    assert_eq!(load(30, 3), load(30, 3));
    assert_ne!(load(30, 3), load(30, 4));
    assert_ne!(load(30, 3), load(29, 3));
    // The data seed is the configuration's seed, as for the other synthetic series.
    let cfg = PlaygroundConfig::default();
    assert_eq!(load(cfg.lag, cfg.seed), load(5, 42));
}

#[test]
fn only_remembering_lag_steps_back_forecasts_it() {
    // Over the whole series: the rule's forecast −0.9·s_(t−lag) leaves the unit noise; the
    // mean, persistence and seasonal naive at period lag are far worse (docs/memory-series.md
    // gives the expected values 1, 2.29, 3.24 and 4.47).
    let lag = 30;
    let s = load(lag, 1);
    let ts = || lag..LENGTH;
    let oracle = rmse(ts().map(|t| (s[t], ECHO * s[t - lag])));
    let mean = rmse(ts().map(|t| (s[t], 0.0)));
    let persistence = rmse(ts().map(|t| (s[t], s[t - 1])));
    let seasonal = rmse(ts().map(|t| (s[t], s[t - lag])));
    assert!((0.93..1.07).contains(&oracle), "oracle {oracle}");
    assert!((2.0..2.6).contains(&mean), "mean {mean}");
    assert!(
        (2.9..3.6).contains(&persistence),
        "persistence {persistence}"
    );
    assert!((4.0..4.9).contains(&seasonal), "seasonal {seasonal}");
}

#[test]
fn lag_bounds_and_the_window_must_reach_back_lag_steps() {
    let cfg = |v: Value| PlaygroundConfig::from_json_value(&v);
    let e = cfg(json!({"lag": 0})).unwrap_err();
    assert_eq!(e, "config field `lag`: must be at least 1, got 0");
    let e = cfg(json!({"lag": 201})).unwrap_err();
    assert!(e.contains("`lag`") && e.contains("at most 200"), "{e}");
    let e = cfg(json!({"dataset": "memory", "lag": 30, "window": 29})).unwrap_err();
    assert!(
        e.starts_with("config field `window`")
            && e.contains("lag = 30 steps back")
            && e.contains("at least 30 (got 29)"),
        "{e}"
    );
    // The value lag steps back is the window's first input: enough.
    assert!(cfg(json!({"dataset": "memory", "lag": 30, "window": 30})).is_ok());
    // Other datasets ignore lag.
    assert!(cfg(json!({"dataset": "sine", "lag": 30, "window": 10})).is_ok());
    // The generator refuses a lag out of bounds too, naming the key.
    let e = memory::memory(100, 0, 1).unwrap_err();
    assert_eq!(e.field(), Some("lag"));
}

fn forget_slices(net: &rnn_playground::model::Network, hidden: usize) -> Vec<(String, Vec<f32>)> {
    let mut out = Vec::new();
    for t in &net.params.tensors {
        if t.name.contains("bias_ih") {
            let hh = t.name.replace("bias_ih", "bias_hh");
            let b_ih = net.params.get(&t.name).unwrap();
            let b_hh = net.params.get(&hh).unwrap();
            let sum = (hidden..2 * hidden).map(|i| b_ih[i] + b_hh[i]).collect();
            out.push((t.name.clone(), sum));
        }
    }
    out
}

#[test]
fn forget_bias_shifts_only_the_lstm_forget_slice_of_bias_ih() {
    let hidden = 64;
    let mut cfg = NetworkConfig::new(CellKind::Lstm, hidden);
    cfg.num_layers = 2;
    cfg.bidirectional = true;
    let base = cfg.init(5).unwrap();
    cfg.forget_bias = 1.0;
    let shifted = cfg.init(5).unwrap();
    let forget = forget_slices(&shifted, hidden);
    assert_eq!(forget.len(), 4, "every layer and direction");
    for (name, sums) in forget {
        let mean = sums.iter().map(|&v| v as f64).sum::<f64>() / hidden as f64;
        // Two uniform(±1/8) draws per unit: the mean of 64 sums is within 0.1 of 1.
        assert!((mean - 1.0).abs() < 0.1, "{name}: mean {mean}");
    }
    let mut changed = 0;
    for t in &base.params.tensors {
        let (a, b) = (
            base.params.get(&t.name).unwrap(),
            shifted.params.get(&t.name).unwrap(),
        );
        for (i, (x, y)) in a.iter().zip(b).enumerate() {
            let in_forget = t.name.contains("bias_ih") && (hidden..2 * hidden).contains(&i);
            if in_forget {
                assert_eq!(*y, *x + 1.0, "{}[{i}]", t.name);
                changed += 1;
            } else {
                assert_eq!(x.to_bits(), y.to_bits(), "{}[{i}] must not change", t.name);
            }
        }
    }
    assert_eq!(changed, 4 * hidden);
    // GRU and RNN ignore it: the same bits as without.
    for cell in [CellKind::Gru, CellKind::RnnTanh] {
        let mut c = NetworkConfig::new(cell, 8);
        let a = c.init(2).unwrap().params.values;
        c.forget_bias = 1.0;
        assert_eq!(a, c.init(2).unwrap().params.values, "{cell}");
    }
}

#[test]
fn forget_bias_bounds_and_the_model_files_record_it() {
    let e = PlaygroundConfig::from_json_value(&json!({"forget_bias": 11})).unwrap_err();
    assert!(
        e.contains("`forget_bias`") && e.contains("[-10, 10]"),
        "{e}"
    );
    let cfg = PlaygroundConfig::from_json_value(&json!({
        "dataset": "memory", "lag": 6, "window": 8, "cell": "lstm", "hidden": 4,
        "epochs": 1, "forget_bias": 1.5,
    }))
    .unwrap();
    let opts = DatasetOptions {
        lag: cfg.lag,
        seed: cfg.seed,
        length: Some(200),
        ..Default::default()
    };
    let series = datasets::load("memory", &opts).unwrap();
    let mut ex = Experiment::new(series, cfg).unwrap();
    ex.train_to_end(100, None, |_| {});
    let json_text = ex.export_json(None);
    let st = ex.export_safetensors(None).unwrap();
    for bytes in [json_text.as_bytes(), &st[..]] {
        let saved = from_bytes(bytes).unwrap();
        assert_eq!(saved.training.config.forget_bias, 1.5);
        assert_eq!(saved.training.config.lag, 6);
        assert_eq!(saved.network.config.forget_bias, 1.5);
        assert_eq!(saved.network.params.values, ex.network.params.values);
    }
    // A file written before these keys existed still loads, with the defaults.
    let mut old: Value = serde_json::from_str(&json_text).unwrap();
    old["config"].as_object_mut().unwrap().remove("forget_bias");
    let training = old["training"]["config"].as_object_mut().unwrap();
    training.remove("forget_bias");
    training.remove("lag");
    let saved = from_bytes(old.to_string().as_bytes()).unwrap();
    assert_eq!(saved.training.config.forget_bias, 0.0);
    assert_eq!(saved.training.config.lag, memory::DEFAULT_LAG);
    assert_eq!(saved.network.config.forget_bias, 0.0);
    assert_eq!(saved.network.params.values, ex.network.params.values);
}
