//! The browser façade end to end, in WebAssembly (Node, and headless Chromium with
//! `WASM_BINDGEN_USE_BROWSER=1`): load a dataset, configure, train in chunks, evaluate,
//! export and import (JSON and safetensors give identical predictions), and errors that leave the
//! session unchanged.
#![cfg(target_arch = "wasm32")]

use js_sys::{Float32Array, Reflect};
use rnn_playground::bindings::{backend, datasets, Session};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn obj(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

fn num(v: &JsValue, key: &str) -> f64 {
    get(v, key)
        .as_f64()
        .unwrap_or_else(|| panic!("`{key}` is not a number"))
}

fn message(e: wasm_bindgen::JsError) -> String {
    let v: JsValue = e.into();
    let err: js_sys::Error = v.dyn_into().expect("a JS Error");
    err.message().into()
}

fn predicted(s: &mut Session) -> Vec<f32> {
    let p = s.predictions().unwrap();
    get(&p, "predicted")
        .dyn_into::<Float32Array>()
        .unwrap()
        .to_vec()
}

#[wasm_bindgen_test]
fn session_trains_evaluates_exports_and_imports() {
    assert!(["relaxed-simd", "simd128", "scalar"].contains(&backend().as_str()));
    let list = datasets().unwrap();
    assert!(js_sys::Array::from(&list).length() >= 7);

    let mut s = Session::new();
    let data = load_sine(&mut s);
    assert!(num(&data, "rows") > 100.0);
    let values = get(&data, "values").dyn_into::<Float32Array>().unwrap();
    assert_eq!(values.length() as f64, num(&data, "rows"));

    let summary = s
        .configure(obj(
            r#"{"dataset":"sine","cell":"gru","hidden":8,"window":12,"epochs":3,"batch":32}"#,
        ))
        .unwrap();
    assert!(num(&summary, "train_windows") > 10.0);
    assert!(num(&summary, "params") > 100.0);

    let p = s.train_batches(2).unwrap();
    assert_eq!(num(&p, "epoch"), 1.0);
    assert_eq!(num(&p, "batch"), 2.0);
    assert!(get(&p, "val_loss").is_null(), "val_loss is null mid-epoch");
    let mut done = false;
    for _ in 0..100 {
        let p = s.train_batches(5).unwrap();
        if get(&p, "done").as_bool().unwrap() {
            assert_eq!(get(&p, "stop_reason").as_string().unwrap(), "epochs");
            done = true;
            break;
        }
    }
    assert!(done);

    let m = s.evaluate().unwrap();
    for key in [
        "train_rmse",
        "val_rmse",
        "test_rmse",
        "persistence_test_rmse",
        "skill",
        "epochs_run",
    ] {
        assert!(num(&m, key).is_finite(), "{key}");
    }
    assert!(
        get(&get(&m, "baselines"), "test").is_object(),
        "baselines is a plain object"
    );
    assert_eq!(s.forecast(5).unwrap().length(), 5);

    let want = predicted(&mut s);
    let json = s.export_json().unwrap();
    let st = s.export_safetensors().unwrap();
    s.configure(obj(
        r#"{"dataset":"sine","hidden":4,"window":12,"epochs":1}"#,
    ))
    .unwrap();
    assert_ne!(predicted(&mut s), want);
    let info = s.import_model(json.as_bytes()).unwrap();
    assert_eq!(
        get(&get(&info, "config"), "cell").as_string().unwrap(),
        "gru"
    );
    assert_eq!(predicted(&mut s), want);
    s.configure(obj(
        r#"{"dataset":"sine","hidden":4,"window":12,"epochs":1}"#,
    ))
    .unwrap();
    s.import_model(&st).unwrap();
    assert_eq!(predicted(&mut s), want);
    s.freeze("recurrent").unwrap();
}

#[wasm_bindgen_test]
fn failed_calls_throw_and_leave_the_session_unchanged() {
    let mut s = Session::new();
    let e = message(s.configure(obj("{}")).unwrap_err());
    assert!(e.contains("no data loaded"), "{e}");
    load_sine(&mut s);
    s.configure(obj(
        r#"{"dataset":"sine","hidden":4,"window":8,"epochs":1}"#,
    ))
    .unwrap();
    let before = predicted(&mut s);

    let e = message(s.configure(obj(r#"{"window":0}"#)).unwrap_err());
    assert!(e.contains("`window`"), "{e}");
    let e = message(
        s.load_csv("date,value\n2020-01-01,1\n2020-01-02,abc\n", obj("{}"))
            .unwrap_err(),
    );
    assert!(e.contains("row 3") && e.contains("abc"), "{e}");
    let e = message(
        s.import_model(b"{\"format\":\"rnn-playground-model\",\"version\":9}")
            .unwrap_err(),
    );
    assert!(e.contains("version"), "{e}");
    let e = message(s.freeze("middle").unwrap_err());
    assert!(e.contains("first:K"), "{e}");
    let e = message(s.load_dataset("nasdaq", JsValue::UNDEFINED).unwrap_err());
    assert!(e.contains("nasdaq"), "{e}");
    assert_eq!(
        predicted(&mut s),
        before,
        "the model survived every failed call"
    );
}

fn load_sine(s: &mut Session) -> JsValue {
    s.load_dataset("sine", obj(r#"{"seed":7}"#)).unwrap()
}

#[wasm_bindgen_test]
fn load_csv_by_column_index_with_missing_values_filled() {
    let mut s = Session::new();
    let mut csv = String::from("date;open;close\n");
    for i in 0..60 {
        let close = if i == 7 {
            String::new()
        } else {
            format!("{}", 100.0 + (i as f64 * 0.4).sin())
        };
        csv.push_str(&format!("2021-01-{:02};1;{close}\n", i % 28 + 1));
    }
    let e = message(s.load_csv(&csv, obj(r#"{"column":2}"#)).unwrap_err());
    assert!(e.contains("row 9") && e.contains("missing"), "{e}");
    let d = s
        .load_csv(
            &csv,
            obj(r#"{"column":2,"missing":"ffill","source":"prices.csv"}"#),
        )
        .unwrap();
    assert_eq!(get(&d, "column").as_string().unwrap(), "close");
    assert_eq!(num(&d, "rows"), 60.0);
    assert_eq!(num(&d, "missing_count"), 1.0);
    assert_eq!(js_sys::Array::from(&get(&d, "dates")).length(), 60);
    let summary = s
        .configure(obj(r#"{"hidden":4,"window":5,"epochs":1,"column":2}"#))
        .unwrap();
    assert!(num(&summary, "test_windows") > 0.0);
}

#[wasm_bindgen_test]
fn real_dataset_from_fetched_text_keeps_its_metadata() {
    // What the browser does: the list names each real series' file, the page fetches it and
    // hands the text over; the dataset's symbol filter, default column and licence still apply.
    let list = js_sys::Array::from(&datasets().unwrap());
    let stocks = list
        .iter()
        .find(|d| get(d, "name").as_string().as_deref() == Some("stocks"))
        .unwrap();
    assert_eq!(get(&stocks, "file").as_string().unwrap(), "stocks.csv");
    assert_eq!(
        get(&stocks, "embedded").as_bool(),
        Some(cfg!(feature = "builtin-datasets"))
    );
    let sine = list
        .iter()
        .find(|d| get(d, "name").as_string().as_deref() == Some("sine"))
        .unwrap();
    assert!(get(&sine, "file").is_null());

    let text = "symbol,date,price\nMSFT,Jan 1 2000,39.81\nIBM,Jan 1 2000,100.52\n\
                IBM,Feb 1 2000,92.11\nIBM,Mar 1 2000,106.11\n";
    let mut s = Session::new();
    let options = js_sys::Object::new();
    Reflect::set(&options, &"symbol".into(), &"ibm".into()).unwrap();
    Reflect::set(&options, &"text".into(), &text.into()).unwrap();
    let d = s.load_dataset("Stocks", options.into()).unwrap();
    assert_eq!(
        get(&d, "source").as_string().unwrap(),
        "dataset stocks (IBM)"
    );
    assert_eq!(get(&d, "column").as_string().unwrap(), "price");
    assert_eq!(num(&d, "rows"), 3.0);
    let notes = js_sys::Array::from(&get(&d, "notes"));
    assert!(notes.get(0).as_string().unwrap().contains("BSD-3-Clause"));

    let e = message(
        s.load_dataset(
            "stocks",
            obj(&format!(r#"{{"symbol":"TSLA","text":{text:?}}}"#)),
        )
        .unwrap_err(),
    );
    assert!(e.contains("TSLA") && e.contains("IBM"), "{e}");
    // Without text: the compiled-in copy, or (browser build) an error naming the file.
    match s.load_dataset("stocks", JsValue::UNDEFINED) {
        Ok(all) => {
            assert!(cfg!(feature = "builtin-datasets"));
            assert_eq!(num(&all, "rows"), 123.0);
        }
        Err(e) => {
            assert!(!cfg!(feature = "builtin-datasets"));
            let e = message(e);
            assert!(e.contains("stocks.csv"), "{e}");
        }
    }
}
