//! The text task's browser façade in WebAssembly (Node, and Chromium with
//! `WASM_BINDGEN_USE_BROWSER=1`): load a text, train chunks, evaluate, generation reproducible
//! per seed, export → import (JSON and safetensors) gives the same text, and a bad text leaves
//! the session as it was.
#![cfg(target_arch = "wasm32")]

use js_sys::Reflect;
use rnn_playground::bindings::TextSession;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const SONNETS: &str = include_str!("../data/corpora/shakespeare-sonnets.txt");

fn obj(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

fn num(v: &JsValue, key: &str) -> f64 {
    Reflect::get(v, &JsValue::from_str(key))
        .unwrap()
        .as_f64()
        .unwrap_or_else(|| panic!("`{key}` is not a number"))
}

fn message(e: wasm_bindgen::JsError) -> String {
    let v: JsValue = e.into();
    let err: js_sys::Error = v.dyn_into().expect("a JS Error");
    err.message().into()
}

fn sample(s: &mut TextSession, seed: u32) -> String {
    let o = format!(
        r#"{{"prime": "Thy ", "length": 60, "temperature": 0.9, "top_k": 12, "seed": {seed}}}"#
    );
    s.generate(obj(&o)).unwrap()
}

#[wasm_bindgen_test]
fn text_session_trains_generates_per_seed_and_round_trips() {
    let mut s = TextSession::new();
    let opts = r#"{"hidden": 16, "embed": 8, "batch": 8, "chunk": 16, "epochs": 2, "lr": 0.01}"#;
    let summary = s
        .load_text(SONNETS[..12_000].as_bytes(), "sonnets", obj(opts))
        .unwrap();
    assert!(num(&summary, "vocab_size") > 30.0);
    let p = s.train_batches(40).unwrap();
    assert!(num(&p, "train_bpc").is_finite());
    let m = s.evaluate().unwrap();
    assert!(num(&m, "test_bpc") < num(&m, "unigram_test_bpc") + 1.0);
    let a = sample(&mut s, 4);
    assert_eq!(a.chars().count(), 60);
    assert_eq!(a, sample(&mut s, 4), "same seed, same text");
    assert_ne!(a, sample(&mut s, 5));
    let json = s.export_json().unwrap();
    let st = s.export_safetensors().unwrap();
    for file in [json.as_bytes(), &st[..]] {
        let mut t = TextSession::new();
        t.import_model(file, None).unwrap();
        assert_eq!(
            sample(&mut t, 4),
            a,
            "an imported model writes the same text"
        );
    }
    let err = message(
        s.load_text(b"", "empty.txt", JsValue::UNDEFINED)
            .unwrap_err(),
    );
    assert!(err.contains("empty"), "{err}");
    assert_eq!(sample(&mut s, 4), a, "a failed load keeps the run");
    let err = message(TextSession::new().train_batches(1).unwrap_err());
    assert!(err.contains("loadText"), "{err}");
}
