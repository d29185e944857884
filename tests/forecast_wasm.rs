//! The forecasting additions through the browser façade, in WebAssembly: the metrics object
//! carries MASE and the interval keys, and a backtest runs fold by fold, reports, and stops.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Reflect};
use rnn_playground::bindings::Session;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

fn obj(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

fn session(config: &str) -> Session {
    let mut s = Session::new();
    s.load_dataset("sine", obj(r#"{"seed":7}"#)).unwrap();
    s.configure(obj(config)).unwrap();
    s
}

const CONFIG: &str =
    r#"{"dataset":"sine","hidden":4,"window":8,"epochs":2,"batch":64,"interval":0.8,"backtest":2}"#;

#[wasm_bindgen_test]
fn metrics_carry_mase_and_the_interval() {
    let mut s = session(CONFIG);
    while get(&s.train_batches(64).unwrap(), "done") != JsValue::TRUE {}
    let m = s.evaluate().unwrap();
    assert!(get(&m, "test_mase").as_f64().is_some());
    assert_eq!(get(&m, "interval_level").as_f64(), Some(0.8));
    let lower = Array::from(&get(&m, "forecast_lower"));
    assert_eq!(lower.length(), Array::from(&get(&m, "forecast")).length());
    let drift = get(&get(&get(&m, "baselines"), "drift"), "test");
    assert!(get(&drift, "mase").as_f64().is_some());
}

#[wasm_bindgen_test]
fn a_backtest_runs_fold_by_fold_and_can_be_stopped() {
    let mut s = session(CONFIG);
    let folds = Array::from(&s.start_backtest().unwrap());
    assert_eq!(folds.length(), 2);
    let mut seen = Vec::new();
    loop {
        let p = s.backtest_batches(8).unwrap();
        let fold = get(&p, "fold").as_f64().unwrap() as usize;
        if seen.last() != Some(&fold) {
            seen.push(fold);
        }
        if get(&p, "done") == JsValue::TRUE {
            break;
        }
    }
    assert_eq!(seen, vec![1, 2]);
    let r = s.backtest_report().unwrap();
    assert_eq!(get(&r, "complete"), JsValue::TRUE);
    let folds = Array::from(&get(&r, "folds"));
    assert_eq!(folds.length(), 2);
    assert!(get(&folds.get(0), "test_mase").as_f64().is_some());
    assert!(get(&get(&r, "mean"), "test_interval_coverage")
        .as_f64()
        .is_some());

    s.start_backtest().unwrap();
    s.backtest_batches(1).unwrap();
    s.stop_backtest();
    let r = s.backtest_report().unwrap();
    assert_eq!(get(&r, "complete"), JsValue::FALSE);
    assert!(s.backtest_batches(1).is_err());
}
