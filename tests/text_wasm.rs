//! The text task's browser façade in WebAssembly (Node, and headless Chromium with
//! `WASM_BINDGEN_USE_BROWSER=1`): load a text, train a few chunks, generation is the same for
//! the same seed (and after an export → import round trip, JSON and safetensors), differs for
//! another seed, the unit view's shape, and a refused text leaves the session as it was.
#![cfg(target_arch = "wasm32")]

use js_sys::{Float32Array, Reflect};
use rnn_playground::bindings::{corpora, TextSession};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn obj(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

fn message(e: wasm_bindgen::JsError) -> String {
    let v: JsValue = e.into();
    let err: js_sys::Error = v.dyn_into().expect("a JS Error");
    err.message().into()
}

const TEXT: &str =
    "From fairest creatures we desire increase,\nThat thereby beauty's rose might never die,\n";

fn session() -> TextSession {
    let mut s = TextSession::new();
    let text = TEXT.repeat(30);
    s.load_text(
        text.as_bytes(),
        "sonnet 1",
        obj(r#"{"hidden": 12, "embed": 6, "batch": 4, "chunk": 16, "epochs": 3, "seed": 3}"#),
    )
    .unwrap();
    s.train_batches(10).unwrap();
    s
}

fn sample(s: &mut TextSession, seed: u32) -> String {
    let opts = obj(&format!(
        r#"{{"prime": "From", "length": 80, "temperature": 0.9, "seed": {seed}}}"#
    ));
    s.generate(opts).unwrap()
}

#[wasm_bindgen_test]
fn generation_is_the_same_for_a_seed_and_survives_export_and_import() {
    let mut s = session();
    let a = sample(&mut s, 5);
    assert_eq!(a.chars().count(), 80);
    assert_eq!(a, sample(&mut s, 5), "same seed, same text");
    assert_ne!(a, sample(&mut s, 6), "another seed, another text");
    let json = s.export_json().unwrap();
    let st = s.export_safetensors().unwrap();
    s.configure(obj(
        r#"{"hidden": 12, "embed": 6, "batch": 4, "chunk": 16, "seed": 99}"#,
    ))
    .unwrap();
    assert_ne!(a, sample(&mut s, 5), "a fresh model writes something else");
    s.import_model(json.as_bytes(), None).unwrap();
    assert_eq!(a, sample(&mut s, 5), "after the JSON round trip");
    s.import_model(&st, None).unwrap();
    assert_eq!(a, sample(&mut s, 5), "after the safetensors round trip");
}

#[wasm_bindgen_test]
fn unit_view_and_refusals() {
    let mut s = session();
    let u = s.activations("From fairest", 0).unwrap();
    let values: Float32Array = get(&u, "values").dyn_into().unwrap();
    assert_eq!(values.length(), 12 * 12);
    assert_eq!(get(&u, "hidden").as_f64(), Some(12.0));
    assert!(message(s.activations("x", 1).unwrap_err()).contains("layer 1"));
    let before = sample(&mut s, 5);
    let e = message(
        s.load_text(b"", "empty.txt", JsValue::UNDEFINED)
            .unwrap_err(),
    );
    assert!(e.contains("empty.txt"), "{e}");
    let e = message(
        s.load_text(&[0, 1, 2, 0, 0, 9], "bin.dat", JsValue::UNDEFINED)
            .unwrap_err(),
    );
    assert!(e.contains("bin.dat"), "{e}");
    let e = message(
        s.load_text(TEXT.as_bytes(), "t", obj(r#"{"hiden": 3}"#))
            .unwrap_err(),
    );
    assert!(e.contains("hiden"), "{e}");
    assert_eq!(
        before,
        sample(&mut s, 5),
        "the refused texts left the model as it was"
    );
    let list = corpora().unwrap();
    let first = js_sys::Array::from(&list).get(0);
    assert_eq!(get(&first, "key").as_string().as_deref(), Some("sonnets"));
}
