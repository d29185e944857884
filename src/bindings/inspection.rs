//! The packed form of an [`Inspection`] that `Session.inspect` returns: numbers and names as
//! plain values, every array as a flat `Float32Array` (transferable across `postMessage`), and
//! `shape = [states, window, hidden]` to unflatten the per-state ones (`www/inspection.js`).

use super::set;
use crate::train::Inspection;
use js_sys::{Array, Float32Array, Object};
use wasm_bindgen::prelude::*;

/// A flat `Float32Array` of `values`.
fn floats<T: Copy + Into<f64>>(values: &[T]) -> JsValue {
    let v: Vec<f32> = values.iter().map(|&x| x.into() as f32).collect();
    Float32Array::from(&v[..]).into()
}

/// A JS number.
fn number(v: usize) -> JsValue {
    JsValue::from_f64(v as f64)
}

/// The `InspectionPacked` object (see the TypeScript declaration in `types.rs`).
pub(super) fn packed(ins: &Inspection) -> JsValue {
    let obj = Object::new();
    set(&obj, "cell", &JsValue::from_str(ins.cell.name()));
    set(&obj, "layers", &number(ins.layers));
    set(&obj, "directions", &number(ins.directions));
    set(&obj, "hidden", &number(ins.hidden));
    set(&obj, "window", &number(ins.window));
    set(&obj, "horizon", &number(ins.horizon));
    set(&obj, "split", &JsValue::from_str(ins.split.name()));
    set(&obj, "index", &number(ins.index));
    set(&obj, "windows", &number(ins.windows));
    set(&obj, "target_row", &number(ins.target_row));
    set(&obj, "input", &floats(&ins.input));
    set(&obj, "input_scaled", &floats(&ins.input_scaled));
    set(&obj, "target", &floats(&ins.target));
    set(&obj, "prediction", &floats(&ins.prediction));
    set(&obj, "loss", &JsValue::from_f64(ins.loss));
    set(&obj, "grad_h_norm", &floats(&ins.grad_h_norm));
    set(&obj, "saliency", &floats(&ins.saliency));
    let names = Array::new();
    let gates = Object::new();
    for (name, values) in ins.gate_names.iter().zip(&ins.gates) {
        names.push(&JsValue::from_str(name));
        set(&gates, name, &floats(values));
    }
    set(&obj, "gate_names", &names);
    set(&obj, "gates", &gates);
    let shape = Array::new();
    for d in [ins.layers * ins.directions, ins.window, ins.hidden] {
        shape.push(&number(d));
    }
    set(&obj, "shape", &shape);
    set(&obj, "epoch", &number(ins.epoch));
    set(&obj, "batch", &number(ins.batch));
    obj.into()
}
