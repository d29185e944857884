//! The pipeline end to end, compiled for both targets: natively with `cargo test`, and in
//! WebAssembly with `cargo test --target wasm32-unknown-unknown --no-default-features --features
//! builtin-datasets --test pipeline_wasm` (Node, via wasm-bindgen-test-runner). Checks the
//! compiled-in datasets, CSV parsing, the scaler against scikit-learn and the way back to levels
//! inside wasm.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test;

use rnn_playground::metrics::baselines;
use rnn_playground::pipeline::datasets::{self, DatasetOptions};
use rnn_playground::pipeline::synthetic::ramp;
use rnn_playground::pipeline::{
    prepare, read_csv, CsvOptions, DataConfig, MinMaxScaler, Split, Transform,
};

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn builtin_datasets_load_and_prepare() {
    for info in datasets::list() {
        let s = datasets::load(info.key, &DatasetOptions::default()).unwrap();
        assert_eq!(s.len(), info.length, "{}", info.key);
        let p = prepare(
            &s,
            &DataConfig {
                transform: Transform::Diff,
                ..DataConfig::default()
            },
        )
        .unwrap();
        let r = baselines::evaluate(&p, Split::Test, info.season, 10).unwrap();
        assert!(r.persistence.rmse.is_finite());
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn csv_with_bom_semicolons_and_decimal_commas() {
    let s = read_csv(
        "\u{FEFF}Datum;Schluss\r\n2020-01-01;1,5\r\n2020-01-02;\"2,5\"\r\n",
        &CsvOptions::new("k.csv"),
    )
    .unwrap();
    assert_eq!(s.values, vec![1.5, 2.5]);
    let o = CsvOptions {
        column: Some("B".into()),
        ..CsvOptions::new("k.csv")
    };
    let e = read_csv("a,b\n1,x\n", &o).unwrap_err();
    assert_eq!(
        e.to_string(),
        "k.csv: row 2, column 'b' (index 1): 'x' is not a number"
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn minmax_golden_values_in_this_target() {
    // data_min/data_max/scale_ of tests/golden/minmax_scaler.json, fitted on its first 40 points
    let text = include_str!("golden/minmax_scaler.json");
    let key = "\"series\": [";
    let start = text.find(key).unwrap() + key.len();
    let end = start + text[start..].find(']').unwrap();
    let series: Vec<f64> = text[start..end]
        .split(',')
        .map(|x| x.trim().parse().unwrap())
        .collect();
    let s = MinMaxScaler::fit(&series[..40], (0.0, 1.0)).unwrap();
    assert_eq!(s.data_min, 85.85163879394531);
    assert_eq!(s.data_max, 113.58350372314453);
    assert_eq!(s.scale_, 0.03605960156495237);
    assert_eq!(s.min_, -3.0957758886078763);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn ramp_round_trip_and_warning() {
    let p = prepare(&ramp(), &DataConfig::default()).unwrap();
    assert!(p
        .warnings
        .iter()
        .any(|w| w.starts_with("test targets leave the training range")));
    let d = prepare(
        &ramp(),
        &DataConfig {
            transform: Transform::Diff,
            ..DataConfig::default()
        },
    )
    .unwrap();
    let step = d.to_model(3.0, 3.1);
    let f = d.forecast_future(1, |_| vec![step]).unwrap();
    assert!((f[0] - 3.1).abs() < 1e-6, "{f:?}");
}
