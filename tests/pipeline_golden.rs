//! The min-max scaler against scikit-learn's numbers (tests/golden/minmax_scaler.json, a copy of
//! the shared golden file): fitted on the first 40 of 50 points, every field and every transform
//! and inverse must match bit for bit, since both compute the same expressions in f64.
//!
//! Numbers are read with Rust's correctly rounded `str::parse::<f64>`, not through
//! `serde_json::Value`: serde_json without its `float_roundtrip` feature may land one ulp off,
//! which would make a bit-exact comparison meaningless.

use rnn_playground::pipeline::{MinMaxScaler, Scaler, ScalerKind};
use serde_json::Value;

fn golden() -> Value {
    serde_json::from_str(TEXT).expect("golden file parses")
}

const TEXT: &str = include_str!("golden/minmax_scaler.json");

/// The raw text after `"key":` up to the end of its value (a number or a flat array).
fn raw(key: &str) -> &'static str {
    let pat = format!("\"{key}\":");
    let start = TEXT.find(&pat).unwrap_or_else(|| panic!("{key} in golden")) + pat.len();
    let rest = TEXT[start..].trim_start();
    let end = if rest.starts_with('[') {
        rest.find(']').unwrap() + 1
    } else {
        rest.find([',', '}', '\n']).unwrap()
    };
    &rest[..end]
}

fn floats(key: &str) -> Vec<f64> {
    let r = raw(key);
    r.trim_matches(['[', ']'])
        .split(',')
        .map(|x| {
            x.trim()
                .parse::<f64>()
                .unwrap_or_else(|e| panic!("{key}: {x}: {e}"))
        })
        .collect()
}

fn float(key: &str) -> f64 {
    raw(key).trim().parse().unwrap()
}

fn same(a: f64, b: f64, what: &str) {
    assert_eq!(a.to_bits(), b.to_bits(), "{what}: {a} vs golden {b}");
}

#[test]
fn minmax_matches_scikit_learn_bit_for_bit() {
    let g = golden();
    assert_eq!(g["format"], "minmax-golden-v1");
    let series = floats("series");
    let n_fit = g["n_fit"].as_u64().unwrap() as usize;
    assert_eq!(n_fit, (0.8 * series.len() as f64) as usize);
    let fr = floats("feature_range");
    let s = MinMaxScaler::fit(&series[..n_fit], (fr[0], fr[1])).unwrap();
    same(s.data_min, float("data_min"), "data_min");
    same(s.data_max, float("data_max"), "data_max");
    same(s.data_range, float("data_range"), "data_range");
    same(s.scale_, float("scale_"), "scale_");
    same(s.min_, float("min_"), "min_");

    let scaled = floats("scaled");
    let inverse = floats("inverse_of_scaled");
    for (i, &x) in series.iter().enumerate() {
        same(s.transform(x), scaled[i], &format!("scaled[{i}]"));
        same(
            s.inverse(scaled[i]),
            inverse[i],
            &format!("inverse_of_scaled[{i}]"),
        );
    }
    // The fit range itself spans exactly [0, 1] up to rounding.
    let fit = &scaled[..n_fit];
    assert!(fit.contains(&0.0) && fit.iter().all(|&v| (0.0..=1.0).contains(&v)));

    let pred = floats("pred_scaled");
    let pred_inv = floats("pred_inverse");
    for (i, (&p, &q)) in pred.iter().zip(&pred_inv).enumerate() {
        same(s.inverse(p), q, &format!("pred_inverse[{i}]"));
    }

    // The enum used inside model files gives the same numbers and survives JSON.
    let e = Scaler::fit(ScalerKind::MinMax, &series[..n_fit], (0.0, 1.0)).unwrap();
    let back: Scaler = serde_json::from_str(&serde_json::to_string(&e).unwrap()).unwrap();
    for (i, &x) in series.iter().enumerate() {
        same(back.transform(x), scaled[i], &format!("enum scaled[{i}]"));
    }
}
