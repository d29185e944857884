//! Determinism across builds. The same seed and configuration train to bit-identical weights
//! and predictions twice in one build (native with its run-time kernel choice, wasm SIMD128,
//! wasm scalar: `scripts/test.sh` runs this file in each), and every build's predictions agree
//! with the native fixture `tests/fixtures/determinism.json` to 1e-5 relative. The builds differ
//! on purpose in the order of float additions (SIMD lanes, AVX2 FMA), so bits differ across
//! builds; docs/reliability.md says where. Regenerate the fixture natively:
//! `RNN_WRITE_DETERMINISM=1 cargo test --test determinism`.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test;

use rnn_playground::app::Experiment;
use rnn_playground::config::PlaygroundConfig;
use rnn_playground::pipeline::datasets::{self, DatasetOptions};
use serde_json::{json, Value};

/// The fixture, as the native build wrote it (not in `tests/golden/`: it is not PyTorch's, and
/// the golden test refuses formats it does not know). Every setting it depends on is spelled out
/// below, so a change of a default does not move it.
const FIXTURE: &str = include_str!("fixtures/determinism.json");
/// Batches trained: enough for the optimiser to move every weight, few enough that rounding
/// differences between the kernels stay below 1e-5 of the predictions.
const BATCHES: usize = 40;

/// Trains one LSTM and one GRU on the synthetic sine series; their weights and predictions.
fn run() -> Vec<(String, Vec<f32>, Vec<f64>)> {
    let mut out = Vec::new();
    for cell in ["lstm", "gru"] {
        let series = datasets::load_text("sine", None, &DatasetOptions::default()).unwrap();
        let cfg = PlaygroundConfig::from_json_value(&json!({
            "dataset": "sine", "cell": cell, "hidden": 12, "layers": 2, "window": 16,
            "batch": 16, "epochs": 5, "seed": 7, "dropout": 0.1, "transform": "none",
        }))
        .unwrap();
        let mut ex = Experiment::new(series, cfg).unwrap();
        let mut done = 0;
        while done < BATCHES {
            let p = ex.train_batches(BATCHES - done, None);
            done += p.batch.max(1);
            if p.done {
                break;
            }
        }
        let preds = ex.predictions().unwrap();
        out.push((
            cell.to_string(),
            ex.network.params.values.clone(),
            preds.predicted,
        ));
    }
    out
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn same_seed_and_config_give_the_same_bits_twice_in_one_build() {
    let a = run();
    let b = run();
    for ((cell, wa, pa), (_, wb, pb)) in a.iter().zip(&b) {
        let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(
            bits(wa),
            bits(wb),
            "{cell}: weights differ between two runs"
        );
        let bits64 = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(
            bits64(pa),
            bits64(pb),
            "{cell}: predictions differ between two runs"
        );
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn predictions_agree_with_the_native_fixture_to_1e_5_relative() {
    let runs = run();
    #[cfg(not(target_arch = "wasm32"))]
    if std::env::var_os("RNN_WRITE_DETERMINISM").is_some() {
        let cells: serde_json::Map<String, Value> = runs
            .iter()
            .map(|(cell, w, p)| {
                let sum: f64 = w.iter().map(|&x| x as f64).sum();
                (
                    cell.clone(),
                    json!({"weights": w.len(), "weight_sum": sum, "predicted": p}),
                )
            })
            .collect();
        let text = serde_json::to_string_pretty(&json!({
            "format": "rnn-determinism-v1", "batches": BATCHES, "cells": cells,
        }))
        .unwrap();
        std::fs::write(
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/determinism.json"
            ),
            text + "\n",
        )
        .unwrap();
        return;
    }
    let fixture: Value = serde_json::from_str(FIXTURE).unwrap();
    assert_eq!(
        fixture["batches"],
        json!(BATCHES),
        "fixture written for another batch count"
    );
    for (cell, weights, predicted) in &runs {
        let want = &fixture["cells"][cell];
        assert_eq!(
            want["weights"],
            json!(weights.len()),
            "{cell}: weight count"
        );
        let want: Vec<f64> = serde_json::from_value(want["predicted"].clone()).unwrap();
        assert_eq!(want.len(), predicted.len(), "{cell}: prediction count");
        let scale = want.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        let mut worst = 0.0f64;
        for (i, (got, exp)) in predicted.iter().zip(&want).enumerate() {
            let rel = (got - exp).abs() / exp.abs().max(1e-3 * scale);
            worst = worst.max(rel);
            assert!(
                rel <= 1e-5,
                "{cell}: prediction {i} is {got}, the native fixture has {exp} (relative {rel:e})"
            );
        }
        assert!(worst.is_finite());
    }
}
